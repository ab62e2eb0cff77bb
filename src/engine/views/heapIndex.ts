import type { Allocator, BinInfo } from '../heap/allocator';
import { type ChunkColumns, CHUNK_STATES, FLAG_INTERNAL, FLAG_IS_MMAPPED, columnsOf, userPtrAt } from '../heap/chunkColumns';
import type { HeapStats } from '../../shared/snapshot';
import { HeapTally, type KernelBytes } from '../heap/heapStats';

/** A band of the summary strip, with numbers (the snapshot builder turns them into hex). */
export interface Band {
  readonly start: number;
  readonly end: number;
  readonly firstChunk: number;
  readonly chunks: number;
  readonly inUseBytes: number;
  readonly freeBytes: number;
  readonly topBytes: number;
}

/** The block registry's running figures of the live blocks (see HeapIndex.stats). */
export interface HeldBlocks {
  readonly count: number;
  readonly bytes: number;
}

const IN_USE = 0;
const FREE = 1;
const TOP = 2;
const MMAPPED = 3;
const CORRUPTED = 4;

/**
 * The heap as the views see it: every chunk in address order (as columns), searchable by address
 * and summarized into bands. Built from the allocator's own walk, read quietly (nothing in the
 * simulation changes), and meant to be cached while the heap does not change: a million chunks
 * take about a tenth of a second to index, a window or a lookup then costs microseconds.
 */
export class HeapIndex {
  readonly columns: ChunkColumns;
  /** Chunks in the heap segments (the rest, mmapped chunks, follow them in the columns). */
  readonly segmentChunks: number;
  readonly byState: { readonly inUse: number; readonly free: number; readonly top: number; readonly mmapped: number };

  constructor(allocator: Allocator) {
    this.columns = allocator.chunkColumns ? allocator.chunkColumns() : columnsOf(allocator.chunks());
    const { state, size, flags, count } = this.columns;
    // One pass for the counts by state, the segments' end and the figures that need no lookup
    // (locals, not fields: a million chunks).
    let segment = 0;
    let inUse = 0;
    let free = 0;
    let top = 0;
    let mmapped = 0;
    let heldCount = 0;
    let heldBytes = 0;
    const tally = new HeapTally();
    for (let i = 0; i < count; i++) {
      const s = state[i];
      if (s === IN_USE || s === MMAPPED) {
        if (s === IN_USE) inUse++;
        else mmapped++;
        if ((flags[i] & FLAG_INTERNAL) !== 0) tally.overhead(size[i]);
        else {
          heldCount++;
          heldBytes += size[i];
        }
      } else if (s === FREE || s === TOP) {
        if (s === FREE) free++;
        else top++;
        tally.free(size[i]);
      }
      if (s !== MMAPPED && !(s === CORRUPTED && i > 0 && state[i - 1] === MMAPPED)) segment = i + 1;
    }
    this.byState = { inUse, free, top, mmapped };
    this.segmentChunks = segment;
    this.unheld = { tally, heldCount, heldBytes };
  }

  /** The figures of every chunk but the held ones, and the held ones' count and bytes (see stats). */
  private readonly unheld: { readonly tally: HeapTally; readonly heldCount: number; readonly heldBytes: number };

  get count(): number {
    return this.columns.count;
  }

  /** The heap segments' extent [start, end), undefined before the first allocation. */
  get extent(): { start: number; end: number } | undefined {
    const n = this.segmentChunks;
    if (n === 0) return undefined;
    const { addr, size } = this.columns;
    return { start: addr[0], end: addr[n - 1] + size[n - 1] };
  }

