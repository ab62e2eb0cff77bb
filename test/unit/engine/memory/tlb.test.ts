import * as assert from 'node:assert/strict';
import { Tlb } from '../../../../src/engine/memory/tlb';
import { BASE, bareMmu } from './memoryFixture';

describe('TLB', () => {
  it('counts one miss for the first access to a page and hits after', () => {
    const { mmu } = bareMmu(4);
    mmu.write64(BASE, 1);
    mmu.read64(BASE + 8);
    mmu.read8(BASE + 100);
    mmu.write8(BASE + 200, 1);
    assert.equal(mmu.tlb.misses, 1);
    assert.equal(mmu.tlb.hits, 3);
  });

  it('evicts the least recently used entry', () => {
    const tlb = new Tlb(2);
    tlb.insert(10, 1);
    tlb.insert(11, 2);
    tlb.touch(tlb.slot(10));
    tlb.insert(12, 3);
    assert.ok(tlb.slot(10) >= 0);
    assert.equal(tlb.slot(11), -1);
    assert.ok(tlb.slot(12) >= 0);
    assert.deepEqual(tlb.contents().map((c) => c.vpn), [12, 10]);
  });

  it('counts fast-path hits as TLB hits, and keeps LRU order with them', () => {
    const { mmu } = bareMmu(8, { tlbEntries: 2 });
    mmu.read8(BASE); // miss: page 0
    mmu.read8(BASE + 4096); // miss: page 1
    for (let i = 0; i < 10; i++) mmu.read8(BASE + i); // page 0 again, the last-read page is now 0
    mmu.read8(BASE + 2 * 4096); // miss: evicts page 1, the least recently used
    mmu.read8(BASE + 5); // page 0 must still be cached
    assert.equal(mmu.tlb.misses, 3);
    assert.equal(mmu.tlb.hits, 11);
  });

  it('misses on every access when a loop cycles through more pages than the TLB holds', () => {
    const { mmu } = bareMmu(5, { tlbEntries: 4 });
    for (let round = 0; round < 3; round++) for (let p = 0; p < 5; p++) mmu.read8(BASE + p * 4096);
    assert.equal(mmu.tlb.misses, 15);
    assert.equal(mmu.tlb.hits, 0);
  });

  it('keeps its hash index consistent through many inserts and invalidations', () => {
    const tlb = new Tlb(16);
    const model = new Set<number>();
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const vpn = (x >>> 8) % 64;
      if (x % 3 === 0) {
        assert.equal(tlb.invalidate(vpn), model.delete(vpn));
      } else {
        tlb.insert(vpn, vpn);
        model.add(vpn);
        // Whatever LRU evicted leaves the model too.
        for (const v of [...model]) if (tlb.slot(v) < 0) model.delete(v);
      }
      assert.ok(model.size <= 16);
      for (const v of model) assert.equal(tlb.entries[tlb.slot(v)], v);
    }
  });
});
