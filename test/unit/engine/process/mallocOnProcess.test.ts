import * as assert from 'node:assert/strict';
import { GlibcMalloc } from '../../../../src/engine/heap/glibc/glibcMalloc';
import { Process } from '../../../../src/engine/process';
import { SMALL_PROGRAM } from './smallProgram';

/** glibc's malloc running on the simulated kernel and MMU: the numbers gdb shows on Debian 12. */
describe('glibc malloc on the simulated process', () => {
  it('returns the first chunk after the tcache block, in a new [heap] of 132 KiB', () => {
    const p = Process.start(SMALL_PROGRAM);
    const malloc = new GlibcMalloc(p.heapHost);
    const ptr = malloc.malloc(64);
    // heap start + 0x290 (tcache_perthread_struct chunk) + 0x10 (the new chunk's header).
    assert.equal(ptr, 0x5555_5555_92a0);
    assert.ok(p.kernel.procSelfMaps().includes('555555559000-55555557a000 rw-p 00000000 00:00 0                          [heap]'));
    // The chunk header (size 0x50 | PREV_INUSE) is in simulated memory.
    assert.equal(p.mmu.read64(ptr - 8), 0x51);
  });

  it('serves a 200 KiB request with mmap, right below the lowest mapping of the mmap area', () => {
    const p = Process.start(SMALL_PROGRAM);
    const malloc = new GlibcMalloc(p.heapHost);
    const ptr = malloc.malloc(200 * 1024);
    // 0x32000 + header, rounded up to pages: 0x33000 mapped below 0x7ffff7dd2000.
    assert.equal(ptr, 0x7fff_f7dd_2000 - 0x33000 + 0x10);
    malloc.free(ptr);
    assert.equal(p.addressSpace.find(ptr), undefined);
  });

  it('makes RSS follow the pages malloc touches, not the heap size', () => {
    const p = Process.start(SMALL_PROGRAM);
    const malloc = new GlibcMalloc(p.heapHost);
    const before = p.counters();
    for (let i = 0; i < 1000; i++) malloc.malloc(64);
    const after = p.counters();
    // 1000 chunks of 0x50 bytes after the 0x290 tcache, then the top chunk's header: 20 pages.
    assert.equal((after.rssBytes - before.rssBytes) / 4096, Math.ceil((0x290 + 1000 * 0x50 + 0x10) / 4096));
    // The heap mapping itself is the 132 KiB of the first sbrk.
    assert.equal(after.vszBytes - before.vszBytes, 0x21000);
  });
});
