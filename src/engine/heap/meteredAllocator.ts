import type { HeapActivity } from '../../shared/snapshot';
import type { MemoryAccess } from '../memory/memoryAccess';
import type { KernelBytes } from './heapStats';
import type { Allocator, BinInfo, RequestedSizes, ChunkInfo, HeapEventListener, HeapStats, PosixMemalignResult } from './allocator';
import type { HeapHost } from './heapHost';
import { RequestedSizeTable } from './requestedSizeTable';
import { type ChunkColumns, columnsOf } from './chunkColumns';

const PAGE = 4096;
const pageUp = (n: number): number => Math.ceil(n / PAGE) * PAGE;

function noActivity(): HeapActivity {
  return {
    brkCalls: 0, mmapCalls: 0, munmapCalls: 0, mremapCalls: 0, failedRequests: 0,
    liveRequestedBytes: 0, peakRequestedBytes: 0, peakStep: -1, kernelBytes: 0, peakKernelBytes: 0,
  };
}

/**
 * Any allocator, counted: its kernel calls (through the host it is given), the requests it failed,
 * and the live requested bytes with their peak, so that runs under different allocators compare.
 * Plain fields only (no closures over itself), so saved states copy it with the process.
 */
export class MeteredAllocator implements Allocator {
  readonly activity: HeapActivity = noActivity();
  /** The step now, for `peakStep`; the language sets it to its machine's step counter. */
  clock: () => number = () => -1;
  private readonly inner: Allocator;
  /**
   * The requested sizes, when the inner allocator keeps none (glibc and the teaching allocators
   * do: a second table would cost 2 bytes per 16 of heap again, 10 MB over a million blocks).
   */
  private readonly ownSizes: RequestedSizeTable | undefined;

  constructor(make: (host: HeapHost) => Allocator, host: HeapHost) {
    this.inner = make(new CountingHeapHost(host, this.activity));
    this.ownSizes = this.inner.requestedSizes?.() === undefined ? new RequestedSizeTable() : undefined;
  }

  /** The requested size of the live block at ptr (read before the inner allocator forgets it). */
  private requestedOf(ptr: number): number | undefined {
    // The inner table is asked for each time, never kept: a checkpoint's copy has its own.
    return (this.ownSizes ?? this.inner.requestedSizes!()!).get(ptr);
  }

  get name(): string {
    return this.inner.name;
  }

  malloc(size: number): number {
    return this.allocated(this.inner.malloc(size), size);
  }

  calloc(count: number, size: number): number {
    return this.allocated(this.inner.calloc(count, size), count * size);
  }

  realloc(ptr: number, size: number): number {
    const old = ptr === 0 ? undefined : this.requestedOf(ptr);
    const result = this.inner.realloc(ptr, size);
    if (ptr === 0) return this.allocated(result, size);
    if (size === 0 && result === 0) {
      this.released(ptr, old);
      return 0;
    }
    if (result === 0) {
      this.activity.failedRequests++;
      return 0;
    }
    this.released(ptr, old);
    return this.allocated(result, size);
  }

  free(ptr: number): void {
    if (ptr !== 0) this.released(ptr, this.requestedOf(ptr));
    this.inner.free(ptr);
  }

  posixMemalign(alignment: number, size: number): PosixMemalignResult {
    const r = this.inner.posixMemalign(alignment, size);
    if (r.ret === 0) this.allocated(r.ptr, size);
    else if (r.ret !== 22) this.activity.failedRequests++; // EINVAL is the caller's mistake, not a failure
    return r;
  }

  memalign(alignment: number, size: number): number {
    return this.allocated(this.inner.memalign(alignment, size), size);
  }

  alignedAlloc(alignment: number, size: number): number {
    return this.allocated(this.inner.alignedAlloc(alignment, size), size);
  }

  mallocUsableSize(ptr: number): number {
    return this.inner.mallocUsableSize(ptr);
  }

  mallocTrim(pad: number): number {
    return this.inner.mallocTrim(pad);
  }

  chunks(): ChunkInfo[] {
    return this.inner.chunks();
  }

  bins(): BinInfo[] {
    return this.inner.bins();
  }

  chunkColumns(): ChunkColumns {
    return this.inner.chunkColumns?.() ?? columnsOf(this.inner.chunks());
  }

  chunkContaining(addr: number): ChunkInfo | null {
    return this.inner.chunkContaining(addr);
  }

  stats(): HeapStats {
    return this.inner.stats();
  }

  /** The kernel's share from the allocator's own running counters, or from what this meter counted. */
  kernelBytes(): KernelBytes {
    return this.inner.kernelBytes?.() ?? this.stats();
  }

  requestedSizes(): RequestedSizes | undefined {
    return this.ownSizes ?? this.inner.requestedSizes?.();
  }

  setListener(listener: HeapEventListener | undefined): void {
    this.inner.setListener(listener);
  }

  private allocated(ptr: number, size: number): number {
    const a = this.activity;
    if (ptr === 0) {
      a.failedRequests++;
      return 0;
    }
    this.ownSizes?.set(ptr, size);
    a.liveRequestedBytes += size;
    if (a.liveRequestedBytes > a.peakRequestedBytes) {
      a.peakRequestedBytes = a.liveRequestedBytes;
      a.peakStep = this.clock();
    }
    return ptr;
  }

  private released(ptr: number, size: number | undefined): void {
    if (size === undefined) return; // not a live block: the allocator (or the checks) deal with it
    this.ownSizes?.delete(ptr);
    this.activity.liveRequestedBytes -= size;
  }
}

/** The host an allocator gets: the process's, with every kernel call counted. */
class CountingHeapHost implements HeapHost {
  readonly memory: MemoryAccess;
  readonly viewMemory?: MemoryAccess;

  constructor(private readonly host: HeapHost, private readonly activity: HeapActivity) {
    this.memory = host.memory;
    this.viewMemory = host.viewMemory;
  }

  sbrk(increment: number): number | null {
    const old = this.host.sbrk(increment);
    if (increment !== 0) {
      this.activity.brkCalls++;
      if (old !== null) this.held(increment);
    }
    return old;
  }

  mmap(length: number): number | null {
    this.activity.mmapCalls++;
    const addr = this.host.mmap(length);
    if (addr !== null) this.held(pageUp(length));
    return addr;
  }

  munmap(addr: number, length: number): void {
    this.activity.munmapCalls++;
    this.host.munmap(addr, length);
    this.held(-pageUp(length));
  }

  /** Without mremap in the process, null: the allocator then moves the block itself, as it would on failure. */
  mremap(addr: number, oldLength: number, newLength: number): number | null {
    if (this.host.mremap === undefined) return null;
    this.activity.mremapCalls++;
    const moved = this.host.mremap(addr, oldLength, newLength);
    if (moved !== null) this.held(pageUp(newLength) - pageUp(oldLength));
    return moved;
  }

  /** Without madvise in the process, the pages are zeroed, which reads the same (see HeapHost). */
  madviseDontneed(addr: number, length: number): void {
    if (this.host.madviseDontneed !== undefined) this.host.madviseDontneed(addr, length);
    else this.host.memory.fill(addr, length, 0);
  }

  abort(message: string): never {
    return this.host.abort(message);
  }

  private held(delta: number): void {
    const a = this.activity;
    a.kernelBytes += delta;
    if (a.kernelBytes > a.peakKernelBytes) a.peakKernelBytes = a.kernelBytes;
  }
}
