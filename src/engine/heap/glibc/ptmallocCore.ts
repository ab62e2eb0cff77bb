import type { MemoryAccess } from '../../memory/memoryAccess';
import { type HeapHost, viewQuietly } from '../heapHost';
import type { HeapEvent, HeapEventListener } from '../allocator';
import { ColumnTracker } from './columnTracker';
import { ARENA_SIZE, MallocState } from './mallocState';
import {
  DEFAULT_MAX_FAST,
  DEFAULT_MMAP_MAX,
  DEFAULT_MMAP_THRESHOLD,
  DEFAULT_TOP_PAD,
  DEFAULT_TRIM_THRESHOLD,
  PREV_INUSE,
  TCACHE_FILL_COUNT,
  TCACHE_MAX_BINS,
  inSmallbinRange,
  protectPtr,
  sizeOf,
} from './params';

/** Where libc's main_arena sits when the caller does not say (a typical non-ASLR x86-64 address). */
export const DEFAULT_MAIN_ARENA_ADDRESS = 0x7ffff7f99c80;
/**
 * tcache_key is random in glibc (getrandom at startup). A fixed value keeps runs deterministic; it
 * is below 2^53 so `read64` returns it exactly.
 */
export const DEFAULT_TCACHE_KEY = 0x1a2b3c4d5e6f7;

export interface PtmallocOptions {
  /** Address of main_arena (in libc's data); bins' list heads point there. */
  mainArenaAddress?: number;
  tcacheKey?: number;
  /** mallopt-style tunables; the defaults are glibc's. */
  topPad?: number;
  mmapThreshold?: number;
  trimThreshold?: number;
  mmapMax?: number;
  tcacheCount?: number;
}

/** One range of memory the arena got from sbrk (or from mmap when brk failed); for introspection. */
export interface HeapSegment {
  start: number;
  end: number;
}

/**
 * The state glibc keeps for one thread and the main arena (main_arena, mp_, the thread's tcache
 * pointer), plus word access to simulated memory that routes addresses inside main_arena to the
 * arena object. The algorithms live in functions named after glibc's (intMalloc, intFree,
 * sysmalloc, ...) that take this object.
 */
export class PtmallocCore {
  /** Where loads and stores go: the process's memory, or its quiet view while `viewing`. */
  mem: MemoryAccess;
  readonly av: MallocState;
  private readonly arenaBase: number;

  // mp_ (struct malloc_par)
  topPad: number;
  mmapThreshold: number;
  trimThreshold: number;
  nMmapsMax: number;
  noDynThreshold = false;
  nMmaps = 0;
  maxNMmaps = 0;
  mmappedMem = 0;
  maxMmappedMem = 0;
  sbrkBase = 0;
  tcacheBins = TCACHE_MAX_BINS;
  tcacheCount: number;
  tcacheUnsortedLimit = 0;
  maxFast = DEFAULT_MAX_FAST;

  /** The thread's tcache_perthread_struct (user pointer of the heap's first chunk), 0 before init. */
  tcache = 0;
  readonly tcacheKey: number;

  /** Bookkeeping for introspection only (never read by the algorithms). */
  readonly segments: HeapSegment[] = [];
  readonly mmappedChunks = new Set<number>();

  listener: HeapEventListener | undefined;

  /**
   * The lowest and highest address stored to outside main_arena since the views last read the
   * heap (Infinity / -Infinity: none), and the views' columns kept from them (columnTracker.ts).
   * Never read by the algorithms.
   */
  dirtyLo = Infinity;
  dirtyHi = -Infinity;
  readonly columns = new ColumnTracker();

