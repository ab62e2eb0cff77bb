import type { HeapHost } from '../heapHost';
import {
  EINVAL,
  ENOMEM,
  isPosixMemalignAlignment,
  type AllocatingCall,
  type Allocator,
  type BinInfo,
  type ChunkInfo,
  type HeapEventListener,
  type HeapStats,
  type PosixMemalignResult,
} from '../allocator';
import { PtmallocCore, type PtmallocOptions } from './ptmallocCore';
import { RequestedSizeTable } from '../requestedSizeTable';
import { intMalloc } from './intMalloc';
import { intFree } from './intFree';
import { intRealloc } from './intRealloc';
import { intMemalign } from './intMemalign';
import { mtrim } from './mtrim';
import { munmapChunk, mremapChunk } from './sysmalloc';
import { describeBins, describeChunks, findChunk, computeStats } from './introspect';
import type { ChunkColumns } from '../chunkColumns';
import {
  CHUNK_HDR_SZ,
  DEFAULT_MMAP_THRESHOLD_MAX,
  IS_MMAPPED,
  MALLOC_ALIGNMENT,
  MINSIZE,
  PTRDIFF_MAX,
  SIZE_SZ,
  TCACHE_STRUCT_SIZE,
  TWO_POW_64,
  checkedRequest2size,
  csize2tidx,
  isPowerOf2,
} from './params';

export interface GlibcMallocOptions extends PtmallocOptions {
  /**
   * Remember each live allocation's requested size (for stats' internal fragmentation and for
   * ChunkInfo.requested), in a typed-array hash table beside the heap; default true.
   */
  recordRequestedSizes?: boolean;
}

/**
 * glibc 2.36's malloc family (ptmalloc with tcache) for one thread on x86-64, on simulated memory.
 * The public functions here are glibc's __libc_* wrappers: they handle the tcache fast path, the
 * mmapped chunks and the argument rules, and call the _int_* algorithms for the arena.
 */
export class GlibcMalloc implements Allocator {
  readonly name = 'glibc-2.36';
  readonly core: PtmallocCore;
  private readonly requested: RequestedSizeTable | undefined;

  constructor(host: HeapHost, options: GlibcMallocOptions = {}) {
    this.core = new PtmallocCore(host, options);
    this.requested = options.recordRequestedSizes === false ? undefined : new RequestedSizeTable();
  }

  setListener(listener: HeapEventListener | undefined): void {
    this.core.listener = listener;
  }

  /** tcache_init: the thread's cache is the first chunk _int_malloc hands out (0x290 bytes), zeroed. */
  private maybeInitTcache(): void {
    const c = this.core;
    if (c.tcache !== 0) return;
    const victim = intMalloc(c, TCACHE_STRUCT_SIZE);
    if (victim !== 0) {
      c.tcache = victim;
      c.mem.fill(victim, TCACHE_STRUCT_SIZE, 0);
    }
  }

  malloc(bytes: number): number {
    const ptr = this.libcMalloc(bytes);
    if (ptr !== 0) this.allocated('malloc', ptr, bytes);
    return ptr;
  }

  /** __libc_malloc: a non-empty tcache bin of the right size serves the request without the arena. */
  private libcMalloc(bytes: number): number {
    const c = this.core;
    const tbytes = checkedRequest2size(bytes);
    if (tbytes === 0) return 0; // ENOMEM
    const tcIdx = csize2tidx(tbytes);
    if (c.tcache === 0) this.maybeInitTcache();
    if (tcIdx < c.tcacheBins && c.tcache !== 0 && c.tcacheCountOf(tcIdx) > 0) return c.tcacheGet(tcIdx);
    return intMalloc(c, bytes);
  }

  free(mem: number): void {
    if (mem === 0) return;
    const c = this.core;
    c.columns.handedOver(c, mem - 16);
    if (c.listener !== undefined) c.emit({ kind: 'free', ptr: mem, chunk: mem - 16, size: c.chunksize(mem - 16) });
    if (this.requested !== undefined) this.requested.delete(mem);
    this.libcFree(mem);
  }

