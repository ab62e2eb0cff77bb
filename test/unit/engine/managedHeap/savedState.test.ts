import * as assert from 'node:assert/strict';
import { deepClone } from '../../../../src/engine/program/deepClone';
import type { Process } from '../../../../src/engine/process';
import { FakeLanguage } from './fakeLanguage';

function cloneProcess(p: Process): Process {
  const copy = deepClone(p, () => false);
  copy.mmu.paging.invalidate = (first, end) => copy.mmu.invalidatePages(first, end);
  return copy;
}

/** Everything the views see of the heap. */
function picture(lang: FakeLanguage): string {
  const p = lang.heap.progress;
  return JSON.stringify({
    objects: [...lang.heap.objects()].map((o) => ({ ...o, colour: p?.colourOf(o.ref) })),
    events: lang.heap.events(), usage: lang.heap.usage(), progress: p && { kind: p.kind, phase: p.phase, steps: p.steps },
  });
}

/** Some work with every kind of collection in it; `seed` varies what it builds. */
function work(lang: FakeLanguage, rounds: number): void {
  for (let i = 0; i < rounds; i++) {
    const o = lang.alloc('Node', 56 + (i % 5) * 8);
    if (i % 3 === 0) lang.setRoot(`r${i % 30}`, o);
    for (let j = 0; j < 20; j++) lang.alloc('Garbage', 256);
    lang.statement();
  }
}

describe('managed heap: saved states', () => {
  for (const mode of ['generational', 'refcount+cycles'] as const) {
    it(`${mode}: restoring a saved state (with the process saved beside it) replays exactly`, () => {
      const lang = new FakeLanguage(mode, { oldGenerationLimitBytes: 32 * 1024, markUnitsPerSafepoint: 3, cycleCollectionAllocations: 50 });
      work(lang, 30);
      const savedHeap = lang.heap.saveState();
      const savedProcess = cloneProcess(lang.process);
      const savedClient = { fields: deepClone(lang.fields, () => false), roots: deepClone(lang.roots, () => false), step: lang.step };
      const atSave = picture(lang);

      work(lang, 60);
      const later = picture(lang);
      assert.notEqual(later, atSave);

      lang.process = cloneProcess(savedProcess);
      lang.heap.attachProcess(lang.process);
      lang.heap.restoreState(savedHeap);
      lang.fields.clear();
      for (const [k, v] of deepClone(savedClient.fields, () => false)) lang.fields.set(k, v);
      lang.roots.clear();
      for (const [k, v] of savedClient.roots) lang.roots.set(k, v);
      lang.step = savedClient.step;
      assert.equal(picture(lang), atSave);
      work(lang, 60);
      assert.equal(picture(lang), later, 'the same run after the restore');
    });
  }

  it('a collection in progress is part of the state', () => {
    const lang = new FakeLanguage('generational', { gcWorkAtSafepoints: false });
    work(lang, 5);
    lang.heap.beginGc('mark-sweep', 'test', lang.step);
    lang.heap.stepGc();
    const saved = lang.heap.saveState();
    const savedProcess = cloneProcess(lang.process);
    const at = picture(lang);
    while (lang.heap.stepGc()) { /* finish */ }
    lang.process = savedProcess;
    lang.heap.attachProcess(savedProcess);
    lang.heap.restoreState(saved);
    assert.equal(picture(lang), at);
    assert.equal(lang.heap.progress!.kind, 'mark-sweep');
  });

  it('rejects what saveState did not make', () => {
    const lang = new FakeLanguage('refcount');
    assert.throws(() => lang.heap.restoreState({ nope: 1 }), /restoreState needs a state from saveState/);
  });
});
