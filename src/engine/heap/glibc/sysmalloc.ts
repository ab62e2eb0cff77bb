import type { PtmallocCore } from './ptmallocCore';
import { intFree } from './intFree';
import { NONCONTIGUOUS_BIT } from './mallocState';
import {
  CHUNK_HDR_SZ,
  IS_MMAPPED,
  MALLOC_ALIGNMENT,
  MINSIZE,
  MMAP_AS_MORECORE_SIZE,
  PAGE_SIZE,
  PREV_INUSE,
  SIZE_SZ,
  alignDown,
  alignUp,
  isPowerOf2,
} from './params';

/** sbrk through the host, reporting the change; null on failure (glibc's MORECORE_FAILURE). */
function morecore(c: PtmallocCore, increment: number): number | null {
  const old = c.host.sbrk(increment);
  if (old !== null && increment !== 0) {
    c.emit({ kind: 'sbrk', increment, oldBreak: old, newBreak: old + increment });
  }
  return old;
}

function mmap(c: PtmallocCore, length: number): number | null {
  const addr = c.host.mmap(length);
  if (addr !== null) c.emit({ kind: 'mmap', addr, length });
  return addr;
}

/**
 * sysmalloc_mmap: a chunk of its own mapping. The size gets one extra SIZE_SZ because no next chunk
 * lends its prev_size field, and is rounded up to whole pages. prev_size holds the offset from the
 * mapping start (0 here; memalign may move the chunk inside the mapping).
 */
function sysmallocMmap(c: PtmallocCore, nb: number): number {
  const size = alignUp(nb + SIZE_SZ, PAGE_SIZE);
  const mm = mmap(c, size);
  if (mm === null) return 0;
  c.st(mm, 0);
  c.setHead(mm, size + IS_MMAPPED);
  const n = ++c.nMmaps;
  if (n > c.maxNMmaps) c.maxNMmaps = n;
  c.mmappedMem += size;
  if (c.mmappedMem > c.maxMmappedMem) c.maxMmappedMem = c.mmappedMem;
  c.mmappedChunks.add(mm);
  return mm + 16;
}

/**
 * sysmalloc: the request cannot be served from the arena. Requests at or above the mmap threshold
 * get their own mapping; otherwise top grows with sbrk by the request plus top_pad plus MINSIZE,
 * less what top already has, rounded to pages (so the first heap is 0x21000 bytes for small
 * requests). If brk fails, an mmapped region of at least 1 MiB stands in, and the heap becomes
 * non-contiguous.
 */
export function sysmalloc(c: PtmallocCore, nb: number): number {
  const av = c.av;
  if (nb >= c.mmapThreshold && c.nMmaps < c.nMmapsMax) {
    const mm = sysmallocMmap(c, nb);
    if (mm !== 0) return mm; // else fall back to growing the heap
  }

  const oldTop = av.top;
  let oldSize = c.chunksize(oldTop);
  const oldEnd = oldTop + oldSize;
  let brk: number | null = null;
  let sndBrk: number | null = null;

  let size = nb + c.topPad + MINSIZE;
  if (av.contiguous) size -= oldSize;
  size = alignUp(size, PAGE_SIZE);
  if (size > 0) brk = morecore(c, size);

  if (brk === null) {
    // sysmalloc_mmap_fallback: cannot merge with old top, so its size is requested again.
    let msize = size;
    if (av.contiguous) msize = alignUp(msize + oldSize, PAGE_SIZE);
    if (msize < MMAP_AS_MORECORE_SIZE) msize = MMAP_AS_MORECORE_SIZE;
    if (msize > nb) {
      const mbrk = mmap(c, msize);
      if (mbrk !== null) {
        av.flags |= NONCONTIGUOUS_BIT;
        size = msize;
        brk = mbrk;
        sndBrk = brk + size;
      }
    }
  }

  if (brk !== null) {
    if (c.sbrkBase === 0) c.sbrkBase = brk;
    av.systemMem += size;

    if (brk === oldEnd && sndBrk === null) {
      // The new space extends the old top.
      c.setHead(oldTop, size + oldSize + PREV_INUSE);
    } else if (av.contiguous && oldSize !== 0 && brk < oldEnd) {
      c.printerr('break adjusted to free malloc space');
    } else {
      // First time through, a foreign sbrk in between, or a non-contiguous region: align the
      // start, and ask for enough more to end on a page boundary.
      let correction = 0;
      let alignedBrk = brk;
      if (av.contiguous) {
        if (oldSize !== 0) av.systemMem += brk - oldEnd;
        const frontMisalign = (brk + 16) % MALLOC_ALIGNMENT;
        if (frontMisalign > 0) {
          correction = MALLOC_ALIGNMENT - frontMisalign;
          alignedBrk += correction;
        }
        correction += oldSize;
        const endMisalign = brk + size + correction;
        correction += alignUp(endMisalign, PAGE_SIZE) - endMisalign;
        sndBrk = morecore(c, correction);
        if (sndBrk === null) {
          correction = 0;
          sndBrk = morecore(c, 0);
        }
      } else if (sndBrk === null) {
        sndBrk = morecore(c, 0);
      }

      if (sndBrk !== null) {
        av.top = alignedBrk;
        c.setHead(alignedBrk, sndBrk - alignedBrk + correction + PREV_INUSE);
        av.systemMem += correction;
        if (oldSize !== 0) {
          // Double fencepost at the end of the old top, so nothing merges across the gap; the
          // rest of the old top is freed.
          oldSize = alignDown(oldSize - 2 * CHUNK_HDR_SZ, MALLOC_ALIGNMENT);
          c.setHead(oldTop, oldSize + PREV_INUSE);
          c.setHead(oldTop + oldSize, CHUNK_HDR_SZ + PREV_INUSE);
          c.setHead(oldTop + oldSize + CHUNK_HDR_SZ, CHUNK_HDR_SZ + PREV_INUSE);
          if (oldSize >= MINSIZE) intFree(c, oldTop, true);
        }
      }
    }
    recordSegment(c);
  }

  if (av.systemMem > av.maxSystemMem) av.maxSystemMem = av.systemMem;

  const p = av.top;
  const topSize = c.chunksize(p);
  if (topSize >= nb + MINSIZE) {
    c.splitTop(p, nb, topSize);
    return p + 16;
  }
  return 0; // ENOMEM
}

