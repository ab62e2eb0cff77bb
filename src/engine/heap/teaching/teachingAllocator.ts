import type { MemoryAccess } from '../../memory/memoryAccess';
import { type HeapHost, viewQuietly } from '../heapHost';
import {
  EINVAL,
  ENOMEM,
  isPosixMemalignAlignment,
  type AllocatingCall,
  type Allocator,
  type BinInfo,
  type ChunkInfo,
  type HeapEvent,
  type HeapEventListener,
  type HeapStats,
  type PosixMemalignResult,
} from '../allocator';
import { RequestedSizeTable } from '../requestedSizeTable';
import { findChunkIn, summarizeChunks } from '../heapStats';
import { type HeapGrowth, HeapSegment, PAGE, alignUp } from './heapSegment';

/** Requests of this many bytes and more get a mapping of their own (glibc's initial M_MMAP_THRESHOLD). */
export const MMAP_THRESHOLD = 128 * 1024;
/** A mapped block's header: the offset of the header from the mapping's start, then the mapping's length. */
const MAPPED_HEADER = 16;
/** malloc's alignment on x86-64 (alignof(max_align_t)). */
export const ALIGNMENT = 16;
/** Requests this big cannot be served (glibc's PTRDIFF_MAX rule, kept so every allocator fails alike). */
const MAX_REQUEST = 2 ** 63 - 1;

/** A block the heap part of an allocator handed out: where its header starts and how big it is. */
export interface HeapBlockPlace {
  readonly chunk: number;
  readonly size: number;
}

/**
 * What the teaching allocators share: the C calls' argument rules (as glibc applies them, so a
 * program behaves alike under every allocator), the events the leak and error checkers follow,
 * requests of 128 KiB and more in mappings of their own, over-aligned requests (memalign), and
 * introspection on the quiet view of memory. Each subclass is one algorithm on the brk heap
 * (`this.segment`); all its metadata lives in simulated bytes, read back by `heapChunks` and
 * `heapBins`.
 */
export abstract class TeachingAllocator implements Allocator {
  abstract readonly name: string;
  /** Where loads and stores go: the process's memory, or its quiet view while viewing. */
  mem: MemoryAccess;
  protected readonly segment: HeapSegment;
  private listener: HeapEventListener | undefined;
  private readonly requested = new RequestedSizeTable();
  /** Header addresses of the live mapped blocks (bookkeeping for views; the bytes say the rest). */
  private readonly mapped = new Set<number>();
  private mappedBytes = 0;
  /** Requests at or above this size are mapped; Infinity keeps everything in the heap. */
  protected mmapThreshold = MMAP_THRESHOLD;

  constructor(protected readonly host: HeapHost, growth?: HeapGrowth) {
    this.mem = host.memory;
    this.segment = new HeapSegment(host, (e) => this.emit(e), growth);
  }

  // ---- what each algorithm provides (heap blocks only; mapped ones are handled here) ----

  /** A block of at least `size` usable bytes from the heap, 16-aligned; 0 when memory ran out. */
  protected abstract allocate(size: number): number;
  /** Gives a heap block back; aborts (as glibc's malloc_printerr) on a pointer it never handed out. */
  protected abstract release(ptr: number): void;
  /** Usable bytes of a live heap block. */
  protected abstract usable(ptr: number): number;
  /** The block's header and size as the views draw it. */
  protected abstract place(ptr: number): HeapBlockPlace;
  /** Grows or shrinks a heap block where it is, if the algorithm can; false to move it. */
  protected resizeInPlace(_ptr: number, _size: number): boolean {
    return false;
  }
  /** malloc_trim: give back free memory at the end of the heap; true if any went back. */
  protected trim(_pad: number): boolean {
    return false;
  }
  /** The heap's chunks in address order (the allocator's own data marked internal). */
  protected abstract heapChunks(): ChunkInfo[];
  /** The free lists, each in the order the next allocation would take them. */
  protected abstract heapBins(): BinInfo[];

  // ---- the C calls ----

  setListener(listener: HeapEventListener | undefined): void {
    this.listener = listener;
  }

  malloc(size: number): number {
    const ptr = this.obtain(size);
    this.allocated('malloc', ptr, size);
    return ptr;
  }

