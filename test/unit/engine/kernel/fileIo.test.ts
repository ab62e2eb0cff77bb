import * as assert from 'node:assert/strict';
import { O_APPEND, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, SEEK_CUR, SEEK_END, SEEK_SET } from '../../../../src/engine/kernel/fileIo';
import { MADV_DONTNEED, MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../../../src/engine/kernel/mmanConstants';
import type { SyscallResult } from '../../../../src/engine/kernel/syscallResult';
import { Process } from '../../../../src/engine/process';
import { SMALL_PROGRAM } from '../process/smallProgram';

/**
 * The file system calls as fs/open.c and fs/read_write.c behave, and madvise(MADV_DONTNEED) as
 * mm/madvise.c. (The C programs in test/fixtures/c-programs — mmap_file_shared, madvise_dontneed,
 * proc_self_maps — compare the same calls with a native run.)
 */
function value<T>(result: SyscallResult<T>): T {
  if (!result.ok) assert.fail(`${result.errno}: ${result.message}`);
  return result.value;
}
function errno(result: SyscallResult<unknown>): string {
  assert.equal(result.ok, false, 'the call should fail');
  return (result as { errno: string }).errno;
}
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: unknown) => new TextDecoder().decode(b as Uint8Array);

describe('file system calls', () => {
  it('open gives the lowest free descriptor from 3, and the freed number again after close', () => {
    const p = Process.start(SMALL_PROGRAM);
    const a = value(p.kernel.io.open('a.txt', O_RDWR | O_CREAT));
    const b = value(p.kernel.io.open('b.txt', O_RDWR | O_CREAT));
    assert.deepEqual([a, b], [3, 4]);
    value(p.kernel.close(a));
    assert.equal(value(p.kernel.io.open('c.txt', O_WRONLY | O_CREAT)), 3);
  });

  it('refuses what Linux refuses: a missing file, O_EXCL on an existing one, a bad access mode', () => {
    const p = Process.start(SMALL_PROGRAM);
    assert.equal(errno(p.kernel.io.open('missing', O_RDONLY)), 'ENOENT');
    value(p.kernel.io.open('f', O_CREAT | O_WRONLY));
    assert.equal(errno(p.kernel.io.open('f', O_CREAT | O_EXCL | O_RDWR)), 'EEXIST');
    assert.equal(errno(p.kernel.io.open('f', 3)), 'EINVAL');
  });

  it('reads and writes at the file position; O_APPEND writes at the end; O_TRUNC empties', () => {
    const p = Process.start(SMALL_PROGRAM);
    const fd = value(p.kernel.io.open('log', O_RDWR | O_CREAT));
    assert.equal(value(p.kernel.io.write(fd, bytes('hello world'))), 11);
    assert.equal(value(p.kernel.io.lseek(fd, 6, SEEK_SET)), 6);
    assert.equal(text(value(p.kernel.io.read(fd, 100))), 'world');
    assert.equal(text(value(p.kernel.io.read(fd, 100))), '', 'at the end, read returns 0 bytes');
    const app = value(p.kernel.io.open('log', O_WRONLY | O_APPEND));
    value(p.kernel.io.lseek(app, 0, SEEK_SET));
    value(p.kernel.io.write(app, bytes('!')));
    assert.equal(value(p.kernel.io.lseek(fd, 0, SEEK_END)), 12);
    value(p.kernel.io.open('log', O_WRONLY | O_TRUNC));
    assert.equal(value(p.kernel.io.lseek(fd, 0, SEEK_END)), 0);
  });

  it('checks each descriptor\'s access mode and lseek\'s arguments', () => {
    const p = Process.start(SMALL_PROGRAM);
    const w = value(p.kernel.io.open('f', O_WRONLY | O_CREAT));
    assert.equal(errno(p.kernel.io.read(w, 1)), 'EBADF');
    const r = value(p.kernel.io.open('f', O_RDONLY));
    assert.equal(errno(p.kernel.io.write(r, bytes('x'))), 'EBADF');
    assert.equal(errno(p.kernel.io.ftruncate(r, 10)), 'EINVAL');
    assert.equal(errno(p.kernel.io.lseek(r, -1, SEEK_SET)), 'EINVAL');
    assert.equal(errno(p.kernel.io.lseek(r, 0, 7)), 'EINVAL');
    assert.equal(errno(p.kernel.io.lseek(1, 0, SEEK_CUR)), 'ESPIPE', 'stdout is a pipe');
    assert.equal(errno(p.kernel.io.read(99, 1)), 'EBADF');
  });

  it('ftruncate grows a file with zeros and shrinks it', () => {
    const p = Process.start(SMALL_PROGRAM);
    const fd = value(p.kernel.io.open('f', O_RDWR | O_CREAT));
    value(p.kernel.io.write(fd, bytes('abc')));
    value(p.kernel.io.ftruncate(fd, 6));
    value(p.kernel.io.lseek(fd, 0, SEEK_SET));
    assert.deepEqual([...(value(p.kernel.io.read(fd, 10)) as Uint8Array)], [97, 98, 99, 0, 0, 0]);
    value(p.kernel.io.ftruncate(fd, 1));
    assert.equal(value(p.kernel.io.lseek(fd, 0, SEEK_END)), 1);
  });

  it('a read sees what the program stored through a MAP_SHARED mapping, before munmap or msync', () => {
    const p = Process.start(SMALL_PROGRAM);
    const fd = value(p.kernel.io.open('shared', O_RDWR | O_CREAT));
    value(p.kernel.io.ftruncate(fd, 4096));
    const addr = value(p.kernel.mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    p.mmu.writeBytes(addr, bytes('through the mapping'));
    assert.equal(text(value(p.kernel.io.read(fd, 19))), 'through the mapping');
  });

  it('/proc/self/maps is the process\'s maps when read from its start, and cannot be written or mapped', () => {
    const p = Process.start(SMALL_PROGRAM);
    const fd = value(p.kernel.io.open('/proc/self/maps', O_RDONLY));
    const before = text(value(p.kernel.io.read(fd, 1 << 20)));
    assert.equal(before, p.kernel.procSelfMaps());
    const addr = value(p.kernel.mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS));
    value(p.kernel.io.lseek(fd, 0, SEEK_SET));
    const after = text(value(p.kernel.io.read(fd, 1 << 20)));
    assert.ok(after.includes(`${addr.toString(16)}-`), 'the new mapping is listed on the next read from the start');
    assert.equal(errno(p.kernel.io.open('/proc/self/maps', O_RDWR)), 'EACCES');
    assert.equal(errno(p.kernel.mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 0)), 'ENODEV');
    assert.equal(errno(p.kernel.io.open(`/proc/${p.kernel.getpid() + 1}/maps`, O_RDONLY)), 'ENOENT');
    assert.equal(value(p.kernel.io.open(`/proc/${p.kernel.getpid()}/maps`, O_RDONLY)) > 2, true);
  });

  it('/proc/self/status prints VmRSS and VmHWM in the kernel\'s "%8lu kB" format', () => {
    const p = Process.start(SMALL_PROGRAM);
    const status = p.kernel.procText('status');
    const rss = p.kernel.counters().rssBytes / 1024;
    assert.ok(status.includes(`\nVmRSS:\t${String(rss).padStart(8)} kB\n`), status);
    assert.match(status, /^Name:\t\S+\nState:\tR \(running\)\nTgid:\t\d+\nPid:\t\d+\nVmSize:\t +\d+ kB\n/);
  });
});