/** Introspection bookkeeping: the heap segment that holds top now ends where top ends. */
function recordSegment(c: PtmallocCore): void {
  const top = c.av.top;
  const end = top + c.chunksize(top);
  for (const seg of c.segments) {
    if (seg.start <= top && top <= seg.end) {
      seg.end = end;
      return;
    }
  }
  c.segments.push({ start: top, end });
}

/**
 * systrim: give back whole pages at the top of the heap with a negative sbrk, keeping `pad` bytes
 * (plus MINSIZE) in top. Only when the break is still where malloc left it. Returns 1 if released.
 */
export function systrim(c: PtmallocCore, pad: number): number {
  const av = c.av;
  const topSize = c.chunksize(av.top);
  const topArea = topSize - MINSIZE - 1;
  // glibc compares the signed top_area with the unsigned pad, so a minimal top (top_area = -1)
  // passes the test and the unsigned arithmetic makes `extra` negative: the "trim" then grows
  // the heap by pad + 1 rounded up to a page. Reproduced as is.
  let extra: number;
  if (topArea >= 0) {
    if (topArea <= pad) return 0;
    extra = alignDown(topArea - pad, PAGE_SIZE);
  } else {
    extra = -alignUp(pad - topArea, PAGE_SIZE);
  }
  if (extra === 0) return 0;
  const currentBrk = c.host.sbrk(0);
  if (currentBrk !== av.top + topSize) return 0;
  morecore(c, -extra);
  const newBrk = c.host.sbrk(0);
  if (newBrk === null || currentBrk === null) return 0;
  const released = currentBrk - newBrk;
  if (released === 0) return 0;
  av.systemMem -= released;
  c.setHead(av.top, topSize - released + PREV_INUSE);
  recordSegment(c);
  if (released > 0) c.emit({ kind: 'trim', released, newBreak: newBrk });
  return 1;
}

/** Checks shared by munmap_chunk and mremap_chunk: the mapping must be page aligned. */
function checkMmappedChunk(c: PtmallocCore, p: number, message: string): void {
  const block = p - c.prevSize(p);
  const total = c.prevSize(p) + c.chunksize(p);
  if (block % PAGE_SIZE !== 0 || total % PAGE_SIZE !== 0 || !isPowerOf2((p + 16) % PAGE_SIZE)) {
    c.printerr(message);
  }
}

/** munmap_chunk: unmap the whole mapping (the chunk may sit at an offset inside it). */
export function munmapChunk(c: PtmallocCore, p: number): void {
  checkMmappedChunk(c, p, 'munmap_chunk(): invalid pointer');
  const offset = c.prevSize(p);
  const block = p - offset;
  const total = offset + c.chunksize(p);
  c.nMmaps--;
  c.mmappedMem -= total;
  c.mmappedChunks.delete(p);
  c.host.munmap(block, total);
  c.emit({ kind: 'munmap', addr: block, length: total });
}

/**
 * mremap_chunk: resize an mmapped chunk's mapping (MREMAP_MAYMOVE). Returns the new chunk, or 0
 * when the host cannot remap (the caller then allocates, copies and frees).
 */
export function mremapChunk(c: PtmallocCore, p: number, newSize: number): number {
  const offset = c.prevSize(p);
  const size = c.chunksize(p);
  checkMmappedChunk(c, p, 'mremap_chunk(): invalid pointer');
  const block = p - offset;
  const total = offset + size;
  const newTotal = alignUp(newSize + offset + SIZE_SZ, PAGE_SIZE);
  if (newTotal === total) return p; // same number of pages
  const remap = c.host.mremap;
  if (remap === undefined) return 0;
  const cp = remap.call(c.host, block, total, newTotal);
  if (cp === null) return 0;
  c.emit({ kind: 'mremap', oldAddr: block, oldLength: total, addr: cp, length: newTotal });
  const np = cp + offset;
  c.setHead(np, newTotal - offset + IS_MMAPPED);
  c.mmappedMem += newTotal - size - offset;
  if (c.mmappedMem > c.maxMmappedMem) c.maxMmappedMem = c.mmappedMem;
  c.mmappedChunks.delete(p);
  c.mmappedChunks.add(np);
  return np;
}
