/**
 * Leaks and memory errors as every consumer sees them: the CLI report, the snapshot the views
 * draw, the debugger's stop reasons. Addresses are hex strings (JSON has no 64-bit integers).
 */

/** One frame of the C call stack at an allocation, a free or a faulting access. */
export interface SiteFrame {
  readonly function: string;
  readonly line: number;
}

/** Where something happened: the source position and the call stack, innermost frame first. */
export interface SourceSite {
  readonly line: number;
  readonly column?: number;
  readonly stack: readonly SiteFrame[];
}

/**
 * Memcheck's leak classes (valgrind/memcheck/mc_leakcheck.c): a root (a live frame, a register,
 * data or bss) points to a reachable block's start; only to its interior for a possibly lost one;
 * an indirectly lost block is reachable only from lost blocks; nothing points to a definitely lost one.
 */
export type LeakClass = 'reachable' | 'possibly-lost' | 'indirectly-lost' | 'definitely-lost';

export interface LeakAmount {
  readonly bytes: number;
  readonly blocks: number;
}

/** Valgrind's LEAK SUMMARY ("still reachable" is `stillReachable`). */
export interface LeakSummary {
  readonly definitelyLost: LeakAmount;
  readonly indirectlyLost: LeakAmount;
  readonly possiblyLost: LeakAmount;
  readonly stillReachable: LeakAmount;
}

/** A heap block the program allocated and has not freed, with its class at that moment. */
export interface LeakBlock {
  readonly class: LeakClass;
  /** The pointer malloc returned. */
  readonly address: string;
  /** Bytes the program asked for. */
  readonly size: number;
  readonly allocatedAt?: SourceSite;
  /** For a lost block leading a clique: the indirectly lost blocks only it points to. */
  readonly indirect?: LeakAmount;
  /** Reachable only through an interior pointer one of Memcheck's heuristics accepts. */
  readonly heuristic?: 'stdstring' | 'length64' | 'newarray';
  /** The step (and its line) at which the last pointer to it (or to its owner) was lost. */
  readonly lostAt?: { readonly step: number; readonly line: number };
  /**
   * For a lost block: the words that still point into it but were stored before it was allocated
   * (into the freed block whose chunk it reuses). They would have kept it alive on glibc's
   * heap; they do not count, so the classes are Memcheck's.
   */
  readonly stalePointers?: readonly string[];
}

/**
 * Valgrind's loss record: the blocks of one class allocated at one call stack (bytes and blocks
 * are theirs; `indirect` is what only they point to, Valgrind's "(D direct, I indirect)").
 */
export interface LossRecord extends LeakAmount {
  readonly class: LeakClass;
  readonly allocatedAt?: SourceSite;
  readonly indirect?: LeakAmount;
  /** When the first of its blocks (by allocation) lost its last pointer. */
  readonly lostAt?: { readonly step: number; readonly line: number };
  /** The first listed block's stale pointers (see LeakBlock). */
  readonly stalePointers?: readonly string[];
}

export interface LeakReport extends LeakSummary {
  /** Every block not freed, the ones in the same record together, lost ones first. */
  readonly blocks: readonly LeakBlock[];
  /** The loss records, lost ones first, the largest first within a class. */
  readonly records: readonly LossRecord[];
  /** Valgrind's "in use at exit". */
  readonly inUse: LeakAmount;
  /** Valgrind's "total heap usage": allocations and frees over the whole run. */
  readonly totalAllocs: number;
  readonly totalFrees: number;
  readonly totalBytesAllocated: number;
  /**
   * The run was stopped at a memory error (as a sanitizer build stops): the program never reached
   * its end, so its blocks were not checked for leaks (the classes say where they stood then).
   */
  readonly stoppedAtError?: true;
}

/** ASan's error kinds, plus Memcheck's uninitialized read and the faults the MMU raises. */
export type MemoryErrorKind =
  | 'use-after-free'
  | 'double-free'
  | 'invalid-free'
  | 'heap-buffer-overflow'
  | 'stack-buffer-overflow'
  | 'global-buffer-overflow'
  | 'null-dereference'
  | 'segfault'
  | 'stack-overflow'
  | 'stack-use-after-return'
  | 'uninitialized-read'
  | 'out-of-memory';

export interface MemoryError {
  readonly kind: MemoryErrorKind;
  /** The faulting access's line; for double-free/invalid-free, the line of the free call. */
  readonly line: number;
  readonly column?: number;
  /** Statements executed when it happened, the faulting one included (a debugger goes back to just before it). */
  readonly step?: number;
  readonly message: string;
  /** The address accessed or freed (hex). */
  readonly address?: string;
  /** Bytes accessed. */
  readonly size?: number;
  readonly access?: 'read' | 'write';
  /** The call stack at the faulting access. */
  readonly at?: SourceSite;
  readonly allocatedAt?: SourceSite;
  readonly freedAt?: SourceSite;
}
