import type { ObjectRef } from '../managedHeap';
import type { HeapGraph } from './heapGraph';

/**
 * Retained sizes from the dominator tree: an object's retained size is its own size plus the
 * sizes of the objects it dominates (every path from the roots to them passes through it), what
 * freeing it would free, as heap snapshot tools define it.
 *
 * Dominators by Cooper, Harvey and Kennedy's iterative algorithm ("A Simple, Fast Dominance
 * Algorithm", 2001) over a graph with one synthetic root above the program's roots. Objects no
 * root reaches are left out when they are garbage a collector will free (a heap snapshot collects
 * first); when they are leaks that stay (`includeUnreachable`, under refcount) they hang from the
 * synthetic root too, each retaining what only it reaches.
 */
export function retainedSizes(graph: HeapGraph, sizeOf: (ref: ObjectRef) => number, includeUnreachable: boolean): Map<ObjectRef, number> {
  // Depth-first order from the synthetic root (index 0); its children are the roots, then the rest.
  const index = new Map<ObjectRef, number>();
  const order: ObjectRef[] = [-1];
  const preds: number[][] = [[]];
  const postorder: number[] = [];
  const starts = [...graph.roots.map((r) => r.target), ...(includeUnreachable ? graph.nodes : [])];
  const visit = (start: ObjectRef): void => {
    if (index.has(start)) return;
    index.set(start, order.length);
    order.push(start);
    preds.push([]);
    const stack: { ref: ObjectRef; next: number }[] = [{ ref: start, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const out = graph.edges.get(top.ref) ?? [];
      if (top.next < out.length) {
        const t = out[top.next++].target;
        if (!index.has(t)) {
          index.set(t, order.length);
          order.push(t);
          preds.push([]);
          stack.push({ ref: t, next: 0 });
        }
        continue;
      }
      postorder.push(index.get(top.ref)!);
      stack.pop();
    }
  };
  const rootChildren: number[] = [];
  for (const s of starts) {
    if (index.has(s)) continue;
    visit(s);
    rootChildren.push(index.get(s)!);
  }
  for (const r of graph.roots) rootChildren.push(index.get(r.target)!);
  for (const c of rootChildren) preds[c].push(0);
  for (const [from, out] of graph.edges) {
    const f = index.get(from);
    // Edges from left-out objects do not count (what they point to is reached otherwise or left out too).
    if (f === undefined) continue;
    for (const e of out) preds[index.get(e.target)!].push(f);
  }
  postorder.push(0);
  const postNumber = new Array<number>(order.length);
  postorder.forEach((node, i) => { postNumber[node] = i; });
  const idom = new Array<number>(order.length).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (postNumber[a] < postNumber[b]) a = idom[a];
      while (postNumber[b] < postNumber[a]) b = idom[b];
    }
    return a;
  };
  const reversePostorder = [...postorder].reverse().filter((n) => n !== 0);
  for (let changed = true; changed;) {
    changed = false;
    for (const n of reversePostorder) {
      let newIdom = -1;
      for (const p of preds[n]) {
        if (idom[p] === -1) continue;
        newIdom = newIdom === -1 ? p : intersect(p, newIdom);
      }
      if (newIdom !== idom[n]) {
        idom[n] = newIdom;
        changed = true;
      }
    }
  }
  // Sizes flow up the dominator tree: children before parents (postorder).
  const retained = new Array<number>(order.length).fill(0);
  for (let i = 1; i < order.length; i++) retained[i] = sizeOf(order[i]);
  for (const n of postorder) if (n !== 0 && idom[n] > 0) retained[idom[n]] += retained[n];
  const result = new Map<ObjectRef, number>();
  for (let i = 1; i < order.length; i++) result.set(order[i], retained[i]);
  return result;
}
