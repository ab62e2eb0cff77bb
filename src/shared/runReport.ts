import type { Diagnostic } from './diagnostics';
import { CONTRACT_VERSION } from './version';

/**
 * `memory-atlas run FILE --json`: one run of a C program on the simulated process, as one JSON
 * document. `exitCode` is null when a signal ended the process (then `signal` names it).
 */
export interface RunReport {
  readonly version: typeof CONTRACT_VERSION;
  readonly source: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Statements executed. */
  readonly steps: number;
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: readonly RunError[];
  /** Valgrind's leak classes at exit; empty until leak detection lands. */
  readonly leaks: Partial<LeakSummary>;
  readonly faults: { readonly minor: number; readonly major: number; readonly invalid: number };
  readonly memory: {
    /** VmSize, VmRSS and VmHWM at the end, in bytes. */
    readonly vsz: number;
    readonly rss: number;
    readonly peakRss: number;
    /** Bytes the heap got from the kernel (program break growth plus mmapped chunks). */
    readonly heapBytes: number;
  };
}

export interface RunError {
  /**
   * segfault, stack-overflow, abort (glibc's checks, assert, abort()), arithmetic (SIGFPE),
   * step-limit (the run was stopped).
   */
  readonly kind: string;
  /** The source line executing when it happened (0 if unknown). */
  readonly line: number;
  readonly message: string;
  /** The faulting address, for memory faults (hex). */
  readonly address?: string;
}

export interface LeakSummary {
  readonly definitelyLost: LeakAmount;
  readonly indirectlyLost: LeakAmount;
  readonly possiblyLost: LeakAmount;
  readonly stillReachable: LeakAmount;
}

export interface LeakAmount {
  readonly bytes: number;
  readonly blocks: number;
}
