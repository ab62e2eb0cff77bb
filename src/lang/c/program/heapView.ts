import type { ChunkInfo } from '../../../engine/heap/allocator';
import type { Machine } from '../interpreter/vm/machine';

interface HeapView {
  readonly version: number;
  readonly allocator: unknown;
  readonly chunks: readonly ChunkInfo[];
  /** The chunks by address, made when a lookup first needs them. */
  sorted?: readonly ChunkInfo[];
}

const views = new WeakMap<Machine, HeapView>();

/**
 * The allocator's chunks, read again only when the heap may have changed (an
 * allocator event, a store into the heap's bytes, a step back: the leak watch's heapVersion).
 * Walking a million chunks at every stop, or at every pointer a view describes, would make
 * stepping through plain statements slow.
 */
export function heapView(machine: Machine): HeapView {
  const version = machine.leakWatch.heapVersion;
  const allocator = machine.process.allocator;
  const cached = views.get(machine);
  if (cached && cached.version === version && cached.allocator === allocator) return cached;
  const view: HeapView = { version, allocator, chunks: allocator.chunks() };
  views.set(machine, view);
  return view;
}

/** The chunk whose bytes hold addr (header included), from the heap view: a binary search. */
export function chunkAt(machine: Machine, addr: number): ChunkInfo | null {
  const view = heapView(machine);
  const sorted = (view.sorted ??= [...view.chunks].sort((a, b) => a.addr - b.addr));
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = sorted[mid];
    if (addr < c.addr) hi = mid - 1;
    else if (addr >= c.addr + c.size) lo = mid + 1;
    else return c;
  }
  return null;
}
