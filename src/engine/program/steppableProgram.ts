import type { Diagnostic, SourceRange } from '../../shared/diagnostics';
import type { GcEvent, GcKind, ManagedMemoryUsage } from '../../shared/gcReport';
import type { Snapshot } from '../../shared/snapshot';
import type { CounterSample, ViewRequest, ViewResponse } from '../../shared/viewRequests';

/** The view requests a program answers itself (the session answers the counters' history and going to a step). */
export type ProgramViewRequest = Exclude<ViewRequest, { kind: 'counter-series' | 'go-to-step' }>;
import type { ProgramInspector } from './programInspector';

/** The languages a program can be written in (the session picks one by the file's extension). */
export type LanguageId = 'c' | 'js';

/** The statement a paused program will run next. */
export interface ProgramLocation {
  readonly line: number;
  readonly range: SourceRange;
  /** The function the statement belongs to ('' at top level). */
  readonly functionName: string;
}

/**
 * What a program asks whoever drives it. The program consults `shouldPause` only before a
 * statement, and only when its step counter has reached `nextCheck` or the statement's line is
 * marked in `breakpoints`: running at full speed costs two comparisons a statement.
 */
export interface StepDriver {
  /** True to stop before the statement the program is about to run (its location()). */
  shouldPause(): boolean;
  /** Text the program wrote (stdout when the C library flushes its buffer, as a pipe receives it). */
  output(stream: 'stdout' | 'stderr', text: string): void;
  /**
   * Optional: a garbage collection starts before the statement the program is about to run
   * (languages with a managed heap ask). True stops there, before the collection's work, which
   * the program's `collectionUnit` then does one unit at a time.
   */
  collectionStarts?(start: CollectionStart): boolean;
}

/** A collection starting at a safepoint, as the program describes it. */
export interface CollectionStart {
  readonly kind: GcKind;
  readonly reason: string;
}

/** One unit of a collection's work, done while stopped where it started. */
export interface CollectionUnit {
  readonly kind: GcKind;
  readonly phase: 'roots' | 'mark' | 'sweep' | 'copy' | 'compact' | 'trial-deletion' | 'done';
  /** Units done so far in this collection. */
  readonly units: number;
  /** The collection, when this unit finished it. */
  readonly finished?: GcEvent;
  /** The safepoint's share of an incremental collection is done: the rest runs between the next statements. */
  readonly continuesIncrementally?: boolean;
}

/** How the program ended: an exit status, or a signal (then `code` is null), and why in words. */
export interface ProgramEnd {
  readonly code: number | null;
  readonly signal?: string;
  readonly message?: string;
}

/** A byte range whose stores the driver wants to hear about (a data breakpoint). */
export interface WatchedRange {
  readonly address: number;
  readonly size: number;
}

/** A store into a watched range, noted while the statement that made it ran. */
export interface WriteHit {
  readonly range: WatchedRange;
  /** The store's own address and size (it may cover only part of the range). */
  readonly address: number;
  readonly size: number;
  /** The line of the statement that made it. */
  readonly line?: number;
}

/**
 * A problem a debugger can stop on: a memory error (the run may go on or end with it), a fatal
 * signal, a failed assertion, an uncaught exception.
 */
export interface ProgramFault {
  /** The kind as reports name it ('use-after-free', 'segfault', 'abort'...). */
  readonly kind: string;
  readonly line: number;
  /** Statements executed when it happened, the faulting one included. */
  readonly step: number;
  /** The report's lines for it, as the command line prints them. */
  readonly text: readonly string[];
}

/** A place in the source the editor marks while paused: the last allocation, the last free. */
export interface SourceMark {
  readonly line: number;
  /** What happened there, briefly ("malloc(64) -> 0x5555555592a0"). */
  readonly text: string;
}

/** A call the next statement makes, which a step can go into. */
export interface StepInTarget {
  /** The call as written (`make_node(2, head)`). */
  readonly label: string;
  readonly functionName: string;
  readonly line: number;
}

/** One line of what a program says about itself when it ends (errors, leaks, counters), tied to a source line when it is about one. */
export interface SummaryLine {
  readonly text: string;
  readonly line?: number;
}

/**
 * Everything the program depends on at one statement boundary, as the language keeps it. The
 * session stores these for stepping back and never looks inside.
 */
export type ProgramState = { readonly steps: number };

