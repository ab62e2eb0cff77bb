import type { PtmallocCore } from './ptmallocCore';
import { intFree } from './intFree';
import { intMalloc } from './intMalloc';
import { IS_MMAPPED, MINSIZE, PREV_INUSE, checkedRequest2size } from './params';

/**
 * _int_memalign (glibc 2.36): over-allocate nb + alignment + MINSIZE, find the first aligned spot
 * at least MINSIZE into the chunk, free the leading part, then free any tail of more than MINSIZE.
 * (glibc 2.38 later started looking for aligned chunks in the bins first; 2.36 does not.)
 */
export function intMemalign(c: PtmallocCore, alignment: number, bytes: number): number {
  const nb = checkedRequest2size(bytes);
  if (nb === 0 || nb + alignment + MINSIZE > 2 ** 63) return 0; // ENOMEM
  // The padded size is passed to _int_malloc as if it were a byte count, so it is padded again.
  const m = intMalloc(c, nb + alignment + MINSIZE);
  if (m === 0) return 0;
  let p = m - 16;

  if (m % alignment !== 0) {
    let brk = m + alignment - 1;
    brk = brk - (brk % alignment) - 16;
    if (brk - p < MINSIZE) brk += alignment;
    const newp = brk;
    const leadsize = brk - p;
    const newsize = c.chunksize(p) - leadsize;

    if ((c.sizeRaw(p) & IS_MMAPPED) !== 0) {
      // Inside a mapping the chunk just moves; prev_size remembers the distance to the mapping.
      c.st(newp, c.prevSize(p) + leadsize);
      c.setHead(newp, newsize + IS_MMAPPED);
      c.mmappedChunks.delete(p);
      c.mmappedChunks.add(newp);
      return newp + 16;
    }

    c.setHead(newp, newsize + PREV_INUSE);
    c.setInuseBitAtOffset(newp, newsize);
    c.setHeadSize(p, leadsize);
    intFree(c, p, true);
    p = newp;
  }

  if ((c.sizeRaw(p) & IS_MMAPPED) === 0) {
    const size = c.chunksize(p);
    if (size > nb + MINSIZE) {
      const remainder = p + nb;
      c.setHead(remainder, size - nb + PREV_INUSE);
      c.setHeadSize(p, nb);
      intFree(c, remainder, true);
    }
  }
  return p + 16;
}
