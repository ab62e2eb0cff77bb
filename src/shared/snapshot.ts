import type { LeakClass, LeakSummary, MemoryError, SourceSite } from './memoryIssues';
import type { ManagedHeapSnapshot } from './managedHeapSnapshot';

/**
 * Version of the stop snapshot. 2: frames with their saved rbp, padding and uninitialized bytes,
 * returned frames, the address space with residency, the heap as summary + window + bins,
 * pointers, pages and the TLB. 3: the heap's chunks only in `heap.window.chunks` (version 2 also
 * carried them as `heap.window.chunks`, the same chunks twice), and a large heap's window shorter than
 * a small heap's whole list (HEAP_FOCUS_CHUNKS), so that a stop's message stays under 64 KB.
 */
export const SNAPSHOT_VERSION = 3;

/** Addresses are hex strings ('0x5555555592a0'): JSON has no 64-bit integers. */
export type Hex = string;

/**
 * The machine at a stop, as plain JSON for the views (the debugger's variables, the panel).
 * Built only when execution is stopped, and bounded whatever the program did: a heap of a million
 * chunks or a page table of a million pages is sent as summaries plus one window; the views ask
 * for other windows with view requests (viewRequests.ts). The same state gives the same document
 * (nothing in it depends on time), so two stops can be compared field by field.
 */
export interface Snapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly state: 'paused' | 'exited';
  readonly steps: number;
  /** The line of the statement that runs next (undefined once the process has ended). */
  readonly line?: number;
  readonly registers: { readonly rsp: Hex; readonly rbp: Hex; readonly rip: Hex };
  /** Innermost frame first; at most MAX_SNAPSHOT_FRAMES of them (the innermost), of `frameCount`. */
  readonly frames: readonly SnapshotFrame[];
  readonly frameCount: number;
  /**
   * Frames that returned and whose bytes no later call has reused yet, newest first: below the
   * stack pointer, still holding their values (what a pointer to a returned local points at).
   */
  readonly returnedFrames: readonly SnapshotFrame[];
  readonly addressSpace: AddressSpaceSummary;
  readonly heap: HeapSummary;
  /** Pointers held by stack slots and globals, at most MAX_SNAPSHOT_POINTERS. */
  readonly pointers: readonly SnapshotPointer[];
  readonly pages: PagesSummary;
  readonly counters: MemoryCounters;
  /** Valgrind's leak classes at this step: what would be lost if the program ended now. */
  readonly leaks?: LeakSummary;
  /**
   * 'each-stop': classes are computed at every stop (and `leaks` is set); 'on-request': the heap
   * holds too many blocks for a check at every stop, so it runs when the Report view asks.
   */
  readonly leakCheck: 'each-stop' | 'on-request';
  /** Memory errors found so far (the run stops at the first one unless told to continue). */
  readonly errors?: readonly MemoryError[];
  /** The last MAX_SNAPSHOT_OUTPUT characters of what the program wrote. */
  readonly stdout: string;
  readonly stderr: string;
  readonly termination?: SnapshotTermination;
  /** A language with a garbage-collected heap (JavaScript): its spaces, objects and collections (managedHeapSnapshot.ts). */
  readonly managedHeap?: ManagedHeapSnapshot;
}

export const MAX_SNAPSHOT_FRAMES = 256;
export const MAX_SNAPSHOT_POINTERS = 256;
export const MAX_SNAPSHOT_OUTPUT = 16_384;
/** A heap of at most this many chunks is sent whole in the snapshot's window; the views ask windows of this size. */
export const HEAP_WINDOW_CHUNKS = 256;
/**
 * The window a larger heap's snapshot carries, around the latest allocation: fewer chunks than a
 * view's page, so that a stop's message stays under 64 KB (a chunk with its site is ~240 bytes of
 * JSON); the view asks for the rest when the user moves.
 */
export const HEAP_FOCUS_CHUNKS = 96;
/** Entries of each bin listed in the snapshot (a bin's full list is a view request). */
export const BIN_ENTRIES_SHOWN = 16;
/** Bands of the heap's summary strip. */
export const HEAP_BANDS = 128;

