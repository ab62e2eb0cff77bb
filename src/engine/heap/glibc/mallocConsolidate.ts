import type { PtmallocCore } from './ptmallocCore';
import { NFASTBINS, PREV_INUSE, fastbinIndex, protectPtr } from './params';

/**
 * malloc_consolidate: empty every fastbin, merging each chunk with free neighbours, and put the
 * results at the front of the unsorted bin (or into top when they border it). Fastbin chunks
 * keep their in-use bit while binned, which is why this pass is needed before best-fit search.
 */
export function mallocConsolidate(c: PtmallocCore): void {
  const av = c.av;
  av.haveFastchunks = false;
  const unsorted = av.unsortedChunks;

  for (let fbIdx = 0; fbIdx < NFASTBINS; fbIdx++) {
    let p = av.fastbin(fbIdx);
    av.setFastbin(fbIdx, 0);
    while (p !== 0) {
      if ((p & 15) !== 0) c.printerr('malloc_consolidate(): unaligned fastbin chunk detected');
      if (fastbinIndex(c.chunksize(p)) !== fbIdx) c.printerr('malloc_consolidate(): invalid chunk size');
      const nextp = protectPtr(p + 16, c.fd(p));
      let size = c.chunksize(p);
      const nextchunk = p + size;
      const nextsize = c.chunksize(nextchunk);

      if (!c.prevInuse(p)) {
        const prevsize = c.prevSize(p);
        size += prevsize;
        p -= prevsize;
        if (c.chunksize(p) !== prevsize) c.printerr('corrupted size vs. prev_size in fastbins');
        c.unlinkChunk(p);
      }

      if (nextchunk !== av.top) {
        if (!c.inuseBitAtOffset(nextchunk, nextsize)) {
          size += nextsize;
          c.unlinkChunk(nextchunk);
        } else {
          c.clearInuseBitAtOffset(nextchunk, 0);
        }
        const firstUnsorted = c.fd(unsorted);
        c.setFd(unsorted, p);
        c.setBk(firstUnsorted, p);
        c.clearNextsizeIfLarge(p, size);
        c.setHead(p, size + PREV_INUSE);
        c.setBk(p, unsorted);
        c.setFd(p, firstUnsorted);
        c.setFoot(p, size);
      } else {
        size += nextsize;
        c.setHead(p, size + PREV_INUSE);
        av.top = p;
      }
      p = nextp;
    }
  }
}
