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
});