/**
 * A program on a simulated machine, as a language provides it to the session layer: run it until
 * the driver says stop, say where it is, describe it (snapshot, inspector), save and restore its
 * whole state. A program is deterministic: the same source, input and options give the same run,
 * which is what makes stepping back by replay exact.
 *
 * Declared here, below the languages, so that `src/lang/*` implements it and `src/session` drives
 * it without either knowing the other.
 */
export interface SteppableProgram {
  readonly language: LanguageId;
  /** The source file's name (as diagnostics and reports name it). */
  readonly source: string;
  readonly diagnostics: readonly Diagnostic[];
  /** False when the program has errors and cannot run (nothing else may be called then). */
  readonly runnable: boolean;
  /** Statements executed so far. */
  readonly steps: number;
  /** Calls in progress (1 in main, 0 before main and after it returned). */
  readonly depth: number;
  readonly ended: boolean;
  /** Lines that hold a statement (where a breakpoint can stop). */
  readonly statementLines: ReadonlySet<number>;

  /** The step count at which the driver is consulted next (Infinity: never by count). */
  nextCheck: number;
  /** Lines with a breakpoint (1), by line number: the driver is consulted before their statements. */
  breakpoints: Uint8Array;
  /** True while replaying: output is rebuilt, not announced again. */
  quiet: boolean;
  driver: StepDriver;

  /** Runs until the driver asks for a pause ('paused', before a statement) or the program ends. */
  run(): 'paused' | 'ended';
  /** The statement it will run next (or the one that ended it). */
  location(): ProgramLocation | undefined;
  /**
   * Faults found so far, in order. A new one makes the program consult its driver at the next
   * statement (when the run goes on after it).
   */
  faults(): readonly ProgramFault[];
  /** How it ended (only when `ended`). */
  end(): ProgramEnd;
  /** The report at the end: memory errors, leaks, faults and memory, as the command line words them. */
  summary(): readonly SummaryLine[];
  /** Where a breakpoint can stop on lines [startLine, endLine] (statement starts). */
  statementPositions(startLine: number, endLine: number): readonly { readonly line: number; readonly column: number }[];
  /** The program's latest allocation and free so far (the editor decorates their lines). */
  heapMarks(): { readonly allocation?: SourceMark; readonly free?: SourceMark };
  /**
   * The calls into the program's own functions that the statement about to run makes, in the
   * order it makes them (what "Step Into Target" offers: `f(g(x))` has g then f).
   */
  stepInTargets(): readonly StepInTarget[];
  /**
   * Counts the calls into `functionName` that make a frame at `depth` (undefined: stop counting),
   * for a step into the n-th of them; `callsCounted` is the count so far.
   */
  countCalls(functionName: string | undefined, depth: number): void;
  readonly callsCounted: number;
  /** The line of a function's first statement (a function breakpoint), if the program has it. */
  functionLine(name: string): number | undefined;

  /**
   * Its whole state now, to restore later; undefined when it cannot be taken at this statement
   * (the C library is in the middle of calling back into the program). May be called from inside
   * `shouldPause`.
   */
  saveState(): ProgramState | undefined;
  restoreState(state: ProgramState): void;
  /** Back to main's entry on a fresh process (stepping back without saved states). */
  restart(): void;

  /** Data breakpoints: stores into these ranges are noted and make the program consult its driver at the next statement. */
  watchWrites(ranges: readonly WatchedRange[]): void;
  /** The watched stores since the last call (and forgets them). */
  takeWriteHits(): WriteHit[];

  /** The machine as the views draw it; built only when asked, never while running. */
  snapshot(): Snapshot;
  /** Optional: the views' detail requests (windows, walks, a leak check), read without disturbing the run. */
  answerView?(request: ProgramViewRequest): ViewResponse;
  /** Optional: the memory figures now, cheap enough to take at any statement (the counters chart samples them). */
  counterSample?(): Omit<CounterSample, 'step'>;
  /**
   * Optional, for a language with a garbage-collected heap: its figures now, as
   * `process.memoryUsage()` reports them, and the collections finished so far, oldest first
   * (what `expect-gc` and the managed figures of `expect-growth` are checked against).
   */
  managedMemory?(): ManagedMemoryReading | undefined;
  /**
   * Optional, with `collectionStarts`: while stopped where a collection starts, one unit of the
   * work that safepoint does (the same units a run does at once); undefined when none is left.
   */
  collectionUnit?(): CollectionUnit | undefined;
  /** Frames, scopes, values and expressions for the debugger and the hovers (only while paused). */
  readonly inspector: ProgramInspector;
}

export interface ManagedMemoryReading {
  readonly usage: ManagedMemoryUsage;
  readonly collections: readonly GcEvent[];
}
