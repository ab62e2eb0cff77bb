import type { EdgeName, HeapClient, ObjectRef, RootDescription } from '../managedHeap';

/**
 * The object graph at one moment, read once from the language's tracer: what the analyses
 * (retainer paths, dominators, leaked cycles) walk. Only live objects and strong edges.
 */
export interface HeapGraph {
  /** Live objects, in ascending handle order. */
  readonly nodes: readonly ObjectRef[];
  readonly edges: ReadonlyMap<ObjectRef, readonly { readonly target: ObjectRef; readonly edge: EdgeName }[]>;
  readonly roots: readonly { readonly target: ObjectRef; readonly root: RootDescription }[];
}

export function readHeapGraph(client: HeapClient, live: Iterable<ObjectRef>, isLive: (ref: ObjectRef) => boolean): HeapGraph {
  const nodes = [...live].sort((a, b) => a - b);
  const edges = new Map<ObjectRef, { target: ObjectRef; edge: EdgeName }[]>();
  for (const ref of nodes) {
    const out: { target: ObjectRef; edge: EdgeName }[] = [];
    client.forEachReference(ref, (target, edge) => { if (isLive(target)) out.push({ target, edge }); });
    edges.set(ref, out);
  }
  const roots: { target: ObjectRef; root: RootDescription }[] = [];
  client.forEachRoot((target, root) => { if (isLive(target)) roots.push({ target, root }); });
  return { nodes, edges, roots };
}

/** Objects reachable from the roots (and the pinned ones), by a breadth-first walk. */
export function reachableFrom(graph: HeapGraph, extraRoots: readonly ObjectRef[] = []): Set<ObjectRef> {
  const seen = new Set<ObjectRef>();
  const queue: ObjectRef[] = [];
  const add = (ref: ObjectRef): void => {
    if (seen.has(ref)) return;
    seen.add(ref);
    queue.push(ref);
  };
  for (const r of graph.roots) add(r.target);
  for (const r of extraRoots) add(r);
  for (let i = 0; i < queue.length; i++) for (const e of graph.edges.get(queue[i]) ?? []) add(e.target);
  return seen;
}
