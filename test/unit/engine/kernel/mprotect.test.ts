import * as assert from 'node:assert/strict';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE } from '../../../../src/engine/kernel/mmanConstants';
import type { SyscallResult } from '../../../../src/engine/kernel/syscallResult';
import { MemoryFault } from '../../../../src/engine/memory/memoryFault';
import { Process } from '../../../../src/engine/process';
import { SMALL_PROGRAM } from '../process/smallProgram';

const AT = 0x6000_0000_0000;
const lines = (p: Process): string[] => p.kernel.procSelfMaps().split('\n').filter((l) => l.startsWith('6000'));
const errno = (r: SyscallResult<unknown>): string => (r.ok ? 'ok' : r.errno);

function mapped(): Process {
  const p = Process.start(SMALL_PROGRAM);
  const r = p.kernel.mmap(AT, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  assert.ok(r.ok && r.value === AT);
  return p;
}

describe('mprotect', () => {
  it('makes a page read-only: its VMA splits in three, stores fault, the bytes stay', () => {
    const p = mapped();
    p.mmu.write64(AT + 4096, 99);
    assert.equal(errno(p.kernel.mprotect(AT + 4096, 4096, PROT_READ)), 'ok');
    assert.deepEqual(lines(p), [
      '600000000000-600000001000 rw-p 00000000 00:00 0 ',
      '600000001000-600000002000 r--p 00000000 00:00 0 ',
      '600000002000-600000003000 rw-p 00000000 00:00 0 ',
    ]);
    assert.throws(() => p.mmu.write8(AT + 4096, 1), (e: unknown) => e instanceof MemoryFault && e.reason === 'write-to-read-only');
    assert.equal(p.mmu.read64(AT + 4096), 99);
    p.mmu.write8(AT, 1);
  });

  it('merges the pieces back when the protection is restored', () => {
    const p = mapped();
    p.kernel.mprotect(AT + 4096, 4096, PROT_READ);
    p.kernel.mprotect(AT + 4096, 4096, PROT_READ | PROT_WRITE);
    assert.deepEqual(lines(p), ['600000000000-600000003000 rw-p 00000000 00:00 0 ']);
    p.mmu.write8(AT + 4096, 1);
  });

  it('PROT_NONE keeps resident pages but faults every access', () => {
    const p = mapped();
    p.mmu.write64(AT, 5);
    const rss = p.counters().rssBytes;
    p.kernel.mprotect(AT, 4096, PROT_NONE);
    assert.throws(() => p.mmu.read8(AT), (e: unknown) => e instanceof MemoryFault && e.reason === 'protection');
    assert.equal(p.counters().rssBytes, rss);
    p.kernel.mprotect(AT, 4096, PROT_READ);
    assert.equal(p.mmu.read64(AT), 5);
  });

  it('refuses unaligned or partly unmapped ranges', () => {
    const p = mapped();
    assert.equal(errno(p.kernel.mprotect(AT + 1, 4096, PROT_READ)), 'EINVAL');
    assert.equal(errno(p.kernel.mprotect(AT, 4 * 4096, PROT_READ)), 'ENOMEM');
  });
});
