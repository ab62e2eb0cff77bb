import type { BinKind, ChunkInfo, ChunkState } from './allocator';

/** ChunkState and BinKind as small numbers, for the columns below. */
export const CHUNK_STATES: readonly ChunkState[] = ['in-use', 'free', 'top', 'mmapped', 'corrupted'];
export const BIN_KINDS: readonly (BinKind | undefined)[] = [undefined, 'tcache', 'fast', 'unsorted', 'small', 'large', 'free-list', 'size-class', 'buddy', 'slab', 'pages'];

/** Bits of `flags`: the size field's A/M/P bits, and the allocator's own chunks. */
export const FLAG_PREV_INUSE = 1;
export const FLAG_IS_MMAPPED = 2;
export const FLAG_NON_MAIN_ARENA = 4;
export const FLAG_INTERNAL = 8;
/** The chunk has no size-field flag bits (a teaching allocator's block): no A/M/P, no prev_size. */
export const FLAG_NO_SIZE_FLAGS = 16;

/**
 * Every chunk of a heap as columns, in address order: what `Allocator.chunks()` says, without an
 * object per chunk. A heap of a million chunks is about 20 MB of typed arrays here, against some
 * 300 MB of ChunkInfo objects, and is read in a tenth of the time: the views index, summarize and
 * window the heap from these.
 */
export interface ChunkColumns {
  readonly count: number;
  readonly addr: Float64Array;
  readonly size: Float64Array;
  /** Index into CHUNK_STATES. */
  readonly state: Uint8Array;
  /** Index into BIN_KINDS (0: in no bin). */
  readonly binKind: Uint8Array;
  readonly binIndex: Int16Array;
  readonly flags: Uint8Array;
  /** userPtr - addr for each chunk; absent means glibc's 16 (a teaching allocator's header may be 0, 8 or 64). */
  readonly userOffset?: Uint8Array;
}

/** The pointer the program holds for chunk i. */
export function userPtrAt(columns: ChunkColumns, i: number): number {
  return columns.addr[i] + (columns.userOffset ? columns.userOffset[i] : 16);
}

/** Growable columns, filled by a walk. */
export class ChunkColumnsBuilder {
  count = 0;
  private capacity: number;
  addr: Float64Array;
  size: Float64Array;
  state: Uint8Array;
  binKind: Uint8Array;
  binIndex: Int16Array;
  flags: Uint8Array;

  constructor(capacity = 1024) {
    this.capacity = capacity;
    this.addr = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
    this.state = new Uint8Array(capacity);
    this.binKind = new Uint8Array(capacity);
    this.binIndex = new Int16Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  push(addr: number, size: number, state: number, binKind: number, binIndex: number, flags: number): void {
    this.set(this.count, addr, size, state, binKind, binIndex, flags);
  }

  /** Writes entry i (i <= count; i === count appends). */
  set(i: number, addr: number, size: number, state: number, binKind: number, binIndex: number, flags: number): void {
    if (i === this.count) {
      if (this.count === this.capacity) this.grow();
      this.count++;
    }
    this.addr[i] = addr;
    this.size[i] = size;
    this.state[i] = state;
    this.binKind[i] = binKind;
    this.binIndex[i] = binIndex;
    this.flags[i] = flags;
  }

  /** Replaces entries [from, to) by every entry of `other` (the entries after `to` move up or down). */
  splice(from: number, to: number, other: ChunkColumnsBuilder): void {
    const delta = other.count - (to - from);
    while (this.count + delta > this.capacity) this.grow();
    if (delta !== 0 && to < this.count) {
      for (const a of [this.addr, this.size, this.state, this.binKind, this.binIndex, this.flags]) a.copyWithin(to + delta, to, this.count);
    }
    this.addr.set(other.addr.subarray(0, other.count), from);
    this.size.set(other.size.subarray(0, other.count), from);
    this.state.set(other.state.subarray(0, other.count), from);
    this.binKind.set(other.binKind.subarray(0, other.count), from);
    this.binIndex.set(other.binIndex.subarray(0, other.count), from);
    this.flags.set(other.flags.subarray(0, other.count), from);
    this.count += delta;
  }

  /** The index of the last entry whose address is at most `address` (-1 when none). */
  lastAtOrBelow(address: number, n = this.count): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.addr[mid] <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  build(): ChunkColumns {
    const n = this.count;
    return {
      count: n, addr: this.addr.subarray(0, n), size: this.size.subarray(0, n), state: this.state.subarray(0, n),
      binKind: this.binKind.subarray(0, n), binIndex: this.binIndex.subarray(0, n), flags: this.flags.subarray(0, n),
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const widen = <T extends Float64Array | Uint8Array | Int16Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.capacity);
      b.set(a);
      return b;
    };
    this.addr = widen(this.addr, (n) => new Float64Array(n));
    this.size = widen(this.size, (n) => new Float64Array(n));
    this.state = widen(this.state, (n) => new Uint8Array(n));
    this.binKind = widen(this.binKind, (n) => new Uint8Array(n));
    this.binIndex = widen(this.binIndex, (n) => new Int16Array(n));
    this.flags = widen(this.flags, (n) => new Uint8Array(n));
  }
}

/** Columns from ChunkInfo objects: for allocators without a walk of their own (small teaching heaps). */
export function columnsOf(chunks: readonly ChunkInfo[]): ChunkColumns {
  const b = new ChunkColumnsBuilder(Math.max(16, chunks.length));
  for (const c of chunks) {
    const f = c.flags;
    const flags = (f?.prevInuse ? FLAG_PREV_INUSE : 0) | (f?.isMmapped ? FLAG_IS_MMAPPED : 0) | (f?.nonMainArena ? FLAG_NON_MAIN_ARENA : 0) | (c.internal ? FLAG_INTERNAL : 0) | (f ? 0 : FLAG_NO_SIZE_FLAGS);
    b.push(c.addr, c.size, CHUNK_STATES.indexOf(c.state), c.bin ? BIN_KINDS.indexOf(c.bin.kind) : 0, c.bin?.index ?? -1, flags);
  }
  return { ...b.build(), userOffset: Uint8Array.from(chunks, (c) => Math.max(0, Math.min(255, c.userPtr - c.addr))) };
}
