import type { PtmallocCore } from './ptmallocCore';
import { mallocConsolidate } from './mallocConsolidate';
import { sysmalloc } from './sysmalloc';
import {
  BINMAPSIZE,
  MINSIZE,
  PREV_INUSE,
  checkedRequest2size,
  csize2tidx,
  fastbinIndex,
  inSmallbinRange,
  largebinIndex,
  protectPtr,
  smallbinIndex,
  sizeOf,
} from './params';

/** glibc gives up sorting unsorted chunks after this many in one call. */
const MAX_ITERS = 10000;

/**
 * _int_malloc: serve `bytes` from the arena, in glibc's order: fastbin (exact size), smallbin
 * (exact size), then sort the unsorted bin (taking an exact fit, or the last remainder for small
 * requests), then best fit in the request's large bin, then the next non-empty bin found through
 * the binmap, then the top chunk, and finally sysmalloc. Returns the user pointer or 0.
 */
export function intMalloc(c: PtmallocCore, bytes: number): number {
  const nb = checkedRequest2size(bytes);
  if (nb === 0) return 0; // ENOMEM
  const av = c.av;
  let idx: number;

  // Fastbin: LIFO singly linked, exact size class.
  if (nb <= c.maxFast) {
    idx = fastbinIndex(nb);
    const victim = av.fastbin(idx);
    if (victim !== 0) {
      if ((victim & 15) !== 0) c.printerr('malloc(): unaligned fastbin chunk detected 2');
      av.setFastbin(idx, protectPtr(victim + 16, c.fd(victim)));
      if (fastbinIndex(c.chunksize(victim)) !== idx) c.printerr('malloc(): memory corruption (fast)');
      // While here, move other chunks of this size into the tcache (until it is full).
      const tcIdx = csize2tidx(nb);
      if (c.tcache !== 0 && tcIdx < c.tcacheBins) {
        let tcVictim: number;
        while (c.tcacheCountOf(tcIdx) < c.tcacheCount && (tcVictim = av.fastbin(idx)) !== 0) {
          if ((tcVictim & 15) !== 0) c.printerr('malloc(): unaligned fastbin chunk detected 3');
          av.setFastbin(idx, protectPtr(tcVictim + 16, c.fd(tcVictim)));
          c.tcachePut(tcVictim, tcIdx);
        }
      }
      return victim + 16;
    }
  }

  if (inSmallbinRange(nb)) {
    // Smallbin: exact size, taken from the back (FIFO with respect to insertion at the front).
    idx = smallbinIndex(nb);
    const bin = av.binAt(idx);
    const victim = c.bk(bin);
    if (victim !== bin) {
      const bck = c.bk(victim);
      if (c.fd(bck) !== victim) c.printerr('malloc(): smallbin double linked list corrupted');
      c.setInuseBitAtOffset(victim, nb);
      c.setBk(bin, bck);
      c.setFd(bck, bin);
      const tcIdx = csize2tidx(nb);
      if (c.tcache !== 0 && tcIdx < c.tcacheBins) {
        let tcVictim: number;
        while (c.tcacheCountOf(tcIdx) < c.tcacheCount && (tcVictim = c.bk(bin)) !== bin) {
          const b = c.bk(tcVictim);
          c.setInuseBitAtOffset(tcVictim, nb);
          c.setBk(bin, b);
          c.setFd(b, bin);
          c.tcachePut(tcVictim, tcIdx);
        }
      }
      return victim + 16;
    }
  } else {
    // A large request first merges all fastbin chunks, so they can serve it or be binned.
    idx = largebinIndex(nb);
    if (av.haveFastchunks) mallocConsolidate(c);
  }

  const tcIdx = csize2tidx(nb);
  const tcacheNb = c.tcache !== 0 && tcIdx < c.tcacheBins ? nb : 0;
  let returnCached = false;
  let tcacheUnsortedCount = 0;
  const unsorted = av.unsortedChunks;

  for (;;) {
    let iters = 0;
    let victim: number;
    while ((victim = c.bk(unsorted)) !== unsorted) {
      let bck = c.bk(victim);
      let size = c.chunksize(victim);
      const next = victim + size;

      if (size <= 16 || size > av.systemMem) c.printerr('malloc(): invalid size (unsorted)');
      const nextRaw = c.sizeRaw(next);
      if (nextRaw < 16 || nextRaw > av.systemMem) c.printerr('malloc(): invalid next size (unsorted)');
      if (sizeOf(c.prevSize(next)) !== size) c.printerr('malloc(): mismatching next->prev_size (unsorted)');
      if (c.fd(bck) !== victim || c.fd(victim) !== unsorted) {
        c.printerr('malloc(): unsorted double linked list corrupted');
      }
      if ((nextRaw & PREV_INUSE) !== 0) c.printerr('malloc(): invalid next->prev_inuse (unsorted)');

      // The last-remainder rule: a small request that finds only the remainder of the previous
      // split in the unsorted bin carves it again, so runs of small requests stay adjacent.
      if (inSmallbinRange(nb) && bck === unsorted && victim === av.lastRemainder && size > nb + MINSIZE) {
        const remainderSize = size - nb;
        const remainder = victim + nb;
        c.setBk(unsorted, remainder);
        c.setFd(unsorted, remainder);
        av.lastRemainder = remainder;
        c.setBk(remainder, unsorted);
        c.setFd(remainder, unsorted);
        c.clearNextsizeIfLarge(remainder, remainderSize);
        c.setSplitHeads(victim, nb, remainderSize);
        return victim + 16;
      }

      if (c.fd(bck) !== victim) c.printerr('malloc(): corrupted unsorted chunks 3');
      c.setBk(unsorted, bck);
      c.setFd(bck, unsorted);

      if (size === nb) {
        // Exact fit: fill the tcache with it first; return one from there once sorting is done.
        c.setInuseBitAtOffset(victim, size);
        if (tcacheNb !== 0 && c.tcacheCountOf(tcIdx) < c.tcacheCount) {
          c.tcachePut(victim, tcIdx);
          returnCached = true;
          continue;
        }
        return victim + 16;
      }

      // Place the chunk in its bin. Large bins are kept sorted by size, largest first, with the
      // first chunk of each size on the fd_nextsize/bk_nextsize skip list.
      let victimIndex: number;
      let fwd: number;
      if (inSmallbinRange(size)) {
        victimIndex = smallbinIndex(size);
        bck = av.binAt(victimIndex);
        fwd = c.fd(bck);
      } else {
        victimIndex = largebinIndex(size);
        bck = av.binAt(victimIndex);
        fwd = c.fd(bck);
        if (fwd !== bck) {
          size += PREV_INUSE; // compare against raw sizes, whose PREV_INUSE is always set here
          if (size < c.sizeRaw(c.bk(bck))) {
            // Smaller than the smallest: goes at the end, no walk needed.
            fwd = bck;
            bck = c.bk(bck);
            const first = c.fd(fwd);
            c.setFdNextsize(victim, first);
            c.setBkNextsize(victim, c.bkNextsize(first));
            c.setFdNextsize(c.bkNextsize(victim), victim);
            c.setBkNextsize(first, victim);
          } else {
            while (size < c.sizeRaw(fwd)) fwd = c.fdNextsize(fwd);
            if (size === c.sizeRaw(fwd)) {
              // Same size as an existing chunk: insert second, the skip list stays as it is.
              fwd = c.fd(fwd);
            } else {
              c.setFdNextsize(victim, fwd);
              c.setBkNextsize(victim, c.bkNextsize(fwd));
              if (c.fdNextsize(c.bkNextsize(fwd)) !== fwd) {
                c.printerr('malloc(): largebin double linked list corrupted (nextsize)');
              }
              c.setBkNextsize(fwd, victim);
              c.setFdNextsize(c.bkNextsize(victim), victim);
            }
            bck = c.bk(fwd);
            if (c.fd(bck) !== fwd) c.printerr('malloc(): largebin double linked list corrupted (bk)');
          }
        } else {
          c.setFdNextsize(victim, victim);
          c.setBkNextsize(victim, victim);
        }
      }
      av.markBin(victimIndex);
      c.setBk(victim, bck);
      c.setFd(victim, fwd);
      c.setBk(fwd, victim);
      c.setFd(bck, victim);

      ++tcacheUnsortedCount;
      if (returnCached && c.tcacheUnsortedLimit > 0 && tcacheUnsortedCount > c.tcacheUnsortedLimit) {
        return c.tcacheGet(tcIdx);
      }
      if (++iters >= MAX_ITERS) break;
    }

    if (returnCached) return c.tcacheGet(tcIdx);

    if (!inSmallbinRange(nb)) {
      // Best fit inside the request's own large bin: walk the skip list from the smallest size up.
      const bin = av.binAt(idx);
      victim = c.fd(bin);
      if (victim !== bin && c.sizeRaw(victim) >= nb) {
        victim = c.bkNextsize(victim);
        let size: number;
        while ((size = c.chunksize(victim)) < nb) victim = c.bkNextsize(victim);
        // Prefer the second chunk of that size, so the skip list need not be rerouted.
        if (victim !== c.bk(bin) && c.sizeRaw(victim) === c.sizeRaw(c.fd(victim))) victim = c.fd(victim);
        return takeFromBin(c, victim, size, nb, false, 'malloc(): corrupted unsorted chunks');
      }
    }

    // Scan larger bins in order, skipping empty ones with the binmap.
    ++idx;
    let bin = av.binAt(idx);
    let block = idx >>> 5;
    let map = av.binmap[block];
    let bit = (1 << (idx & 31)) >>> 0;
    let found = false;
    for (;;) {
      if (bit > map || bit === 0) {
        do {
          if (++block >= BINMAPSIZE) break;
        } while ((map = av.binmap[block]) === 0);
        if (block >= BINMAPSIZE) break; // out of bins: use top
        bin = av.binAt(block << 5);
        bit = 1;
      }
      while ((bit & map) === 0) {
        bin += 16; // next_bin
        bit = (bit << 1) >>> 0;
      }
      victim = c.bk(bin);
      if (victim === bin) {
        // A stale bit (the bin emptied since): clear it and keep looking.
        map = (map & ~bit) >>> 0;
        av.binmap[block] = map;
        bin += 16;
        bit = (bit << 1) >>> 0;
      } else {
        found = true;
        break;
      }
    }
    if (found) {
      return takeFromBin(c, victim, c.chunksize(victim), nb, true, 'malloc(): corrupted unsorted chunks 2');
    }

    // use_top: split the top chunk, which must keep at least MINSIZE bytes.
    victim = av.top;
    const size = c.chunksize(victim);
    if (size > av.systemMem) c.printerr('malloc(): corrupted top size');
    if (size >= nb + MINSIZE) {
      c.splitTop(victim, nb, size);
      return victim + 16;
    } else if (av.haveFastchunks) {
      // Fastbin chunks may merge into something big enough (or into top): consolidate and retry.
      mallocConsolidate(c);
      idx = inSmallbinRange(nb) ? smallbinIndex(nb) : largebinIndex(nb);
    } else {
      return sysmalloc(c, nb);
    }
  }
}

/**
 * Take `victim` (size `size`) out of its bin for a request of `nb`: use it whole when the rest
 * would be smaller than MINSIZE, otherwise split and put the remainder at the front of the
 * unsorted bin (advertised as last remainder when the split came from the binmap scan).
 */
function takeFromBin(
  c: PtmallocCore,
  victim: number,
  size: number,
  nb: number,
  advertiseRemainder: boolean,
  corruptedMessage: string,
): number {
  const remainderSize = size - nb;
  c.unlinkChunk(victim);
  if (remainderSize < MINSIZE) {
    c.setInuseBitAtOffset(victim, size);
  } else {
    const remainder = victim + nb;
    const bck = c.av.unsortedChunks;
    const fwd = c.fd(bck);
    if (c.bk(fwd) !== bck) c.printerr(corruptedMessage);
    c.setBk(remainder, bck);
    c.setFd(remainder, fwd);
    c.setFd(bck, remainder);
    c.setBk(fwd, remainder);
    if (advertiseRemainder && inSmallbinRange(nb)) c.av.lastRemainder = remainder;
    c.clearNextsizeIfLarge(remainder, remainderSize);
    c.setSplitHeads(victim, nb, remainderSize);
  }
  return victim + 16;
}
