import * as assert from 'node:assert/strict';
import { FakeLanguage } from './fakeLanguage';
import { ARRAY_BUFFER_BYTES } from '../../../../src/engine/managedHeap/v8Sizes';

describe('managed heap: off-heap memory and usage', () => {
  it('Buffers grow rss and external while heapUsed stays flat, and give it back when they die', () => {
    const lang = new FakeLanguage('generational');
    const start = lang.heap.usage();
    const payload = 256 * 1024;
    for (let i = 0; i < 16; i++) {
      const buffer = lang.alloc('ArrayBuffer', ARRAY_BUFFER_BYTES, 'array-buffer');
      lang.setRoot(`buffers[${i}]`, buffer);
      const address = lang.heap.allocateExternal(payload, buffer);
      lang.process.mmu.fill(address, payload, 0x61); // the program writes its bytes
      lang.statement();
    }
    const full = lang.heap.usage();
    assert.equal(full.external - start.external, 16 * payload);
    assert.equal(full.arrayBuffers, 16 * payload);
    assert.ok(full.rss - start.rss >= 16 * payload, `rss grew by ${full.rss - start.rss}`);
    assert.equal(full.heapUsed - start.heapUsed, 16 * ARRAY_BUFFER_BYTES);
    assert.ok(full.heapUsed <= full.heapTotal);
    // glibc serves 256 KiB by mmap: each payload is a mapping of its own.
    const mmapped = lang.process.allocator.chunks().filter((c) => c.state === 'mmapped');
    assert.equal(mmapped.length, 16);

    for (let i = 0; i < 16; i++) lang.setRoot(`buffers[${i}]`, undefined);
    lang.heap.collect('global.gc()', lang.step);
    const after = lang.heap.usage();
    assert.equal(after.external, 0);
    assert.equal(lang.process.allocator.chunks().filter((c) => c.state === 'mmapped').length, 0);
    assert.ok(full.rss - after.rss >= 16 * payload, 'munmap gave the pages back');
  });

  it('small payloads come from the brk heap; the heap\'s own spaces are anonymous mappings counted in heapTotal', () => {
    const lang = new FakeLanguage('generational');
    const buffer = lang.alloc('ArrayBuffer', ARRAY_BUFFER_BYTES, 'array-buffer');
    lang.setRoot('b', buffer);
    const address = lang.heap.allocateExternal(100, buffer);
    assert.equal(lang.process.addressSpace.find(address)!.role, 'heap');
    const usage = lang.heap.usage();
    assert.equal(usage.heapTotal, 2 * 16 * 4096, 'both semispaces');
    const newSpace = lang.process.addressSpace.find(lang.heap.addressOf(buffer))!;
    assert.equal(newSpace.role, 'mmap-anon');
  });

  it('external strings and other non-ArrayBuffer owners count in external only', () => {
    const lang = new FakeLanguage('refcount');
    const owner = lang.alloc('ExternalString', 32, 'string');
    lang.setRoot('s', owner);
    lang.heap.allocateExternal(1000, owner);
    assert.deepEqual([lang.heap.usage().external, lang.heap.usage().arrayBuffers], [1000, 0]);
    lang.setRoot('s', undefined);
    assert.equal(lang.heap.usage().external, 0, 'freed with its owner when the count reached zero');
  });
});
