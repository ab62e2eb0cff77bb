import { strict as assert } from 'node:assert';
import type { Allocator, HeapEvent } from '../../../../src/engine/heap/allocator';
import { allocatorFactory } from '../../../../src/engine/heap/allocators';
import { ALLOCATOR_NAMES } from '../../../../src/shared/allocators';
import { FlatHeapHost, SimulatedAbort } from './flatHeapHost';

/** A small deterministic generator (mulberry32): the same sequence on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Live {
  size: number;
  seed: number;
}

const fillByte = (seed: number, i: number): number => (seed * 31 + i * 7) & 0xff;

function fill(host: FlatHeapHost, ptr: number, size: number, seed: number, from = 0): void {
  const bytes = new Uint8Array(size - from);
  for (let i = from; i < size; i++) bytes[i - from] = fillByte(seed, i);
  host.memory.writeBytes(ptr + from, bytes);
}

/** The block still holds what the test wrote (the allocator's metadata never lands in a live block). */
function checkContents(host: FlatHeapHost, ptr: number, live: Live, what: string): void {
  const bytes = host.memory.readBytes(ptr, live.size);
  for (let i = 0; i < live.size; i++) {
    if (bytes[i] !== fillByte(live.seed, i)) assert.fail(`${what}: byte ${i} of the ${live.size}-byte block at 0x${ptr.toString(16)} changed`);
  }
}

/** What must hold of any heap: chunks tile it, every live block is a chunk, the figures add up, lists hold free chunks. */
function checkHeap(name: string, heap: Allocator, host: FlatHeapHost, live: Map<number, Live>): void {
  const chunks = heap.chunks();
  const inHeap = chunks.filter((c) => c.state !== 'mmapped');
  let at = host.brkStart;
  for (const c of inHeap) {
    assert.equal(c.addr, at, `${name}: chunks tile the heap (a gap or an overlap at 0x${at.toString(16)})`);
    assert.ok(c.size > 0, `${name}: a chunk has a size`);
    at += c.size;
  }
  assert.equal(at, inHeap.length === 0 ? host.brkStart : host.currentBreak, `${name}: the chunks end at the break`);
  const held = chunks.filter((c) => (c.state === 'in-use' || c.state === 'mmapped') && !c.internal);
  assert.equal(held.length, live.size, `${name}: one held chunk per live block`);
  let requested = 0;
  for (const c of held) {
    const l = live.get(c.userPtr);
    assert.ok(l, `${name}: held chunk 0x${c.userPtr.toString(16)} is a live block`);
    assert.ok(c.usable >= l.size, `${name}: usable ${c.usable} >= requested ${l.size}`);
    assert.equal(c.requested, l.size);
    assert.equal(heap.mallocUsableSize(c.userPtr), c.usable, `${name}: malloc_usable_size agrees with the chunk`);
    requested += l.size;
  }
  const state = new Map(chunks.map((c) => [c.addr, c.state]));
  for (const bin of heap.bins()) for (const a of bin.chunks) assert.equal(state.get(a), 'free', `${name}: ${bin.label} holds free chunks only`);
  const s = heap.stats();
  assert.equal(s.inUseCount, live.size);
  assert.equal(s.inUseRequestedBytes, requested);
  assert.equal(s.brkBytes, host.currentBreak - host.brkStart, `${name}: brk bytes are what sbrk gave`);
  const mapped = host.mappingList().reduce((n, m) => n + m.end - m.start, 0);
  assert.equal(s.mmapBytes, mapped, `${name}: mmap bytes are the live mappings`);
  assert.equal(s.inUseRequestedBytes + s.internalFragmentationBytes + s.freeBytes, s.brkBytes + s.mmapBytes, `${name}: every byte from the kernel is requested, overhead or free`);
  assert.ok(s.largestFreeBlock <= s.freeBytes);
}

const TEACHING = ALLOCATOR_NAMES.filter((n) => n !== 'glibc');

