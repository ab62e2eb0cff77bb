import type { Diagnostic } from '../../shared/diagnostics';
import type { Snapshot } from './snapshot';
import type { SessionListener, StopEvent } from './sessionEvents';

export interface SessionOptions {
  /** Text the program reads from stdin. */
  readonly stdin?: string;
  /** Steps (statements) after which a run stops with reason 'step-limit'. Default 10 million. */
  readonly maxSteps?: number;
  /** Statements between checkpoints for stepping back (doubles as the history grows). Default 1000. */
  readonly checkpointInterval?: number;
  /** Keep no history (a full-speed headless run): stepBack is then a replay from the start. */
  readonly noCheckpoints?: boolean;
  readonly argv?: readonly string[];
  /**
   * ASan's and Memcheck's checks (use after free, overflows, bad frees, uninitialized reads...).
   * Default on; off runs the program as an unchecked build would.
   */
  readonly memoryChecks?: boolean;
  /**
   * After a memory error, go on as the unchecked program would (glibc then shows the consequence,
   * e.g. a corrupted free list) instead of stopping at the first one. Default false.
   */
  readonly keepGoing?: boolean;
  /** Simulated RAM and swap (default 256 MiB and 512 MiB); malloc fails when the heap would commit more than both. */
  readonly ramBytes?: number;
  readonly swapBytes?: number;
}

/**
 * One program on one simulated machine, driven statement by statement. Every command runs
 * synchronously until the program stops (or ends) and returns that event, which listeners also
 * receive. The session is deterministic: the same program, input and options give the same run,
 * which is what makes stepping back by replay exact.
 */
export interface Session {
  readonly diagnostics: readonly Diagnostic[];
  /** 'paused' (at a statement), 'exited', or 'invalid' (the program has errors and cannot run). */
  readonly state: 'paused' | 'exited' | 'invalid';
  /** Statements executed so far. */
  readonly steps: number;
  onEvent(listener: SessionListener): () => void;
  /** Sets the breakpoint lines; returns the lines that hold a statement (the verified ones). */
  setBreakpoints(lines: readonly number[]): number[];
  /** The next statement, entering calls. */
  stepIn(): StopEvent;
  /** The next statement of this function (or of its caller after a return). */
  stepOver(): StopEvent;
  /** Runs until the current function has returned. */
  stepOut(): StopEvent;
  /** Runs to a breakpoint or the end. */
  continue(): StopEvent;
  /** Runs until a statement of `line` is reached (breakpoints still stop it). */
  runToLine(line: number): StopEvent;
  /** Runs at full speed to the end (or the step limit), ignoring breakpoints. */
  run(): StopEvent;
  /** Back to the previous statement (restores the machine exactly as it was there). */
  stepBack(): StopEvent;
  /** Back to the last breakpoint hit before now (or the start). */
  reverseContinue(): StopEvent;
  /** The machine as the views show it; built only when asked, never while running. */
  snapshot(): Snapshot;
}
