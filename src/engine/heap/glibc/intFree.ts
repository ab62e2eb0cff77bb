import type { PtmallocCore } from './ptmallocCore';
import { mallocConsolidate } from './mallocConsolidate';
import { munmapChunk, systrim } from './sysmalloc';
import {
  FASTBIN_CONSOLIDATION_THRESHOLD,
  MINSIZE,
  PREV_INUSE,
  TWO_POW_64,
  csize2tidx,
  fastbinIndex,
  protectPtr,
} from './params';

/**
 * _int_free: give chunk `p` back: to the tcache if its bin has room, else to a fastbin if small,
 * else merge it with free neighbours into the unsorted bin or into top, then maybe trim top.
 * `haveLock` only matters for one fastbin check, as in glibc.
 */
export function intFree(c: PtmallocCore, p: number, haveLock: boolean): void {
  const av = c.av;
  let size = c.chunksize(p);

  // The allocator never wraps around the address space, and chunks are 16-byte aligned:
  // (uintptr_t) p > (uintptr_t) -size is true for size 0 too, since -0 == 0.
  const negSize = size === 0 ? 0 : TWO_POW_64 - size;
  if (p > negSize || (p & 15) !== 0) c.printerr('free(): invalid pointer');
  if (size < MINSIZE || (size & 15) !== 0) c.printerr('free(): invalid size');

  const tcIdx = csize2tidx(size);
  if (c.tcache !== 0 && tcIdx < c.tcacheBins) {
    const e = p + 16;
    // The key marks chunks already in the tcache; confirm by walking the bin before aborting.
    if (c.mem.read64(e + 8) === c.tcacheKey) {
      let cnt = 0;
      for (let tmp = c.tcacheEntry(tcIdx); tmp !== 0; tmp = protectPtr(tmp, c.mem.read64(tmp)), ++cnt) {
        if (cnt >= c.tcacheCount) c.printerr('free(): too many chunks detected in tcache');
        if ((tmp & 15) !== 0) c.printerr('free(): unaligned chunk detected in tcache 2');
        if (tmp === e) c.printerr('free(): double free detected in tcache 2');
      }
    }
    if (c.tcacheCountOf(tcIdx) < c.tcacheCount) {
      c.tcachePut(p, tcIdx);
      return;
    }
  }

  if (size <= c.maxFast) {
    const nextRaw = c.sizeRaw(p + size);
    if (nextRaw <= 16 || c.chunksize(p + size) >= av.systemMem) {
      c.printerr('free(): invalid next size (fast)');
    }
    av.haveFastchunks = true;
    const idx = fastbinIndex(size);
    const old = av.fastbin(idx);
    // Only the head of the bin is checked: freeing the same chunk twice in a row.
    if (old === p) c.printerr('double free or corruption (fasttop)');
    c.setFd(p, protectPtr(p + 16, old));
    av.setFastbin(idx, p);
    if (haveLock && old !== 0 && fastbinIndex(c.chunksize(old)) !== idx) {
      c.printerr('invalid fastbin entry (free)');
    }
    return;
  }

  if ((c.sizeRaw(p) & 2) !== 0) {
    munmapChunk(c, p);
    return;
  }

  const nextchunk = p + size;
  if (p === av.top) c.printerr('double free or corruption (top)');
  if (av.contiguous && nextchunk >= av.top + c.chunksize(av.top)) c.printerr('double free or corruption (out)');
  if (!c.prevInuse(nextchunk)) c.printerr('double free or corruption (!prev)');
  const nextsize = c.chunksize(nextchunk);
  if (c.sizeRaw(nextchunk) <= 16 || nextsize >= av.systemMem) c.printerr('free(): invalid next size (normal)');

  // Consolidate backward.
  if (!c.prevInuse(p)) {
    const prevsize = c.prevSize(p);
    size += prevsize;
    p -= prevsize;
    if (c.chunksize(p) !== prevsize) c.printerr('corrupted size vs. prev_size while consolidating');
    c.unlinkChunk(p);
  }

  if (nextchunk !== av.top) {
    // Consolidate forward, or tell the next chunk that its predecessor is now free.
    if (!c.inuseBitAtOffset(nextchunk, nextsize)) {
      c.unlinkChunk(nextchunk);
      size += nextsize;
    } else {
      c.clearInuseBitAtOffset(nextchunk, 0);
    }
    // Into the unsorted bin: chunks get one chance to be reused before being sorted into bins.
    const bck = av.unsortedChunks;
    const fwd = c.fd(bck);
    if (c.bk(fwd) !== bck) c.printerr('free(): corrupted unsorted chunks');
    c.setFd(p, fwd);
    c.setBk(p, bck);
    c.clearNextsizeIfLarge(p, size);
    c.setFd(bck, p);
    c.setBk(fwd, p);
    c.setHead(p, size + PREV_INUSE);
    c.setFoot(p, size);
  } else {
    // Borders the top chunk: becomes part of it.
    size += nextsize;
    c.setHead(p, size + PREV_INUSE);
    av.top = p;
  }

  // A big free chunk: merge fastbins (they may border top) and give memory back if top is large.
  if (size >= FASTBIN_CONSOLIDATION_THRESHOLD) {
    if (av.haveFastchunks) mallocConsolidate(c);
    if (c.chunksize(av.top) >= c.trimThreshold) systrim(c, c.topPad);
  }
}
