import { hex } from '../addressSpace/layout';
import type { BinInfo } from '../heap/allocator';
import { BIN_KINDS, FLAG_INTERNAL, FLAG_IS_MMAPPED, FLAG_NON_MAIN_ARENA, FLAG_NO_SIZE_FLAGS, FLAG_PREV_INUSE, userPtrAt } from '../heap/chunkColumns';
import type { MemoryAccess } from '../memory/memoryAccess';
import {
  BIN_ENTRIES_SHOWN, HEAP_BANDS, HEAP_FOCUS_CHUNKS, HEAP_WINDOW_CHUNKS, type BinEntry, type BinKind, type HeapBand, type HeapStats, type HeapSummary,
  type HeapWindow, type SnapshotBin, type SnapshotChunk,
} from '../../shared/snapshot';
import type { Band, HeapViewCache } from './heapIndex';

/** What the language adds to a chunk the program holds: its leak class, allocation site... */
export type ChunkAnnotation = (userPtr: number, state: SnapshotChunk['state']) => Partial<Pick<SnapshotChunk, 'requested' | 'leak' | 'allocatedAt' | 'lostAt'>>;

/** Reads a word for a view; undefined when it cannot be read (a view must never fault). */
function wordAt(mem: MemoryAccess, address: number): number | undefined {
  try {
    return mem.read64(address);
  } catch {
    return undefined;
  }
}

const DOUBLY_LINKED = new Set<BinKind>(['unsorted', 'small', 'large']);
const GLIBC_BINS = new Set<BinKind>(['tcache', 'fast', 'unsorted', 'small', 'large']);

/** One chunk as the views draw it, with its header's words and, when free, its links. */
export function chunkRecord(cache: HeapViewCache, i: number, mem: MemoryAccess, annotate: ChunkAnnotation): SnapshotChunk {
  const columns = cache.heap.columns;
  const { addr, size, binKind, binIndex, flags } = columns;
  const address = addr[i];
  const userPtr = userPtrAt(columns, i);
  const state = cache.heap.stateOf(i);
  const f = flags[i];
  const kind = BIN_KINDS[binKind[i]];
  const record: SnapshotChunk = {
    address: hex(address),
    userPtr: hex(userPtr),
    size: size[i],
    state,
    ...(kind ? { bin: { kind, index: binIndex[i] } } : {}),
    // Size-field flags and prev_size are glibc's; a teaching allocator's chunk has neither.
    ...((f & FLAG_NO_SIZE_FLAGS) === 0 ? { flags: { prevInuse: (f & FLAG_PREV_INUSE) !== 0, isMmapped: (f & FLAG_IS_MMAPPED) !== 0, nonMainArena: (f & FLAG_NON_MAIN_ARENA) !== 0 } } : {}),
    ...((f & (FLAG_PREV_INUSE | FLAG_NO_SIZE_FLAGS)) === 0 && state !== 'mmapped' ? prevSizeOf(mem, address) : {}),
    ...((f & FLAG_INTERNAL) !== 0 ? { internal: true as const } : {}),
    ...(state === 'free' ? links(cache, address, kind, binIndex[i], mem) : {}),
    ...(state === 'in-use' || state === 'mmapped' ? annotate(userPtr, state) : {}),
    ...(state === 'corrupted' ? { corrupted: cache.corruptionAt(address) } : {}),
  };
  return record;
}

function prevSizeOf(mem: MemoryAccess, address: number): { prevSize?: number } {
  const w = wordAt(mem, address);
  return w === undefined ? {} : { prevSize: w };
}

