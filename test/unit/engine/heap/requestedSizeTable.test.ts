import { strict as assert } from 'node:assert';
import { RequestedSizeTable } from '../../../../src/engine/heap/requestedSizeTable';

describe('RequestedSizeTable', () => {
  it('stores, replaces and forgets sizes for heap and far-away pointers', () => {
    const t = new RequestedSizeTable();
    const heap = 0x555555559000;
    t.set(heap + 0x2a0, 0);
    t.set(heap + 0x2c0, 24);
    t.set(0x7ffff7d00010, 300000); // an mmapped chunk, far from the heap
    t.set(heap + 0x100000, 2 ** 33); // larger than the dense array holds
    assert.equal(t.get(heap + 0x2a0), 0);
    assert.equal(t.get(heap + 0x2c0), 24);
    assert.equal(t.get(0x7ffff7d00010), 300000);
    assert.equal(t.get(heap + 0x100000), 2 ** 33);
    assert.equal(t.get(heap + 0x2b0), undefined);
    t.set(heap + 0x2c0, 40);
    assert.equal(t.get(heap + 0x2c0), 40);
    t.delete(heap + 0x2c0);
    t.delete(0x7ffff7d00010);
    assert.equal(t.get(heap + 0x2c0), undefined);
    assert.equal(t.get(0x7ffff7d00010), undefined);
  });

  it('moves a heap pointer between its 16-bit column and the map as its size crosses 64 KiB', () => {
    const t = new RequestedSizeTable();
    const heap = 0x555555559000;
    t.set(heap + 0x2a0, 0xfffe); // the largest size the column holds
    assert.equal(t.get(heap + 0x2a0), 0xfffe);
    t.set(heap + 0x2a0, 0xffff);
    assert.equal(t.get(heap + 0x2a0), 0xffff);
    t.set(heap + 0x2a0, 100);
    assert.equal(t.get(heap + 0x2a0), 100);
    t.set(heap + 0x2a0, 200000);
    t.delete(heap + 0x2a0);
    assert.equal(t.get(heap + 0x2a0), undefined, 'no size left behind in the column');
  });
});
