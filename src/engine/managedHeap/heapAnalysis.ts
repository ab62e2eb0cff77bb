import type { HeapCore } from './heapCore';
import type { AllocationGroup, ObjectRef, RetainerPath } from './managedHeap';
import { type HeapGraph, readHeapGraph } from './analysis/heapGraph';
import { shortestRetainerPath } from './analysis/retainerPath';
import { retainedSizes } from './analysis/dominators';
import { unreachableGroups } from './analysis/leakedCycles';
import { liveAllocatedBetween } from './analysis/allocationDiff';

/**
 * Leak analysis over the heap's graph, read once per change of the graph (a paused program asks
 * for many paths and sizes in a row; the graph and the dominator tree are built once for them).
 */
export class HeapAnalysis {
  private graph: { version: number; graph: HeapGraph } | undefined;
  private retained: { version: number; sizes: Map<ObjectRef, number> } | undefined;

  constructor(private readonly core: HeapCore) {}

  private currentGraph(): HeapGraph {
    const version = this.core.state.graphVersion;
    if (this.graph?.version !== version) {
      const objects = this.core.state.objects;
      this.graph = { version, graph: readHeapGraph(this.core.client, objects.keys(), (ref) => objects.has(ref)) };
    }
    return this.graph.graph;
  }

  retainerPath(ref: ObjectRef): RetainerPath | undefined {
    const objects = this.core.state.objects;
    return shortestRetainerPath(this.currentGraph(), ref, (r) => objects.get(r)?.label ?? '?');
  }

  retainedBytes(ref: ObjectRef): number {
    const version = this.core.state.graphVersion;
    if (this.retained?.version !== version) {
      const objects = this.core.state.objects;
      this.retained = { version, sizes: retainedSizes(this.currentGraph(), (r) => objects.get(r)?.bytes ?? 0, !this.core.generational) };
    }
    return this.retained.sizes.get(ref) ?? 0;
  }

  unreachableGroups(): ObjectRef[][] {
    const pinned = [...this.core.state.objects.values()].filter((r) => r.pinned).map((r) => r.ref);
    return unreachableGroups(this.currentGraph(), pinned);
  }

  liveAllocatedBetween(fromMark: number, toMark: number): AllocationGroup[] {
    return liveAllocatedBetween(this.core.state.objects.values(), fromMark, toMark);
  }
}