  constructor(
    readonly host: HeapHost,
    options: PtmallocOptions = {},
  ) {
    this.mem = host.memory;
    this.arenaBase = options.mainArenaAddress ?? DEFAULT_MAIN_ARENA_ADDRESS;
    this.av = new MallocState(this.arenaBase);
    this.tcacheKey = options.tcacheKey ?? DEFAULT_TCACHE_KEY;
    this.topPad = options.topPad ?? DEFAULT_TOP_PAD;
    this.mmapThreshold = options.mmapThreshold ?? DEFAULT_MMAP_THRESHOLD;
    this.trimThreshold = options.trimThreshold ?? DEFAULT_TRIM_THRESHOLD;
    this.nMmapsMax = options.mmapMax ?? DEFAULT_MMAP_MAX;
    this.tcacheCount = options.tcacheCount ?? TCACHE_FILL_COUNT;
    // Setting a threshold by hand (mallopt) turns the dynamic adjustment off, as in glibc.
    if (options.mmapThreshold !== undefined || options.trimThreshold !== undefined || options.topPad !== undefined) {
      this.noDynThreshold = true;
    }
  }

  /** Runs an introspection on the host's quiet memory (see viewQuietly). */
  viewing<T>(walk: () => T): T {
    return viewQuietly(this, this.host, walk);
  }

  /** malloc_printerr: glibc prints the message and aborts. */
  printerr(message: string): never {
    return this.host.abort(message);
  }

  emit(event: HeapEvent): void {
    if (this.listener !== undefined) this.listener(event);
  }

  // ---- word access (arena-aware) ----

  ld(addr: number): number {
    const o = addr - this.arenaBase;
    if (o >= 0 && o < ARENA_SIZE) return this.av.load(o);
    return this.mem.read64(addr);
  }

  st(addr: number, value: number): void {
    const o = addr - this.arenaBase;
    if (o >= 0 && o < ARENA_SIZE) {
      this.av.store(o, value);
      return;
    }
    this.mem.write64(addr, value);
    this.stored(addr);
  }

  /** Notes a store to the heap's words for the views' columns. */
  stored(addr: number): void {
    if (addr < this.dirtyLo) this.dirtyLo = addr;
    if (addr > this.dirtyHi) this.dirtyHi = addr;
  }

  /** use_top: the first nb bytes of the top chunk `victim` (of `size` bytes) are handed out, the rest is the new top. */
  splitTop(victim: number, nb: number, size: number): void {
    this.av.top = victim + nb;
    this.setHead(victim, nb + PREV_INUSE);
    this.setHead(victim + nb, size - nb + PREV_INUSE);
    this.columns.split(this, victim, nb, size - nb);
  }

  isArenaAddress(addr: number): boolean {
    const o = addr - this.arenaBase;
    return o >= 0 && o < ARENA_SIZE;
  }

  // ---- chunk fields: prev_size at +0, size at +8, fd +16, bk +24, fd_nextsize +32, bk_nextsize +40 ----

  prevSize(p: number): number {
    return this.ld(p);
  }
  sizeRaw(p: number): number {
    return this.ld(p + 8);
  }
  chunksize(p: number): number {
    return sizeOf(this.ld(p + 8));
  }
  setHead(p: number, rawSize: number): void {
    this.st(p + 8, rawSize);
  }
  /** set_head_size: replace the size, keep the flag bits. */
  setHeadSize(p: number, size: number): void {
    this.st(p + 8, size + (this.ld(p + 8) & 7));
  }
  /** set_foot: the next chunk's prev_size holds this free chunk's size. */
  setFoot(p: number, size: number): void {
    this.st(p + size, size);
  }
  fd(p: number): number {
    return this.ld(p + 16);
  }
  bk(p: number): number {
    return this.ld(p + 24);
  }
  setFd(p: number, v: number): void {
    this.st(p + 16, v);
  }
  setBk(p: number, v: number): void {
    this.st(p + 24, v);
  }
  fdNextsize(p: number): number {
    return this.ld(p + 32);
  }
  bkNextsize(p: number): number {
    return this.ld(p + 40);
  }
  setFdNextsize(p: number, v: number): void {
    this.st(p + 32, v);
  }
  setBkNextsize(p: number, v: number): void {
    this.st(p + 40, v);
  }
  prevInuse(p: number): boolean {
    return (this.ld(p + 8) & PREV_INUSE) !== 0;
  }
  /** inuse(p): a chunk's in-use bit lives in the PREV_INUSE bit of the chunk after it. */
  inuseBitAtOffset(p: number, s: number): boolean {
    return (this.ld(p + s + 8) & PREV_INUSE) !== 0;
  }
  setInuseBitAtOffset(p: number, s: number): void {
    const raw = this.ld(p + s + 8);
    if ((raw & PREV_INUSE) === 0) this.st(p + s + 8, raw + PREV_INUSE);
  }
  clearInuseBitAtOffset(p: number, s: number): void {
    const raw = this.ld(p + s + 8);
    if ((raw & PREV_INUSE) !== 0) this.st(p + s + 8, raw - PREV_INUSE);
  }

