import { strict as assert } from 'node:assert';
import { GlibcMalloc } from '../../../../src/engine/heap/glibc/glibcMalloc';
import type { HeapEvent } from '../../../../src/engine/heap/allocator';
import { DEFAULT_MAIN_ARENA_ADDRESS, DEFAULT_TCACHE_KEY } from '../../../../src/engine/heap/glibc/ptmallocCore';
import { FlatHeapHost, SimulatedAbort } from './flatHeapHost';

function setup(): { host: FlatHeapHost; heap: GlibcMalloc; base: number } {
  const host = new FlatHeapHost();
  return { host, heap: new GlibcMalloc(host), base: host.brkStart };
}

describe('GlibcMalloc: bytes in simulated memory', () => {
  it('writes chunk headers with PREV_INUSE and the 0x290 tcache struct first', () => {
    const { host, heap, base } = setup();
    const p = heap.malloc(24);
    assert.equal(p, base + 0x2a0);
    assert.equal(host.memory.read64(base + 8), 0x291); // tcache_perthread_struct chunk
    assert.equal(host.memory.read64(p - 8), 0x21);
    assert.equal(host.memory.read64(p + 0x18), 0x21000 - 0x290 - 0x20 + 1); // top size | PREV_INUSE
  });

  it('safe-links tcache next pointers and stores the key; counts and heads live in the tcache struct', () => {
    const { host, heap, base } = setup();
    const a = heap.malloc(40);
    const b = heap.malloc(40);
    heap.free(a);
    heap.free(b);
    const tc = base + 0x10;
    assert.equal(host.memory.read16(tc + 2 * 1), 2); // counts[1] (chunk 0x40... idx of 0x30)
    assert.equal(host.memory.read64(tc + 128 + 8 * 1), b); // entries[1] is the last freed
    // b->next = (&b->next >> 12) ^ a, computed here with BigInt as an independent check.
    const expected = (BigInt(b) >> 12n) ^ BigInt(a);
    assert.equal(host.memory.read64n(b), expected);
    assert.equal(host.memory.read64(a), Math.floor(a / 4096)); // last entry: next = pos >> 12 ^ NULL
    assert.equal(host.memory.read64(b + 8), DEFAULT_TCACHE_KEY);
  });

  it('links a chunk in the unsorted bin to main_arena', () => {
    const { host, heap } = setup();
    const a = heap.malloc(2000);
    heap.malloc(24);
    heap.free(a);
    // fd and bk point at bin_at(1), i.e. &main_arena.top (offset 96 in malloc_state).
    assert.equal(host.memory.read64(a), DEFAULT_MAIN_ARENA_ADDRESS + 96);
    assert.equal(host.memory.read64(a + 8), DEFAULT_MAIN_ARENA_ADDRESS + 96);
  });

  it('aborts like glibc on a double free in the tcache', () => {
    const { heap } = setup();
    const a = heap.malloc(40);
    heap.free(a);
    assert.throws(() => heap.free(a), (e: unknown) => e instanceof SimulatedAbort && e.glibcMessage === 'free(): double free detected in tcache 2');
  });
});

