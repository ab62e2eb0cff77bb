import type { ObjectRef } from '../managedHeap';
import { type HeapGraph, reachableFrom } from './heapGraph';

/**
 * Under reference counting, live objects no root reaches are leaks: their counts never reached
 * zero because they hold each other (a cycle) or are held by such a cycle. Grouped by what is
 * connected to what (ignoring edge direction), smallest handle first in each group.
 */
export function unreachableGroups(graph: HeapGraph, pinned: readonly ObjectRef[]): ObjectRef[][] {
  const reachable = reachableFrom(graph, pinned);
  const leaked = graph.nodes.filter((n) => !reachable.has(n));
  const leakedSet = new Set(leaked);
  const neighbours = new Map<ObjectRef, ObjectRef[]>();
  for (const n of leaked) neighbours.set(n, []);
  for (const n of leaked) {
    for (const e of graph.edges.get(n) ?? []) {
      if (!leakedSet.has(e.target)) continue;
      neighbours.get(n)!.push(e.target);
      neighbours.get(e.target)!.push(n);
    }
  }
  const seen = new Set<ObjectRef>();
  const groups: ObjectRef[][] = [];
  for (const start of leaked) {
    if (seen.has(start)) continue;
    const group: ObjectRef[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const n = stack.pop()!;
      group.push(n);
      for (const m of neighbours.get(n)!) if (!seen.has(m)) { seen.add(m); stack.push(m); }
    }
    groups.push(group.sort((a, b) => a - b));
  }
  return groups;
}
