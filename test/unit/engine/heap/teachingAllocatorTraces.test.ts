import { strict as assert } from 'node:assert';
import { allocatorFactory } from '../../../../src/engine/heap/allocators';
import type { AllocatorName } from '../../../../src/shared/allocators';
import type { Allocator, HeapStats } from '../../../../src/engine/heap/allocator';
import { FlatHeapHost } from './flatHeapHost';

/**
 * Short traces whose addresses and figures were worked out by hand from each allocator's layout
 * (src/engine/heap/teaching/README.md). H is the heap's start, the initial break 0x555555559000.
 */
const H = 0x555555559000;

function start(name: AllocatorName): { heap: Allocator; host: FlatHeapHost } {
  const host = new FlatHeapHost({ brkStart: H });
  return { heap: allocatorFactory(name)(host), host };
}

/** The figures a test states: internal and external fragmentation, free bytes and the largest free block. */
function figures(s: HeapStats): Pick<HeapStats, 'brkBytes' | 'inUseChunkBytes' | 'inUseRequestedBytes' | 'internalFragmentationBytes' | 'freeBytes' | 'largestFreeBlock' | 'externalFragmentationBytes'> {
  const { brkBytes, inUseChunkBytes, inUseRequestedBytes, internalFragmentationBytes, freeBytes, largestFreeBlock, externalFragmentationBytes } = s;
  return { brkBytes, inUseChunkBytes, inUseRequestedBytes, internalFragmentationBytes, freeBytes, largestFreeBlock, externalFragmentationBytes };
}

