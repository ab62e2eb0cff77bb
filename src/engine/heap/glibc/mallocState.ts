import { BINMAPSIZE } from './params';

/**
 * `struct malloc_state` of the main arena (glibc 2.36, x86-64), laid out word for word as in libc's
 * .data so that chunk fields pointing into it (a free chunk's fd/bk pointing at its bin header)
 * hold the values glibc would write. The arena itself is not in the simulated heap: it lives in
 * libc, at `base`, and the allocator routes loads and stores inside [base, base + ARENA_SIZE) here.
 *
 *   0 mutex, 4 flags, 8 have_fastchunks, 16 fastbinsY[10], 96 top, 104 last_remainder,
 *   112 bins[254] (fd/bk pairs), 2144 binmap[4], 2160 next, next_free, attached_threads,
 *   2184 system_mem, 2192 max_system_mem; sizeof = 0x898.
 */
export const ARENA_SIZE = 0x898;
const FASTBINS_WORD = 2;
const TOP_WORD = 12;
const LAST_REMAINDER_WORD = 13;
const BINS_WORD = 14;
const BINMAP_OFFSET = 2144;
const NEXT_OFFSET = 2160;
const SYSTEM_MEM_OFFSET = 2184;
const MAX_SYSTEM_MEM_OFFSET = 2192;

/** flags bit: MORECORE does not return contiguous regions (after mmap was used as a backup). */
export const NONCONTIGUOUS_BIT = 2;

export class MallocState {
  /** fastbinsY, top, last_remainder and bins as 8-byte words, indexed by offset / 8. */
  private readonly words = new Float64Array(BINMAP_OFFSET / 8);
  /** binmap: one bit per bin, a hint that the bin may be non-empty. */
  readonly binmap = new Uint32Array(BINMAPSIZE);
  flags = 0;
  haveFastchunks = false;
  systemMem = 0;
  maxSystemMem = 0;

  constructor(readonly base: number) {
    // malloc_init_state: every bin is an empty circular list pointing at its own header, and top
    // is the unsorted bin header (size 0) so that the first request goes to sysmalloc.
    for (let i = 1; i < 128; i++) {
      const bin = this.binAt(i);
      this.words[BINS_WORD + 2 * (i - 1)] = bin;
      this.words[BINS_WORD + 2 * (i - 1) + 1] = bin;
    }
    this.top = this.initialTop;
  }

  /** bin_at(i): the fake chunk whose fd/bk overlay bins[2(i-1)] and bins[2(i-1)+1]. */
  binAt(i: number): number {
    return this.base + 96 + (i - 1) * 16;
  }

  /** bin index of a bin header address (inverse of binAt). */
  binIndexOf(binAddr: number): number {
    return (binAddr - this.base - 96) / 16 + 1;
  }

  get unsortedChunks(): number {
    return this.binAt(1);
  }

  /** initial_top: before the first sysmalloc, top is the unsorted bin header with size 0. */
  get initialTop(): number {
    return this.binAt(1);
  }

  get top(): number {
    return this.words[TOP_WORD];
  }
  set top(p: number) {
    this.words[TOP_WORD] = p;
  }

  get lastRemainder(): number {
    return this.words[LAST_REMAINDER_WORD];
  }
  set lastRemainder(p: number) {
    this.words[LAST_REMAINDER_WORD] = p;
  }

  fastbin(idx: number): number {
    return this.words[FASTBINS_WORD + idx];
  }
  setFastbin(idx: number, p: number): void {
    this.words[FASTBINS_WORD + idx] = p;
  }

  get contiguous(): boolean {
    return (this.flags & NONCONTIGUOUS_BIT) === 0;
  }

  markBin(i: number): void {
    this.binmap[i >>> 5] |= 1 << (i & 31);
  }

  /** A load of the 8-byte word at `offset` inside the struct, as libc's memory would hold it. */
  load(offset: number): number {
    if (offset < BINMAP_OFFSET) {
      if (offset >= 16) return this.words[offset >>> 3];
      if (offset < 8) return this.flags * 4294967296; // mutex (unlocked) | flags << 32
      return this.haveFastchunks ? 1 : 0;
    }
    if (offset < NEXT_OFFSET) {
      const i = (offset - BINMAP_OFFSET) >>> 2;
      return this.binmap[i] + this.binmap[i + 1] * 4294967296;
    }
    if (offset === SYSTEM_MEM_OFFSET) return this.systemMem;
    if (offset === MAX_SYSTEM_MEM_OFFSET) return this.maxSystemMem;
    if (offset === NEXT_OFFSET) return this.base; // main_arena.next points to itself
    return 0;
  }

  /** A store into the struct; only the pointer words (fastbins, top, bins) are ever written. */
  store(offset: number, value: number): void {
    if (offset >= 16 && offset < BINMAP_OFFSET) this.words[offset >>> 3] = value;
    else if (offset === SYSTEM_MEM_OFFSET) this.systemMem = value;
    else if (offset === MAX_SYSTEM_MEM_OFFSET) this.maxSystemMem = value;
  }
}
