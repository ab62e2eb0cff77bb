import * as assert from 'node:assert/strict';
import type { GcProgress } from '../../../../src/engine/managedHeap';
import { FakeLanguage } from './fakeLanguage';

/**
 * The classic lost object: `holder` is already black (scanned), `carrier` is grey and holds
 * `hidden`. The program moves `hidden` into `holder` and drops it from `carrier` before the marker
 * scans carrier: only the barrier on the store into a black object keeps `hidden` alive.
 */
function storeMidMark(barrier: 'dijkstra' | 'steele' | 'none'): { lang: FakeLanguage; holder: number; hidden: number } {
  const lang = new FakeLanguage('generational', { gcWorkAtSafepoints: false, markingBarrier: barrier });
  const carrier = lang.alloc('Carrier');
  const holder = lang.alloc('Holder');
  const hidden = lang.alloc('Hidden');
  lang.setRoot('carrier', carrier);
  lang.setRoot('holder', holder);
  lang.set(carrier, 'payload', hidden);
  let p: GcProgress | undefined = lang.heap.beginGc('mark-sweep', 'test', lang.step);
  // Roots are greyed in order (carrier, holder); the work list is a stack, so holder is scanned first.
  while (p!.colourOf(holder) !== 'black') p = lang.heap.stepGc();
  assert.equal(p!.phase, 'mark');
  assert.equal(p!.colourOf(carrier), 'grey');
  assert.equal(p!.colourOf(hidden), 'white');
  lang.set(holder, 'payload', hidden); // a store into a black object, mid-mark
  lang.set(carrier, 'payload', undefined);
  if (barrier === 'dijkstra') assert.equal(lang.heap.progress!.colourOf(hidden), 'grey');
  if (barrier === 'steele') assert.equal(lang.heap.progress!.colourOf(holder), 'grey');
  while (lang.heap.stepGc()) { /* marking and sweeping to the end */ }
  return { lang, holder, hidden };
}

describe('managed heap: incremental tri-colour mark-sweep', () => {
  it('the Dijkstra barrier (V8\'s) greys a white object stored into a black one: it survives', () => {
    const { lang, hidden } = storeMidMark('dijkstra');
    assert.ok(lang.heap.isAlive(hidden));
    assert.deepEqual(lang.heap.verify(), []);
    assert.equal(lang.heap.events().at(-1)!.kind, 'mark-sweep');
  });

  it('Steele\'s barrier re-greys the black holder instead: it is scanned again and the object survives', () => {
    const { lang, hidden } = storeMidMark('steele');
    assert.ok(lang.heap.isAlive(hidden));
    assert.deepEqual(lang.heap.verify(), []);
  });

  it('without a barrier the object is freed while a live object still points to it', () => {
    const { lang, hidden } = storeMidMark('none');
    assert.equal(lang.heap.isAlive(hidden), false);
    assert.ok(lang.freed.includes(hidden));
    assert.match(lang.heap.verify().join('\n'), /Holder \.payload points to dead object/);
  });

  it('starts at a safepoint past the old generation limit and marks a bounded number of units per safepoint', () => {
    const lang = new FakeLanguage('generational', { oldGenerationLimitBytes: 64 * 1024, markUnitsPerSafepoint: 4 });
    const list = lang.alloc('List');
    lang.setRoot('list', list);
    for (let i = 0; lang.heap.dueGc() !== 'mark-sweep'; i++) {
      lang.set(list, `item${i}`, lang.alloc('Item', 1024));
      if (i % 8 === 0) lang.statement();
    }
    lang.statement();
    const p = lang.heap.progress!;
    assert.equal(p.kind, 'mark-sweep');
    assert.equal(p.steps, 4);
    let statements = 1;
    while (lang.heap.progress) {
      lang.statement();
      statements++;
    }
    const event = lang.heap.events().at(-1)!;
    assert.equal(event.kind, 'mark-sweep');
    assert.match(event.reason, /^old generation past its limit/);
    assert.ok(statements > 10, `spread over ${statements} statements`);
    // Four units a safepoint; the last safepoint may need fewer.
    assert.ok(event.pauseSteps > 4 * (statements - 1) && event.pauseSteps <= 4 * statements, `${event.pauseSteps} units`);
    assert.deepEqual(lang.heap.verify(), []);
  });

  it('global.gc() (collect) sweeps the dead and promotes every young survivor', () => {
    const lang = new FakeLanguage('generational');
    const kept = lang.alloc('Kept');
    lang.setRoot('kept', kept);
    for (let i = 0; i < 20; i++) lang.alloc('Garbage', 2048);
    const event = lang.heap.collect('global.gc()', 1);
    assert.equal(event.kind, 'mark-sweep');
    assert.equal(event.freedBytes, 20 * 2048);
    assert.equal(event.promotedBytes, 56);
    assert.equal(lang.heap.info(kept).space, 'old');
    assert.equal(lang.heap.usage().heapUsed, 56);
  });

  it('compacts past the fragmentation threshold: the sparse pages are evacuated and unmapped (mark-compact)', () => {
    const lang = new FakeLanguage('generational', { newSpaceBytes: 1024 * 1024 });
    for (let i = 0; i < 600; i++) lang.setRoot(`r${i}`, lang.alloc('Chunk', 1024));
    lang.heap.collect('global.gc()', 1);
    const pagesBefore = lang.heap.usage().heapTotal;
    const keptRefs = [...lang.roots.entries()].filter(([, r], i) => i % 10 === 0).map(([, r]) => r.target);
    const addressesBefore = keptRefs.map((r) => lang.heap.addressOf(r));
    for (let i = 0; i < 600; i++) if (i % 10 !== 0) lang.setRoot(`r${i}`, undefined);
    const event = lang.heap.collect('global.gc()', 2);
    assert.equal(event.kind, 'mark-compact');
    assert.equal(event.freedBytes, 540 * 1024);
    assert.ok(lang.heap.usage().heapTotal < pagesBefore, `${lang.heap.usage().heapTotal} < ${pagesBefore}`);
    assert.ok(keptRefs.some((r, i) => lang.heap.addressOf(r) !== addressesBefore[i]), 'survivors moved');
    assert.ok(keptRefs.every((r) => lang.heap.isAlive(r)));
    assert.deepEqual(lang.heap.verify(), []);
  });

  it('an ephemeron keeps its value only while its key lives; weak references are cleared through onFreed', () => {
    const lang = new FakeLanguage('generational');
    const table = lang.alloc('WeakMap table', 104, 'hash-table');
    const key = lang.alloc('Key');
    const value = lang.alloc('Value');
    const weakRef = lang.alloc('WeakRef');
    const target = lang.alloc('Target');
    lang.setRoot('table', table);
    lang.setRoot('key', key);
    lang.setRoot('weakRef', weakRef);
    lang.setEphemeron(table, key, value);
    lang.weak.set(weakRef, target);
    lang.heap.collect('global.gc()', 1);
    assert.ok(lang.heap.isAlive(value), 'the key is alive, so is its value');
    assert.equal(lang.heap.isAlive(target), false, 'only a WeakRef held it');
    assert.equal(lang.weak.get(weakRef), undefined, 'the language cleared the WeakRef when told');
    lang.setRoot('key', undefined);
    lang.heap.collect('global.gc()', 2);
    assert.equal(lang.heap.isAlive(key), false);
    assert.equal(lang.heap.isAlive(value), false);
    assert.ok(lang.freed.includes(target) && lang.freed.includes(value));
  });
});
