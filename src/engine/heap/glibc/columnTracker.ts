import { type Forkable, forkState } from '../../memory/copyOnWrite';
import { ChunkColumnsBuilder, type ChunkColumns, FLAG_INTERNAL, FLAG_PREV_INUSE } from '../chunkColumns';
import { ListMarks, appendMmappedChunks, walkChunksFrom, walkSegmentChunks } from './chunkColumns';
import type { PtmallocCore } from './ptmallocCore';

const IN_USE = 0;
const TOP = 2;
const CORRUPTED = 4;

/**
 * glibc's chunk columns kept up to date as the heap changes, so that the first stop on a heap of a
 * million chunks does not walk them all (a tenth of a second): the columns of the last walk, the
 * top splits since (most of a growing heap's mallocs: the new chunk and the new top replace the
 * old top, no memory read), and the range of addresses the allocator stored to otherwise
 * (PtmallocCore.dirtyLo/dirtyHi, with the chunks malloc and free handed over). At a stop, only
 * the chunks of that range are walked again, from the one before it (whose free-or-not state is
 * the next chunk's PREV_INUSE bit) to the first chunk the walk meets again untouched; then the
 * last chunks before the top. Everything else is as the last walk found it, because a chunk's
 * entry depends only on its own size word, the next chunk's, the lists that hold it (whose
 * changes store to the chunk, or hand it to the program) and the top: exactly what a full walk
 * (glibcChunkColumns) gives, which the unit tests compare after every call of random traces.
 *
 * A full walk is made when nothing is known: at the first use after a checkpoint was restored
 * (a checkpoint's copy starts unknown, so step back copies no columns), and when the heap has
 * several segments (brk could not extend the first) or a segment moved. A program that writes
 * over a header is not the allocator: the views re-walk small heaps at every stop, and large
 * ones when a memory error was reported (see the snapshot's heap key), as before.
 */
export class ColumnTracker implements Forkable {
  /** The heap segments' chunks; undefined when unknown (the next use walks them all). */
  private cols: ChunkColumnsBuilder | undefined = new ChunkColumnsBuilder(16);
  /** The segment starts the columns describe. */
  private starts: number[] = [];
  /** The chunk of the latest top split (malloc's event for it needs no walk). */
  private lastSplit = -1;

  /**
   * use_top (and sysmalloc's split): `victim` got nb bytes off the top chunk, the rest is the new
   * top. Its stores (both size words) are accounted for here, with any before them inside the
   * old top chunk (sysmalloc's growth of it).
   */
  split(c: PtmallocCore, victim: number, nb: number, topSize: number): void {
    const cols = this.cols;
    this.lastSplit = -1;
    if (cols === undefined || c.segments.length !== 1) return;
    const n = cols.count;
    const first = n === 0 && this.starts.length === 0 && victim === c.segments[0].start;
    const onTop = n > 0 && cols.state[n - 1] === TOP && cols.addr[n - 1] === victim && this.starts.length === 1 && this.starts[0] === c.segments[0].start;
    if (!first && !onTop) return;
    if (first) this.starts = [victim];
    if (c.dirtyLo >= victim + 8) {
      c.dirtyLo = Infinity;
      c.dirtyHi = -Infinity;
    } else {
      c.dirtyHi = Math.min(c.dirtyHi, victim + 7);
    }
    const i = first ? 0 : n - 1;
    cols.set(i, victim, nb, IN_USE, 0, -1, FLAG_PREV_INUSE);
    cols.set(i + 1, victim + nb, topSize, TOP, 0, -1, FLAG_PREV_INUSE);
    this.lastSplit = victim;
  }

  /** malloc, free or realloc handed `chunk` over: its list or state may have changed without a store to it (a fastbin's pop). */
  handedOver(c: PtmallocCore, chunk: number): void {
    if (chunk === this.lastSplit) {
      this.lastSplit = -1;
      return;
    }
    const seg = c.segments[0];
    if (seg === undefined || chunk < seg.start || chunk >= seg.end) return;
    if (chunk + 8 < c.dirtyLo) c.dirtyLo = chunk + 8;
    if (chunk + 8 > c.dirtyHi) c.dirtyHi = chunk + 8;
  }

  /** The columns now (segments' chunks, then the mmapped ones): valid until the heap changes. */
  columns(c: PtmallocCore): ChunkColumns {
    return c.viewing(() => {
      let cols = this.cols;
      const segments = c.segments;
      const same = cols !== undefined && segments.length === this.starts.length && segments.every((s, i) => s.start === this.starts[i]);
      if (!cols || !same || segments.length > 1) {
        cols = new ChunkColumnsBuilder(1024);
        walkSegmentChunks(c, cols);
        this.cols = cols;
        this.starts = segments.map((s) => s.start);
      } else if (segments.length === 1) {
        this.rewalk(c, cols);
      }
      c.dirtyLo = Infinity;
      c.dirtyHi = -Infinity;
      this.lastSplit = -1;
      // The tcache struct's chunk is the allocator's own; its split came before c.tcache was set.
      if (c.tcache !== 0) {
        const t = cols.lastAtOrBelow(c.tcache - 16);
        if (t >= 0 && cols.addr[t] === c.tcache - 16 && cols.state[t] === IN_USE) cols.flags[t] |= FLAG_INTERNAL;
      }
      const segmentChunks = cols.count;
      appendMmappedChunks(c, cols);
      const built = cols.build();
      cols.count = segmentChunks;
      return built;
    });
  }

  /** Walks again the chunks the stores since the last use touched, and the last ones before the top. */
  private rewalk(c: PtmallocCore, cols: ChunkColumnsBuilder): void {
    const seg = c.segments[0];
    const lo = Math.max(c.dirtyLo, seg.start);
    const hi = Math.min(c.dirtyHi, seg.end);
    let listed: ListMarks | undefined;
    if (lo <= hi && cols.count > 0) {
      listed = new ListMarks(c);
      const n = cols.count;
      const k = Math.max(0, cols.lastAtOrBelow(lo) - 1);
      const fresh = new ChunkColumnsBuilder(64);
      let meet = -1;
      const stopped = walkChunksFrom(c, listed, seg, cols.addr[k], fresh, (p) => {
        if (p + 8 <= hi) return false;
        const m = cols.lastAtOrBelow(p);
        if (m <= k || cols.addr[m] !== p || cols.state[m] === TOP || cols.state[m] === CORRUPTED) return false;
        meet = m;
        return true;
      });
      cols.splice(k, stopped >= 0 ? meet : n, fresh);
    }
    // The top chunk and the one before it: the segment's end moves with brk, and top splits are only noted.
    if (cols.count === 0) {
      walkChunksFrom(c, listed ?? new ListMarks(c), seg, seg.start, cols, undefined);
      return;
    }
    const k = Math.max(0, cols.count - 2);
    const fresh = new ChunkColumnsBuilder(16);
    walkChunksFrom(c, listed ?? new ListMarks(c), seg, cols.addr[k], fresh, undefined);
    cols.splice(k, cols.count, fresh);
  }

  /** A checkpoint's copy knows no columns: it walks them when first asked (step back copies nothing here). */
  [forkState](): this {
    const copy = Object.create(ColumnTracker.prototype) as this;
    copy.cols = undefined;
    copy.starts = [];
    copy.lastSplit = -1;
    return copy;
  }
}
