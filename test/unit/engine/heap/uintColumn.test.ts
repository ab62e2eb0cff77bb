import * as assert from 'node:assert/strict';
import { UintColumn } from '../../../../src/engine/heap/uintColumn';

describe('UintColumn: 32-bit entries until a value needs 48', () => {
  it('keeps every value exactly across the 2^32 boundary, before and after growing', () => {
    const values = [0, 1, 0xffff_ffff, 2 ** 32, 2 ** 32 + 1, 2 ** 40 + 12345, 2 ** 48 - 1, 7];
    const column = new UintColumn(4);
    column.set(0, 5);
    column.set(1, 0xffff_fffe);
    column.grow(values.length);
    assert.deepEqual([column.get(0), column.get(1)], [5, 0xffff_fffe], 'small values survive growing');
    values.forEach((v, i) => column.set(i, v));
    assert.deepEqual(values.map((_, i) => column.get(i)), values);
    column.grow(values.length * 2);
    assert.deepEqual(values.map((_, i) => column.get(i)), values, 'wide values survive growing');
    column.set(4, 3);
    assert.equal(column.get(4), 3, 'a small value over a wide one clears its high part');
  });

  it('refuses what it cannot hold instead of storing something else', () => {
    const column = new UintColumn(1);
    for (const bad of [-1, 0.5, 2 ** 48, Number.NaN]) assert.throws(() => column.set(0, bad), /does not fit a 48-bit column/, String(bad));
  });
});
