import { BIN_KINDS, ChunkColumnsBuilder, type ChunkColumns, FLAG_INTERNAL, FLAG_IS_MMAPPED } from '../chunkColumns';
import type { PtmallocCore } from './ptmallocCore';
import { CHUNK_HDR_SZ, MINSIZE, NFASTBINS, PREV_INUSE, TCACHE_MAX_BINS, binIndex, protectPtr } from './params';

const TCACHE = BIN_KINDS.indexOf('tcache');
const FAST = BIN_KINDS.indexOf('fast');
const UNSORTED = BIN_KINDS.indexOf('unsorted');
const SMALL = BIN_KINDS.indexOf('small');
const LARGE = BIN_KINDS.indexOf('large');
/** A list longer than any heap could hold is corrupted: stop there rather than loop. */
const MAX_LIST_WALK = 4_000_000;

/**
 * The same walk as describeChunks (introspect.ts), into columns: every chunk of the heap segments
 * in address order, then the mmapped chunks. Only the lists a chunk's own bytes cannot place are
 * walked: tcache and fastbin chunks look in use to their neighbours (their next chunk keeps
 * PREV_INUSE), so membership comes from their lists; a free chunk in no such list is in the
 * unsorted list or in the small or large bin its size selects, which is where _int_free and
 * malloc's sorting put it.
 */
export function glibcChunkColumns(c: PtmallocCore): ChunkColumns {
  return c.viewing(() => {
    const out = new ChunkColumnsBuilder(1024);
    walkSegmentChunks(c, out);
    appendMmappedChunks(c, out);
    return out.build();
  });
}

/** The heap segments' chunks, in address order, into `out` (call while viewing quietly). */
export function walkSegmentChunks(c: PtmallocCore, out: ChunkColumnsBuilder): void {
  const listed = new ListMarks(c);
  for (const seg of c.segments) walkChunksFrom(c, listed, seg, seg.start, out, undefined);
}

/** The mmapped chunks after the segments' (glibc keeps no list of them: the introspection's set). */
export function appendMmappedChunks(c: PtmallocCore, out: ChunkColumnsBuilder): void {
  for (const p of [...c.mmappedChunks].sort((a, b) => a - b)) out.push(p, c.chunksize(p), 3, 0, -1, FLAG_IS_MMAPPED);
}

/**
 * Walks the chunks of `seg` from `from` (a chunk's address) into `out`, to the top chunk or the
 * segment's end, or until `stopAt(p)` says the chunk at p is already known (the incremental walk
 * of columnTracker.ts stops where it meets the columns it keeps). Returns where it stopped: the
 * address stopAt accepted, or -1 at the top chunk or the segment's end.
 */
export function walkChunksFrom(c: PtmallocCore, listed: ListMarks, seg: { start: number; end: number }, from: number, out: ChunkColumnsBuilder, stopAt: ((p: number) => boolean) | undefined): number {
  const top = c.av.top;
  for (let p = from; p < seg.end;) {
    if (stopAt !== undefined && stopAt(p)) return p;
    // The flag bits come from the size word's low byte: a word the program overwrote may be
    // above 2^53, where a double no longer holds its low bits.
    const raw = c.sizeRaw(p);
    // Small integers take the bit operations (% on a double is a call into the runtime), and
    // give the flags without reading the byte again.
    const small = raw < 0x80000000;
    const flags = small ? raw & 7 : c.mem.read8(p + 8) & 7;
    const size = small ? raw & ~7 : raw - (raw % 8);
    if (p === top) {
      out.push(p, size >= CHUNK_HDR_SZ && size <= seg.end - p ? size : seg.end - p, 2, 0, -1, flags);
      return -1;
    }
    if (size < CHUNK_HDR_SZ || (small ? size & 15 : size % 16) !== 0 || p + size > seg.end) {
      // A header the program overwrote: one corrupted span, resuming at the top chunk when it lies ahead (as describeChunks does).
      const resume = top > p && top < seg.end ? top : seg.end;
      out.push(p, resume - p, 4, 0, -1, 0);
      p = resume;
      continue;
    }
    const bin = listed.get(p);
    const internal = p + 16 === c.tcache || size < MINSIZE ? FLAG_INTERNAL : 0;
    if (bin !== 0) {
      out.push(p, size, 1, bin >> 8, bin & 255, flags | internal);
    } else if (p + size < seg.end && (c.mem.read8(p + size + 8) & PREV_INUSE) === 0) {
      const index = binIndex(size);
      out.push(p, size, 1, index < 64 ? SMALL : LARGE, index, flags | internal);
    } else {
      out.push(p, size, 0, 0, -1, flags | internal);
    }
    p += size;
  }
  return -1;
}

/**
 * The list each listed chunk is in, by (chunk - segment start) / 16 in a typed array per heap
 * segment: a Map keyed by addresses above 2^31 (doubles, not small integers) costs a second per
 * million chunks, this a few milliseconds. A link outside every segment is a corrupted list.
 */
export class ListMarks {
  private readonly marks: { start: number; end: number; codes: Uint16Array | undefined }[];

  /** Walks the tcache, fastbin and unsorted lists of `c` (call while viewing quietly). */
  constructor(c: PtmallocCore) {
    this.marks = c.segments.map((s) => ({ start: s.start, end: s.end, codes: undefined }));
    if (c.tcache !== 0) {
      for (let i = 0; i < TCACHE_MAX_BINS; i++) {
        // tcache_get trusts the bin's count, not the list's end: walk exactly that many.
        const count = c.tcacheCountOf(i);
        for (let e = c.tcacheEntry(i), k = 0; e !== 0 && k < count && this.mark(e - 16, TCACHE, i); k++) e = protectPtr(e, c.mem.read64(e));
      }
    }
    for (let i = 0; i < NFASTBINS; i++) {
      for (let p = c.av.fastbin(i), n = 0; p !== 0 && n < MAX_LIST_WALK && this.mark(p, FAST, i); n++) p = protectPtr(p + 16, c.fd(p));
    }
    const unsorted = c.av.binAt(1);
    for (let p = c.fd(unsorted), n = 0; p !== unsorted && n < MAX_LIST_WALK && this.mark(p, UNSORTED, 1); n++) p = c.fd(p);
  }

  /** Notes `chunk` in list (kind, index); false when it is already noted (a loop) or not in the heap. */
  mark(chunk: number, kind: number, index: number): boolean {
    const seg = this.marks.find((m) => chunk >= m.start && chunk < m.end);
    if (!seg || (chunk - seg.start) % 16 !== 0) return false;
    seg.codes ??= new Uint16Array((seg.end - seg.start) / 16);
    const i = (chunk - seg.start) / 16;
    if (seg.codes[i] !== 0) return false;
    seg.codes[i] = kind * 256 + index + 1;
    return true;
  }

  /** binKind * 256 + index of the chunk's list, 0 when it is in none of the walked lists. */
  get(chunk: number): number {
    for (const m of this.marks) {
      if (chunk < m.start || chunk >= m.end || !m.codes) continue;
      const stored = m.codes[(chunk - m.start) / 16];
      return stored === 0 ? 0 : stored - 1;
    }
    return 0;
  }
}