  calloc(count: number, size: number): number {
    const bytes = count * size;
    if (!Number.isSafeInteger(bytes) || bytes > MAX_REQUEST) return 0;
    const ptr = this.obtain(bytes);
    // A mapping is fresh from the kernel, hence zero; heap memory may hold old bytes.
    if (ptr !== 0 && !this.isMapped(ptr)) this.mem.fill(ptr, bytes, 0);
    this.allocated('calloc', ptr, bytes);
    return ptr;
  }

  realloc(ptr: number, size: number): number {
    if (ptr === 0) {
      const fresh = this.obtain(size);
      this.allocated('realloc', fresh, size);
      return fresh;
    }
    if (size === 0) {
      // glibc's REALLOC_ZERO_BYTES_FREES: realloc(p, 0) frees p and returns NULL.
      this.free(ptr);
      return 0;
    }
    if (size > MAX_REQUEST) return 0;
    const oldUsable = this.usableOf(ptr);
    let result = ptr;
    if (this.isMapped(ptr) || !this.resizeInPlace(ptr, size)) {
      result = this.obtain(size);
      if (result === 0) return 0; // the old block stays as it was
      this.mem.writeBytes(result, this.mem.readBytes(ptr, Math.min(oldUsable, size)));
      this.discard(ptr);
    }
    this.requested.delete(ptr);
    this.requested.set(result, size);
    const at = this.placeOf(result);
    this.emit({ kind: 'realloc', oldPtr: ptr, ptr: result, requested: size, chunk: at.chunk, size: at.size, moved: result !== ptr });
    return result;
  }

  free(ptr: number): void {
    if (ptr === 0) return;
    if (this.listener !== undefined && this.isLive(ptr)) {
      const at = this.placeOf(ptr);
      this.emit({ kind: 'free', ptr, chunk: at.chunk, size: at.size });
    }
    this.requested.delete(ptr);
    this.discard(ptr);
  }

  posixMemalign(alignment: number, size: number): PosixMemalignResult {
    if (!isPosixMemalignAlignment(alignment)) return { ret: EINVAL, ptr: 0 };
    const ptr = this.obtainAligned(alignment, size);
    if (ptr === 0) return { ret: ENOMEM, ptr: 0 };
    this.allocated('posix_memalign', ptr, size);
    return { ret: 0, ptr };
  }

  memalign(alignment: number, size: number): number {
    const ptr = this.obtainAligned(alignment, size);
    this.allocated('memalign', ptr, size);
    return ptr;
  }

  alignedAlloc(alignment: number, size: number): number {
    const ptr = this.obtainAligned(alignment, size);
    this.allocated('aligned_alloc', ptr, size);
    return ptr;
  }

  mallocUsableSize(ptr: number): number {
    return ptr === 0 ? 0 : this.usableOf(ptr);
  }

  mallocTrim(pad: number): number {
    return this.trim(pad) ? 1 : 0;
  }

  // ---- introspection (on the quiet view of memory: looking changes nothing) ----

  chunks(): ChunkInfo[] {
    return this.viewing(() => {
      const out = this.heapChunks();
      for (const chunk of [...this.mapped].sort((a, b) => a - b)) {
        const userPtr = chunk + MAPPED_HEADER;
        const size = this.mappingLength(chunk) - this.mem.read64(chunk);
        const info: ChunkInfo = { addr: chunk, size, userPtr, usable: size - MAPPED_HEADER, state: 'mmapped' };
        const requested = this.requested.get(userPtr);
        if (requested !== undefined) info.requested = requested;
        out.push(info);
      }
      return out;
    });
  }

  bins(): BinInfo[] {
    return this.viewing(() => this.heapBins());
  }

  chunkContaining(addr: number): ChunkInfo | null {
    return findChunkIn(this.chunks(), addr);
  }

  stats(): HeapStats {
    const chunks = this.chunks();
    return summarizeChunks(chunks, { brkBytes: this.segment.size, mmapBytes: this.mappedBytes }, (c) => (c.state === 'mmapped' ? this.viewing(() => this.mappingLength(c.addr)) : c.size));
  }

  kernelBytes(): { brkBytes: number; mmapBytes: number } {
    return { brkBytes: this.segment.size, mmapBytes: this.mappedBytes };
  }

