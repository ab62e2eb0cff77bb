import * as assert from 'node:assert/strict';
import { Process } from '../../../../src/engine/process';
import { SMALL_PROGRAM } from './smallProgram';

/** The questions the views ask of a running process, answered from the simulated machine. */
describe('what is at this address', () => {
  it('finds the heap chunk that holds an address, in the brk heap and in an mmapped chunk', () => {
    const p = Process.start(SMALL_PROGRAM);
    const small = p.allocator.malloc(64);
    const big = p.allocator.malloc(200 * 1024);
    assert.equal(small, 0x5555555592a0, 'the first malloc(64) after the tcache struct, as with real glibc');
    const inSmall = p.describeAddress(small + 10);
    assert.equal(inSmall.vma?.role, 'heap');
    assert.equal(inSmall.chunk?.addr, small - 16);
    assert.equal(inSmall.chunk?.state, 'in-use');
    const inBig = p.describeAddress(big + 100_000);
    assert.equal(inBig.vma?.role, 'mmap-anon');
    assert.equal(inBig.chunk?.addr, big - 16);
    assert.equal(inBig.chunk?.state, 'mmapped');
    assert.equal(p.describeAddress(p.image.stack.entryRsp).chunk, undefined);
  });

  it('shows freed chunks in their bins and the heap\'s figures, read from the simulated bytes', () => {
    const p = Process.start(SMALL_PROGRAM);
    const blocks = Array.from({ length: 3 }, () => p.allocator.malloc(40));
    p.allocator.free(blocks[1]);
    const freed = p.describeAddress(blocks[1]).chunk;
    assert.equal(freed?.state, 'free');
    assert.deepEqual(freed?.bin, { kind: 'tcache', index: 1 }, 'a 0x30 chunk goes to tcache bin 1');
    assert.deepEqual(p.allocator.bins().find((b) => b.kind === 'tcache' && b.index === 1)?.chunks, [blocks[1] - 16]);
    const stats = p.allocator.stats();
    assert.equal(stats.brkBytes, 0x21000, 'glibc asked the kernel for 132 KiB at the first malloc');
    assert.equal(stats.inUseCount, 2);
    assert.equal(stats.inUseRequestedBytes, 80);
    // Headers and rounding of the two 48-byte chunks, plus glibc's own 0x290-byte tcache struct.
    assert.equal(stats.internalFragmentationBytes, 2 * (48 - 40) + 0x290);
    assert.match(p.kernel.procSelfMaps(), /^555555559000-55555557a000 rw-p 00000000 00:00 0 +\[heap\]$/m);
  });
});
