import * as assert from 'node:assert/strict';
import { MeteredAllocator } from '../../../../src/engine/heap/meteredAllocator';
import { GlibcMalloc } from '../../../../src/engine/heap/glibc/glibcMalloc';
import { allocatorFactory } from '../../../../src/engine/heap/allocators';
import type { AllocatorFactory } from '../../../../src/engine/heap/allocators';
import { FlatHeapHost } from './flatHeapHost';

/** malloc, calloc, realloc (grown, shrunk, to 0, from NULL), frees, a failed request; the meter's counts after each. */
function meter(make: AllocatorFactory): string[] {
  const m = new MeteredAllocator(make, new FlatHeapHost());
  const seen: string[] = [];
  const note = (what: string) => seen.push(`${what}: live ${m.activity.liveRequestedBytes}, peak ${m.activity.peakRequestedBytes}, failed ${m.activity.failedRequests}`);
  const a = m.malloc(100);
  const b = m.calloc(10, 30);
  note('malloc + calloc');
  const c = m.realloc(a, 5000);
  note('realloc grown');
  const d = m.realloc(c, 10);
  note('realloc shrunk');
  m.realloc(0, 77);
  note('realloc from NULL');
  m.realloc(b, 0);
  note('realloc to 0');
  m.free(d);
  note('frees');
  m.malloc(2 ** 62);
  note('failed');
  return seen;
}

describe('MeteredAllocator: requested bytes from the allocator\'s own table or from its own', () => {
  it('counts the same whether glibc keeps the requested sizes (read there) or not (kept by the meter)', () => {
    const shared = meter((h) => new GlibcMalloc(h));
    const own = meter((h) => new GlibcMalloc(h, { recordRequestedSizes: false }));
    assert.deepEqual(shared, own);
    assert.equal(shared[0], 'malloc + calloc: live 400, peak 400, failed 0');
    assert.equal(shared.at(-1), 'failed: live 77, peak 5300, failed 1');
  });

  it('reads a teaching allocator\'s table the same way', () => {
    const lines = meter(allocatorFactory('first-fit'));
    assert.equal(lines[0], 'malloc + calloc: live 400, peak 400, failed 0');
    assert.equal(lines.at(-1), 'failed: live 77, peak 5300, failed 1');
  });
});
