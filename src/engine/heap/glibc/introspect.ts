import type { BinInfo, BinRef, ChunkInfo, HeapStats } from '../allocator';
import type { PtmallocCore } from './ptmallocCore';
import type { RequestedSizeTable } from '../requestedSizeTable';
import { summarizeChunks } from '../heapStats';
import {
  CHUNK_HDR_SZ,
  IS_MMAPPED,
  MINSIZE,
  NFASTBINS,
  NON_MAIN_ARENA,
  PREV_INUSE,
  SIZE_SZ,
  MALLOC_ALIGNMENT,
  TCACHE_MAX_BINS,
  fastbinIndex,
  protectPtr,
} from './params';
import { MetadataReader } from './metadataReader';

/** A list longer than this is reported as corrupted rather than walked further. */
const MAX_LIST_WALK = 1_000_000;

const hex = (n: number): string => '0x' + n.toString(16);

/**
 * Every tcache bin, fastbin and arena bin that holds something, in list (allocation) order. The
 * links are read defensively (see MetadataReader): a list that leaves the heap, loops or is cut
 * by an unreadable word ends there, and its bin says why in `corrupted`.
 */
export function describeBins(c: PtmallocCore): BinInfo[] {
  const read = new MetadataReader(c);
  const out: BinInfo[] = [];
  if (c.tcache !== 0) {
    for (let i = 0; i < TCACHE_MAX_BINS; i++) {
      const bin = tcacheBin(c, read, i);
      if (bin.chunks.length > 0 || bin.corrupted !== undefined) out.push(bin);
    }
  }
  for (let i = 0; i < NFASTBINS; i++) {
    const bin = fastBin(c, read, i);
    if (bin.chunks.length > 0 || bin.corrupted !== undefined) out.push(bin);
  }
  for (let i = 1; i < 127; i++) {
    const bin = arenaBin(c, read, i);
    if (bin.chunks.length > 0 || bin.corrupted !== undefined) out.push(bin);
  }
  return out;
}

/**
 * tcache bin i holds counts[i] entries from entries[i] on: glibc's tcache_get looks at the count,
 * never at the end of the list, and leaves entries[i] holding whatever the last entry's next was
 * (after a write through a dangling pointer, garbage with a count of 0). So the walk takes
 * exactly `count` entries.
 */
function tcacheBin(c: PtmallocCore, read: MetadataReader, i: number): BinInfo {
  const bin: BinInfo = { kind: 'tcache', index: i, label: `tcache[${i}] (${hex(32 + 16 * i)})`, chunks: [] };
  const count = read.half(c.tcache + 2 * i);
  let e = read.word(c.tcache + 128 + 8 * i);
  if (count === undefined || e === undefined) return { ...bin, corrupted: "the tcache's counts or heads cannot be read" };
  const seen = new Set<number>();
  for (let k = 0; k < count; k++) {
    const problem = e === 0 ? `its count is ${count} but the list ends after ${k}`
      : !read.isHeapChunk(e - 16) ? `entry ${k + 1} of ${count} is ${hex(e)}, which is not a chunk of the heap`
      : seen.has(e) ? `the list loops back to the chunk at ${hex(e - 16)}`
      : k >= MAX_LIST_WALK ? `the list is longer than ${MAX_LIST_WALK} entries` : undefined;
    if (problem !== undefined) return { ...bin, corrupted: problem };
    seen.add(e);
    bin.chunks.push(e - 16);
    const next = read.word(e);
    if (next === undefined) return { ...bin, corrupted: `the next pointer of the chunk at ${hex(e - 16)} cannot be read` };
    e = protectPtr(e, next);
  }
  if (count > c.tcacheCount) bin.corrupted = `its count is ${count}, more than a tcache bin holds (${c.tcacheCount})`;
  return bin;
}

/** Fastbin i: a safe-linked singly linked list of chunks of one size, ending in NULL. */
function fastBin(c: PtmallocCore, read: MetadataReader, i: number): BinInfo {
  const bin: BinInfo = { kind: 'fast', index: i, label: `fastbin[${i}] (${hex(32 + 16 * i)})`, chunks: [] };
  const seen = new Set<number>();
  for (let p = c.av.fastbin(i); p !== 0;) {
    const problem = !read.isHeapChunk(p) ? `it links to ${hex(p)}, which is not a chunk of the heap`
      : seen.has(p) ? `the list loops back to the chunk at ${hex(p)}`
      : seen.size >= MAX_LIST_WALK ? `the list is longer than ${MAX_LIST_WALK} entries` : undefined;
    if (problem !== undefined) return { ...bin, corrupted: problem };
    seen.add(p);
    bin.chunks.push(p);
    const field = read.sizeField(p);
    if (field !== undefined && fastbinIndex(field.size) !== i && bin.corrupted === undefined) {
      bin.corrupted = `the chunk at ${hex(p)} has a size field of ${field.text}, not this bin's size (malloc would abort on it)`;
    }
    const next = read.word(p + 16);
    if (next === undefined) return { ...bin, corrupted: `the next pointer of the chunk at ${hex(p)} cannot be read` };
    p = protectPtr(p + 16, next);
  }
  return bin;
}

