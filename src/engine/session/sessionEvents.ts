import type { SourceRange } from '../../shared/diagnostics';

/** Why a run stopped (and is paused): the session can be driven on from here. */
export type StopReason = 'entry' | 'step' | 'breakpoint' | 'step-limit';

/**
 * What a Session reports, as a discriminated union (never strings on an emitter).
 * `stopped`: paused before the statement at `line`; `output`: text the program wrote (stdout is
 * reported when glibc flushes its buffer, as a pipe receives it); `exited`: the process ended,
 * normally (`code`) or by a signal (then `code` is null).
 */
export type SessionEvent =
  | { readonly kind: 'stopped'; readonly reason: StopReason; readonly line: number; readonly range: SourceRange; readonly functionName: string; readonly steps: number; readonly message?: string }
  | { readonly kind: 'output'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly kind: 'exited'; readonly code: number | null; readonly signal?: string; readonly message?: string; readonly steps: number };

export type StopEvent = Extract<SessionEvent, { kind: 'stopped' } | { kind: 'exited' }>;

export type SessionListener = (event: SessionEvent) => void;
