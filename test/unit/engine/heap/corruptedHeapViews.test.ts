import { strict as assert } from 'node:assert';
import { GlibcMalloc } from '../../../../src/engine/heap/glibc/glibcMalloc';
import { protectPtr } from '../../../../src/engine/heap/glibc/params';
import { FlatHeapHost } from './flatHeapHost';

/**
 * After a memory error the program may have written anything over the heap's metadata (an
 * unchecked build does, and --keep-going goes on as it would). The views must still draw the
 * heap: every walk reads defensively, never throws, and marks what it cannot trust.
 */
function setup(): { host: FlatHeapHost; heap: GlibcMalloc } {
  const host = new FlatHeapHost();
  return { host, heap: new GlibcMalloc(host) };
}

const views = (heap: GlibcMalloc) => ({ chunks: heap.chunks(), bins: heap.bins(), stats: heap.stats() });

describe('heap introspection on corrupted metadata', () => {
  it('a tcache bin whose count fell to 0 is empty, whatever garbage its head holds (glibc never looks at it)', () => {
    const { host, heap } = setup();
    const a = heap.malloc(16);
    heap.free(a);
    host.memory.write32(a, 42); // through the dangling pointer: the safe-linked next pointer
    host.memory.write64(a + 8, 0x4141414141414141 % 2 ** 53);
    const b = heap.malloc(16); // tcache_get: entries[0] = REVEAL_PTR(garbage), counts[0] = 0
    assert.equal(b, a);
    const { bins, chunks } = views(heap);
    assert.equal(bins.find((x) => x.kind === 'tcache' && x.index === 0), undefined);
    assert.ok(chunks.every((c) => c.state !== 'corrupted'));
  });

  it('a tcache list that leaves the heap stops there and says so', () => {
    const { host, heap } = setup();
    const a = heap.malloc(40);
    const b = heap.malloc(40);
    heap.free(a);
    heap.free(b);
    host.memory.write64(b, 0x123456789); // b->next now reveals to an address outside the heap
    const bin = heap.bins().find((x) => x.kind === 'tcache' && x.index === 1);
    assert.deepEqual(bin?.chunks, [b - 16]);
    assert.match(bin?.corrupted ?? '', /entry 2 of 2 is 0x[0-9a-f]+, which is not a chunk of the heap/);
  });

  it('a fastbin list that loops is cut at the loop', () => {
    const { host, heap } = setup();
    const ps = Array.from({ length: 9 }, () => heap.malloc(24));
    heap.malloc(24);
    ps.forEach((p) => heap.free(p)); // 7 to the tcache, 2 to fastbin[0]
    const [first, second] = [ps[8], ps[7]];
    // second->fd = PROTECT_PTR(&second->fd, first): the list now loops first -> second -> first.
    host.memory.write64(second, protectPtr(second, first - 16));
    const fast = heap.bins().find((x) => x.kind === 'fast' && x.index === 0);
    assert.deepEqual(fast?.chunks, [first - 16, second - 16]);
    assert.match(fast?.corrupted ?? '', /loops back to the chunk at/);
  });

  it('a small bin whose forward link was overwritten stops at the bad link, the rest of the heap still drawn', () => {
    const { host, heap } = setup();
    const a = heap.malloc(2000);
    heap.malloc(24);
    heap.free(a); // unsorted bin, linked to main_arena
    host.memory.write64(a, 0xdead0000);
    const { bins, chunks, stats } = views(heap);
    const unsorted = bins.find((x) => x.kind === 'unsorted');
    assert.deepEqual(unsorted?.chunks, [a - 16]);
    assert.match(unsorted?.corrupted ?? '', /links to 0xdead0000, which is neither a chunk of the heap nor the bin/);
    assert.ok(chunks.some((c) => c.state === 'top'));
    assert.ok(stats.freeBytes > 0);
  });

  it("a chunk's size field overwritten mid-heap: the bytes up to the top chunk are one corrupted chunk", () => {
    const { host, heap } = setup();
    const a = heap.malloc(24);
    const b = heap.malloc(24);
    heap.malloc(24);
    host.memory.write64(b - 8, 0x4141414141); // a heap overflow from a onto b's header
    const { chunks, stats } = views(heap);
    const bad = chunks.find((c) => c.state === 'corrupted');
    assert.equal(bad?.addr, b - 16);
    assert.match(bad?.corrupted ?? '', /^the walk stopped at 0x[0-9a-f]+: its size field says 0x4141414141, past the end of the heap$/);
    const top = chunks.find((c) => c.state === 'top');
    assert.equal(bad!.addr + bad!.size, top?.addr);
    assert.equal(chunks.find((c) => c.userPtr === a)?.state, 'in-use');
    assert.equal(stats.inUseCount, 1); // a; b and c are behind the corruption
    assert.equal(heap.chunkContaining(b)?.state, 'corrupted');
  });

  it('a misaligned or tiny size is no chunk size either', () => {
    for (const raw of [0x29, 0x0, 0x8]) {
      const { host, heap } = setup();
      const a = heap.malloc(24);
      heap.malloc(24);
      host.memory.write64(a + 16 + 8, raw);
      const bad = heap.chunks().find((c) => c.state === 'corrupted');
      assert.match(bad?.corrupted ?? '', /no chunk size/, `raw size ${raw}`);
    }
  });

  it("the top chunk's size overwritten (House of Force) is drawn to the end of the heap and marked", () => {
    const { host, heap } = setup();
    const a = heap.malloc(24);
    host.memory.write64(a + 24, 2 ** 52); // top's size field, right after a's chunk
    const top = heap.chunks().find((c) => c.state === 'top');
    assert.ok(top && top.size > 0 && top.size < 0x21000);
    assert.match(top?.corrupted ?? '', /its size field says 0x10000000000000, but 0x[0-9a-f]+ bytes are left/);
  });

  it("an mmapped chunk's header overwritten is marked corrupted, not trusted", () => {
    const { host, heap } = setup();
    const big = heap.malloc(300000);
    host.memory.write64(big - 8, 0x31);
    const chunk = heap.chunks().find((c) => c.addr === big - 16);
    assert.equal(chunk?.state, 'corrupted');
    assert.match(chunk?.corrupted ?? '', /not an mmapped chunk's size/);
    assert.equal(heap.stats().mmapBytes > 0, true);
  });

  it('a heap whose pages were unmapped under it (a wild munmap) reads as unreadable, never throws', () => {
    const { host, heap } = setup();
    const a = heap.malloc(24);
    heap.free(heap.malloc(2000));
    host.munmap(host.brkStart, 0x21000); // the FlatHeapHost mapping of the heap is gone
    host.sbrk(-(host.currentBreak - host.brkStart));
    const { chunks, bins } = views(heap);
    assert.ok(chunks.length > 0 && chunks.every((c) => c.state === 'corrupted' || c.state === 'top'));
    assert.ok(Array.isArray(bins));
    void a;
  });
});