/** Arena bin i: a circular doubly linked list through the bin's header in main_arena. */
function arenaBin(c: PtmallocCore, read: MetadataReader, i: number): BinInfo {
  const kind = i === 1 ? 'unsorted' : i < 64 ? 'small' : 'large';
  const label = i === 1 ? 'unsorted' : i < 64 ? `smallbin ${hex(i * 16)}` : `largebin[${i}]`;
  const bin: BinInfo = { kind, index: i, label, chunks: [] };
  const head = c.av.binAt(i);
  const seen = new Set<number>();
  let back = head;
  for (let link = read.word(head + 16); link !== head; ) {
    if (link === undefined) return { ...bin, corrupted: 'a link cannot be read' };
    const p = link;
    const problem = !read.isHeapChunk(p) ? `it links to ${hex(p)}, which is neither a chunk of the heap nor the bin`
      : seen.has(p) ? `the list loops back to the chunk at ${hex(p)} without returning to the bin`
      : seen.size >= MAX_LIST_WALK ? `the list is longer than ${MAX_LIST_WALK} entries` : undefined;
    if (problem !== undefined) return { ...bin, corrupted: problem };
    seen.add(p);
    bin.chunks.push(p);
    if (read.word(p + 24) !== back && bin.corrupted === undefined) {
      bin.corrupted = `the chunk at ${hex(p)} has a back link that does not lead to the one before it (malloc would abort on it)`;
    }
    back = p;
    link = read.word(p + 16);
  }
  return bin;
}

/**
 * Chunks of every heap segment in address order, then the mmapped chunks. A size field that
 * cannot be a chunk's (too small, misaligned, past the segment) makes the rest of the walk a guess,
 * so the bytes from there to the top chunk (or the segment's end) are one 'corrupted' chunk.
 */
export function describeChunks(c: PtmallocCore, requested: RequestedSizeTable | undefined): ChunkInfo[] {
  const read = new MetadataReader(c);
  const where = new Map<number, BinRef>();
  for (const bin of describeBins(c)) {
    for (const p of bin.chunks) where.set(p, { kind: bin.kind, index: bin.index });
  }
  const out: ChunkInfo[] = [];
  const top = c.av.top;
  for (const seg of c.segments) {
    let p = seg.start;
    while (p < seg.end) {
      const field = read.sizeField(p);
      const size = field?.size ?? 0;
      const flags = field === undefined ? undefined : {
        prevInuse: (field.flags & PREV_INUSE) !== 0,
        isMmapped: (field.flags & IS_MMAPPED) !== 0,
        nonMainArena: (field.flags & NON_MAIN_ARENA) !== 0,
      };
      if (p === top) {
        const room = seg.end - p;
        const info: ChunkInfo = { addr: p, size: Math.min(size, room), userPtr: p + 16, usable: 0, state: 'top', ...(flags ? { flags } : {}) };
        if (size !== room && c.av.contiguous) info.corrupted = `its size field says ${field?.text ?? 'nothing readable'}, but ${hex(room)} bytes are left to the end of the heap`;
        if (info.size < CHUNK_HDR_SZ) info.size = room;
        out.push(info);
        break;
      }
      const problem = field === undefined ? 'its size field cannot be read'
        : size < CHUNK_HDR_SZ || size % MALLOC_ALIGNMENT !== 0 ? `its size field holds ${field.text}, which is no chunk size`
        : p + size > seg.end ? `its size field says ${field.text}, past the end of the heap` : undefined;
      if (problem !== undefined) {
        // Resume at the top chunk when it lies ahead in this segment: its address is the arena's, not the heap's.
        const resume = top > p && top < seg.end ? top : seg.end;
        out.push({ addr: p, size: resume - p, userPtr: p + 16, usable: 0, state: 'corrupted', corrupted: `the walk stopped at ${hex(p)}: ${problem}` });
        p = resume;
        continue;
      }
      const bin = where.get(p);
      const next = p + size < seg.end ? read.sizeField(p + size) : undefined;
      const inuse = next !== undefined && (next.flags & PREV_INUSE) !== 0;
      const info: ChunkInfo = {
        addr: p,
        size,
        userPtr: p + 16,
        usable: size - CHUNK_HDR_SZ + SIZE_SZ,
        state: bin !== undefined || !inuse ? 'free' : 'in-use',
        ...(flags ? { flags } : {}),
      };
      if (bin !== undefined) info.bin = bin;
      if (p + 16 === c.tcache) info.internal = true;
      if (size < MINSIZE) info.internal = true; // a fencepost
      const req = requested?.get(p + 16);
      if (req !== undefined && info.state === 'in-use') info.requested = req;
      out.push(info);
      p += size;
    }
  }
  const mmapped = [...c.mmappedChunks].sort((a, b) => a - b);
  for (const p of mmapped) {
    const field = read.sizeField(p);
    const size = field?.size ?? 0;
    const info: ChunkInfo = {
      addr: p,
      size,
      userPtr: p + 16,
      usable: Math.max(0, size - CHUNK_HDR_SZ),
      state: 'mmapped',
      flags: { prevInuse: false, isMmapped: true, nonMainArena: false },
    };
    if (field === undefined || (field.flags & IS_MMAPPED) === 0 || size % MALLOC_ALIGNMENT !== 0 || size < MINSIZE) {
      info.state = 'corrupted';
      info.corrupted = field === undefined ? 'the header of this mmapped chunk cannot be read' : `its size field holds ${field.text}, not an mmapped chunk's size`;
    }
    const req = requested?.get(p + 16);
    if (req !== undefined && info.state === 'mmapped') info.requested = req;
    out.push(info);
  }
  return out;
}

export function findChunk(chunks: ChunkInfo[], addr: number): ChunkInfo | null {
  for (const ch of chunks) if (addr >= ch.addr && addr < ch.addr + ch.size) return ch;
  return null;
}

/** The figures; an mmapped chunk costs its whole mapping (prev_size holds the offset into it). */
export function computeStats(c: PtmallocCore, chunks: ChunkInfo[]): HeapStats {
  const read = new MetadataReader(c);
  return summarizeChunks(chunks, { brkBytes: c.av.systemMem, mmapBytes: c.mmappedMem }, (ch) => (ch.state === 'mmapped' ? (read.word(ch.addr) ?? 0) + ch.size : ch.size));
}
