import type { ChunkInfo, HeapStats } from './allocator';

/** What an allocator got from the kernel, for its figures. */
export interface KernelBytes {
  readonly brkBytes: number;
  readonly mmapBytes: number;
}

/**
 * An allocator's figures from its chunks (the same rules for every allocator, so they compare):
 * internal fragmentation is every byte of a held chunk beyond what the program asked for, plus
 * the allocator's own data; external fragmentation is the free bytes the largest free chunk cannot
 * serve. `footprint` gives the bytes a held chunk costs (a mapped chunk costs its whole mapping).
 */
export function summarizeChunks(chunks: readonly ChunkInfo[], kernel: KernelBytes, footprint: (c: ChunkInfo) => number = (c) => c.size): HeapStats {
  const tally = new HeapTally();
  for (const ch of chunks) {
    // Bytes a walk could not make sense of are neither the program's nor free.
    if (ch.state === 'corrupted') continue;
    if (ch.state === 'in-use' || ch.state === 'mmapped') {
      if (ch.internal) tally.overhead(ch.size);
      else tally.held(footprint(ch), ch.requested ?? ch.usable);
    } else {
      tally.free(ch.size);
    }
  }
  return tally.stats(kernel);
}

/**
 * The running sums behind HeapStats, one chunk at a time (a walk of ChunkInfo or of the heap's
 * columns): held chunks with the bytes asked for, free chunks, the allocator's own data.
 */
export class HeapTally {
  private inUseChunkBytes = 0;
  private inUseRequestedBytes = 0;
  private inUseCount = 0;
  private internal = 0;
  private freeBytes = 0;
  private largest = 0;

  /** A chunk the program holds: `bytes` it costs, `requested` of them asked for. */
  held(bytes: number, requested: number): void {
    this.inUseChunkBytes += bytes;
    this.inUseRequestedBytes += requested;
    this.inUseCount++;
    this.internal += bytes - requested;
  }

  /** `count` held chunks at once: `bytes` they cost, `requested` of them asked for. */
  heldMany(count: number, bytes: number, requested: number): void {
    this.inUseChunkBytes += bytes;
    this.inUseRequestedBytes += requested;
    this.inUseCount += count;
    this.internal += bytes - requested;
  }

  /** The allocator's own data: overhead. */
  overhead(bytes: number): void {
    this.internal += bytes;
  }

  free(bytes: number): void {
    this.freeBytes += bytes;
    if (bytes > this.largest) this.largest = bytes;
  }

  stats(kernel: KernelBytes): HeapStats {
    const external = this.freeBytes - this.largest;
    return {
      brkBytes: kernel.brkBytes,
      mmapBytes: kernel.mmapBytes,
      inUseChunkBytes: this.inUseChunkBytes,
      inUseRequestedBytes: this.inUseRequestedBytes,
      inUseCount: this.inUseCount,
      internalFragmentationBytes: this.internal,
      freeBytes: this.freeBytes,
      largestFreeBlock: this.largest,
      externalFragmentationBytes: external,
      externalFragmentationRatio: this.freeBytes === 0 ? 0 : external / this.freeBytes,
    };
  }
}

/** The chunk (header included) that holds addr, from chunks in address order. */
export function findChunkIn(chunks: readonly ChunkInfo[], addr: number): ChunkInfo | null {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = chunks[mid];
    if (addr < c.addr) hi = mid - 1;
    else if (addr >= c.addr + c.size) lo = mid + 1;
    else return c;
  }
  return null;
}
