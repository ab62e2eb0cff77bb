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
  let inUseChunkBytes = 0;
  let inUseRequestedBytes = 0;
  let inUseCount = 0;
  let internal = 0;
  let freeBytes = 0;
  let largest = 0;
  for (const ch of chunks) {
    // Bytes a walk could not make sense of are neither the program's nor free.
    if (ch.state === 'corrupted') continue;
    if (ch.state === 'in-use' || ch.state === 'mmapped') {
      if (ch.internal) {
        internal += ch.size; // allocator overhead
        continue;
      }
      const bytes = footprint(ch);
      const req = ch.requested ?? ch.usable;
      inUseChunkBytes += bytes;
      inUseRequestedBytes += req;
      inUseCount++;
      internal += bytes - req;
    } else {
      freeBytes += ch.size;
      if (ch.size > largest) largest = ch.size;
    }
  }
  const external = freeBytes - largest;
  return {
    brkBytes: kernel.brkBytes,
    mmapBytes: kernel.mmapBytes,
    inUseChunkBytes,
    inUseRequestedBytes,
    inUseCount,
    internalFragmentationBytes: internal,
    freeBytes,
    largestFreeBlock: largest,
    externalFragmentationBytes: external,
    externalFragmentationRatio: freeBytes === 0 ? 0 : external / freeBytes,
  };
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
