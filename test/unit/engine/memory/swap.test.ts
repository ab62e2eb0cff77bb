import * as assert from 'node:assert/strict';
import { PROT_R } from '../../../../src/engine/addressSpace/vma';
import type { MemoryEvent } from '../../../../src/engine/memory/memoryEvents';
import { MemoryFault } from '../../../../src/engine/memory/memoryFault';
import { decodeEntry } from '../../../../src/engine/memory/pageTableEntry';
import { BASE, bareMmu, mapArea } from './memoryFixture';

const page = (i: number): number => BASE + i * 4096;

describe('eviction, swap and major faults', () => {
  it('writes dirty pages to swap when RAM is full and reads them back with major faults', () => {
    const { mmu } = bareMmu(8, { ramBytes: 4 * 4096 });
    for (let i = 0; i < 8; i++) mmu.write64(page(i) + 16, 1000 + i);
    let c = mmu.paging.counters();
    assert.equal(c.residentPages, 4);
    assert.equal(c.swapUsedPages, 4);
    assert.equal(c.swapOuts, 4);
    assert.equal(c.minorFaults, 8);
    for (let i = 0; i < 8; i++) assert.equal(mmu.read64(page(i) + 16), 1000 + i);
    c = mmu.paging.counters();
    assert.ok(c.majorFaults >= 4, `expected major faults, got ${c.majorFaults}`);
    assert.equal(c.majorFaults, c.swapIns);
    assert.equal(c.residentPages, 4);
  });

  it('drops a never-written page instead of swapping it: it is still all zeros', () => {
    const { mmu } = bareMmu(4, { ramBytes: 2 * 4096 });
    const events: MemoryEvent[] = [];
    mmu.paging.listener = (e) => events.push(e);
    mmu.read8(page(0));
    mmu.read8(page(1));
    mmu.read8(page(2));
    assert.equal(mmu.paging.counters().swapOuts, 0);
    assert.ok(events.some((e) => e.kind === 'eviction' && e.outcome === 'dropped-zero'));
    assert.equal(mmu.read8(page(0)), 0);
    assert.equal(mmu.paging.counters().majorFaults, 0);
  });

  it('keeps a swapped-in page\'s copy in swap until it is written (the swap cache)', () => {
    const { mmu } = bareMmu(3, { ramBytes: 2 * 4096 });
    const outcomes: string[] = [];
    mmu.paging.listener = (e) => { if (e.kind === 'eviction') outcomes.push(`${(e.vpn * 4096 - BASE) / 4096}:${e.outcome}`); };
    mmu.write8(page(0), 1);
    mmu.write8(page(1), 2);
    mmu.write8(page(2), 3); // page 0 to swap
    assert.equal(mmu.read8(page(0)), 1); // page 1 to swap; page 0 back, its copy kept in swap
    assert.equal(mmu.read8(page(1)), 2); // page 2 to swap
    assert.equal(mmu.read8(page(2)), 3); // page 0 is clean and its swap copy current: no write
    assert.deepEqual(outcomes, ['0:swapped-out', '1:swapped-out', '2:swapped-out', '0:dropped-swap-cached']);
    assert.equal(mmu.paging.counters().swapOuts, 3);
    assert.equal(mmu.paging.counters().swapUsedPages, 3);
    mmu.write8(page(1), 9); // a store makes page 1's swap copy stale: the slot is freed
    assert.equal(mmu.paging.counters().swapUsedPages, 2);
    assert.equal(mmu.read8(page(1)), 9);
  });

  it('gives a page accessed since the last sweep a second chance (clock)', () => {
    const { mmu } = bareMmu(5, { ramBytes: 3 * 4096 });
    const vpn = (i: number): number => page(i) / 4096;
    const resident = (i: number): boolean => decodeEntry(mmu.paging.pageTable.entry(vpn(i))).present;
    for (let i = 0; i < 3; i++) mmu.write8(page(i), i + 1); // A, B, C in frames 0, 1, 2
    mmu.write8(page(3), 4); // all referenced: the sweep clears every bit, then evicts A
    assert.deepEqual([0, 1, 2, 3].map(resident), [false, true, true, true]);
    mmu.read8(page(1)); // B referenced again
    mmu.write8(page(4), 5); // the hand passes B (spared), evicts C
    assert.deepEqual([0, 1, 2, 3, 4].map(resident), [false, true, false, true, true]);
    assert.equal(decodeEntry(mmu.paging.pageTable.entry(vpn(2))).swapped, true);
    assert.equal(mmu.read8(page(2)), 3);
  });

  it('drops clean file pages and reads them again from the file: a major fault', () => {
    const { mmu, space, files } = bareMmu(4, { ramBytes: 2 * 4096 });
    const file = files.create('/tmp/data.bin', new Uint8Array(8192).fill(7));
    mapArea(space, { start: 0x2000_0000, end: 0x2000_2000, prot: PROT_R, role: 'mmap-file', file: { path: file.path, offset: 0, device: file.device, inode: file.inode } });
    assert.equal(mmu.read8(0x2000_0000), 7);
    assert.equal(mmu.read8(0x2000_1000), 7);
    mmu.write8(page(0), 1);
    mmu.write8(page(1), 1); // both file pages evicted, dropped (clean)
    assert.equal(mmu.paging.counters().swapOuts, 0);
    assert.equal(mmu.read8(0x2000_0000), 7);
    assert.equal(mmu.paging.counters().majorFaults, 1);
  });

  it('kills the process when neither RAM nor swap has room (the OOM killer)', () => {
    const { mmu } = bareMmu(4, { ramBytes: 2 * 4096, swapBytes: 4096 });
    mmu.write8(page(0), 1);
    mmu.write8(page(1), 1);
    mmu.write8(page(2), 1); // one page to swap
    assert.throws(() => mmu.write8(page(3), 1), (e: unknown) => e instanceof MemoryFault && e.reason === 'out-of-memory' && e.signal === 'SIGKILL');
  });
});
