import * as assert from 'node:assert/strict';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../../src/engine/kernel/mmanConstants';
import { Process } from '../../../../src/engine/process';
import { SMALL_PROGRAM } from '../process/smallProgram';

const heapLines = (p: Process): string[] => p.kernel.procSelfMaps().split('\n').filter((l) => l.endsWith('[heap]'));

describe('brk and sbrk', () => {
  it('starts with the break at the page after .bss and no [heap] mapping', () => {
    const p = Process.start(SMALL_PROGRAM);
    assert.equal(p.kernel.sbrk(0), 0x5555_5555_9000);
    assert.deepEqual(heapLines(p), []);
  });

  it('shows [heap] after the first growth, exactly as Linux prints it', () => {
    const p = Process.start(SMALL_PROGRAM);
    // glibc's first malloc asks for 132 KiB + alignment: sbrk(0x21000).
    assert.equal(p.kernel.sbrk(0x21000), 0x5555_5555_9000);
    assert.deepEqual(heapLines(p), ['555555559000-55555557a000 rw-p 00000000 00:00 0                          [heap]']);
    assert.equal(p.kernel.sbrk(0), 0x5555_5557_a000);
  });

  it('keeps the break byte-exact while the VMA covers it rounded up to a page', () => {
    const p = Process.start(SMALL_PROGRAM);
    assert.equal(p.kernel.brk(0x5555_5555_9010), 0x5555_5555_9010);
    assert.deepEqual(heapLines(p), ['555555559000-55555555a000 rw-p 00000000 00:00 0                          [heap]']);
    p.kernel.brk(0x5555_5555_a001);
    assert.deepEqual(heapLines(p), ['555555559000-55555555b000 rw-p 00000000 00:00 0                          [heap]']);
  });

  it('gives back pages when the break shrinks, and fresh zero pages when it grows again', () => {
    const p = Process.start(SMALL_PROGRAM);
    const start = p.kernel.sbrk(0x3000)!;
    p.mmu.write64(start + 0x2000, 0x1234);
    const rss = p.counters().rssBytes;
    assert.equal(p.kernel.sbrk(-0x2000), start + 0x3000);
    assert.equal(p.counters().rssBytes, rss - 4096);
    assert.throws(() => p.mmu.read8(start + 0x2000));
    p.kernel.sbrk(0x2000);
    assert.equal(p.mmu.read64(start + 0x2000), 0);
    p.kernel.brk(start);
    assert.deepEqual(heapLines(p), []);
  });

  it('refuses to go below the start or to run into the next mapping', () => {
    const p = Process.start(SMALL_PROGRAM);
    assert.equal(p.kernel.brk(0x5555_5555_0000), 0x5555_5555_9000);
    const blocker = p.kernel.mmap(0x5555_5560_0000, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
    assert.ok(blocker.ok);
    // One page must stay free below the next mapping.
    assert.equal(p.kernel.sbrk(0x5555_5560_0000 - 0x5555_5555_9000), null);
    assert.equal(p.kernel.sbrk(0x5555_555f_f000 - 0x5555_5555_9000), 0x5555_5555_9000);
  });
});