/** A free chunk's fd (and bk) as stored, and the next chunk of its list as the allocator walks it. */
function links(cache: HeapViewCache, address: number, kind: BinKind | undefined, index: number, mem: MemoryAccess): Pick<SnapshotChunk, 'fd' | 'bk' | 'next'> {
  // fd at chunk + 16 is glibc's layout; a teaching allocator's links sit elsewhere (its list gives `next`).
  const fd = kind && GLIBC_BINS.has(kind) ? wordAt(mem, address + 16) : undefined;
  const bk = kind && DOUBLY_LINKED.has(kind) ? wordAt(mem, address + 24) : undefined;
  const place = kind ? cache.positionIn(kind, index, address) : undefined;
  const next = place ? place.bin.chunks[place.position + 1] : undefined;
  return {
    ...(fd !== undefined ? { fd: hex(fd) } : {}),
    ...(bk !== undefined ? { bk: hex(bk) } : {}),
    ...(place ? { next: hex(next ?? 0) } : {}),
  };
}

export function heapWindow(cache: HeapViewCache, first: number, count: number, mem: MemoryAccess, annotate: ChunkAnnotation): HeapWindow {
  const n = cache.heap.count;
  const start = Math.max(0, Math.min(first, Math.max(0, n - count)));
  const chunks: SnapshotChunk[] = [];
  for (let i = start; i < Math.min(n, start + count); i++) chunks.push(chunkRecord(cache, i, mem, annotate));
  return { first: start, chunks };
}

export function bandView(b: Band): HeapBand {
  return { start: hex(b.start), end: hex(b.end), firstChunk: b.firstChunk, chunks: b.chunks, inUseBytes: b.inUseBytes, freeBytes: b.freeBytes, topBytes: b.topBytes };
}

/** Entries [first, first + count) of a bin, with the words that link them. */
export function binEntries(bin: BinInfo, first: number, count: number, mem: MemoryAccess): BinEntry[] {
  const out: BinEntry[] = [];
  const doubly = DOUBLY_LINKED.has(bin.kind as BinKind);
  for (let k = first; k < Math.min(bin.chunks.length, first + count); k++) {
    const chunk = bin.chunks[k];
    // glibc's link sits at the user pointer (chunk + 16) in every list; tcache and fastbins store it
    // safe-linked. A teaching allocator keeps its own layout: its link is the next entry's address.
    const fd = GLIBC_BINS.has(bin.kind as BinKind) ? wordAt(mem, chunk + 16) ?? 0 : bin.chunks[k + 1] ?? 0;
    const bk = doubly ? wordAt(mem, chunk + 24) : undefined;
    out.push({ chunk: hex(chunk), fd: hex(fd), next: hex(bin.chunks[k + 1] ?? 0), ...(bk !== undefined ? { bk: hex(bk) } : {}) });
  }
  return out;
}

export function binViews(cache: HeapViewCache, mem: MemoryAccess): SnapshotBin[] {
  return cache.bins.map((bin) => ({
    kind: bin.kind as BinKind, index: bin.index, label: bin.label, count: bin.chunks.length,
    entries: binEntries(bin, 0, BIN_ENTRIES_SHOWN, mem),
  }));
}

/**
 * The heap in a stop's snapshot: totals, the summary strip, one window of whole chunks (every
 * chunk when there are at most HEAP_WINDOW_CHUNKS; else HEAP_FOCUS_CHUNKS around `focus`, the
 * latest allocation) and the bins with their first entries. Its size does not grow with the heap.
 */
export function heapSummary(cache: HeapViewCache, allocator: string, stats: HeapStats, mem: MemoryAccess, annotate: ChunkAnnotation, focus?: number): HeapSummary {
  const heap = cache.heap;
  const extent = heap.extent;
  const whole = heap.count <= HEAP_WINDOW_CHUNKS;
  const at = whole || focus === undefined ? -1 : heap.indexContaining(focus);
  const first = at < 0 ? 0 : at - HEAP_FOCUS_CHUNKS / 4;
  const window = heapWindow(cache, first, whole ? HEAP_WINDOW_CHUNKS : HEAP_FOCUS_CHUNKS, mem, annotate);
  return {
    allocator,
    stats,
    chunkCount: heap.count,
    byState: { ...heap.byState },
    ...(extent ? { start: hex(extent.start), end: hex(extent.end) } : {}),
    bands: heap.bands(HEAP_BANDS).map(bandView),
    window,
    bins: binViews(cache, mem),
  };
}
