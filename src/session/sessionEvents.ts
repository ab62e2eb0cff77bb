import type { SourceRange } from '../shared/diagnostics';
import type { ProgramFault, WriteHit } from '../engine/program/steppableProgram';
import type { GcEvent, GcKind } from '../shared/gcReport';

/**
 * Why a run stopped (and is paused): the session can be driven on from here. `pause`: the user
 * asked while it ran; `exception`: a fault the session was told to stop on, just before the
 * statement that causes it; `goto`: the user picked a step (the counters chart); `gc`: a garbage
 * collection starts before the statement (or, stepping through it, did one more unit of work).
 */
export type StopReason = 'entry' | 'step' | 'breakpoint' | 'data-breakpoint' | 'exception' | 'pause' | 'step-limit' | 'goto' | 'gc';

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
  /** For a gc stop: the collection and how far its work has gone. */
  readonly collection?: CollectionStop;
}

/** Where a collection is at a gc stop: it starts (units 0), one more unit done, or finished. */
export interface CollectionStop {
  readonly kind: GcKind;
  readonly reason: string;
  readonly phase: string;
  readonly units: number;
  readonly finished?: GcEvent;
  /** This stop's share of an incremental collection is done: the rest runs between the next statements. */
  readonly continuesIncrementally?: boolean;
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
