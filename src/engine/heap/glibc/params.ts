/**
 * The constants and size arithmetic of glibc 2.36's malloc on x86-64 (malloc/malloc.c), as plain
 * numbers. Sizes and addresses stay below 2^53, so `%`, `-` and comparisons are exact; 32-bit
 * bitwise operators are only used where the low bits alone matter (flags, alignment).
 */

/** INTERNAL_SIZE_T is size_t: 8 bytes. */
export const SIZE_SZ = 8;
/** prev_size + size: the header in front of user memory. */
export const CHUNK_HDR_SZ = 16;
/** 2 * SIZE_SZ on x86-64 (long double needs 16). */
export const MALLOC_ALIGNMENT = 16;
export const MALLOC_ALIGN_MASK = 15;
/** prev_size, size, fd, bk: the smallest chunk that can hold free-list links. */
export const MINSIZE = 32;

/** Flag bits kept in the low bits of the size field (sizes are multiples of 16). */
export const PREV_INUSE = 1;
export const IS_MMAPPED = 2;
export const NON_MAIN_ARENA = 4;

export const PAGE_SIZE = 4096;

/** NBINS: bin 0 unused, bin 1 unsorted, 2..63 small, 64..126 large (127 exists but is never used). */
export const NBINS = 128;
export const NSMALLBINS = 64;
/** MIN_LARGE_SIZE = NSMALLBINS * SMALLBIN_WIDTH: chunks of 0x400 and more go to large bins. */
export const MIN_LARGE_SIZE = 0x400;
/** BINMAPSHIFT 5: one bit per bin in four 32-bit words. */
export const BINMAPSIZE = 4;

/** NFASTBINS = fastbin_index(request2size(MAX_FAST_SIZE = 160)) + 1. */
export const NFASTBINS = 10;
/** set_max_fast(DEFAULT_MXFAST = 128): (128 + SIZE_SZ) & ~MALLOC_ALIGN_MASK = 0x80. */
export const DEFAULT_MAX_FAST = 0x80;
/** free() consolidates fastbins and considers trimming once it builds a free chunk this big. */
export const FASTBIN_CONSOLIDATION_THRESHOLD = 65536;

export const TCACHE_MAX_BINS = 64;
export const TCACHE_FILL_COUNT = 7;
/** sizeof(tcache_perthread_struct): uint16_t counts[64] then tcache_entry *entries[64]. */
export const TCACHE_STRUCT_SIZE = 2 * TCACHE_MAX_BINS + 8 * TCACHE_MAX_BINS;
/** tidx2usize(63): the largest request the tcache serves (1032 bytes). */
export const MAX_TCACHE_SIZE = (TCACHE_MAX_BINS - 1) * MALLOC_ALIGNMENT + MINSIZE - SIZE_SZ;

/** Tunables with their glibc defaults on x86-64 (malloc-machine.h sets DEFAULT_TOP_PAD). */
export const DEFAULT_TOP_PAD = 128 * 1024;
export const DEFAULT_MMAP_THRESHOLD = 128 * 1024;
export const DEFAULT_TRIM_THRESHOLD = 128 * 1024;
export const DEFAULT_MMAP_MAX = 65536;
/** DEFAULT_MMAP_THRESHOLD_MAX: 4 MiB * sizeof(long); the dynamic threshold never goes above it. */
export const DEFAULT_MMAP_THRESHOLD_MAX = 4 * 1024 * 1024 * 8;
/** sysmalloc falls back to mmap in units at least this big when brk fails. */
export const MMAP_AS_MORECORE_SIZE = 1024 * 1024;

/** PTRDIFF_MAX: checked_request2size refuses anything bigger. */
export const PTRDIFF_MAX = 2 ** 63 - 1;
export const TWO_POW_64 = 2 ** 64;

/** request2size: add the size field, round up to 16, never below MINSIZE. */
export function request2size(req: number): number {
  const padded = req + SIZE_SZ + MALLOC_ALIGN_MASK;
  return padded < MINSIZE ? MINSIZE : padded - (padded % MALLOC_ALIGNMENT);
}

/** checked_request2size: 0 means the request cannot be represented (the caller sets ENOMEM). */
export function checkedRequest2size(req: number): number {
  if (!(req >= 0) || req > PTRDIFF_MAX) return 0;
  return request2size(req);
}

/** chunksize(): the size field without its three flag bits. Exact for any integer below 2^53. */
export function sizeOf(rawSize: number): number {
  return rawSize - (rawSize & 7);
}

export function inSmallbinRange(size: number): boolean {
  return size < MIN_LARGE_SIZE;
}

/** smallbin_index: one bin per 16 bytes. */
export function smallbinIndex(size: number): number {
  return Math.floor(size / 16);
}

/** largebin_index_64: bins whose width grows by powers of 8 (64, 512, 4096, 32768, 262144 bytes). */
export function largebinIndex(size: number): number {
  if (Math.floor(size / 64) <= 48) return 48 + Math.floor(size / 64);
  if (Math.floor(size / 512) <= 20) return 91 + Math.floor(size / 512);
  if (Math.floor(size / 4096) <= 10) return 110 + Math.floor(size / 4096);
  if (Math.floor(size / 32768) <= 4) return 119 + Math.floor(size / 32768);
  if (Math.floor(size / 262144) <= 2) return 124 + Math.floor(size / 262144);
  return 126;
}

export function binIndex(size: number): number {
  return inSmallbinRange(size) ? smallbinIndex(size) : largebinIndex(size);
}

/** fastbin_index: 0x20 -> 0, 0x30 -> 1, ... */
export function fastbinIndex(size: number): number {
  return (size >>> 4) - 2;
}

/** csize2tidx: tcache bin of a chunk size (0x20 -> 0 ... 0x410 -> 63). */
export function csize2tidx(size: number): number {
  return Math.floor((size - MINSIZE + MALLOC_ALIGNMENT - 1) / MALLOC_ALIGNMENT);
}

export { alignDown, alignUp } from '../../addressSpace/layout';

export function isPowerOf2(x: number): boolean {
  // powerof2() in glibc is ((x & (x - 1)) == 0): it is also true for 0.
  if (x === 0) return true;
  return Number.isInteger(Math.log2(x));
}

const TWO_POW_32 = 4294967296;

/** 64-bit XOR of two values below 2^53, done on the 32-bit halves (JS `^` only sees 32 bits). */
export function xor64(a: number, b: number): number {
  const hi = (Math.floor(a / TWO_POW_32) ^ Math.floor(b / TWO_POW_32)) >>> 0;
  const lo = ((a >>> 0) ^ (b >>> 0)) >>> 0;
  return hi * TWO_POW_32 + lo;
}

/**
 * Safe-linking (glibc 2.32+): singly linked tcache and fastbin `next` pointers are stored as
 * PROTECT_PTR(pos, ptr) = (pos >> 12) ^ ptr, pos being the address of the field itself, so a
 * leaked or overwritten pointer is useless without knowing where the heap is. REVEAL_PTR is the
 * same operation, as XOR is its own inverse.
 */
export function protectPtr(pos: number, ptr: number): number {
  return xor64(Math.floor(pos / 4096), ptr);
}
