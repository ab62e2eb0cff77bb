import * as assert from 'node:assert/strict';
import { PageTable, splitAddress } from '../../../../src/engine/memory/pageTable';
import {
  PTE_ACCESSED, PTE_DIRTY, PTE_NX, PTE_PRESENT, PTE_USER, PTE_WRITABLE, decodeEntry, hardwareEntryHex, makeEntry,
} from '../../../../src/engine/memory/pageTableEntry';
import { BASE, bareMmu } from './memoryFixture';

describe('page table', () => {
  it('splits addresses into 9+9+9+9 bits of index and 12 of offset', () => {
    // The PIE load address, ASLR off.
    assert.deepEqual(splitAddress(0x5555_5555_4000), { indices: [170, 341, 170, 340], offset: 0 });
    // The top of the stack: the last PML4 entry of user space (255), the last PDPT and PD entries.
    assert.deepEqual(splitAddress(0x7fff_ffff_eff8), { indices: [255, 511, 511, 510], offset: 0xff8 });
    assert.deepEqual(splitAddress(0x1234), { indices: [0, 0, 0, 1], offset: 0x234 });
  });

  it('walks an untouched address only as far as the first empty entry', () => {
    const { mmu } = bareMmu(4);
    const walk = mmu.paging.pageTable.walk(BASE);
    assert.equal(walk.steps.length, 1);
    assert.equal(walk.steps[0].level, 'PML4');
    assert.equal(walk.steps[0].entry, 0);
    assert.equal(walk.leafEntry, 0);
  });

  it('shows four levels and a present, accessed, dirty leaf after a store', () => {
    const { mmu } = bareMmu(4);
    mmu.write32(BASE + 0x1010, 7);
    const walk = mmu.paging.pageTable.walk(BASE + 0x1010);
    assert.deepEqual(walk.steps.map((s) => s.level), ['PML4', 'PDPT', 'PD', 'PT']);
    assert.deepEqual(walk.steps.map((s) => s.index), splitAddress(BASE + 0x1010).indices);
    assert.equal(walk.offset, 0x10);
    const leaf = decodeEntry(walk.leafEntry);
    assert.equal(leaf.present && leaf.writable && leaf.user && leaf.accessed && leaf.dirty && leaf.noExecute, true);
    // The first frame of RAM went to the first page touched.
    assert.equal(leaf.number, 0);
    // Each upper entry points at the next table's frame.
    for (let i = 0; i < 3; i++) assert.equal(decodeEntry(walk.steps[i].entry).number, walk.steps[i + 1].tableFrame);
  });

  it('creates one table per level for nearby pages and new ones only where the index changes', () => {
    const table = new PageTable(1000);
    table.setEntry(0x5555_5555_4000 / 4096, makeEntry(1, PTE_PRESENT));
    table.setEntry(0x5555_5555_5000 / 4096, makeEntry(2, PTE_PRESENT));
    assert.deepEqual(table.tablesPerLevel(), [1, 1, 1, 1]);
    table.setEntry(0x7fff_ffff_e000 / 4096, makeEntry(3, PTE_PRESENT));
    // Same PML4 only: a new PDPT, PD and PT for the stack.
    assert.deepEqual(table.tablesPerLevel(), [1, 2, 2, 2]);
    assert.equal(table.tablePages, 7);
  });

  it('shows NX at bit 63 of the hardware entry', () => {
    const entry = makeEntry(0x1234, PTE_PRESENT | PTE_WRITABLE | PTE_USER | PTE_ACCESSED | PTE_DIRTY | PTE_NX);
    assert.equal(hardwareEntryHex(entry), '0x8000000001234067');
  });
});