export interface SnapshotFrame {
  readonly functionName: string;
  readonly line: number;
  /** 0 for the outermost frame (main). */
  readonly depth: number;
  readonly rbp: Hex;
  /** rsp after the prologue. */
  readonly rsp: Hex;
  readonly cfa: Hex;
  /** The frame's bytes [lowest, highest): locals (maybe in the red zone) up to the caller's pushed arguments. */
  readonly lowest: Hex;
  readonly highest: Hex;
  /** The return address as stored at rbp + 8 (read from stack memory: a smashed one shows). */
  readonly returnAddress: Hex;
  /** The caller's rbp as saved at rbp. */
  readonly savedRbp: Hex;
  /** A leaf function keeps its variables in the red zone below rsp. */
  readonly usesRedZone: boolean;
  readonly slots: readonly SnapshotSlot[];
  /** Bytes of the frame no variable owns (alignment padding), between rsp and rbp. */
  readonly padding: readonly { readonly address: Hex; readonly size: number }[];
  /** For a returned frame (its depth is then -1: it is no longer on the call stack). */
  readonly returned?: true;
}

export interface SnapshotSlot {
  readonly name: string;
  readonly kind: 'local' | 'parameter' | 'stack-argument';
  readonly type: string;
  readonly address: Hex;
  /** Offset from rbp. */
  readonly offset: number;
  readonly size: number;
  readonly value: string;
  /** Some byte of it was never written since the frame was entered (Memcheck's "uninitialised"). */
  readonly uninitialized: boolean;
  /** Which bytes are uninitialized, as [offset, length] runs, when only some are (at most 16 runs). */
  readonly undefinedRuns?: readonly (readonly [number, number])[];
  /** The slot holds a pointer (or pointers: an array or struct of them): see `pointers`. */
  readonly holdsPointer?: true;
}

/** 'corrupted': bytes whose header the walk could not read as a chunk (the program wrote over it). */
export type ChunkState = 'in-use' | 'free' | 'top' | 'mmapped' | 'corrupted';
export type BinKind = 'tcache' | 'fast' | 'unsorted' | 'small' | 'large' | 'free-list' | 'size-class' | 'buddy' | 'slab' | 'pages';

export interface SnapshotChunk {
  /** The chunk header's address. */
  readonly address: Hex;
  readonly userPtr: Hex;
  /** Chunk size, header included, flag bits removed. */
  readonly size: number;
  readonly state: ChunkState;
  readonly bin?: { readonly kind: BinKind; readonly index: number };
  /** The size field's flag bits: A (non-main arena), M (mmapped), P (previous chunk in use). */
  readonly flags?: { readonly prevInuse: boolean; readonly isMmapped: boolean; readonly nonMainArena: boolean };
  /** The prev_size word (meaningful when the previous chunk is free). */
  readonly prevSize?: number;
  /** The allocator's own chunk (glibc's tcache_perthread_struct), not a program allocation. */
  readonly internal?: true;
  /** Why the allocator's metadata here cannot be trusted (the views draw the chunk as corrupted). */
  readonly corrupted?: string;
  readonly requested?: number;
  /** For chunks the program holds: its leak class at this step (Memcheck's definitions). */
  readonly leak?: LeakClass;
  readonly allocatedAt?: SourceSite;
  /** When it became lost, for lost chunks. */
  readonly lostAt?: { readonly step: number; readonly line: number; readonly after?: number };
  /** For a free chunk: its fd and bk words as stored (tcache and fastbins store fd safe-linked). */
  readonly fd?: Hex;
  readonly bk?: Hex;
  /** fd decoded: the next chunk of its list (its header address), 0x0 at the end. */
  readonly next?: Hex;
}

/** One free list or cache, in the order malloc takes from it. */
export interface SnapshotBin {
  readonly kind: BinKind;
  readonly index: number;
  /** 'tcache[3] (0x50)', 'smallbin 0x90', 'unsorted'. */
  readonly label: string;
  readonly count: number;
  /** The first BIN_ENTRIES_SHOWN entries, each a chunk with the words that link it. */
  readonly entries: readonly BinEntry[];
}

export interface BinEntry {
  readonly chunk: Hex;
  /** The fd word as stored (safe-linked in tcache and fastbins: PROTECT_PTR(&fd, next)). */
  readonly fd: Hex;
  /** The next entry's chunk, decoded from fd; for a doubly linked bin, the bin's head at the end. */
  readonly next: Hex;
  /** Doubly linked bins: the bk word. */
  readonly bk?: Hex;
}

/** A slice of the heap in address order: a range of whole chunks. */
export interface HeapWindow {
  /** Index of the first chunk shown among all chunks in address order. */
  readonly first: number;
  readonly chunks: readonly SnapshotChunk[];
}

/** One band of the heap's summary strip: a range of addresses and what its chunks are. */
export interface HeapBand {
  readonly start: Hex;
  readonly end: Hex;
  /** Index of its first chunk (in address order) and how many start in it. */
  readonly firstChunk: number;
  readonly chunks: number;
  readonly inUseBytes: number;
  readonly freeBytes: number;
  /** Bytes of the top chunk in this band. */
  readonly topBytes: number;
}