  /** The index of the chunk whose bytes (header included) hold `address`, or -1. */
  indexContaining(address: number): number {
    const { addr, size, count } = this.columns;
    // Segment chunks and mmapped chunks are each sorted by address, and mmapped ones lie above the heap.
    const search = (lo: number, hi: number): number => {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (addr[mid] <= address) lo = mid + 1;
        else hi = mid;
      }
      const i = lo - 1;
      return i >= 0 && address >= addr[i] && address < addr[i] + size[i] ? i : -1;
    };
    const inSegments = search(0, this.segmentChunks);
    return inSegments >= 0 ? inSegments : this.segmentChunks < count ? search(this.segmentChunks, count) : -1;
  }

  /** The index of the first chunk at or above `address` (count when none). */
  indexAtOrAfter(address: number): number {
    const { addr } = this.columns;
    let lo = 0;
    let hi = this.segmentChunks;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (addr[mid] + this.columns.size[mid] <= address) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.segmentChunks) return lo;
    for (let i = this.segmentChunks; i < this.count; i++) if (addr[i] + this.columns.size[i] > address) return i;
    return this.count;
  }

  /**
   * The summary strip: `n` bands of equal address width over the heap segments (mmapped chunks,
   * a few large blocks far away, get one band each after them).
   */
  bands(n: number): readonly Band[] {
    // The same strip at every stop while the heap stays as it is (the index is that heap).
    if (this.bandCache?.n === n) return this.bandCache.bands;
    const bands = this.walkBands(n);
    this.bandCache = { n, bands };
    return bands;
  }

  private bandCache: { readonly n: number; readonly bands: readonly Band[] } | undefined;

  private walkBands(n: number): Band[] {
    const extent = this.extent;
    const out = extent ? this.bandsOver(extent.start, extent.end, n) : [];
    const { addr, size } = this.columns;
    for (let k = this.segmentChunks; k < this.count; k++) {
      out.push({ start: addr[k], end: addr[k] + size[k], firstChunk: k, chunks: 1, inUseBytes: size[k], freeBytes: 0, topBytes: 0 });
    }
    return out;
  }

  /**
   * `n` bands of equal width (a multiple of 16) over [from, to) of the heap segments, zooming in:
   * a chunk is counted in the band where it starts, and its bytes are split over the bands it covers.
   */
  bandsOver(from: number, to: number, n: number): Band[] {
    const { addr, size, state } = this.columns;
    const segmentChunks = this.segmentChunks;
    const out: Band[] = [];
    const width = Math.max(16, Math.ceil((to - from) / Math.max(1, n) / 16) * 16);
    // i: the first chunk starting at or after the current band's start.
    let i = this.indexAtOrAfter(from);
    if (i < segmentChunks && addr[i] < from) i++;
    for (let start = from; start < to; start += width) {
      const end = Math.min(to, start + width);
      let inUse = 0;
      let free = 0;
      let top = 0;
      const straddling = i > 0 && addr[i - 1] + size[i - 1] > start ? i - 1 : i;
      const first = i;
      while (i < segmentChunks && addr[i] < end) i++;
      for (let k = straddling; k < i; k++) {
        const a = addr[k];
        const b = a + size[k];
        // Most chunks lie inside the band: only the ones across its edges are cut.
        const overlap = a >= start && b <= end ? b - a : Math.min(end, b) - Math.max(start, a);
        if (overlap <= 0) continue;
        const s = state[k];
        if (s === IN_USE) inUse += overlap;
        else if (s === FREE) free += overlap;
        else top += overlap;
      }
      out.push({ start, end, firstChunk: first, chunks: i - first, inUseBytes: inUse, freeBytes: free, topBytes: top });
    }
    return out;
  }

  /**
   * HeapStats from the walk, with the same definitions as the allocators' `stats()`: the
   * allocator's own chunks are overhead, `requested` gives the size asked for (the block
   * registry knows it), the usable size otherwise. `held`, when given, is the registry's running
   * count and bytes of live blocks, to be used when the walk finds exactly that many held chunks
   * (each then is one of those blocks), instead of asking `requested` for each of them.
   */
  stats(kernel: KernelBytes, requested: (userPtr: number) => number | undefined, held?: HeldBlocks): HeapStats {
    // The index stands for one state of the heap (its cache key changes with every allocator
    // event), so its walk is done once: later stops at the same heap reuse it.
    return (this.tally ??= this.tallyChunks(requested, held)).stats(kernel);
  }

  private tally: HeapTally | undefined;

  private tallyChunks(requested: (userPtr: number) => number | undefined, held: HeldBlocks | undefined): HeapTally {
    const { tally, heldCount, heldBytes } = this.unheld;
    if (held !== undefined && held.count === heldCount) {
      tally.heldMany(heldCount, heldBytes, held.bytes);
      return tally;
    }
    const { size, state, flags, count } = this.columns;
    for (let i = 0; i < count; i++) {
      const s = state[i];
      if ((s === IN_USE || s === MMAPPED) && (flags[i] & FLAG_INTERNAL) === 0) {
        const usable = size[i] - ((flags[i] & FLAG_IS_MMAPPED) !== 0 ? 16 : 8);
        tally.held(size[i], requested(userPtrAt(this.columns, i)) ?? usable);
      }
    }
    return tally;
  }

  stateOf(i: number): (typeof CHUNK_STATES)[number] {
    return CHUNK_STATES[this.columns.state[i]];
  }
}

/**
 * The index and the bins of one allocator, rebuilt when the caller's key changes (the key names
 * every way the heap can change: allocation events, the program break, the mappings).
 */
export class HeapViewCache {
  private key = '';
  private allocator: Allocator | undefined;
  private index: HeapIndex | undefined;
  private binList: BinInfo[] | undefined;

  /** Makes the cache describe `allocator` as of `key`. */
  use(allocator: Allocator, key: string): this {
    if (this.allocator !== allocator || this.key !== key) {
      this.allocator = allocator;
      this.key = key;
      this.index = undefined;
      this.binList = undefined;
    }
    return this;
  }

  get heap(): HeapIndex {
    this.index ??= new HeapIndex(this.current());
    return this.index;
  }

  get bins(): readonly BinInfo[] {
    this.binList ??= this.current().bins();
    return this.binList;
  }

  /**
   * The chunk's position in the list of bin (kind, index). Asked only for the free chunks of a
   * window, so a scan of that one list (fast on an array of numbers) beats indexing every list.
   */
  positionIn(kind: string, index: number, chunk: number): { bin: BinInfo; position: number } | undefined {
    const bin = this.bins.find((b) => b.kind === kind && b.index === index);
    const position = bin ? bin.chunks.indexOf(chunk) : -1;
    return bin && position >= 0 ? { bin, position } : undefined;
  }

  /** Why the walk found no chunk at `address`: the allocator's own words (only asked for corrupted spans, which are rare). */
  corruptionAt(address: number): string {
    return this.current().chunkContaining(address)?.corrupted ?? 'its header is not one the allocator wrote';
  }

  private current(): Allocator {
    if (!this.allocator) throw new Error('internal: HeapViewCache used before use()');
    return this.allocator;
  }
}
