import type { HeapStats } from '../../shared/snapshot';
import type { ChunkColumns } from './chunkColumns';

/**
 * What every C-library allocator of the simulated process offers: glibc's ptmalloc and the teaching
 * allocators (first-fit, best-fit, buddy, slab, bump) alike. Pointers are plain numbers; 0 is NULL.
 *
 * The C calls are the hot path and work on simulated bytes only. Introspection (`chunks`, `bins`,
 * `chunkContaining`, `stats`) reads those bytes back when a view or a report asks; events go to an
 * optional listener so that leak and error checkers can keep their bookkeeping beside the heap.
 */
export interface Allocator {
  /** Short name shown in views and reports, e.g. 'glibc-2.36'. */
  readonly name: string;

  malloc(size: number): number;
  calloc(count: number, size: number): number;
  realloc(ptr: number, size: number): number;
  free(ptr: number): void;
  /** posix_memalign: `ret` is 0, EINVAL (22) or ENOMEM (12); `ptr` is meaningful when ret is 0. */
  posixMemalign(alignment: number, size: number): PosixMemalignResult;
  memalign(alignment: number, size: number): number;
  alignedAlloc(alignment: number, size: number): number;
  mallocUsableSize(ptr: number): number;
  /** malloc_trim(pad): 1 if memory was given back to the system. */
  mallocTrim(pad: number): number;

  /** Every chunk the allocator knows, in address order (heap segments first, then mmapped chunks). */
  chunks(): ChunkInfo[];
  /** Free lists and caches, each in list order (the order malloc would take them). */
  bins(): BinInfo[];
  /** The chunk whose memory (header included) contains addr, or null. */
  chunkContaining(addr: number): ChunkInfo | null;
  stats(): HeapStats;
  /** The bytes got from the kernel (brk and mmap), kept as running counters: stats() without the walk. */
  kernelBytes?(): { readonly brkBytes: number; readonly mmapBytes: number };
  /** Optional: `chunks()` as columns, for views of large heaps (without it they are made from `chunks()`). */
  chunkColumns?(): ChunkColumns;
  /**
   * Optional: the requested sizes of the live blocks, when the allocator records them itself
   * (`MeteredAllocator` then reads them here instead of keeping a second table of its own).
   */
  requestedSizes?(): RequestedSizes | undefined;
  /** Receives every event from now on; undefined stops delivery. */
  setListener(listener: HeapEventListener | undefined): void;
}

/** The size the program asked for, by the pointer it got (undefined: not a live block). */
export interface RequestedSizes {
  get(ptr: number): number | undefined;
}

export interface PosixMemalignResult {
  ret: number;
  ptr: number;
}

export const EINVAL = 22;
export const ENOMEM = 12;

/** posix_memalign's rule: the alignment is a power-of-two multiple of sizeof(void *). */
export function isPosixMemalignAlignment(alignment: number): boolean {
  const words = alignment / 8;
  return Number.isSafeInteger(words) && words > 0 && Number.isInteger(Math.log2(words));
}

/** 'corrupted': bytes whose header the walk could not read as a chunk (see ChunkInfo.corrupted). */
export type ChunkState = 'in-use' | 'free' | 'top' | 'mmapped' | 'corrupted';

/** Where a free (or cached) chunk is kept. */
export type BinKind =
  | 'tcache'
  | 'fast'
  | 'unsorted'
  | 'small'
  | 'large'
  // teaching allocators
  | 'free-list'
  | 'size-class'
  | 'buddy'
  | 'slab'
  | 'pages';

export interface BinRef {
  kind: BinKind;
  /** Index in its family (tcache 0..63, fastbin 0..9, glibc bin 1..126, buddy order, ...). */
  index: number;
}

export interface ChunkInfo {
  /** Address of the chunk header. */
  addr: number;
  /** Chunk size including header (flag bits removed). */
  size: number;
  /** The pointer the program holds (or would get) for this chunk. */
  userPtr: number;
  /** Bytes the program may use (malloc_usable_size). */
  usable: number;
  /**
   * in-use: held by the program. free: in a free list or cache (tcache and fastbin chunks still
   * look allocated to their neighbours, but the program does not own them). top: the wilderness.
   */
  state: ChunkState;
  /** The free list or cache holding it, for state 'free'. */
  bin?: BinRef;
  /** Flag bits of the size field, for allocators that have them. */
  flags?: { prevInuse: boolean; isMmapped: boolean; nonMainArena: boolean };
  /** Size the program asked for, when the allocator recorded it. */
  requested?: number;
  /** The allocator's own data (glibc's tcache_perthread_struct), not a program allocation. */
  internal?: boolean;
  /**
   * Why this chunk's metadata is not what the allocator would have written (the program wrote
   * over it): the views draw it as corrupted instead of trusting it.
   */
  corrupted?: string;
}

export interface BinInfo extends BinRef {
  /** Human label, e.g. 'tcache[3] (0x50)', 'smallbin 0x90', 'largebin 0x400-0x430'. */
  label: string;
  /** Chunk addresses in list order (up to where the list stops making sense). */
  chunks: number[];
  /** Why the list is not one glibc could have built (a link out of the heap, a loop, a bad count). */
  corrupted?: string;
}

export type { HeapStats };

/** Which C call produced an allocation. */
export type AllocatingCall = 'malloc' | 'calloc' | 'realloc' | 'memalign' | 'posix_memalign' | 'aligned_alloc';

export type HeapEvent =
  | { kind: 'malloc'; call: AllocatingCall; ptr: number; requested: number; chunk: number; size: number }
  | { kind: 'free'; ptr: number; chunk: number; size: number }
  | {
      kind: 'realloc';
      oldPtr: number;
      ptr: number;
      requested: number;
      chunk: number;
      size: number;
      /** false when the block grew or shrank in place. */
      moved: boolean;
    }
  | { kind: 'sbrk'; increment: number; oldBreak: number; newBreak: number }
  | { kind: 'mmap'; addr: number; length: number }
  | { kind: 'munmap'; addr: number; length: number }
  | { kind: 'mremap'; oldAddr: number; oldLength: number; addr: number; length: number }
  | { kind: 'trim'; released: number; newBreak: number };

export type HeapEventListener = (event: HeapEvent) => void;