export interface HeapSummary {
  readonly allocator: string;
  readonly stats: HeapStats;
  /** Kernel calls, failures and peaks of the run so far. */
  readonly activity?: HeapActivity;
  readonly chunkCount: number;
  /** Chunks by state, over the whole heap. */
  readonly byState: { readonly inUse: number; readonly free: number; readonly top: number; readonly mmapped: number };
  /** The heap segments' addresses (program break area), empty before the first malloc. */
  readonly start?: Hex;
  readonly end?: Hex;
  /** The summary strip: bands of equal address width over [start, end). */
  readonly bands: readonly HeapBand[];
  /** The window the snapshot carries: every chunk when there are few, else the ones around the latest allocation. */
  readonly window: HeapWindow;
  readonly bins: readonly SnapshotBin[];
}

/** Where a pointer points. */
export type PointerTarget =
  | { readonly kind: 'heap'; readonly chunk: Hex; readonly state: ChunkState; readonly offset: number; readonly freed: boolean }
  | { readonly kind: 'stack'; readonly functionName: string; readonly depth: number; readonly slot?: string; readonly returned: boolean }
  | { readonly kind: 'global'; readonly name?: string; readonly role: string }
  | { readonly kind: 'null' }
  | { readonly kind: 'region'; readonly role: string }
  | { readonly kind: 'unmapped' };

export interface SnapshotPointer {
  readonly from:
    | { readonly kind: 'slot'; readonly functionName: string; readonly depth: number; readonly name: string; readonly address: Hex; readonly returned?: true }
    | { readonly kind: 'global'; readonly name: string; readonly address: Hex };
  /** `p`, `arr[2]`, `node.next`: which part of the variable holds it. */
  readonly path: string;
  readonly value: Hex;
  readonly target: PointerTarget;
  /** Into a freed heap block or a frame that returned. */
  readonly dangling: boolean;
}

export type RegionRole =
  | 'elf-headers' | 'text' | 'rodata' | 'relro' | 'data' | 'bss' | 'heap' | 'mmap-anon' | 'mmap-file'
  | 'library' | 'vvar' | 'vdso' | 'stack';

export interface SnapshotRegion {
  readonly start: Hex;
  readonly end: Hex;
  /** As /proc/self/maps prints them: `rw-p`. */
  readonly perms: string;
  readonly role: RegionRole;
  /** The path or [heap]/[stack]/..., '' for anonymous memory. */
  readonly name: string;
  readonly pages: number;
  readonly residentPages: number;
  readonly swappedPages: number;
  readonly dirtyPages: number;
}

export interface AddressSpaceSummary {
  /** Highest first, as the views draw them. */
  readonly regions: readonly SnapshotRegion[];
  readonly userSpaceEnd: Hex;
  readonly kernelStart: Hex;
  readonly stack: { readonly top: Hex; readonly limit: Hex; readonly guardStart: Hex; readonly guardEnd: Hex };
  readonly initialBreak: Hex;
  readonly brk: Hex;
  readonly mapsText: string;
}

/** Page states as the views colour them. */
export type PageState = 'resident' | 'swapped' | 'untouched' | 'protected';

/** One mapping's pages: counts, and a density strip of at most PAGE_STRIP_CELLS cells. */
export interface PageRange {
  readonly start: Hex;
  readonly end: Hex;
  readonly role: RegionRole;
  readonly name: string;
  readonly pages: number;
  readonly resident: number;
  readonly swapped: number;
  readonly dirty: number;
  /** PROT_NONE pages (the guard page, mprotect'ed ones). */
  readonly protectedPages: number;
  /** Pages per cell of `strip`. */
  readonly pagesPerCell: number;
  /**
   * One character per cell: R all resident, r some resident, S some swapped (none resident),
   * P protected, . untouched.
   */
  readonly strip: string;
}

export const PAGE_STRIP_CELLS = 128;

export interface TlbEntryView {
  /** The virtual page's first address. */
  readonly page: Hex;
  readonly frame: number;
  readonly writable: boolean;
  readonly dirty: boolean;
  readonly noExecute: boolean;
}

export interface PagesSummary {
  readonly ranges: readonly PageRange[];
  /** Page-table pages per level: PML4, PDPT, PD, PT. */
  readonly tablesPerLevel: readonly [number, number, number, number];
  readonly tlb: { readonly size: number; readonly hits: number; readonly misses: number; readonly entries: readonly TlbEntryView[] };
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
  /** Calls that moved (or asked to move) the break, and successful mmap + munmap calls, so far. */
  readonly brkCalls: number;
  readonly mmapCalls: number;
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
