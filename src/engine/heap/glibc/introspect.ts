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
  TCACHE_MAX_BINS,
  protectPtr,
} from './params';

/** A corrupted list could loop forever; views stop after this many entries. */
const MAX_LIST_WALK = 1_000_000;

const hex = (n: number): string => '0x' + n.toString(16);

/** Every tcache bin, fastbin and arena bin that holds something, in list (allocation) order. */
export function describeBins(c: PtmallocCore): BinInfo[] {
  const out: BinInfo[] = [];
  if (c.tcache !== 0) {
    for (let i = 0; i < TCACHE_MAX_BINS; i++) {
      const chunks: number[] = [];
      const seen = new Set<number>();
      for (let e = c.tcacheEntry(i); e !== 0 && !seen.has(e) && chunks.length < MAX_LIST_WALK; ) {
        seen.add(e);
        chunks.push(e - 16);
        e = protectPtr(e, c.mem.read64(e));
      }
      if (chunks.length > 0) out.push({ kind: 'tcache', index: i, label: `tcache[${i}] (${hex(32 + 16 * i)})`, chunks });
    }
  }
  for (let i = 0; i < NFASTBINS; i++) {
    const chunks: number[] = [];
    const seen = new Set<number>();
    for (let p = c.av.fastbin(i); p !== 0 && !seen.has(p) && chunks.length < MAX_LIST_WALK; ) {
      seen.add(p);
      chunks.push(p);
      p = protectPtr(p + 16, c.fd(p));
    }
    if (chunks.length > 0) out.push({ kind: 'fast', index: i, label: `fastbin[${i}] (${hex(32 + 16 * i)})`, chunks });
  }
  for (let i = 1; i < 127; i++) {
    const bin = c.av.binAt(i);
    const chunks: number[] = [];
    for (let p = c.fd(bin); p !== bin && chunks.length < MAX_LIST_WALK; p = c.fd(p)) chunks.push(p);
    if (chunks.length === 0) continue;
    const kind = i === 1 ? 'unsorted' : i < 64 ? 'small' : 'large';
    const label = i === 1 ? 'unsorted' : i < 64 ? `smallbin ${hex(i * 16)}` : `largebin[${i}]`;
    out.push({ kind, index: i, label, chunks });
  }
  return out;
}

/** Chunks of every heap segment in address order, then the mmapped chunks. */
export function describeChunks(c: PtmallocCore, requested: RequestedSizeTable | undefined): ChunkInfo[] {
  const where = new Map<number, BinRef>();
  for (const bin of describeBins(c)) {
    for (const p of bin.chunks) where.set(p, { kind: bin.kind, index: bin.index });
  }
  const out: ChunkInfo[] = [];
  const top = c.av.top;
  for (const seg of c.segments) {
    let p = seg.start;
    while (p < seg.end) {
      const raw = c.sizeRaw(p);
      const size = raw - (raw & 7);
      const flags = {
        prevInuse: (raw & PREV_INUSE) !== 0,
        isMmapped: (raw & IS_MMAPPED) !== 0,
        nonMainArena: (raw & NON_MAIN_ARENA) !== 0,
      };
      if (p === top) {
        out.push({ addr: p, size, userPtr: p + 16, usable: 0, state: 'top', flags });
        break;
      }
      if (size < CHUNK_HDR_SZ || p + size > seg.end) break; // corrupted: stop rather than guess
      const bin = where.get(p);
      const inuse = p + size < seg.end && (c.sizeRaw(p + size) & PREV_INUSE) !== 0;
      const info: ChunkInfo = {
        addr: p,
        size,
        userPtr: p + 16,
        usable: size - CHUNK_HDR_SZ + SIZE_SZ,
        state: bin !== undefined || !inuse ? 'free' : 'in-use',
        flags,
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
    const size = c.chunksize(p);
    const info: ChunkInfo = {
      addr: p,
      size,
      userPtr: p + 16,
      usable: size - CHUNK_HDR_SZ,
      state: 'mmapped',
      flags: { prevInuse: false, isMmapped: true, nonMainArena: false },
    };
    const req = requested?.get(p + 16);
    if (req !== undefined) info.requested = req;
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
  return summarizeChunks(chunks, { brkBytes: c.av.systemMem, mmapBytes: c.mmappedMem }, (ch) => (ch.state === 'mmapped' ? c.prevSize(ch.addr) + ch.size : ch.size));
}