describe('teaching allocators: traces worked out by hand', () => {
  it('first-fit: the seed\'s holes, [used][free][used][free][used], and a request that skips them', () => {
    const { heap } = start('first-fit');
    // 16 KiB heap: 24 bytes of control word and prologue, blocks from H+24 (payload H+32), the
    // epilogue's 8 bytes at the end. A block is the request + 16 bytes of tags, rounded up to 16.
    const a = heap.malloc(48); // 64-byte block at H+24
    const b = heap.malloc(16); // 32 at H+88
    const c = heap.malloc(48); // 64 at H+120
    const d = heap.malloc(16); // 32 at H+184
    const e = heap.malloc(48); // 64 at H+216
    assert.deepEqual([a, b, c, d, e].map((p) => p - H), [32, 96, 128, 192, 224]);
    heap.free(b);
    heap.free(d);
    // Live: 3 x 48 requested in 3 x 64. Overhead: 3 x 16 of tags and rounding, 24 + 8 of the heap's own.
    // Free: two 32-byte holes and the rest, 16384 - 24 - 8 - 5 x 64... = 16096 bytes after e.
    assert.deepEqual(figures(heap.stats()), {
      brkBytes: 16384, inUseChunkBytes: 192, inUseRequestedBytes: 144, internalFragmentationBytes: 80,
      freeBytes: 16160, largestFreeBlock: 16096, externalFragmentationBytes: 64,
    });
    assert.deepEqual(heap.bins()[0].chunks.map((x) => x - H), [88, 184, 280], 'the free list in address order');
    // 20 bytes need a 48-byte block: both holes are too small, so it comes from the rest.
    assert.equal(heap.malloc(20) - H, 288);
    // 10 bytes fit a 32-byte hole exactly: the first one is taken whole.
    assert.equal(heap.malloc(10) - H, 96);
  });

  it('first-fit splits the first hole that fits, best-fit takes the one that fits best', () => {
    const run = (name: AllocatorName) => {
      const { heap } = start(name);
      const p1 = heap.malloc(48); // 64 at H+24
      heap.malloc(16); // 32 at H+88
      const p3 = heap.malloc(16); // 32 at H+120
      heap.malloc(16); // 32 at H+152
      heap.free(p1); // a 64-byte hole at H+24
      heap.free(p3); // a 32-byte hole at H+120
      return { heap, q: heap.malloc(16) - H };
    };
    const first = run('first-fit');
    assert.equal(first.q, 32, 'first-fit: the 64-byte hole, split into 32 handed out and 32 left');
    assert.deepEqual(first.heap.bins()[0].chunks.slice(0, 2).map((x) => x - H), [56, 120]);
    const best = run('best-fit');
    assert.equal(best.q, 128, 'best-fit: the 32-byte hole, an exact fit');
    assert.deepEqual(best.heap.bins()[0].chunks.slice(0, 1).map((x) => x - H), [24]);
  });

  it('first-fit coalesces a freed block with free neighbours on both sides through the boundary tags', () => {
    const { heap } = start('first-fit');
    const [a, b, c] = [heap.malloc(16), heap.malloc(16), heap.malloc(16)]; // 32-byte blocks at H+24, H+56, H+88
    heap.malloc(16);
    heap.free(a);
    heap.free(c);
    heap.free(b);
    const merged = heap.chunks().find((x) => x.addr === H + 24);
    assert.deepEqual(merged && { size: merged.size, state: merged.state }, { size: 96, state: 'free' });
    assert.deepEqual(heap.bins()[0].chunks.slice(0, 1).map((x) => x - H), [24]);
  });

  it('buddy: splits a 128 KiB block down to 64 bytes, merges buddies on free', () => {
    const { heap } = start('buddy');
    // 112 bytes of list heads, then the first top-level block (base H+112). 24 + 16 of header
    // = 40 bytes -> order 6 (64); 100 + 16 -> order 7 (128).
    const x = heap.malloc(24);
    const y = heap.malloc(24);
    const z = heap.malloc(100);
    assert.deepEqual([x, y, z].map((p) => p - H), [128, 192, 256]);
    // Held: 64 + 64 + 128 for 148 requested; overhead 108 + the 112 bytes of list heads. Free: the
    // halves left by the split, 131072 - 256 bytes, the largest the 64 KiB upper half.
    assert.deepEqual(figures(heap.stats()), {
      brkBytes: 112 + 131072, inUseChunkBytes: 256, inUseRequestedBytes: 148, internalFragmentationBytes: 220,
      freeBytes: 130816, largestFreeBlock: 65536, externalFragmentationBytes: 65280,
    });
    heap.free(x);
    heap.free(y); // y's buddy x is free: they merge into one 128-byte block at the base
    const chunk = heap.chunks().find((c) => c.addr === H + 112);
    assert.deepEqual(chunk && { size: chunk.size, state: chunk.state }, { size: 128, state: 'free' });
    heap.free(z); // and with z's 128 bytes, up and up to the whole 128 KiB block
    assert.deepEqual(heap.bins().map((b) => [b.index, b.chunks.map((c) => c - H)]), [[17, [112]]]);
  });

  it('segregated: one 64 KiB page per size class, blocks with no header, carved as needed', () => {
    const { heap } = start('segregated');
    // 784 bytes of list heads (32 classes x 3 lists + the pool's head), padding to the first 64 KiB
    // boundary (H + 0x7000), then pages. 24 bytes -> the 32-byte class, 100 -> the 112-byte class.
    const page = H + 0x7000;
    const x = heap.malloc(24);
    const y = heap.malloc(24);
    const z = heap.malloc(100);
    assert.deepEqual([x, y, z].map((p) => p - page), [64, 96, 65536 + 64]);
    // Held: 32 + 32 + 112 for 148 requested (28 of rounding). The allocator's own: 0x7000 of list
    // heads and padding, two 64-byte page headers, and the 64 bytes at the end of the 112-byte page
    // that no block fits (65472 = 584 x 112 + 64). Free: the blocks not carved yet.
    assert.deepEqual(figures(heap.stats()), {
      brkBytes: 0x7000 + 2 * 65536, inUseChunkBytes: 176, inUseRequestedBytes: 148, internalFragmentationBytes: 28 + 0x7000 + 128 + 64,
      freeBytes: 2044 * 32 + 583 * 112, largestFreeBlock: 2044 * 32, externalFragmentationBytes: 583 * 112,
    });
    heap.free(x);
    assert.equal(heap.malloc(20), x, 'the page\'s free list hands the block back');
  });

  it('slab: kmalloc-32 and kmalloc-128 slabs of 4 KiB, threaded whole when made', () => {
    const { heap } = start('slab');
    // 208 bytes of list heads, padding to H + 4096, then 4 KiB slabs; the pool grows by 16 KiB.
    const x = heap.malloc(24);
    const y = heap.malloc(24);
    const z = heap.malloc(100);
    assert.deepEqual([x, y, z].map((p) => p - H), [4096 + 64, 4096 + 96, 8192 + 64]);
    // kmalloc-32 holds 126 objects in 4032 bytes, kmalloc-128 31 (64 bytes left at the end).
    assert.deepEqual(figures(heap.stats()), {
      brkBytes: 4096 + 16384, inUseChunkBytes: 192, inUseRequestedBytes: 148, internalFragmentationBytes: 44 + 4096 + 128 + 64,
      freeBytes: 124 * 32 + 30 * 128 + 8192, largestFreeBlock: 8192, externalFragmentationBytes: 124 * 32 + 30 * 128,
    });
  });

  it('bump: blocks one after the other; freeing the topmost ones moves the pointer back', () => {
    const { heap } = start('bump');
    // 32 bytes of control (pointer, live count, top block's size), then blocks: a 16-byte header
    // and the request rounded up to 16 (at least 16).
    const x = heap.malloc(24); // 48-byte block at H+32
    const y = heap.malloc(24); // 48 at H+80
    const z = heap.malloc(100); // 128 at H+128
    assert.deepEqual([x, y, z].map((p) => p - H), [48, 96, 144]);
    assert.deepEqual(figures(heap.stats()), {
      brkBytes: 16384, inUseChunkBytes: 224, inUseRequestedBytes: 148, internalFragmentationBytes: 76 + 32,
      freeBytes: 16384 - 256, largestFreeBlock: 16384 - 256, externalFragmentationBytes: 0,
    });
    heap.free(y);
    // y is dead but not on top: its 48 bytes are free yet unusable, external fragmentation.
    assert.equal(heap.stats().externalFragmentationBytes, 48);
    heap.free(z); // the topmost: the pointer moves back over z, then over the dead y
    assert.equal(heap.malloc(8) - H, 96, 'the next block goes where y was');
    heap.free(x);
    assert.equal(heap.stats().inUseCount, 1);
  });
});