  /** __libc_free: mmapped chunks are unmapped (raising the mmap threshold); others go to _int_free. */
  private libcFree(mem: number): void {
    const c = this.core;
    const p = mem - 16;
    const raw = c.sizeRaw(p);
    if ((raw & IS_MMAPPED) !== 0) {
      // Dynamic threshold: a freed mmapped chunk shows such sizes are transient, so serve them
      // from the heap from now on (unless mallopt fixed the thresholds).
      if (!c.noDynThreshold && raw > c.mmapThreshold && raw <= DEFAULT_MMAP_THRESHOLD_MAX) {
        c.mmapThreshold = c.chunksize(p);
        c.trimThreshold = 2 * c.mmapThreshold;
      }
      munmapChunk(c, p);
      return;
    }
    this.maybeInitTcache();
    intFree(c, p, false);
  }

  /**
   * __libc_calloc: never from the tcache. Memory freshly obtained from the kernel is known to be
   * zero (MORECORE_CLEARS), so a chunk carved from top only clears the part that was used before.
   */
  calloc(n: number, elemSize: number): number {
    const c = this.core;
    const bytes = n * elemSize;
    if (!(bytes <= PTRDIFF_MAX) || !Number.isSafeInteger(bytes)) return 0; // ENOMEM on overflow
    this.maybeInitTcache();
    const av = c.av;
    const oldtop = av.top;
    let oldtopsize = c.chunksize(oldtop);
    const fresh = c.sbrkBase + av.maxSystemMem - oldtop;
    if (oldtopsize < fresh) oldtopsize = fresh;
    const mem = intMalloc(c, bytes);
    if (mem === 0) return 0;
    const p = mem - 16;
    if ((c.sizeRaw(p) & IS_MMAPPED) === 0) {
      let csz = c.chunksize(p);
      if (p === oldtop && csz > oldtopsize) csz = oldtopsize;
      c.mem.fill(mem, csz - SIZE_SZ, 0);
    }
    this.allocated('calloc', mem, bytes);
    return mem;
  }

  realloc(oldmem: number, bytes: number): number {
    const c = this.core;
    if (bytes === 0 && oldmem !== 0) {
      // REALLOC_ZERO_BYTES_FREES
      this.free(oldmem);
      return 0;
    }
    if (oldmem === 0) {
      const ptr = this.libcMalloc(bytes);
      if (ptr !== 0) this.allocated('realloc', ptr, bytes);
      return ptr;
    }
    const ptr = this.libcRealloc(oldmem, bytes);
    if (ptr !== 0) {
      c.columns.handedOver(c, oldmem - 16);
      c.columns.handedOver(c, ptr - 16);
      if (this.requested !== undefined) {
        this.requested.delete(oldmem);
        this.requested.set(ptr, bytes);
      }
      if (c.listener !== undefined) {
        c.emit({
          kind: 'realloc',
          oldPtr: oldmem,
          ptr,
          requested: bytes,
          chunk: ptr - 16,
          size: c.chunksize(ptr - 16),
          moved: ptr !== oldmem,
        });
      }
    }
    return ptr;
  }

  /** __libc_realloc for a non-null pointer and a non-zero size. */
  private libcRealloc(oldmem: number, bytes: number): number {
    const c = this.core;
    const oldp = oldmem - 16;
    const oldsize = c.chunksize(oldp);
    const mmapped = (c.sizeRaw(oldp) & IS_MMAPPED) !== 0;
    if (!mmapped) this.maybeInitTcache();
    const negSize = oldsize === 0 ? 0 : TWO_POW_64 - oldsize;
    if (oldp > negSize || (oldp & 15) !== 0) c.printerr('realloc(): invalid pointer');
    const nb = checkedRequest2size(bytes);
    if (nb === 0) return 0; // ENOMEM
    if (!mmapped) return intRealloc(c, oldp, oldsize, nb);

    const newp = mremapChunk(c, oldp, nb);
    if (newp !== 0) return newp + 16;
    if (oldsize - SIZE_SZ >= nb) return oldmem; // still fits: nothing to do
    const newmem = this.libcMalloc(bytes);
    if (newmem === 0) return 0;
    c.mem.writeBytes(newmem, c.mem.readBytes(oldmem, oldsize - CHUNK_HDR_SZ));
    munmapChunk(c, oldp);
    return newmem;
  }