  /** A free chunk of large-bin size enters the unsorted bin off the skip list (nextsize pointers NULL). */
  clearNextsizeIfLarge(p: number, size: number): void {
    if (!inSmallbinRange(size)) {
      this.setFdNextsize(p, 0);
      this.setBkNextsize(p, 0);
    }
  }

  /** Headers after splitting `victim`: nb bytes in use, then a free remainder with its footer. */
  setSplitHeads(victim: number, nb: number, remainderSize: number): void {
    this.setHead(victim, nb + PREV_INUSE);
    this.setHead(victim + nb, remainderSize + PREV_INUSE);
    this.setFoot(victim + nb, remainderSize);
  }

  /** unlink_chunk: take a free chunk out of its doubly linked bin, with glibc's safe-unlink checks. */
  unlinkChunk(p: number): void {
    const size = this.chunksize(p);
    if (size !== this.prevSize(p + size)) this.printerr('corrupted size vs. prev_size');
    const fd = this.fd(p);
    const bk = this.bk(p);
    if (this.bk(fd) !== p || this.fd(bk) !== p) this.printerr('corrupted double-linked list');
    this.setBk(fd, bk);
    this.setFd(bk, fd);
    // Large chunks are also on the size-ordered skip list (fd_nextsize/bk_nextsize) when they are
    // the first chunk of their size; the next chunk of the same size then takes their place.
    if (!inSmallbinRange(this.sizeRaw(p)) && this.fdNextsize(p) !== 0) {
      const fdn = this.fdNextsize(p);
      const bkn = this.bkNextsize(p);
      if (this.bkNextsize(fdn) !== p || this.fdNextsize(bkn) !== p) {
        this.printerr('corrupted double-linked list (not small)');
      }
      if (this.fdNextsize(fd) === 0) {
        if (fdn === p) {
          this.setFdNextsize(fd, fd);
          this.setBkNextsize(fd, fd);
        } else {
          this.setFdNextsize(fd, fdn);
          this.setBkNextsize(fd, bkn);
          this.setBkNextsize(fdn, fd);
          this.setFdNextsize(bkn, fd);
        }
      } else {
        this.setBkNextsize(fdn, bkn);
        this.setFdNextsize(bkn, fdn);
      }
    }
  }

  // ---- tcache: counts (uint16) at +0, entries (tcache_entry*) at +128 ----

  tcacheCountOf(idx: number): number {
    return this.mem.read16(this.tcache + 2 * idx);
  }
  tcacheEntry(idx: number): number {
    return this.mem.read64(this.tcache + 128 + 8 * idx);
  }

  /** tcache_put: the entry's key marks it as cached (for the double-free check); next is safe-linked. */
  tcachePut(chunk: number, idx: number): void {
    const e = chunk + 16;
    const mem = this.mem;
    mem.write64(e + 8, this.tcacheKey);
    mem.write64(e, protectPtr(e, this.tcacheEntry(idx)));
    this.stored(e);
    this.stored(e + 8);
    mem.write64(this.tcache + 128 + 8 * idx, e);
    mem.write16(this.tcache + 2 * idx, this.tcacheCountOf(idx) + 1);
  }

  /** tcache_get: pop the head; the stored head must be 16-byte aligned. Returns the user pointer. */
  tcacheGet(idx: number): number {
    const e = this.tcacheEntry(idx);
    if ((e & 15) !== 0) this.printerr('malloc(): unaligned tcache chunk detected');
    const mem = this.mem;
    mem.write64(this.tcache + 128 + 8 * idx, protectPtr(e, mem.read64(e)));
    mem.write16(this.tcache + 2 * idx, this.tcacheCountOf(idx) - 1);
    mem.write64(e + 8, 0);
    this.stored(e + 8);
    return e;
  }
}
