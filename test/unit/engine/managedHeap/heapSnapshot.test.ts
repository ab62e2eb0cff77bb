import * as assert from 'node:assert/strict';
import { answerManagedHeapView, buildManagedHeapSnapshot } from '../../../../src/engine/managedHeap';
import { MANAGED_HEAP_WINDOW_OBJECTS } from '../../../../src/shared/managedHeapSnapshot';
import { isManagedHeapSnapshot } from '../../../../src/shared/validateSnapshot';
import { FakeLanguage } from './fakeLanguage';

describe('managed heap: the view\'s snapshot', () => {
  it('draws a scavenge in progress: both semispaces, colours, and at the next stop the survivors\' old addresses', () => {
    const lang = new FakeLanguage('generational', { gcWorkAtSafepoints: false });
    const a = lang.alloc('A');
    const b = lang.alloc('B');
    lang.setRoot('a', a);
    lang.set(a, 'b', b);
    for (let i = 0; i < 3; i++) lang.alloc('Garbage');
    const before = buildManagedHeapSnapshot(lang.heap);
    assert.ok(isManagedHeapSnapshot(before));
    assert.deepEqual(Object.fromEntries(before.spaces.map((s) => [s.space, s.objects])), { 'new-to': 5, 'new-from': 0 });
    lang.heap.beginGc('scavenge', 'test', 0);
    lang.heap.stepGc();
    const during = buildManagedHeapSnapshot(lang.heap, { previous: before });
    assert.equal(during.gc?.phase, 'roots');
    assert.deepEqual(during.gc?.counts, { white: 4, grey: 1, black: 0 });
    const drawnA = during.objects.find((o) => o.ref === a)!;
    assert.equal(drawnA.colour, 'grey');
    assert.equal(drawnA.movedFrom, before.objects.find((o) => o.ref === a)!.address);
    assert.deepEqual(Object.fromEntries(during.spaces.map((s) => [s.space, s.objects])), { 'new-from': 4, 'new-to': 1 }, 'the semispaces flipped');
    while (lang.heap.stepGc()) { /* finish */ }
    const after = buildManagedHeapSnapshot(lang.heap, { previous: before, selected: b });
    assert.equal(after.gc, undefined);
    assert.equal(after.events.at(-1)!.kind, 'scavenge');
    assert.deepEqual(after.selected?.path?.steps.map((s) => s.edge), ['', 'b']);
    assert.equal(after.selected?.retainedBytes, 56);
  });

  it('is bounded: a window of objects, the others by request', () => {
    const lang = new FakeLanguage('refcount');
    const holder = lang.alloc('Holder');
    lang.setRoot('holder', holder);
    for (let i = 0; i < 700; i++) lang.set(holder, `o${i}`, lang.alloc('O', 32));
    const snap = buildManagedHeapSnapshot(lang.heap);
    assert.equal(snap.objects.length, MANAGED_HEAP_WINDOW_OBJECTS);
    assert.equal(snap.window.total, 701);
    assert.equal(snap.objects[0].refCount, 1);
    const answer = answerManagedHeapView(lang.heap, { kind: 'managed-window', first: 600, count: 5000 });
    assert.ok(answer.kind === 'managed-window');
    assert.equal(answer.objects.length, 101);
    assert.deepEqual(answerManagedHeapView(lang.heap, { kind: 'managed-object', ref: 99999 }), { kind: 'error', message: 'object #99999 is no longer alive' });
  });

  it('lists leaked cycles in refcount mode', () => {
    const lang = new FakeLanguage('refcount');
    const a = lang.alloc('A');
    const b = lang.alloc('B');
    lang.setRoot('a', a);
    lang.set(a, 'b', b);
    lang.set(b, 'a', a);
    lang.setRoot('a', undefined);
    assert.deepEqual(buildManagedHeapSnapshot(lang.heap).leakedCycles, [[a, b]]);
  });
});
