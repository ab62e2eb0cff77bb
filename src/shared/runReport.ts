import type { Diagnostic } from './diagnostics';
import type { LeakReport, MemoryError, MemoryErrorKind } from './memoryIssues';
import type { AllocatorName } from './allocators';
import type { HeapActivity } from './snapshot';
import type { GcEvent, ManagedMemoryUsage } from './gcReport';

/**
 * RunReport's own version (other contracts keep CONTRACT_VERSION). 2: `leaks` lists loss records
 * and only the first blocks of each (`blocksPerRecord`); `lostAt` has no `after` any more.
 */
export const RUN_REPORT_VERSION = 2;

/**
 * `memory-atlas run FILE --json`: one run of a C or JavaScript program on the simulated process,
 * as one JSON document (a JavaScript run adds `language`, `gc` and `managedMemory`). `exitCode` is null when a signal ended the process (then `signal` names it).
 */
export interface RunReport {
  readonly version: typeof RUN_REPORT_VERSION;
  readonly source: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Statements executed. */
  readonly steps: number;
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: readonly RunError[];
  /** Valgrind's leak classes at exit (absent when the run did not end: step limit, crash before exit). */
  readonly leaks?: RunLeaks;
  readonly faults: { readonly minor: number; readonly major: number; readonly invalid: number };
  readonly memory: {
    /** VmSize, VmRSS and VmHWM at the end, in bytes. */
    readonly vsz: number;
    readonly rss: number;
    readonly peakRss: number;
    /** Bytes the heap got from the kernel (program break growth plus mmapped chunks). */
    readonly heapBytes: number;
  };
  /** The C allocator the run used ('glibc', 'first-fit', ...; label: its own name) and what it did. */
  readonly heap?: { readonly allocator: AllocatorName; readonly label: string; readonly activity: HeapActivity };
  /** The program's language (absent in reports of C runs written before JavaScript was added). */
  readonly language?: 'c' | 'js';
  /** JavaScript runs: every garbage collection, oldest first (empty when the run had no managed heap). */
  readonly gc?: readonly GcEvent[];
  /** JavaScript runs: process.memoryUsage()'s five figures at the end (absent without a managed heap). */
  readonly managedMemory?: ManagedMemoryUsage;
  /** Set when Memory Atlas itself failed (a defect, not the program's doing): where the run was. */
  readonly internalError?: InternalError;
}

/** A defect of Memory Atlas caught at a boundary (CLI, debug adapter), with where the run was. */
export interface InternalError {
  readonly message: string;
  /** Statements executed when it happened. */
  readonly step: number;
  /** The line and function being executed, when the program had started. */
  readonly line?: number;
  readonly functionName?: string;
  /** What Memory Atlas was doing: 'compiling' the file, 'running' it, building the 'report', or 'inspecting' it for the debugger. */
  readonly phase: 'compiling' | 'running' | 'report' | 'inspecting';
}

/** The exit status of a command that hit an internal error (BSD's EX_SOFTWARE). */
export const INTERNAL_ERROR_STATUS = 70;

/** One line for a person: what failed, where the program was, and that it is Memory Atlas's fault. */
export function internalErrorText(e: InternalError): string {
  const at = e.line !== undefined ? `at step ${e.step}, line ${e.line}${e.functionName ? ` (in ${e.functionName})` : ''}` : `at step ${e.step}`;
  const doing = e.phase === 'report' ? 'building the report' : e.phase === 'inspecting' ? 'answering the debugger' : e.phase;
  return `internal error while ${doing} ${at}: ${e.message} (a defect of Memory Atlas, not of the program: please report it with the file)`;
}

/**
 * The leak report of a run: every loss record, and in `blocks` the first `blocksPerRecord` blocks
 * of each (null: every block, `--all-blocks`), so a loop that leaks a million blocks is a few
 * kilobytes of JSON.
 */
export interface RunLeaks extends LeakReport {
  readonly blocksPerRecord: number | null;
}

/** Other ways a run goes wrong, beside the memory errors. */
export type RunErrorKind = MemoryErrorKind | 'abort' | 'arithmetic' | 'step-limit' | 'unsupported';

/**
 * A memory error (ASan's and Memcheck's kinds, see memoryIssues.ts), glibc's abort checks, assert,
 * abort(), SIGFPE, the step limit stopping the run, or `unsupported`: the program asked the library
 * for something the simulation does not implement (scanf's %ms) and the run was stopped there.
 */
export interface RunError extends Omit<MemoryError, 'kind'> {
  readonly kind: RunErrorKind;
}