describe('madvise', () => {
  it('MADV_DONTNEED drops the pages: RSS falls and the next read is a fresh zero page', () => {
    const p = Process.start(SMALL_PROGRAM);
    const addr = value(p.kernel.mmap(0, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS));
    for (let i = 0; i < 8; i++) p.mmu.write8(addr + i * 4096, 7);
    const rss = p.kernel.counters().rssBytes;
    value(p.kernel.madvise(addr, 8 * 4096, MADV_DONTNEED));
    assert.equal(p.kernel.counters().rssBytes, rss - 8 * 4096);
    const faults = p.kernel.counters().minorFaults;
    assert.equal(p.mmu.read8(addr), 0);
    assert.equal(p.kernel.counters().minorFaults, faults + 1);
  });

  it('a shared file mapping keeps its stores: DONTNEED writes them to the file first', () => {
    const p = Process.start(SMALL_PROGRAM);
    const fd = value(p.kernel.io.open('f', O_RDWR | O_CREAT));
    value(p.kernel.io.ftruncate(fd, 4096));
    const addr = value(p.kernel.mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    p.mmu.write8(addr, 42);
    value(p.kernel.madvise(addr, 4096, MADV_DONTNEED));
    assert.equal(p.mmu.read8(addr), 42);
  });

  it('EINVAL for an unaligned address or unknown advice, ENOMEM for a hole (after advising the rest)', () => {
    const p = Process.start(SMALL_PROGRAM);
    const addr = value(p.kernel.mmap(0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS));
    assert.equal(errno(p.kernel.madvise(addr + 1, 4096, MADV_DONTNEED)), 'EINVAL');
    assert.equal(errno(p.kernel.madvise(addr, 4096, 999)), 'EINVAL');
    p.mmu.write8(addr, 1);
    value(p.kernel.munmap(addr + 4096, 4096));
    assert.equal(errno(p.kernel.madvise(addr, 2 * 4096, MADV_DONTNEED)), 'ENOMEM');
    assert.equal(p.mmu.read8(addr), 0, 'the mapped page was still dropped');
    assert.equal(value(p.kernel.madvise(addr, 0, MADV_DONTNEED)), 0);
  });
});
