import type { AllocationGroup, ObjectRef } from '../managedHeap';
import type { ObjectRecord } from '../heapState';

/**
 * A comparison between two stops, as DevTools' "objects allocated between snapshots" shows it:
 * the objects allocated after the first (handles are issued in allocation order, so a mark is
 * the next handle) and before the second that are still alive, grouped by label and source line.
 */
export function liveAllocatedBetween(objects: Iterable<ObjectRecord>, fromMark: ObjectRef, toMark: ObjectRef): AllocationGroup[] {
  const groups = new Map<string, { label: string; line?: number; count: number; bytes: number; refs: ObjectRef[] }>();
  for (const r of objects) {
    if (r.ref < fromMark || r.ref >= toMark) continue;
    const key = `${r.label}\u0000${r.line ?? ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { label: r.label, line: r.line, count: 0, bytes: 0, refs: [] }));
    g.count++;
    g.bytes += r.bytes;
    g.refs.push(r.ref);
  }
  const list = [...groups.values()];
  for (const g of list) g.refs.sort((a, b) => a - b);
  return list.sort((a, b) => b.bytes - a.bytes || a.label.localeCompare(b.label) || (a.line ?? 0) - (b.line ?? 0));
}
