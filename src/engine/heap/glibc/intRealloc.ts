import type { PtmallocCore } from './ptmallocCore';
import { intFree } from './intFree';
import { intMalloc } from './intMalloc';
import { MALLOC_ALIGN_MASK, MINSIZE, PREV_INUSE, SIZE_SZ, CHUNK_HDR_SZ } from './params';

/**
 * _int_realloc for a heap (not mmapped) chunk of `oldsize` and a padded request `nb`: shrink in
 * place, grow into top or into a free next chunk, or else malloc-copy-free. A spare tail of at
 * least MINSIZE is split off and freed. Returns the user pointer or 0.
 */
export function intRealloc(c: PtmallocCore, oldp: number, oldsize: number, nb: number): number {
  const av = c.av;
  if (c.sizeRaw(oldp) <= CHUNK_HDR_SZ || oldsize >= av.systemMem) c.printerr('realloc(): invalid old size');
  const next = oldp + oldsize;
  const nextsize = c.chunksize(next);
  if (c.sizeRaw(next) <= CHUNK_HDR_SZ || nextsize >= av.systemMem) c.printerr('realloc(): invalid next size');

  let newp: number;
  let newsize: number;
  if (oldsize >= nb) {
    newp = oldp;
    newsize = oldsize;
  } else if (next === av.top && oldsize + nextsize >= nb + MINSIZE) {
    // Grow into top: no split or free needed, top just starts later.
    newsize = oldsize + nextsize;
    c.setHeadSize(oldp, nb);
    av.top = oldp + nb;
    c.setHead(av.top, newsize - nb + PREV_INUSE);
    return oldp + 16;
  } else if (next !== av.top && !c.inuseBitAtOffset(next, nextsize) && oldsize + nextsize >= nb) {
    // Grow into the free chunk after it; the excess is split off below.
    newp = oldp;
    newsize = oldsize + nextsize;
    c.unlinkChunk(next);
  } else {
    // _int_malloc takes a request in bytes: nb - MALLOC_ALIGN_MASK pads back to exactly nb.
    const newmem = intMalloc(c, nb - MALLOC_ALIGN_MASK);
    if (newmem === 0) return 0;
    const np = newmem - 16;
    newsize = c.chunksize(np);
    if (np === next) {
      // The new chunk happens to be the next one: merge instead of copying.
      newsize += oldsize;
      newp = oldp;
    } else {
      const oldmem = oldp + 16;
      // memsize(oldp): the old chunk's user bytes, including the next chunk's prev_size field.
      const sz = oldsize - CHUNK_HDR_SZ + SIZE_SZ;
      c.mem.writeBytes(newmem, c.mem.readBytes(oldmem, sz));
      intFree(c, oldp, true);
      return newmem;
    }
  }

  const remainderSize = newsize - nb;
  if (remainderSize < MINSIZE) {
    c.setHeadSize(newp, newsize);
    c.setInuseBitAtOffset(newp, newsize);
  } else {
    const remainder = newp + nb;
    c.setHeadSize(newp, nb);
    c.setHead(remainder, remainderSize + PREV_INUSE);
    // Mark the remainder in use so that free() accepts it, then free it.
    c.setInuseBitAtOffset(remainder, remainderSize);
    intFree(c, remainder, true);
  }
  return newp + 16;
}
