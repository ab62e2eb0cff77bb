import * as assert from 'node:assert/strict';
import { MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../../../src/engine/kernel/mmanConstants';
import type { SyscallResult } from '../../../../src/engine/kernel/syscallResult';
import { MemoryFault } from '../../../../src/engine/memory/memoryFault';
import { Process } from '../../../../src/engine/process';
import { SMALL_PROGRAM } from '../process/smallProgram';

const RW = PROT_READ | PROT_WRITE;
function value<T>(result: SyscallResult<T>): T {
  if (!result.ok) assert.fail(`${result.errno}: ${result.message}`);
  return result.value;
}
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function withFile(contents = 'hello, file'): { p: Process; fd: number } {
  const p = Process.start(SMALL_PROGRAM);
  const file = p.files.create('/tmp/notes.txt', contents);
  assert.equal(file.size, contents.length);
  return { p, fd: value(p.kernel.open('/tmp/notes.txt', 'read-write')) };
}

describe('file-backed mappings', () => {
  it('shows the file in /proc/self/maps with its offset, device and inode', () => {
    const { p, fd } = withFile();
    const addr = value(p.kernel.mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 0));
    const line = p.kernel.procSelfMaps().split('\n').find((l) => l.startsWith(addr.toString(16)))!;
    assert.match(line, /^[0-9a-f]+-[0-9a-f]+ r--p 00000000 00:1a \d+ +\/tmp\/notes\.txt$/);
    assert.equal(text(p.mmu.readBytes(addr, 11)), 'hello, file');
  });

  it('MAP_SHARED: two mappings share one frame, and stores reach the file', () => {
    const { p, fd } = withFile();
    const a = value(p.kernel.mmap(0, 4096, RW, MAP_SHARED, fd, 0));
    const b = value(p.kernel.mmap(0, 4096, RW, MAP_SHARED, fd, 0));
    p.mmu.writeBytes(a, new TextEncoder().encode('HELLO'));
    assert.equal(text(p.mmu.readBytes(b, 11)), 'HELLO, file');
    // One physical page, mapped twice: Rss counts it per mapping, Pss splits it.
    const rollup = p.kernel.smapsRollup();
    assert.equal(rollup.sharedDirty + rollup.sharedClean >= 8, true);
    value(p.kernel.msync(a, 4096));
    assert.equal(text(p.files.get('/tmp/notes.txt')!.contents()), 'HELLO, file');
    p.mmu.write8(b, 'J'.charCodeAt(0));
    value(p.kernel.munmap(a, 4096));
    value(p.kernel.munmap(b, 4096));
    assert.equal(text(p.files.get('/tmp/notes.txt')!.contents()), 'JELLO, file');
  });

  it('MAP_PRIVATE: stores go to a private copy, never to the file or other mappings', () => {
    const { p, fd } = withFile();
    const shared = value(p.kernel.mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0));
    const priv = value(p.kernel.mmap(0, 4096, RW, MAP_PRIVATE, fd, 0));
    p.mmu.write8(priv, 'Y'.charCodeAt(0));
    assert.equal(text(p.mmu.readBytes(priv, 5)), 'Yello');
    assert.equal(text(p.mmu.readBytes(shared, 5)), 'hello');
    value(p.kernel.munmap(priv, 4096));
    assert.equal(text(p.files.get('/tmp/notes.txt')!.contents()), 'hello, file');
  });

  it('refuses a writable shared mapping of a read-only descriptor (EACCES)', () => {
    const { p } = withFile();
    const ro = value(p.kernel.open('/tmp/notes.txt', 'read-only'));
    const r = p.kernel.mmap(0, 4096, RW, MAP_SHARED, ro, 0);
    assert.equal(r.ok ? 'ok' : r.errno, 'EACCES');
    assert.ok(p.kernel.mmap(0, 4096, RW, MAP_PRIVATE, ro, 0).ok);
  });

  it('raises SIGBUS for a page wholly past the end of the file', () => {
    const { p, fd } = withFile();
    const addr = value(p.kernel.mmap(0, 2 * 4096, PROT_READ, MAP_PRIVATE, fd, 0));
    assert.equal(p.mmu.read8(addr + 4095), 0); // the rest of the last page reads as zeros
    assert.throws(() => p.mmu.read8(addr + 4096), (e: unknown) => e instanceof MemoryFault && e.reason === 'beyond-end-of-file' && e.signal === 'SIGBUS');
  });
});
