import * as assert from 'node:assert/strict';
import { FakeLanguage } from './fakeLanguage';
import { orderedHashMapBytes, stringBytes, COLLECTION_BYTES } from '../../../../src/engine/managedHeap/v8Sizes';

/** `const cache = new Map()` at module level, and a request handler that caches every result and never evicts. */
class UnboundedCache {
  readonly map: number;
  table: number;
  capacity = 4;
  size = 0;

  constructor(readonly lang: FakeLanguage) {
    this.map = lang.alloc('Map', COLLECTION_BYTES, 'object', 1);
    this.table = lang.alloc('(OrderedHashMap)', orderedHashMapBytes(4), 'hash-table', 1);
    lang.set(this.map, 'table', this.table);
    lang.setRoot('cache', this.map, 'module');
  }

  handle(request: number): number {
    const key = this.lang.alloc('(string)', stringBytes(12), 'string', 5);
    const value = this.lang.alloc('Result', 56, 'object', 6);
    for (let i = 0; i < 10; i++) this.lang.alloc('Garbage', 512, 'object', 7); // the request's temporaries
    if (this.size === this.capacity) {
      this.capacity *= 2;
      this.lang.heap.resize(this.table, orderedHashMapBytes(this.capacity));
    }
    this.lang.set(this.table, `key ${request}`, key);
    this.lang.set(this.table, `value ${request}`, value);
    this.size++;
    this.lang.statement();
    return value;
  }
}

describe('managed heap: leak analysis', () => {
  it('an unbounded Map cache grows across GCs; its entries\' retainer path leads to the module-level Map', () => {
    const lang = new FakeLanguage('generational');
    const cache = new UnboundedCache(lang);
    const values: number[] = [];
    const usedAfterFullGc: number[] = [];
    for (let request = 0; request < 400; request++) {
      values.push(cache.handle(request));
      if (request % 100 === 99) {
        lang.heap.collect('global.gc()', lang.step);
        usedAfterFullGc.push(lang.heap.usage().heapUsed);
      }
    }
    const scavenges = lang.heap.events().filter((e) => e.kind === 'scavenge').length;
    assert.ok(scavenges >= 10, `${scavenges} scavenges`);
    assert.ok(values.every((v) => lang.heap.isAlive(v)), 'nothing the cache holds is ever freed');
    // After every full GC the heap holds 100 more entries (a key and a result each) than after the last.
    const entry = stringBytes(12) + 56;
    for (let i = 1; i < usedAfterFullGc.length; i++) assert.ok(usedAfterFullGc[i] - usedAfterFullGc[i - 1] >= 100 * entry, usedAfterFullGc.join(' '));

    const path = lang.heap.retainerPath(values[123])!;
    assert.deepEqual(path.root, { kind: 'module', name: 'cache' });
    assert.deepEqual(path.steps.map((s) => `${s.edge}→${s.label}`), ['→Map', 'table→(OrderedHashMap)', 'value 123→Result']);
    // The Map retains everything it caches: its table, 400 keys and 400 results.
    const expected = COLLECTION_BYTES + orderedHashMapBytes(512) + 400 * (stringBytes(12) + 56);
    assert.equal(lang.heap.retainedBytes(cache.map), expected);
    assert.equal(lang.heap.retainedBytes(values[0]), 56);
  });

  it('a comparison between two stops lists the objects allocated between them that are still alive, by label and line', () => {
    const lang = new FakeLanguage('generational');
    const emitter = lang.alloc('EventEmitter', 56, 'object', 1);
    lang.setRoot('emitter', emitter, 'module');
    const first = lang.heap.allocationMark();
    for (let i = 0; i < 5; i++) {
      const listener = lang.alloc('(closure)', 56, 'function', 12);
      lang.alloc('Garbage', 64, 'object', 13);
      lang.set(emitter, `listener ${i}`, listener);
    }
    lang.heap.collect('global.gc()', 1);
    const second = lang.heap.allocationMark();
    lang.set(emitter, 'late', lang.alloc('(closure)', 56, 'function', 20));
    const groups = lang.heap.liveAllocatedBetween(first, second);
    assert.deepEqual(groups.map((g) => ({ label: g.label, line: g.line, count: g.count, bytes: g.bytes })), [{ label: '(closure)', line: 12, count: 5, bytes: 280 }]);
    const path = lang.heap.retainerPath(groups[0].refs[4])!;
    assert.deepEqual(path.steps.map((s) => s.edge), ['', 'listener 4']);
  });

  it('retained sizes come from the dominator tree: a shared object belongs to neither of its holders', () => {
    const lang = new FakeLanguage('generational');
    const left = lang.alloc('Left');
    const right = lang.alloc('Right');
    const shared = lang.alloc('Shared', 1000);
    const own = lang.alloc('Own', 200);
    lang.setRoot('left', left);
    lang.setRoot('right', right);
    lang.set(left, 'shared', shared);
    lang.set(right, 'shared', shared);
    lang.set(left, 'own', own);
    lang.set(own, 'shared', shared);
    assert.equal(lang.heap.retainedBytes(left), 56 + 200);
    assert.equal(lang.heap.retainedBytes(right), 56);
    assert.equal(lang.heap.retainedBytes(shared), 1000);
    lang.setRoot('right', undefined);
    assert.equal(lang.heap.retainedBytes(left), 56 + 200 + 1000, 'recomputed after the change');
  });
});