  posixMemalign(alignment: number, size: number): PosixMemalignResult {
    if (!isPosixMemalignAlignment(alignment)) return { ret: EINVAL, ptr: 0 };
    const ptr = this.midMemalign(alignment, size);
    if (ptr === 0) return { ret: ENOMEM, ptr: 0 };
    this.allocated('posix_memalign', ptr, size);
    return { ret: 0, ptr };
  }

  memalign(alignment: number, size: number): number {
    const ptr = this.midMemalign(alignment, size);
    if (ptr !== 0) this.allocated('memalign', ptr, size);
    return ptr;
  }

  /** In glibc 2.36 aligned_alloc is an alias of memalign: no extra argument checks. */
  alignedAlloc(alignment: number, size: number): number {
    const ptr = this.midMemalign(alignment, size);
    if (ptr !== 0) this.allocated('aligned_alloc', ptr, size);
    return ptr;
  }

  /** _mid_memalign: small alignments are plain malloc; others are raised to a power of two >= MINSIZE. */
  private midMemalign(alignment: number, bytes: number): number {
    if (alignment <= MALLOC_ALIGNMENT) return this.libcMalloc(bytes);
    if (alignment < MINSIZE) alignment = MINSIZE;
    if (alignment > 2 ** 63) return 0; // EINVAL
    if (!isPowerOf2(alignment)) {
      let a = MALLOC_ALIGNMENT * 2;
      while (a < alignment) a *= 2;
      alignment = a;
    }
    return intMemalign(this.core, alignment, bytes);
  }

  /** malloc_usable_size: the chunk's bytes minus its header, plus the next prev_size for heap chunks. */
  mallocUsableSize(mem: number): number {
    if (mem === 0) return 0;
    const c = this.core;
    const p = mem - 16;
    const size = c.chunksize(p);
    if ((c.sizeRaw(p) & IS_MMAPPED) !== 0) return size - CHUNK_HDR_SZ;
    if (c.inuseBitAtOffset(p, size)) return size - CHUNK_HDR_SZ + SIZE_SZ;
    return 0;
  }

  mallocTrim(pad: number): number {
    return mtrim(this.core, pad);
  }

  private allocated(call: AllocatingCall, ptr: number, requested: number): void {
    if (this.requested !== undefined) this.requested.set(ptr, requested);
    const c = this.core;
    c.columns.handedOver(c, ptr - 16);
    if (c.listener !== undefined) {
      c.emit({ kind: 'malloc', call, ptr, requested, chunk: ptr - 16, size: c.chunksize(ptr - 16) });
    }
  }

  // ---- introspection (reads the simulated bytes; not used by the calls above) ----

  // Introspection reads the heap quietly: looking at it must not change the run.

  chunks(): ChunkInfo[] {
    return this.core.viewing(() => describeChunks(this.core, this.requested));
  }

  bins(): BinInfo[] {
    return this.core.viewing(() => describeBins(this.core));
  }

  chunkContaining(addr: number): ChunkInfo | null {
    return findChunk(this.chunks(), addr);
  }

  kernelBytes(): { brkBytes: number; mmapBytes: number } {
    return { brkBytes: this.core.av.systemMem, mmapBytes: this.core.mmappedMem };
  }

  chunkColumns(): ChunkColumns {
    return this.core.columns.columns(this.core);
  }

  requestedSizes(): RequestedSizeTable | undefined {
    return this.requested;
  }

  stats(): HeapStats {
    return this.core.viewing(() => computeStats(this.core, this.chunks()));
  }
}
