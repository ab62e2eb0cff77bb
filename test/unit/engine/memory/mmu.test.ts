import * as assert from 'node:assert/strict';
import { PROT_R } from '../../../../src/engine/addressSpace/vma';
import { MemoryFault } from '../../../../src/engine/memory/memoryFault';
import { BASE, bareMmu, mapArea } from './memoryFixture';

describe('MMU loads and stores', () => {
  it('stores little-endian, as x86-64 does', () => {
    const { mmu } = bareMmu(2);
    mmu.write32(BASE, 0x11223344);
    assert.deepEqual([...mmu.readBytes(BASE, 4)], [0x44, 0x33, 0x22, 0x11]);
    mmu.write16(BASE + 8, 0xbeef);
    assert.equal(mmu.read8(BASE + 8), 0xef);
    assert.equal(mmu.read16(BASE + 8), 0xbeef);
    mmu.write64(BASE + 16, 0x5555_5555_92a0);
    assert.deepEqual([...mmu.readBytes(BASE + 16, 8)], [0xa0, 0x92, 0x55, 0x55, 0x55, 0x55, 0, 0]);
    assert.equal(mmu.read64(BASE + 16), 0x5555_5555_92a0);
  });

  it('writes negative numbers in two\'s complement and reads full 64-bit values as BigInt', () => {
    const { mmu } = bareMmu(1);
    mmu.write64(BASE, -1);
    assert.equal(mmu.read64n(BASE), 0xffff_ffff_ffff_ffffn);
    mmu.write64(BASE, -2);
    assert.equal(mmu.read64n(BASE), 0xffff_ffff_ffff_fffen);
    mmu.write64n(BASE + 8, 0x8000_0000_0000_0001n);
    assert.equal(mmu.read64n(BASE + 8), 0x8000_0000_0000_0001n);
    assert.equal(mmu.read32(BASE + 12), 0x8000_0000);
    mmu.write32(BASE + 16, -1);
    assert.equal(mmu.read32(BASE + 16), 0xffff_ffff);
  });

  it('round-trips floats and doubles bit for bit', () => {
    const { mmu } = bareMmu(1);
    mmu.writeF64(BASE, -0);
    assert.equal(mmu.read64n(BASE), 0x8000_0000_0000_0000n);
    mmu.writeF64(BASE + 8, 0.1);
    assert.equal(mmu.readF64(BASE + 8), 0.1);
    mmu.writeF32(BASE + 16, 1.5);
    assert.equal(mmu.read32(BASE + 16), 0x3fc0_0000);
    assert.equal(mmu.readF32(BASE + 16), 1.5);
  });

  it('handles every width across a page boundary', () => {
    const { mmu } = bareMmu(2);
    const edge = BASE + 4096;
    for (const [offset, size] of [[1, 2], [3, 4], [5, 8], [2, 8]] as const) {
      const at = edge - offset;
      if (size === 2) { mmu.write16(at, 0xa1b2); assert.equal(mmu.read16(at), 0xa1b2); }
      if (size === 4) { mmu.write32(at, 0xdeadbeef); assert.equal(mmu.read32(at), 0xdeadbeef); }
      if (size === 8) { mmu.write64(at, 0x1234_5678_9abc); assert.equal(mmu.read64(at), 0x1234_5678_9abc); }
    }
    mmu.writeF64(edge - 3, Math.PI);
    assert.equal(mmu.readF64(edge - 3), Math.PI);
    mmu.write64n(edge - 4, -5n);
    assert.equal(mmu.read64n(edge - 4), 0xffff_ffff_ffff_fffbn);
  });

  it('copies and fills byte ranges spanning pages', () => {
    const { mmu } = bareMmu(3);
    const bytes = Uint8Array.from({ length: 6000 }, (_, i) => i % 251);
    mmu.writeBytes(BASE + 1000, bytes);
    assert.deepEqual(mmu.readBytes(BASE + 1000, 6000), bytes);
    mmu.fill(BASE + 4000, 200, 0xaa);
    assert.equal(mmu.read8(BASE + 3999), (3999 - 1000) % 251);
    assert.equal(mmu.read8(BASE + 4000), 0xaa);
    assert.equal(mmu.read8(BASE + 4199), 0xaa);
    assert.equal(mmu.read8(BASE + 4200), (4200 - 1000) % 251);
  });

  it('changes no byte when a straddling store faults on its second page', () => {
    const { mmu, space } = bareMmu(1);
    mapArea(space, { start: BASE + 4096, end: BASE + 8192, prot: PROT_R });
    mmu.write32(BASE + 4092, 0x01020304);
    assert.throws(() => mmu.write64(BASE + 4092, -1), (e: unknown) => e instanceof MemoryFault && e.reason === 'write-to-read-only' && e.address === BASE + 4096);
    assert.equal(mmu.read32(BASE + 4092), 0x01020304);
  });
});
