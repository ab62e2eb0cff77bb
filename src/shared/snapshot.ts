import type { LeakClass, LeakSummary, MemoryError, SourceSite } from './memoryIssues';

/**
 * The machine at a stop, as plain JSON for the views (the debugger's variables, the panel).
 * Addresses are hex strings. Built only when execution is stopped.
 */
export interface Snapshot {
  readonly version: 1;
  readonly state: 'paused' | 'exited';
  readonly steps: number;
  readonly line?: number;
  readonly registers: { readonly rsp: string; readonly rbp: string; readonly rip: string };
  /** Innermost frame first: at most the innermost 256 (a deep recursion has a million). */
  readonly frames: readonly SnapshotFrame[];
  /** How many frames the stack holds in all. */
  readonly frameCount?: number;
  readonly heap: {
    readonly allocator: string;
    /** The first chunks in address order (at most 256) and how many there are. */
    readonly chunks: readonly SnapshotChunk[];
    readonly chunkCount: number;
    readonly stats: HeapStats;
    /** Kernel calls, failures and peaks of the run so far. */
    readonly activity?: HeapActivity;
  };
  readonly counters: MemoryCounters;
  /** Valgrind's leak classes at this step (over every chunk, not only the first 256). */
  readonly leaks?: LeakSummary;
  /** Memory errors found so far (the run stops at the first one unless told to continue). */
  readonly errors?: readonly MemoryError[];
  readonly stdout: string;
  readonly stderr: string;
  readonly termination?: SnapshotTermination;
}

export interface SnapshotFrame {
  readonly functionName: string;
  readonly line: number;
  readonly rbp: string;
  readonly cfa: string;
  readonly returnAddress: string;
  readonly slots: readonly SnapshotSlot[];
}

export interface SnapshotSlot {
  readonly name: string;
  readonly kind: 'local' | 'parameter' | 'stack-argument';
  readonly type: string;
  readonly address: string;
  /** Offset from rbp. */
  readonly offset: number;
  readonly size: number;
  readonly value: string;
  /** Some byte of it was never written since the frame was entered (Memcheck's "uninitialised"). */
  readonly uninitialized: boolean;
}

export interface SnapshotChunk {
  readonly address: string;
  readonly userPtr: string;
  readonly size: number;
  /** 'in-use', 'free', 'top', 'mmapped', or 'corrupted': a header the program overwrote (see `corrupted`). */
  readonly state: string;
  readonly requested?: number;
  /** The allocator's own data (glibc's tcache struct, a teaching allocator's list heads or page header), not a program block. */
  readonly internal?: boolean;
  /** Why the allocator's metadata here cannot be trusted (the views draw the chunk as corrupted). */
  readonly corrupted?: string;
  /** For chunks the program holds: its leak class at this step (Memcheck's definitions). */
  readonly leak?: LeakClass;
  readonly allocatedAt?: SourceSite;
  /** When it became lost, for lost chunks. */
  readonly lostAt?: { readonly step: number; readonly line: number; readonly after?: number };
}

/** How the process ended (the engine's TerminationReport; addresses are numbers). */
export type SnapshotTermination =
  | {
      readonly kind: 'signal';
      readonly signal: string;
      readonly signalNumber: number;
      readonly reason: string;
      readonly cause?: 'stack-overflow';
      readonly address?: number;
      readonly access?: string;
      readonly message: string;
      readonly shellStatus: number;
    }
  | { readonly kind: 'exit'; readonly status: number; readonly shellStatus: number };

/** The process's memory figures, as /proc/PID/status and the MMU count them. */
export interface MemoryCounters {
  /** VmSize: all mapped areas. */
  readonly vszBytes: number;
  /** VmRSS: resident pages x 4096. */
  readonly rssBytes: number;
  /** VmHWM: the highest RSS so far. */
  readonly peakRssBytes: number;
  readonly minorFaults: number;
  readonly majorFaults: number;
  readonly invalidFaults: number;
  /** VmSwap: pages of this process in swap. */
  readonly swapBytes: number;
  /** VmPTE: page-table pages. */
  readonly pageTableBytes: number;
  readonly tlbHits: number;
  readonly tlbMisses: number;
  /** The program break. */
  readonly brk: number;
}

/** What the C library's allocator did over the run so far, counted at its calls and at the kernel's. */
export interface HeapActivity {
  /** brk calls that moved the break (growing or trimming the heap), as strace would list them. */
  brkCalls: number;
  mmapCalls: number;
  munmapCalls: number;
  mremapCalls: number;
  /** Requests the allocator could not serve (NULL, or ENOMEM from posix_memalign). */
  failedRequests: number;
  /** Bytes asked for in the blocks live now, and the most there ever were. */
  liveRequestedBytes: number;
  peakRequestedBytes: number;
  /** The step during which the live bytes first reached their peak (-1 before any allocation). */
  peakStep: number;
  /** Bytes the heap holds from the kernel now (its break's growth plus its mappings), and the most it held. */
  kernelBytes: number;
  peakKernelBytes: number;
}

/** What the allocator says about its heap. */
export interface HeapStats {
  /** Bytes obtained from the kernel: through the program break and through mmap. */
  brkBytes: number;
  mmapBytes: number;
  /** Bytes of chunks owned by the program (headers included). */
  inUseChunkBytes: number;
  /** Bytes the program asked for in those chunks (equals usable bytes when sizes are not recorded). */
  inUseRequestedBytes: number;
  inUseCount: number;
  /** Internal fragmentation: headers and rounding inside in-use chunks. */
  internalFragmentationBytes: number;
  /** Free bytes: free-listed and cached chunks plus the top chunk. */
  freeBytes: number;
  largestFreeBlock: number;
  /** External fragmentation: free bytes that the largest free block cannot serve (freeBytes - largest). */
  externalFragmentationBytes: number;
  /** externalFragmentationBytes / freeBytes, 0 when nothing is free. */
  externalFragmentationRatio: number;
}
