import type { SourceRange } from '../shared/diagnostics';
import type { ProgramFault, WriteHit } from '../engine/program/steppableProgram';

/**
 * Why a run stopped (and is paused): the session can be driven on from here. `pause`: the user
 * asked while it ran; `exception`: a fault the session was told to stop on, just before the
 * statement that causes it; `goto`: the user picked a step (the counters chart).
 */
export type StopReason = 'entry' | 'step' | 'breakpoint' | 'data-breakpoint' | 'exception' | 'pause' | 'step-limit' | 'goto';

export interface StoppedEvent {
  readonly kind: 'stopped';
  readonly reason: StopReason;
  readonly line: number;
  readonly range: SourceRange;
  readonly functionName: string;
  readonly steps: number;
  readonly message?: string;
  /** For a data breakpoint: the stores that hit it (going forward: made by the statement just run). */
  readonly writes?: readonly WriteHit[];
  /** For an exception stop: the fault the next statement causes. */
  readonly fault?: ProgramFault;
  /** For a breakpoint stop: the breakpoint lines that stopped it. */
  readonly breakpointLines?: readonly number[];
}

export interface ExitedEvent {
  readonly kind: 'exited';
  readonly code: number | null;
  readonly signal?: string;
  readonly message?: string;
  readonly steps: number;
}

/**
 * What a Session reports, as a discriminated union (never strings on an emitter).
 * `stopped`: paused before the statement at `line`; `output`: text the program wrote (stdout is
 * reported when the C library flushes its buffer, as a pipe receives it), or a logpoint's message
 * (`console`); `exited`: the process ended, normally (`code`) or by a signal (then `code` is null).
 */
export type SessionEvent =
  | StoppedEvent
  | { readonly kind: 'output'; readonly stream: 'stdout' | 'stderr' | 'console'; readonly text: string; readonly line?: number }
  | ExitedEvent;

export type StopEvent = StoppedEvent | ExitedEvent;

export type SessionListener = (event: SessionEvent) => void;
