import * as assert from 'node:assert/strict';
import {
  MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE,
} from '../../../../src/engine/kernel/mmanConstants';
import type { SyscallResult } from '../../../../src/engine/kernel/syscallResult';
import { MemoryFault } from '../../../../src/engine/memory/memoryFault';
import { Process } from '../../../../src/engine/process';
import { SMALL_PROGRAM } from '../process/smallProgram';

const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;

function value<T>(result: SyscallResult<T>): T {
  if (!result.ok) assert.fail(`${result.errno}: ${result.message}`);
  return result.value;
}

const mapsLine = (p: Process, start: number): string | undefined =>
  p.kernel.procSelfMaps().split('\n').find((l) => l.startsWith(start.toString(16) + '-'));

describe('mmap and munmap', () => {
  it('places the first 200 KiB mapping right below the lowest mapping of the mmap area', () => {
    const p = Process.start(SMALL_PROGRAM);
    // The lowest mapping below mmap_base is the main thread's TLS block at 0x7ffff7dd2000.
    const addr = value(p.kernel.mmap(0, 200 * 1024, RW, ANON));
    assert.equal(addr, 0x7fff_f7dd_2000 - 200 * 1024);
    assert.equal(addr, 0x7fff_f7da_0000);
    // Adjacent anonymous mappings with the same protection are one VMA, as /proc/self/maps shows.
    assert.equal(mapsLine(p, addr), '7ffff7da0000-7ffff7dd5000 rw-p 00000000 00:00 0 ');
    const second = value(p.kernel.mmap(0, 0x21000, RW, ANON));
    assert.equal(second, addr - 0x21000);
  });

  it('puts a small mapping in the highest gap that fits: between libc\'s .bss and the loader', () => {
    const p = Process.start(SMALL_PROGRAM);
    assert.equal(value(p.kernel.mmap(0, 4096, PROT_READ, ANON)), 0x7fff_f7fb_f000);
  });

  it('rounds the length up to whole pages and demand-pages the mapping', () => {
    const p = Process.start(SMALL_PROGRAM);
    const rss = p.counters().rssBytes;
    const addr = value(p.kernel.mmap(0, 10_000, RW, ANON));
    assert.equal(p.addressSpace.find(addr)!.end - addr >= 12_288, true);
    assert.equal(p.counters().rssBytes, rss);
    p.mmu.write8(addr + 9_999, 1);
    assert.equal(p.counters().rssBytes, rss + 4096);
  });

  it('splits a mapping when its middle is unmapped', () => {
    const p = Process.start(SMALL_PROGRAM);
    const addr = value(p.kernel.mmap(0x6000_0000_0000, 3 * 4096, RW, ANON));
    assert.equal(addr, 0x6000_0000_0000);
    p.mmu.write8(addr + 4096, 5);
    value(p.kernel.munmap(addr + 4096, 4096));
    assert.equal(mapsLine(p, addr), '600000000000-600000001000 rw-p 00000000 00:00 0 ');
    assert.equal(mapsLine(p, addr + 8192), '600000002000-600000003000 rw-p 00000000 00:00 0 ');
    assert.throws(() => p.mmu.read8(addr + 4096), (e: unknown) => e instanceof MemoryFault && e.reason === 'unmapped');
    value(p.kernel.munmap(addr, 3 * 4096));
    assert.equal(mapsLine(p, addr), undefined);
  });

  it('honours a free hint and ignores an occupied one', () => {
    const p = Process.start(SMALL_PROGRAM);
    assert.equal(value(p.kernel.mmap(0x1_0000_0000, 4096, RW, ANON)), 0x1_0000_0000);
    assert.notEqual(value(p.kernel.mmap(0x1_0000_0000, 4096, RW, ANON)), 0x1_0000_0000);
  });

  it('MAP_FIXED replaces what was there (fresh zero pages); MAP_FIXED_NOREPLACE refuses', () => {
    const p = Process.start(SMALL_PROGRAM);
    const addr = value(p.kernel.mmap(0x6000_0000_0000, 8192, RW, ANON));
    p.mmu.write64(addr, 77);
    const noReplace = p.kernel.mmap(addr, 4096, RW, ANON | MAP_FIXED_NOREPLACE);
    assert.equal(noReplace.ok ? 'ok' : noReplace.errno, 'EEXIST');
    assert.equal(value(p.kernel.mmap(addr, 4096, PROT_READ, ANON | MAP_FIXED)), addr);
    assert.equal(p.mmu.read64(addr), 0);
    assert.equal(mapsLine(p, addr), '600000000000-600000001000 r--p 00000000 00:00 0 ');
  });

  it('returns errno values for bad requests', () => {
    const p = Process.start(SMALL_PROGRAM);
    const errno = (r: SyscallResult<unknown>): string => (r.ok ? 'ok' : r.errno);
    assert.equal(errno(p.kernel.mmap(0, 0, RW, ANON)), 'EINVAL');
    assert.equal(errno(p.kernel.mmap(0, 4096, RW, MAP_ANONYMOUS)), 'EINVAL');
    assert.equal(errno(p.kernel.mmap(0x1000, 4096, RW, ANON | MAP_FIXED)), 'EPERM');
    assert.equal(errno(p.kernel.mmap(0x6000_0000_0010, 4096, RW, ANON | MAP_FIXED)), 'EINVAL');
    assert.equal(errno(p.kernel.mmap(0, 4096, RW, MAP_SHARED, 42)), 'EBADF');
    assert.equal(errno(p.kernel.munmap(0x6000_0000_0010, 4096)), 'EINVAL');
    // Unmapping a range where nothing is mapped succeeds, as on Linux.
    assert.equal(errno(p.kernel.munmap(0x6000_0000_0000, 4096)), 'ok');
  });

  it('MAP_POPULATE faults every page in at once', () => {
    const p = Process.start(SMALL_PROGRAM);
    const before = p.counters();
    value(p.kernel.mmap(0, 16 * 4096, RW, ANON | MAP_POPULATE));
    const after = p.counters();
    assert.equal(after.minorFaults - before.minorFaults, 16);
    assert.equal(after.rssBytes - before.rssBytes, 16 * 4096);
    // Populated with write faults: the pages are dirty already.
    assert.equal(p.kernel.smapsRollup().privateDirty - 16 * 4 >= 0, true);
    assert.equal(p.pageTableSummary().areas.find((a) => a.residency.residentPages === 16)?.residency.dirtyPages, 16);
  });
});
