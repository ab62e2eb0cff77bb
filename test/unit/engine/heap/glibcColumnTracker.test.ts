import { strict as assert } from 'node:assert';
import type { ChunkColumns } from '../../../../src/engine/heap/chunkColumns';
import { glibcChunkColumns } from '../../../../src/engine/heap/glibc/chunkColumns';
import { GlibcMalloc } from '../../../../src/engine/heap/glibc/glibcMalloc';
import { deepClone } from '../../../../src/engine/program/deepClone';
import { FlatHeapHost } from './flatHeapHost';

/**
 * The columns glibc keeps as its heap changes (columnTracker.ts) against a walk of every chunk
 * (glibcChunkColumns) of the same heap: after every call of random traces that reach every path
 * (tcache, fastbins, unsorted and small/large bins, consolidation, top growth and trimming,
 * mmapped chunks, realloc in place and moved, memalign), asked after every call or after runs of
 * calls, and after a checkpoint's copy (which starts knowing nothing).
 */
const COLUMNS = ['addr', 'size', 'state', 'binKind', 'binIndex', 'flags'] as const;

/** The first chunk where two columns differ, as text (undefined when they are the same). */
function difference(kept: ChunkColumns, walked: ChunkColumns): string | undefined {
  if (kept.count !== walked.count) return `${kept.count} chunks kept, ${walked.count} walked`;
  for (let i = 0; i < kept.count; i++) {
    for (const k of COLUMNS) {
      if (kept[k][i] !== walked[k][i]) return `chunk ${i} (0x${walked.addr[i].toString(16)}): ${k} ${kept[k][i]} kept, ${walked[k][i]} walked`;
    }
  }
  return undefined;
}

function assertSame(kept: ChunkColumns, walked: ChunkColumns, what: string): void {
  assert.equal(difference(kept, walked), undefined, what);
}

/** A deterministic pseudo-random sequence (xorshift32). */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

const SIZES = [1, 8, 16, 24, 40, 56, 100, 120, 200, 500, 1000, 1100, 4000, 20_000, 140_000];

function runTrace(seed: number, askEvery: number): void {
  const rnd = random(seed);
  const heap = new GlibcMalloc(new FlatHeapHost());
  const live: number[] = [];
  const check = (what: string) => assertSame(heap.chunkColumns(), glibcChunkColumns(heap.core), `seed ${seed}, after ${what}`);
  for (let i = 0; i < 600; i++) {
    const r = rnd();
    const size = SIZES[Math.floor(rnd() * SIZES.length)] + Math.floor(rnd() * 8);
    let what: string;
    if (r < 0.45 || live.length === 0) {
      const p = heap.malloc(size);
      if (p !== 0) live.push(p);
      what = `malloc(${size})`;
    } else if (r < 0.8) {
      const [p] = live.splice(Math.floor(rnd() * live.length), 1);
      heap.free(p);
      what = 'free';
    } else if (r < 0.88) {
      const k = Math.floor(rnd() * live.length);
      const q = heap.realloc(live[k], size);
      if (q !== 0) live[k] = q;
      what = `realloc(${size})`;
    } else if (r < 0.93) {
      const p = heap.calloc(2, size);
      if (p !== 0) live.push(p);
      what = `calloc(2, ${size})`;
    } else if (r < 0.97) {
      const p = heap.memalign(64 << Math.floor(rnd() * 4), size);
      if (p !== 0) live.push(p);
      what = `memalign(${size})`;
    } else {
      heap.mallocTrim(0);
      what = 'malloc_trim(0)';
    }
    if (i % askEvery === 0) check(`call ${i}: ${what}`);
  }
  check('the end');
}

describe('glibc chunk columns kept as the heap changes', () => {
  for (const askEvery of [1, 7, 50]) {
    it(`equal a walk of every chunk on random traces, asked every ${askEvery} call(s)`, function () {
      this.timeout(60_000);
      for (let seed = 1; seed <= 12; seed++) runTrace(seed * 7919 + askEvery, askEvery);
    });
  }

  it('a growing heap of mallocs from the top is kept without a walk, and matches one', () => {
    const heap = new GlibcMalloc(new FlatHeapHost());
    for (let i = 0; i < 5000; i++) heap.malloc(16 + (i % 5) * 8);
    const kept = heap.chunkColumns();
    assert.equal(kept.count, 5002, 'the tcache struct, 5000 chunks and the top');
    assertSame(kept, glibcChunkColumns(heap.core), 'after 5000 mallocs');
  });

  it('a checkpoint\'s copy walks its own heap when first asked, and both stay right afterwards', () => {
    const heap = new GlibcMalloc(new FlatHeapHost());
    const ptrs = Array.from({ length: 200 }, (_, i) => heap.malloc(24 + (i % 9) * 16));
    heap.chunkColumns();
    const copy = deepClone(heap, () => false);
    for (const p of ptrs.filter((_, i) => i % 3 === 0)) heap.free(p);
    copy.malloc(5000);
    assertSame(heap.chunkColumns(), glibcChunkColumns(heap.core), 'the original, after frees');
    assertSame(copy.chunkColumns(), glibcChunkColumns(copy.core), 'the copy, after a malloc');
    for (const p of ptrs.filter((_, i) => i % 3 === 1)) copy.free(p);
    assertSame(copy.chunkColumns(), glibcChunkColumns(copy.core), 'the copy, after frees');
  });
});
