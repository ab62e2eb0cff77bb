import type { ObjectRef, RetainerPath } from '../managedHeap';
import type { HeapGraph } from './heapGraph';

/**
 * The shortest path from a root to `ref` (fewest edges; among equals, the first root and the
 * first edges in the tracer's order win), as a heap snapshot's retainers panel shows the
 * nearest one. Undefined when no root reaches it.
 */
export function shortestRetainerPath(graph: HeapGraph, ref: ObjectRef, labelOf: (ref: ObjectRef) => string): RetainerPath | undefined {
  // A breadth-first walk from every root at once; each object remembers how it was reached.
  const via = new Map<ObjectRef, { from: ObjectRef | undefined; edge: string; rootIndex: number }>();
  const queue: ObjectRef[] = [];
  graph.roots.forEach((r, rootIndex) => {
    if (via.has(r.target)) return;
    via.set(r.target, { from: undefined, edge: r.root.name, rootIndex });
    queue.push(r.target);
  });
  for (let i = 0; i < queue.length && !via.has(ref); i++) {
    const at = queue[i];
    const rootIndex = via.get(at)!.rootIndex;
    for (const e of graph.edges.get(at) ?? []) {
      if (via.has(e.target)) continue;
      via.set(e.target, { from: at, edge: e.edge, rootIndex });
      queue.push(e.target);
    }
  }
  const end = via.get(ref);
  if (!end) return undefined;
  const steps: { edge: string; ref: ObjectRef; label: string }[] = [];
  let at: ObjectRef | undefined = ref;
  while (at !== undefined) {
    const v: { from: ObjectRef | undefined; edge: string; rootIndex: number } = via.get(at)!;
    // The first object's edge is the root's own name (the root slot holds it).
    steps.push({ edge: v.from === undefined ? '' : v.edge, ref: at, label: labelOf(at) });
    at = v.from;
  }
  steps.reverse();
  return { root: graph.roots[end.rootIndex].root, steps };
}
