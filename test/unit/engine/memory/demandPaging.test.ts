import * as assert from 'node:assert/strict';
import type { MemoryEvent } from '../../../../src/engine/memory/memoryEvents';
import { BASE, bareMmu } from './memoryFixture';

describe('demand paging', () => {
  it('gives a page a zero-filled frame on first touch: one minor fault per page', () => {
    const { mmu } = bareMmu(16);
    const events: MemoryEvent[] = [];
    mmu.paging.listener = (e) => events.push(e);
    assert.equal(mmu.read64(BASE + 5 * 4096), 0);
    for (let i = 0; i < 4096 * 3; i += 8) mmu.write64(BASE + i, i);
    const c = mmu.paging.counters();
    assert.equal(c.minorFaults, 4);
    assert.equal(c.residentPages, 4);
    assert.equal(mmu.paging.physical.usedFrames, 4);
    assert.deepEqual(events.map((e) => e.kind === 'minor-fault' && e.cause), ['zero-fill', 'zero-fill', 'zero-fill', 'zero-fill']);
  });

  it('allocates host memory only for pages touched, whatever the mapping size', () => {
    const { mmu } = bareMmu(1 << 18); // a 1 GiB mapping
    mmu.write8(BASE + 123 * 4096, 1);
    mmu.write8(BASE + 200_000 * 4096, 1);
    assert.equal(mmu.paging.physical.materializedFrames, 2);
    assert.equal(mmu.paging.counters().residentPages, 2);
  });

  it('gives a page read before any store the one shared zero frame: its own bytes come with the first store', () => {
    const { mmu } = bareMmu(4);
    assert.equal(mmu.read64(BASE), 0);
    assert.equal(mmu.read8(BASE + 4096 + 7), 0);
    assert.equal(mmu.paging.counters().residentPages, 2, 'both pages are resident (RSS counts them)');
    assert.equal(mmu.paging.physical.materializedFrames, 0, 'no host bytes yet');
    mmu.write8(BASE + 9, 0xab);
    assert.equal(mmu.paging.physical.materializedFrames, 1);
    assert.equal(mmu.read8(BASE + 9), 0xab, 'a load after the store sees it (no stale cached zero page)');
    assert.equal(mmu.read8(BASE + 4096 + 9), 0, 'the other page is still zero');
  });

  it('sets the accessed bit on a load and the dirty bit only on a store', () => {
    const { mmu } = bareMmu(2);
    mmu.read8(BASE);
    mmu.write8(BASE + 4096, 1);
    const pt = mmu.paging.pageTable;
    assert.equal(pt.entry(BASE / 4096) & 0x60, 0x20);
    assert.equal(pt.entry(BASE / 4096 + 1) & 0x60, 0x60);
  });

  it('frees frames at munmap; peak RSS remembers the high-water mark', () => {
    const { mmu, space } = bareMmu(8);
    for (let p = 0; p < 8; p++) mmu.write8(BASE + p * 4096, 1);
    mmu.paging.releaseRange(BASE, BASE + 8 * 4096);
    space.unmap(BASE, BASE + 8 * 4096);
    const c = mmu.paging.counters();
    assert.equal(c.residentPages, 0);
    assert.equal(c.peakResidentPages, 8);
    assert.equal(mmu.paging.physical.usedFrames, 0);
  });
});
