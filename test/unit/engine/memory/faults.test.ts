import * as assert from 'node:assert/strict';
import { MemoryFault, type FaultReason } from '../../../../src/engine/memory/memoryFault';
import { Process } from '../../../../src/engine/process';
import { SMALL_PROGRAM } from '../process/smallProgram';

function faultOf(action: () => unknown): MemoryFault {
  try {
    action();
  } catch (e) {
    if (e instanceof MemoryFault) return e;
    throw e;
  }
  assert.fail('expected a MemoryFault');
}

function expectFault(action: () => unknown, reason: FaultReason, access: 'read' | 'write' | 'exec', address?: number): MemoryFault {
  const fault = faultOf(action);
  assert.equal(fault.reason, reason);
  assert.equal(fault.access, access);
  if (address !== undefined) assert.equal(fault.address, address);
  return fault;
}

describe('invalid faults', () => {
  const symbol = (p: Process, name: string): number => p.image.symbols.find((s) => s.object.name === name)!.address;

  it('NULL and small offsets from it: null-page', () => {
    const p = Process.start(SMALL_PROGRAM);
    expectFault(() => p.mmu.read32(0), 'null-page', 'read', 0);
    expectFault(() => p.mmu.write64(0x18, 1), 'null-page', 'write', 0x18);
    assert.equal(p.counters().invalidFaults, 2);
  });

  it('an address no mapping contains: unmapped (SIGSEGV)', () => {
    const p = Process.start(SMALL_PROGRAM);
    const f = expectFault(() => p.mmu.read8(0x4000_0000), 'unmapped', 'read');
    assert.equal(f.signal, 'SIGSEGV');
  });

  it('a store to text, rodata or a string literal: write-to-read-only', () => {
    const p = Process.start(SMALL_PROGRAM);
    const main = symbol(p, 'main');
    assert.equal(p.mmu.read8(main), 0); // reading code is allowed
    expectFault(() => p.mmu.write8(main, 0xc3), 'write-to-read-only', 'write', main);
    const literal = symbol(p, '.LC0');
    expectFault(() => p.mmu.write8(literal, 0x48), 'write-to-read-only', 'write', literal);
  });

  it('executing the stack or the heap: protection (NX); executing text is fine', () => {
    const p = Process.start(SMALL_PROGRAM);
    p.mmu.checkExecutable(symbol(p, 'main'));
    const sp = p.image.stack.entryRsp;
    expectFault(() => p.mmu.checkExecutable(sp), 'protection', 'exec', sp);
  });

  it('the page below the stack limit: guard-page, a stack overflow', () => {
    const p = Process.start(SMALL_PROGRAM);
    const guard = p.image.guardPage.start + 100;
    const f = expectFault(() => p.mmu.write8(guard, 1), 'guard-page', 'write', guard);
    assert.equal(f.isStackOverflow, true);
  });

  it('a kernel address: kernel-address', () => {
    const p = Process.start(SMALL_PROGRAM);
    expectFault(() => p.mmu.read64(0xffff_8000_0000_0000), 'kernel-address', 'read');
  });

  it('a store to .data works and is a copy-on-write of the file page', () => {
    const p = Process.start(SMALL_PROGRAM);
    const counter = symbol(p, 'counter');
    const before = p.counters().minorFaults;
    p.mmu.write32(counter, 42);
    assert.equal(p.mmu.read32(counter), 42);
    assert.equal(p.counters().minorFaults, before + 1);
  });
});
