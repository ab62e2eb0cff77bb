import * as assert from 'node:assert/strict';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../../src/engine/kernel/mmanConstants';
import { ProcessTerminated } from '../../../../src/engine/kernel/signals';
import { MemoryFault } from '../../../../src/engine/memory/memoryFault';
import { Process } from '../../../../src/engine/process';
import { SMALL_PROGRAM } from '../process/smallProgram';

describe('smaps_rollup, counters and signals', () => {
  it('totals resident, anonymous and dirty memory', () => {
    const p = Process.start(SMALL_PROGRAM);
    const base = p.kernel.smapsRollup();
    const r = p.kernel.mmap(0, 40 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    assert.ok(r.ok);
    for (let i = 0; i < 10; i++) p.mmu.write8(r.value + i * 4096, 1);
    const after = p.kernel.smapsRollup();
    assert.equal(after.rss - base.rss, 40);
    assert.equal(after.anonymous - base.anonymous, 40);
    assert.equal(after.privateDirty - base.privateDirty, 40);
    assert.equal(after.pss, after.rss);
    assert.equal(p.counters().rssBytes, after.rss * 1024);
    const text = p.kernel.procSelfSmapsRollup();
    assert.match(text, /^555555554000-7ffffffff000 ---p 00000000 00:00 0 +\[rollup\]\n/);
    assert.match(text, new RegExp(`\\nRss: +${after.rss} kB\\n`));
    assert.match(text, /\nSwap: +0 kB\n/);
  });

  it('reports pages in swap', () => {
    const p = Process.start(SMALL_PROGRAM, { ramBytes: 16 * 4096 });
    const r = p.kernel.mmap(0, 64 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    assert.ok(r.ok);
    for (let i = 0; i < 64; i++) p.mmu.write8(r.value + i * 4096, 1);
    const rollup = p.kernel.smapsRollup();
    assert.ok(rollup.swap >= 48 * 4);
    assert.equal(p.counters().swapBytes, rollup.swap * 1024);
    assert.ok(p.counters().rssBytes <= 16 * 4096);
  });

  it('turns a fault into a SIGSEGV report with the reason and address', () => {
    const p = Process.start(SMALL_PROGRAM);
    let fault: MemoryFault | undefined;
    try { p.mmu.write8(0x10, 1); } catch (e) { fault = e as MemoryFault; }
    const report = p.kernel.deliverFault(fault!);
    assert.deepEqual(
      report.kind === 'signal' && [report.signal, report.signalNumber, report.reason, report.address, report.shellStatus],
      ['SIGSEGV', 11, 'null-page', 0x10, 139],
    );
    assert.equal(p.kernel.termination, report);
  });

  it('names a guard-page fault a stack overflow', () => {
    const p = Process.start(SMALL_PROGRAM);
    let fault: MemoryFault | undefined;
    try { p.mmu.write8(p.image.guardPage.start, 1); } catch (e) { fault = e as MemoryFault; }
    const report = p.kernel.deliverFault(fault!);
    assert.equal(report.kind === 'signal' && report.cause, 'stack-overflow');
  });

  it('abort() raises SIGABRT through the heap host and unwinds with the report', () => {
    const p = Process.start(SMALL_PROGRAM);
    assert.throws(() => p.heapHost.abort('free(): double free detected in tcache 2'), (e: unknown) => {
      if (!(e instanceof ProcessTerminated) || e.report.kind !== 'signal') return false;
      return e.report.signal === 'SIGABRT' && e.report.shellStatus === 134 && e.report.message.includes('double free');
    });
  });

  it('gives the heap host brk and anonymous mappings', () => {
    const p = Process.start(SMALL_PROGRAM);
    assert.equal(p.heapHost.sbrk(0x21000), 0x5555_5555_9000);
    const chunk = p.heapHost.mmap(0x21000)!;
    assert.equal(chunk, 0x7fff_f7dd_2000 - 0x21000);
    p.heapHost.memory.write64(chunk + 8, 0x21002); // an mmapped chunk's size field (IS_MMAPPED)
    assert.equal(p.mmu.read64(chunk + 8), 0x21002);
    p.heapHost.munmap(chunk, 0x21000);
    assert.throws(() => p.mmu.read8(chunk));
    assert.equal(p.kernel.getpid(), 4242);
  });
});

describe('kernel events', () => {
  it('reports brk, mmap, munmap and the end of the process', () => {
    const p = Process.start(SMALL_PROGRAM);
    const kinds: string[] = [];
    p.kernel.listener = (e) => kinds.push(e.kind === 'mmap' ? `mmap ${e.area.role} ${(e.end - e.start) / 4096}` : e.kind);
    p.kernel.sbrk(0x21000);
    const r = p.kernel.mmap(0, 5000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS);
    assert.ok(r.ok);
    p.kernel.munmap(r.value, 5000);
    assert.throws(() => p.kernel.exit(3), ProcessTerminated);
    assert.deepEqual(kinds, ['brk', 'mmap mmap-anon 2', 'munmap', 'terminated']);
    assert.deepEqual(p.kernel.termination, { kind: 'exit', status: 3, shellStatus: 3 });
  });
});
