import * as assert from 'node:assert/strict';
import { FakeLanguage } from './fakeLanguage';
import { MAX_REGULAR_OBJECT_BYTES, PAGE_BYTES, PAGE_HEADER_BYTES } from '../../../../src/engine/managedHeap';

describe('managed heap: spaces in the process\'s memory', () => {
  it('new objects are written into the semispace: the page becomes resident with its first object', () => {
    const lang = new FakeLanguage('generational');
    const before = lang.process.counters();
    const o = lang.alloc('Object');
    const address = lang.heap.addressOf(o);
    assert.equal(address % PAGE_BYTES, 0, 'the first object starts the 256 KiB-aligned semispace');
    assert.equal(lang.process.counters().minorFaults, before.minorFaults + 1);
    assert.equal(lang.process.mmu.read64(address + 8), 56, 'the size word');
  });

  it('objects above 128 KiB get a mapping of their own in large-object space, unmapped when they die', () => {
    const lang = new FakeLanguage('generational');
    const big = lang.alloc('(elements)', MAX_REGULAR_OBJECT_BYTES + 8, 'elements');
    const info = lang.heap.info(big);
    assert.equal(info.space, 'large-object');
    const vma = lang.process.addressSpace.find(info.address)!;
    assert.equal(vma.start, info.address - PAGE_HEADER_BYTES);
    lang.heap.collect('global.gc()', 1);
    assert.equal(lang.heap.isAlive(big), false);
    assert.equal(lang.process.addressSpace.find(info.address), undefined);
  });

  it('resize: shrinking stays in place; growing moves the object and keeps its bytes', () => {
    const lang = new FakeLanguage('refcount');
    const elements = lang.alloc('(elements)', 64, 'elements');
    lang.setRoot('e', elements);
    const at = lang.heap.addressOf(elements);
    lang.process.mmu.write64(at + 16, 0x1234);
    lang.heap.resize(elements, 32);
    assert.equal(lang.heap.addressOf(elements), at);
    const neighbour = lang.alloc('Neighbour', 32);
    assert.equal(lang.heap.addressOf(neighbour), at + 32, 'the freed tail is reused');
    lang.setRoot('n', neighbour);
    lang.heap.resize(elements, 400);
    const moved = lang.heap.addressOf(elements);
    assert.notEqual(moved, at);
    assert.equal(lang.process.mmu.read64(moved + 16), 0x1234);
    assert.equal(lang.heap.usage().heapUsed, 432);
    assert.deepEqual(lang.heap.verify(), []);
  });

  it('refuses sizes that are not positive, and handles of dead objects, with a message', () => {
    const lang = new FakeLanguage('refcount');
    assert.throws(() => lang.alloc('Bad', 0), /cannot allocate 0 bytes/);
    const o = lang.alloc('Temp');
    lang.statement();
    assert.throws(() => lang.heap.info(o), /object #1 is not alive/);
  });

  it('heapTotal counts whole pages; heapUsed counts objects; objects() lists them in address order within each space', () => {
    const lang = new FakeLanguage('refcount');
    for (let i = 0; i < 5; i++) lang.setRoot(`o${i}`, lang.alloc('O', 56 + 8 * i));
    const usage = lang.heap.usage();
    assert.equal(usage.heapTotal, PAGE_BYTES);
    assert.equal(usage.heapUsed, 5 * 56 + 8 * 10);
    const addresses = [...lang.heap.objects()].map((o) => o.address);
    assert.deepEqual(addresses, [...addresses].sort((a, b) => a - b));
    assert.equal(addresses[0] % PAGE_BYTES, PAGE_HEADER_BYTES);
  });
});
