/**
 * The bundled tutorials: which examples each one steps through, and what marks it done. The
 * walkthroughs in package.json (`contributes.walkthroughs`) have one step per tutorial, in this
 * order, completed by `onContext:` on the `done` keys (a unit test keeps the two in step). Each
 * example's title and its milestones (`@atlas done:`) are in the example's own annotations.
 */
export type WalkthroughId = 'leaks' | 'fundamentals';

export interface WalkthroughInfo {
  readonly id: WalkthroughId;
  readonly title: string;
}

export const WALKTHROUGHS: readonly WalkthroughInfo[] = [
  { id: 'leaks', title: 'Memory leaks, three flavors (and a fourth room)' },
  { id: 'fundamentals', title: 'How a process uses memory' },
];

export interface TutorialInfo {
  /** The walkthrough step's id, and the folder of its examples under media/examples/. */
  readonly id: string;
  readonly walkthrough: WalkthroughId;
  readonly title: string;
  /** Paths under media/examples/, the one a step's first button opens first. */
  readonly examples: readonly string[];
  /** Milestones (`@atlas done:` ids) that together complete the tutorial's walkthrough step. */
  readonly done: readonly string[];
}

export const TUTORIALS: readonly TutorialInfo[] = [
  {
    id: 'forgotten-free', walkthrough: 'leaks', title: 'Forgotten free (C)',
    examples: ['forgotten-free/forgotten-free.c', 'forgotten-free/forgotten-free-fixed.c', 'forgotten-free/lost-list.c'],
    done: ['forgottenFree.watched', 'forgottenFree.fixed'],
  },
  {
    id: 'reachable-orphan', walkthrough: 'leaks', title: 'Reachable orphan (JavaScript)',
    examples: ['reachable-orphan/unbounded-cache.js', 'reachable-orphan/bounded-cache.js', 'reachable-orphan/weakmap-cache.js', 'reachable-orphan/forgotten-listener.js'],
    done: ['reachableOrphan.watched', 'reachableOrphan.fixed'],
  },
  {
    id: 'refcount-cycle', walkthrough: 'leaks', title: 'Cycle under reference counting (JavaScript)',
    examples: ['refcount-cycle/two-nodes.js', 'refcount-cycle/cycle-collector.js', 'refcount-cycle/weak-parent.js'],
    done: ['refcountCycle.stuck', 'refcountCycle.collected'],
  },
  {
    id: 'native-memory', walkthrough: 'leaks', title: 'Native memory (JavaScript)',
    examples: ['native-memory/buffers.js', 'native-memory/three-layers.js', 'native-memory/release-buffers.js'],
    done: ['nativeMemory.buffers', 'nativeMemory.layers'],
  },
  {
    id: 'regions', walkthrough: 'fundamentals', title: 'The five regions',
    examples: ['regions/five-regions.c', 'regions/lifetimes.c', 'regions/read-only-literal.c', 'where-things-live.c'],
    done: ['regions.toured', 'regions.lifetimes'],
  },
  {
    id: 'stack-frames', walkthrough: 'fundamentals', title: 'Stack frames',
    examples: ['stack-frames/calls-and-returns.c', 'stack-frames/dangling-local.c'],
    done: ['stackFrames.calls', 'stackFrames.dangling'],
  },
  {
    id: 'allocator', walkthrough: 'fundamentals', title: 'The allocator',
    examples: ['allocator/split-and-coalesce.c', 'allocator/fragmentation.c', 'allocator/realloc.c', 'allocator-holes.c'],
    done: ['allocator.chunks', 'allocator.fragmentation'],
  },
  {
    id: 'virtual-memory', walkthrough: 'fundamentals', title: 'Virtual memory',
    examples: ['virtual-memory/demand-paging.c', 'virtual-memory/mmap-threshold.c', 'virtual-memory/swapping.c'],
    done: ['virtualMemory.paging', 'virtualMemory.swap'],
  },
  {
    id: 'garbage-collection', walkthrough: 'fundamentals', title: 'Garbage collection',
    examples: ['garbage-collection/mark-and-sweep.js', 'garbage-collection/scavenge.js', 'garbage-collection/request-loop.js'],
    done: ['garbageCollection.marked', 'garbageCollection.scavenged'],
  },
  {
    id: 'memory-bugs', walkthrough: 'fundamentals', title: 'Memory bugs',
    examples: ['memory-bugs/use-after-free.c', 'memory-bugs/double-free.c', 'memory-bugs/heap-overflow.c', 'memory-bugs/stack-overflow.c', 'memory-bugs/uninitialized-read.c'],
    done: ['memoryBugs.useAfterFree', 'memoryBugs.doubleFree', 'memoryBugs.overflow', 'memoryBugs.stackOverflow'],
  },
];

/** The context key a milestone sets when a run reaches it. */
export function milestoneContextKey(id: string): string {
  return `memoryAtlas.done.${id}`;
}

/** The walkthrough step's completion event: every milestone of the tutorial reached. */
export function completionEvent(tutorial: TutorialInfo): string {
  return `onContext:${tutorial.done.map(milestoneContextKey).join(' && ')}`;
}

export function tutorialOf(example: string): TutorialInfo | undefined {
  return TUTORIALS.find((t) => t.examples.includes(example));
}

/** The URI scheme of a bundled example opened read-only in the editor (memory-atlas-example:/forgotten-free/forgotten-free.c). */
export const EXAMPLE_SCHEME = 'memory-atlas-example';

/** The bundled examples as the quick pick and the panel's examples view list them, by tutorial. */
export interface ExampleTopic {
  readonly id: string;
  readonly title: string;
  readonly walkthrough: WalkthroughId;
  readonly examples: readonly { readonly path: string; readonly title: string; readonly language: 'c' | 'js' }[];
}

export function isExampleTopicList(value: unknown): value is ExampleTopic[] {
  return Array.isArray(value) && value.length <= 50 && value.every((t) => typeof t === 'object' && t !== null && typeof t.id === 'string' && typeof t.title === 'string'
    && Array.isArray(t.examples) && t.examples.every((e: unknown) => typeof e === 'object' && e !== null && typeof (e as { path: unknown }).path === 'string' && typeof (e as { title: unknown }).title === 'string'));
}
