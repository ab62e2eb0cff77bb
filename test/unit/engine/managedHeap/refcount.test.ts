import * as assert from 'node:assert/strict';
import { FakeLanguage } from './fakeLanguage';

/** a ⇄ b, reachable only from the root `pair` at first; then the root lets go. */
function dropCycle(lang: FakeLanguage): { a: number; b: number } {
  const a = lang.alloc('Node');
  const b = lang.alloc('Node');
  lang.setRoot('pair', a);
  lang.set(a, 'next', b);
  lang.set(b, 'prev', a);
  lang.statement();
  lang.setRoot('pair', undefined);
  lang.statement();
  return { a, b };
}

describe('managed heap: reference counting', () => {
  it('frees an object the moment its count reaches zero, and what it alone referenced with it', () => {
    const lang = new FakeLanguage('refcount');
    const outer = lang.alloc('Outer');
    const inner = lang.alloc('Inner');
    lang.setRoot('outer', outer);
    lang.set(outer, 'inner', inner);
    assert.equal(lang.heap.info(outer).refCount, 1);
    assert.equal(lang.heap.info(inner).refCount, 1);
    lang.setRoot('outer', undefined);
    assert.equal(lang.heap.isAlive(outer), false);
    assert.equal(lang.heap.isAlive(inner), false);
    lang.statement();
    const event = lang.heap.events().at(-1)!;
    assert.deepEqual({ kind: event.kind, freedBytes: event.freedBytes, pauseSteps: event.pauseSteps }, { kind: 'refcount-free', freedBytes: 112, pauseSteps: 2 });
  });

  it('frees a temporary nobody stored at the next safepoint', () => {
    const lang = new FakeLanguage('refcount');
    const temp = lang.alloc('Temporary');
    assert.ok(lang.heap.isAlive(temp));
    lang.statement();
    assert.equal(lang.heap.isAlive(temp), false);
  });

  it('a cycle keeps its counts above zero: it leaks, and leakedCycles names it', () => {
    const lang = new FakeLanguage('refcount');
    const { a, b } = dropCycle(lang);
    assert.ok(lang.heap.isAlive(a) && lang.heap.isAlive(b));
    assert.equal(lang.heap.info(a).refCount, 1);
    assert.deepEqual(lang.heap.leakedCycles(), [[a, b]]);
    assert.equal(lang.heap.retainerPath(a), undefined);
    const event = lang.heap.collect('global.gc()', 9);
    assert.equal(event.freedBytes, 0);
    assert.ok(lang.heap.isAlive(a));
  });

  it('the cycle collector (trial deletion) reclaims the cycle and leaves cycles that are still referenced', () => {
    const lang = new FakeLanguage('refcount+cycles');
    const { a, b } = dropCycle(lang);
    const c = lang.alloc('Live');
    const d = lang.alloc('Live');
    lang.setRoot('live', c);
    lang.set(c, 'next', d);
    lang.set(d, 'prev', c);
    const event = lang.heap.collect('global.gc()', 9);
    assert.equal(event.kind, 'cycle-collection');
    assert.equal(event.freedBytes, 112);
    assert.equal(lang.heap.isAlive(a) || lang.heap.isAlive(b), false);
    assert.ok(lang.heap.isAlive(c) && lang.heap.isAlive(d));
    assert.equal(lang.heap.info(c).refCount, 2, 'trial deletion gave the live cycle its counts back');
    assert.deepEqual(lang.heap.leakedCycles(), []);
  });

  it('collects cycles by itself after enough allocations, steppable through trial deletion, scan and sweep', () => {
    const lang = new FakeLanguage('refcount+cycles', { cycleCollectionAllocations: 10, gcWorkAtSafepoints: false });
    const { a } = dropCycle(lang);
    const phases: string[] = [];
    for (let i = 0; i < 10; i++) lang.alloc('Temporary');
    lang.statement();
    for (let p = lang.heap.progress; p; p = lang.heap.stepGc()) {
      phases.push(`${p.phase}:${p.colourOf(a)}`);
    }
    assert.ok(phases.includes('trial-deletion:grey'), phases.join(' '));
    assert.ok(phases.includes('sweep:white'), phases.join(' '));
    assert.equal(lang.heap.isAlive(a), false);
    assert.match(lang.heap.events().at(-1)!.reason, /10 allocations since the last cycle collection/);
  });

  it('retain and release hold a value across the frame that owned it (a return value in flight)', () => {
    const lang = new FakeLanguage('refcount');
    const result = lang.alloc('Result');
    lang.setRoot('frame f · result', result, 'frame');
    lang.heap.retain(result);
    lang.setRoot('frame f · result', undefined, 'frame'); // f returns
    assert.ok(lang.heap.isAlive(result));
    lang.setRoot('x', result);
    lang.heap.release(result);
    assert.equal(lang.heap.info(result).refCount, 1);
  });
});
