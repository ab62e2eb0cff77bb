import * as assert from 'node:assert/strict';
import { AT } from '../../../../src/engine/kernel/execStack';
import { Process } from '../../../../src/engine/process';
import { SMALL_PROGRAM } from './smallProgram';

function cString(p: Process, address: number): string {
  const bytes: number[] = [];
  for (let a = address; ; a++) {
    const b = p.mmu.read8(a);
    if (b === 0) return new TextDecoder().decode(Uint8Array.from(bytes));
    bytes.push(b);
  }
}

describe('process start', () => {
  const argv = ['./a.out', 'input.txt', 'héllo'];
  const envp = ['HOME=/home/student', 'LANG=C.UTF-8'];

  it('writes argc, argv and envp so that they read back as the right strings', () => {
    const p = Process.start(SMALL_PROGRAM, { argv, envp });
    const { entryRsp, argvAddress, envpAddress } = p.image.stack;
    assert.equal(p.mmu.read64(entryRsp), 3);
    assert.deepEqual(argv.map((_, i) => cString(p, p.mmu.read64(argvAddress + 8 * i))), argv);
    assert.equal(p.mmu.read64(argvAddress + 8 * argv.length), 0);
    assert.deepEqual(envp.map((_, i) => cString(p, p.mmu.read64(envpAddress + 8 * i))), envp);
    assert.equal(p.mmu.read64(envpAddress + 8 * envp.length), 0);
  });

  it('writes the auxiliary vector after envp, ending with AT_NULL', () => {
    const p = Process.start(SMALL_PROGRAM, { argv, envp });
    const auxvAt = p.image.stack.envpAddress + 8 * (envp.length + 1);
    const pairs = new Map<number, number>();
    for (let a = auxvAt; ; a += 16) {
      const tag = p.mmu.read64(a);
      pairs.set(tag, p.mmu.read64(a + 8));
      if (tag === AT.NULL) break;
    }
    assert.equal(pairs.size, 21);
    assert.equal(pairs.get(AT.PAGESZ), 4096);
    assert.equal(pairs.get(AT.SYSINFO_EHDR), 0x7fff_f7fc_8000);
    assert.equal(pairs.get(AT.BASE), 0x7fff_f7fc_a000);
    assert.equal(pairs.get(AT.PHDR), 0x5555_5555_4040);
    assert.equal(cString(p, pairs.get(AT.EXECFN)!), '/home/student/a.out');
    assert.equal(cString(p, pairs.get(AT.PLATFORM)!), 'x86_64');
    const entry = pairs.get(AT.ENTRY)!;
    assert.equal(p.addressSpace.find(entry)?.role, 'text');
    assert.ok(entry < p.image.sections.find((s) => s.name === '.text')!.start);
    const random = pairs.get(AT.RANDOM)!;
    assert.equal(p.addressSpace.find(random)?.role, 'stack');
  });

  it('starts with a little resident memory: the stack pages exec wrote', () => {
    const p = Process.start(SMALL_PROGRAM);
    const c = p.counters();
    assert.ok(c.rssBytes >= 4096 && c.rssBytes <= 2 * 4096, `rss ${c.rssBytes}`);
    assert.equal(c.vszBytes, p.addressSpace.virtualSize());
    assert.equal(c.invalidFaults, 0);
    const summary = p.pageTableSummary();
    const stack = summary.areas.find((a) => a.vma.role === 'stack')!;
    assert.equal(stack.residency.residentPages * 4096, c.rssBytes);
    assert.equal(summary.presentPages, stack.residency.residentPages);
    assert.equal(summary.dirtyPages, summary.presentPages);
  });

  it('keeps bytes the loader put in read-only sections across eviction', () => {
    const p = Process.start(SMALL_PROGRAM, { ramBytes: 4 * 4096 });
    const literal = p.image.symbols.find((s) => s.object.name === '.LC0')!.address;
    p.mmu.kernelWrite(literal, new TextEncoder().encode('hello\0'));
    assert.equal(cString(p, literal), 'hello');
    const r = p.kernel.mmap(0, 16 * 4096, 3, 0x22);
    assert.ok(r.ok);
    for (let i = 0; i < 16; i++) p.mmu.write8(r.value + i * 4096, 1);
    assert.equal(cString(p, literal), 'hello');
    assert.ok(p.counters().majorFaults >= 1);
  });

  it('describes addresses: region, global symbol', () => {
    const p = Process.start(SMALL_PROGRAM);
    const counter = p.image.symbols.find((s) => s.object.name === 'counter')!.address;
    const info = p.describeAddress(counter);
    assert.equal(info.vma?.role, 'data');
    assert.equal(info.symbol?.object.name, 'counter');
    assert.equal(p.describeAddress(0x10).vma, undefined);
  });
});
