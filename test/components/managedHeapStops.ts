import { answerManagedHeapView, buildManagedHeapSnapshot } from '../../src/engine/managedHeap';
import type { ManagedHeapSnapshot } from '../../src/shared/managedHeapSnapshot';
import type { Snapshot } from '../../src/shared/snapshot';
import { FakeLanguage } from '../unit/engine/managedHeap/fakeLanguage';
import type { Answer } from './webviewHarness';

/**
 * Stops of the managed heap made live by the real heap (driven by the unit tests' small object
 * graph language), put on a recorded stop of views_tour.c: the managed-heap view draws only the
 * `managedHeap` field, and its requests are answered by the same heap.
 */
export interface ManagedHeapStop {
  readonly snapshot: Snapshot;
  readonly answer: Answer;
  readonly heap: ManagedHeapSnapshot;
}

function stopOf(base: Snapshot, lang: FakeLanguage, heap: ManagedHeapSnapshot): ManagedHeapStop {
  const answer: Answer = (request) => request.kind === 'managed-object' || request.kind === 'managed-window'
    ? answerManagedHeapView(lang.heap, request)
    : { kind: 'error', message: `no answer for ${request.kind} in this test` };
  return { snapshot: { ...base, managedHeap: heap }, answer, heap };
}

/** A linked list with garbage around it, in the middle of its second scavenge: survivors copied (grey), scanned (black), the rest white. */
export function midScavenge(base: Snapshot): ManagedHeapStop {
  const lang = new FakeLanguage('generational', { newSpaceBytes: 4 * 4096, gcWorkAtSafepoints: false });
  let previous: number | undefined;
  const nodes: number[] = [];
  for (let i = 0; i < 12; i++) {
    const node = lang.alloc('Node', 56, 'object', 3);
    if (previous === undefined) lang.setRoot('list', node, 'module');
    else lang.set(previous, 'next', node);
    previous = node;
    nodes.push(node);
    for (let j = 0; j < 4; j++) lang.alloc('(string)', 32 + 16 * j, 'string', 4);
  }
  lang.heap.beginGc('scavenge', 'scavenge task: new space 80% full', 40);
  while (lang.heap.progress) lang.heap.stepGc();
  for (let i = 0; i < 30; i++) lang.alloc('(string)', 48, 'string', 7);
  const before = buildManagedHeapSnapshot(lang.heap);
  lang.heap.beginGc('scavenge', 'allocation failure: new space full', 52);
  for (let i = 0; i < 7; i++) lang.heap.stepGc();
  return stopOf(base, lang, buildManagedHeapSnapshot(lang.heap, { previous: before, selected: nodes[5] }));
}

/** Incremental marking of an old generation, part way: a cache Map's entries black, grey and white. */
export function midMarking(base: Snapshot): ManagedHeapStop {
  const lang = new FakeLanguage('generational', { gcWorkAtSafepoints: false });
  const cache = lang.alloc('Map', 32, 'object', 1);
  const table = lang.alloc('(OrderedHashMap)', 1040, 'hash-table', 1);
  lang.setRoot('cache', cache, 'module');
  lang.set(cache, 'table', table);
  for (let i = 0; i < 40; i++) {
    lang.set(table, `key ${i}`, lang.alloc('(string)', 32, 'string', 5));
    lang.set(table, `value ${i}`, lang.alloc('Result', 56, 'object', 6));
    lang.alloc('Garbage', 512, 'object', 7);
  }
  lang.heap.collect('global.gc()', 60);
  for (let i = 0; i < 10; i++) lang.alloc('Garbage', 256, 'object', 9);
  lang.heap.beginGc('mark-sweep', 'old generation past its limit', 80);
  for (let i = 0; i < 30; i++) lang.heap.stepGc();
  return stopOf(base, lang, buildManagedHeapSnapshot(lang.heap));
}

/** Reference counting: two objects holding each other after their last outside reference went. */
export function refcountLeak(base: Snapshot): ManagedHeapStop {
  const lang = new FakeLanguage('refcount');
  const registry = lang.alloc('Registry', 56, 'object', 1);
  lang.setRoot('registry', registry, 'module');
  const parent = lang.alloc('Parent', 56, 'object', 4);
  const child = lang.alloc('Child', 56, 'object', 5);
  lang.setRoot('frame main · parent', parent, 'frame');
  lang.set(parent, 'child', child);
  lang.set(child, 'parent', parent);
  const kept = lang.alloc('Kept', 56, 'object', 8);
  lang.set(registry, 'kept', kept);
  lang.setRoot('frame main · parent', undefined, 'frame');
  lang.statement();
  return stopOf(base, lang, buildManagedHeapSnapshot(lang.heap, { selected: kept }));
}