  requestedSizes(): RequestedSizeTable {
    return this.requested;
  }

  // ---- for subclasses ----

  /** The requested size of a live block, when it was recorded (views show it). */
  protected requestedOf(ptr: number): number | undefined {
    return this.requested.get(ptr);
  }

  protected emit(event: HeapEvent): void {
    this.listener?.(event);
  }

  /** glibc's malloc_printerr: the message, then SIGABRT. */
  protected abort(message: string): never {
    return this.host.abort(`${message} (${this.name})`);
  }

  protected viewing<T>(walk: () => T): T {
    return viewQuietly(this, this.host, walk);
  }

  // ---- internals ----

  private obtain(size: number): number {
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_REQUEST) return 0;
    if (size >= this.mmapThreshold) return this.mapBlock(size, ALIGNMENT);
    return this.allocate(size);
  }

  /**
   * memalign and friends: alignments up to 16 are malloc's own; larger ones get a mapping of
   * their own, with the block placed at the first aligned address past its header (glibc carves
   * them from the heap; a mapping keeps every algorithm's heap untouched by odd alignments).
   */
  private obtainAligned(alignment: number, size: number): number {
    if (alignment <= ALIGNMENT) return this.obtain(size);
    if (!isPowerOfTwo(alignment)) {
      let a = ALIGNMENT * 2;
      while (a < alignment) a *= 2;
      alignment = a;
    }
    if (alignment > 2 ** 40 || !Number.isSafeInteger(size) || size > MAX_REQUEST) return 0;
    return this.mapBlock(size, alignment);
  }

  private mapBlock(size: number, alignment: number): number {
    const slack = alignment > ALIGNMENT ? alignment : 0;
    const length = alignUp(size + MAPPED_HEADER + slack, PAGE);
    const start = this.host.mmap(length);
    if (start === null) return 0;
    this.emit({ kind: 'mmap', addr: start, length });
    const ptr = alignUp(start + MAPPED_HEADER, alignment);
    const chunk = ptr - MAPPED_HEADER;
    this.mem.write64(chunk, chunk - start);
    this.mem.write64(chunk + 8, length);
    this.mapped.add(chunk);
    this.mappedBytes += length;
    return ptr;
  }

  private isMapped(ptr: number): boolean {
    return this.mapped.has(ptr - MAPPED_HEADER);
  }

  /** A mapped block's header: [offset of the header from the mapping's start, the mapping's length]. */
  private mappingLength(chunk: number): number {
    return this.mem.read64(chunk + 8);
  }

  /** Whether ptr is a block the program holds (so a bad free is left for release to judge). */
  private isLive(ptr: number): boolean {
    return this.isMapped(ptr) || this.requested.get(ptr) !== undefined;
  }

  private usableOf(ptr: number): number {
    if (!this.isMapped(ptr)) return this.usable(ptr);
    const chunk = ptr - MAPPED_HEADER;
    return this.mappingLength(chunk) - this.mem.read64(chunk) - MAPPED_HEADER;
  }

  private placeOf(ptr: number): HeapBlockPlace {
    if (!this.isMapped(ptr)) return this.place(ptr);
    const chunk = ptr - MAPPED_HEADER;
    return { chunk, size: this.mappingLength(chunk) - this.mem.read64(chunk) };
  }

  private discard(ptr: number): void {
    if (this.isMapped(ptr)) {
      const chunk = ptr - MAPPED_HEADER;
      const start = chunk - this.mem.read64(chunk);
      const length = this.mem.read64(chunk + 8);
      this.mapped.delete(chunk);
      this.mappedBytes -= length;
      this.host.munmap(start, length);
      this.emit({ kind: 'munmap', addr: start, length });
      return;
    }
    if (!this.segment.contains(ptr)) this.abort('free(): invalid pointer');
    this.release(ptr);
  }

  private allocated(call: AllocatingCall, ptr: number, requested: number): void {
    if (ptr === 0) return;
    this.requested.set(ptr, requested);
    if (this.listener === undefined) return;
    const at = this.placeOf(ptr);
    this.emit({ kind: 'malloc', call, ptr, requested, chunk: at.chunk, size: at.size });
  }
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}