describe('teaching allocators: invariants under random malloc/free/realloc sequences', function () {
  this.timeout(60000);
  for (const name of TEACHING) {
    it(name, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const rnd = random(seed * 7919);
        const host = new FlatHeapHost();
        const heap = allocatorFactory(name)(host);
        const live = new Map<number, Live>();
        const byEvents = new Set<number>();
        heap.setListener((e: HeapEvent) => {
          if (e.kind === 'malloc') byEvents.add(e.ptr);
          else if (e.kind === 'free') byEvents.delete(e.ptr);
          else if (e.kind === 'realloc') {
            byEvents.delete(e.oldPtr);
            byEvents.add(e.ptr);
          }
        });
        const size = (): number => {
          const r = rnd();
          if (r < 0.6) return Math.floor(rnd() * 200);
          if (r < 0.9) return Math.floor(rnd() * 3000);
          if (r < 0.98) return Math.floor(rnd() * 40000);
          return 130000 + Math.floor(rnd() * 100000);
        };
        let id = 0;
        for (let step = 0; step < 600; step++) {
          const ptrs = [...live.keys()];
          const r = rnd();
          if (r < 0.45 || ptrs.length === 0) {
            const n = size();
            const zeroed = rnd() < 0.2;
            const p = zeroed ? heap.calloc(1, n) : heap.malloc(n);
            assert.notEqual(p, 0, `${name}: the request of ${n} bytes was served`);
            assert.equal(p % 16, 0, `${name}: 16-byte aligned`);
            if (zeroed) assert.ok(host.memory.readBytes(p, n).every((b) => b === 0), `${name}: calloc zeroes`);
            for (const [q, l] of live) assert.ok(p + n <= q || q + l.size <= p, `${name}: the new block overlaps a live one`);
            live.set(p, { size: n, seed: ++id });
            fill(host, p, n, id);
          } else if (r < 0.8) {
            const p = ptrs[Math.floor(rnd() * ptrs.length)];
            checkContents(host, p, live.get(p)!, `${name} before free`);
            heap.free(p);
            live.delete(p);
          } else if (r < 0.97) {
            const p = ptrs[Math.floor(rnd() * ptrs.length)];
            const old = live.get(p)!;
            const n = rnd() < 0.5 ? Math.floor(old.size * (0.3 + rnd())) + 1 : size() + 1;
            const q = heap.realloc(p, n);
            assert.notEqual(q, 0);
            const kept = Math.min(n, old.size);
            checkContents(host, q, { size: kept, seed: old.seed }, `${name} after realloc`);
            live.delete(p);
            live.set(q, { size: n, seed: old.seed });
            fill(host, q, n, old.seed, kept);
          } else {
            const alignment = rnd() < 0.5 ? 64 : 4096;
            const n = Math.floor(rnd() * 500);
            const p = heap.memalign(alignment, n);
            assert.equal(p % alignment, 0, `${name}: memalign(${alignment})`);
            live.set(p, { size: n, seed: ++id });
            fill(host, p, n, id);
          }
          if (step % 25 === 0) checkHeap(name, heap, host, live);
        }
        for (const [p, l] of live) checkContents(host, p, l, `${name} at the end`);
        checkHeap(name, heap, host, live);
        assert.deepEqual([...byEvents].sort(), [...live.keys()].sort(), `${name}: the events tell the live blocks`);
        for (const p of [...live.keys()]) heap.free(p);
        live.clear();
        checkHeap(name, heap, host, live);
      }
    });
  }
});

describe('teaching allocators: C rules they share with glibc', () => {
  for (const name of TEACHING) {
    it(`${name}: NULL cases, realloc(p, 0), posix_memalign's EINVAL, a double free aborts`, () => {
      const host = new FlatHeapHost();
      const heap = allocatorFactory(name)(host);
      // Looking at a heap that does not exist yet shows an empty one.
      assert.deepEqual([heap.chunks(), heap.bins(), heap.stats().brkBytes, heap.chunkContaining(host.brkStart)], [[], [], 0, null]);
      heap.free(0);
      assert.equal(heap.malloc(2 ** 64), 0, 'an impossible size gets NULL');
      assert.equal(heap.calloc(2 ** 32, 2 ** 32), 0, 'calloc overflow gets NULL');
      const p = heap.malloc(40);
      assert.equal(heap.realloc(p, 0), 0, 'realloc(p, 0) frees p');
      assert.equal(heap.posixMemalign(3, 8).ret, 22);
      const q = heap.malloc(24);
      const z = heap.malloc(0);
      assert.notEqual(z, 0, 'malloc(0) returns a unique pointer');
      assert.notEqual(z, q);
      heap.free(q);
      assert.throws(() => heap.free(q), (e: unknown) => e instanceof SimulatedAbort && /double free/.test(e.glibcMessage));
    });
  }
});
