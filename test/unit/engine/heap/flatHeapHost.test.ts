import { strict as assert } from 'node:assert';
import { FlatHeapHost, FlatMemoryFault } from './flatHeapHost';

describe('FlatHeapHost (test host)', () => {
  it('places mappings top-down and reuses the highest hole that fits', () => {
    const host = new FlatHeapHost({ mmapCeiling: 0x7f0000000000 });
    const a = host.mmap(0x3000);
    const b = host.mmap(0x1000);
    assert.equal(a, 0x7f0000000000 - 0x3000);
    assert.equal(b, (a as number) - 0x1000);
    host.munmap(a as number, 0x3000);
    assert.equal(host.mmap(0x2000), 0x7f0000000000 - 0x2000);
  });

  it('moves a mapping on mremap growth when the pages above are taken, keeping its bytes', () => {
    const host = new FlatHeapHost({ mmapCeiling: 0x7f0000000000 });
    host.mmap(0x1000);
    const b = host.mmap(0x1000) as number;
    host.memory.write64(b + 8, 0x1234);
    const moved = host.mremap(b, 0x1000, 0x3000) as number;
    assert.notEqual(moved, b);
    assert.equal(host.memory.read64(moved + 8), 0x1234);
    assert.throws(() => host.memory.read8(b), FlatMemoryFault);
  });

  it('zero-fills new break pages and faults past the break', () => {
    const host = new FlatHeapHost();
    const old = host.sbrk(0x1000) as number;
    host.memory.write64(old, 2 ** 52 + 3);
    assert.equal(host.memory.read64(old), 2 ** 52 + 3);
    host.sbrk(-0x1000);
    assert.throws(() => host.memory.read8(old), FlatMemoryFault);
    host.sbrk(0x1000);
    assert.equal(host.memory.read64(old), 0);
  });
});