describe('GlibcMalloc: introspection', () => {
  it('lists chunks in address order with their state and bin', () => {
    const { heap, base } = setup();
    const a = heap.malloc(24);
    const b = heap.malloc(2000);
    const c = heap.malloc(24);
    heap.free(a);
    heap.free(b);
    const big = heap.malloc(300000);
    const chunks = heap.chunks();
    assert.deepEqual(
      chunks.map((ch) => [ch.addr - base, ch.state, ch.bin?.kind ?? null, ch.internal ?? false]),
      [
        [0, 'in-use', null, true],
        [0x290, 'free', 'tcache', false],
        [0x2b0, 'free', 'large', false], // sorted by the large request
        [0x2b0 + 0x7e0, 'in-use', null, false],
        [0x2b0 + 0x7e0 + 0x20, 'top', null, false],
        [big - 16 - base, 'mmapped', null, false],
      ],
    );
    assert.equal(heap.chunkContaining(c + 5)?.addr, c - 16);
    assert.equal(heap.chunkContaining(b + 100)?.bin?.kind, 'large');
    assert.equal(heap.chunkContaining(big + 200000)?.state, 'mmapped');
    assert.equal(heap.chunkContaining(base - 100), null);
  });

  it('shows bins in list order: tcache LIFO, fastbin, small and sorted large bins', () => {
    const { heap } = setup();
    const small = Array.from({ length: 9 }, () => heap.malloc(24));
    heap.malloc(24); // keeps the fastbin chunks from merging with the large ones
    const large = [0x4f0, 0x510, 0x500].map((n) => {
      const p = heap.malloc(n);
      heap.malloc(24);
      return p;
    });
    small.forEach((p) => heap.free(p));
    large.forEach((p) => heap.free(p));
    let bins = heap.bins();
    const tc = bins.find((b) => b.kind === 'tcache');
    assert.deepEqual(tc?.chunks, small.slice(0, 7).reverse().map((p) => p - 16));
    const fast = bins.find((b) => b.kind === 'fast');
    assert.deepEqual(fast?.chunks, [small[8] - 16, small[7] - 16]);
    assert.deepEqual(bins.find((b) => b.kind === 'unsorted')?.chunks, large.slice().reverse().map((p) => p - 16));
    heap.malloc(0x2000); // consolidates fastbins and sorts the unsorted chunks into their bins
    bins = heap.bins();
    assert.equal(bins.find((b) => b.kind === 'fast'), undefined);
    const largeBin = bins.find((b) => b.kind === 'large');
    assert.deepEqual(largeBin?.chunks, [large[1] - 16, large[2] - 16, large[0] - 16]); // one bin (0x500-0x53f), largest first
  });

  it('reports bytes from the kernel and fragmentation figures', () => {
    const { heap } = setup();
    const a = heap.malloc(100); // chunk 0x70: 8 bytes of rounding + 8 of header beyond the request
    const b = heap.malloc(2000);
    heap.malloc(24);
    heap.free(b);
    heap.malloc(300000);
    const s = heap.stats();
    assert.equal(s.brkBytes, 0x21000);
    assert.equal(s.mmapBytes, 0x4a000);
    assert.equal(s.inUseCount, 3);
    assert.equal(s.inUseRequestedBytes, 100 + 24 + 300000);
    assert.equal(s.inUseChunkBytes, 0x70 + 0x20 + 0x4a000);
    // Heap chunks: header/rounding; the mapping's unused tail; plus the tcache struct.
    assert.equal(s.internalFragmentationBytes, 0x70 - 100 + (0x20 - 24) + (0x4a000 - 300000) + 0x290);
    const top = heap.chunks().find((ch) => ch.state === 'top');
    assert.equal(s.freeBytes, 0x7e0 + (top?.size ?? 0));
    assert.equal(s.largestFreeBlock, top?.size);
    assert.equal(s.externalFragmentationBytes, 0x7e0);
    assert.ok(s.externalFragmentationRatio > 0 && s.externalFragmentationRatio < 1);
    assert.equal(heap.chunkContaining(a)?.requested, 100);
  });
});

describe('GlibcMalloc: events', () => {
  it('reports allocations, frees, reallocs and kernel calls in order', () => {
    const { heap, base } = setup();
    const events: HeapEvent[] = [];
    heap.setListener((e) => events.push(e));
    const a = heap.malloc(24);
    const a2 = heap.realloc(a, 5000);
    const big = heap.malloc(200000);
    heap.free(big);
    heap.free(a2);
    heap.setListener(undefined);
    heap.malloc(10);
    assert.deepEqual(
      events.map((e) => e.kind),
      ['sbrk', 'malloc', 'realloc', 'mmap', 'malloc', 'free', 'munmap', 'free'],
    );
    assert.deepEqual(events[0], { kind: 'sbrk', increment: 0x21000, oldBreak: base, newBreak: base + 0x21000 });
    assert.deepEqual(events[1], { kind: 'malloc', call: 'malloc', ptr: a, requested: 24, chunk: a - 16, size: 0x20 });
    assert.equal(events[2].kind === 'realloc' && events[2].moved, false); // grew into top in place
    assert.equal(events[3].kind === 'mmap' && events[3].length, 0x31000);
  });

  it('reports a trim when free gives memory back', () => {
    const { heap } = setup();
    const events: HeapEvent[] = [];
    const ptrs = Array.from({ length: 4 }, () => heap.malloc(100000));
    heap.setListener((e) => events.push(e));
    ptrs.reverse().forEach((p) => heap.free(p));
    const trims = events.filter((e) => e.kind === 'trim');
    assert.ok(trims.length >= 1);
    for (const t of trims) assert.ok(t.kind === 'trim' && t.released > 0 && t.released % 4096 === 0);
    assert.ok(events.some((e) => e.kind === 'sbrk' && e.increment < 0));
  });
});
