import * as assert from 'node:assert/strict';
import { MemoryFault } from '../../../../src/engine/memory/memoryFault';
import { Process } from '../../../../src/engine/process';
import { type CallSpec, statementAddress } from '../../../../src/engine/stack/callStack';
import { SMALL_PROGRAM } from '../process/smallProgram';

const int = (name: string) => ({ name, size: 4, align: 4, typeName: 'int' });
const MAIN: CallSpec = { functionName: 'main', entryAddress: 0x5555_5555_5139, locals: [int('a'), { name: 'buf', size: 10, align: 1, typeName: 'char[10]' }, { name: 'd', size: 8, align: 8, typeName: 'double' }] };

describe('stack frames', () => {
  it('lays out main\'s frame as the SysV ABI and gcc -O0 do', () => {
    const p = Process.start(SMALL_PROGRAM);
    const stack = p.callStack;
    const before = stack.registers;
    assert.equal(before.rsp % 16, 0);
    const frame = stack.call(MAIN);
    // call pushed the return address; push rbp; mov rbp, rsp.
    assert.equal(frame.returnAddressSlot, before.rsp - 8);
    assert.equal(frame.rbp, before.rsp - 16);
    assert.equal(p.image.stack.mainEntryRsp, frame.returnAddressSlot);
    assert.equal(p.mmu.read64(frame.rbp + 8), before.rip + 5);
    assert.equal(p.mmu.read64(frame.rbp), before.rbp);
    // __libc_start_call_main+122 in Debian 12's libc, at its ASLR-off base.
    assert.equal(frame.returnAddress, 0x7fff_f7dd_5000 + 0x2718a);
    assert.deepEqual(frame.slots.map((s) => [s.name, s.offset, s.size, s.typeName]), [
      ['a', -4, 4, 'int'], ['buf', -14, 10, 'char[10]'], ['d', -24, 8, 'double'],
    ]);
    // sub rsp, 32: the 24 bytes rounded up so rsp stays 16-byte aligned.
    assert.equal(frame.rsp, frame.rbp - 32);
    assert.equal(stack.registers.rsp % 16, 0);
    assert.deepEqual(frame.redZone, { start: frame.rsp - 128, end: frame.rsp });
    assert.equal(stack.registers.rip, MAIN.entryAddress + 8);
  });

  it('spills register parameters below the locals and finds memory arguments above the return address', () => {
    const p = Process.start(SMALL_PROGRAM);
    p.callStack.call(MAIN);
    p.callStack.setRip(0x5555_5555_5150);
    const f = p.callStack.call({
      functionName: 'sum7', entryAddress: 0x5555_5555_5200,
      parameters: [int('x1'), int('x2')], stackArguments: [{ name: 'x7', size: 8, align: 8, typeName: 'long' }],
      locals: [{ name: 'total', size: 8, align: 8, typeName: 'long' }],
    });
    assert.deepEqual(f.slots.map((s) => [s.name, s.kind, s.offset]), [
      ['total', 'local', -8], ['x1', 'parameter', -12], ['x2', 'parameter', -16], ['x7', 'stack-argument', 16],
    ]);
    // One eightbyte of arguments, padded to 16 so that rsp was aligned at the call.
    assert.equal(f.layout.stackArgumentBytes, 16);
    assert.equal(p.mmu.read64(f.rbp + 8), 0x5555_5555_5155);
    assert.equal(f.cfa % 16, 0);
    assert.equal(p.callStack.registers.rsp % 16, 0);
    const { returnAddress } = p.callStack.ret();
    assert.equal(returnAddress, 0x5555_5555_5155);
    assert.equal(p.callStack.registers.rsp, p.callStack.top!.rsp);
    assert.equal(p.callStack.registers.rbp, p.callStack.top!.rbp);
  });

  it('keeps a leaf function\'s variables in the red zone without moving rsp', () => {
    const p = Process.start(SMALL_PROGRAM);
    p.callStack.call(MAIN);
    const leaf = p.callStack.call({ functionName: 'square', entryAddress: 0x5555_5555_5180, parameters: [int('x')], leaf: true });
    assert.equal(leaf.layout.usesRedZone, true);
    assert.equal(leaf.rsp, leaf.rbp);
    const x = leaf.slots[0];
    assert.ok(x.address >= leaf.redZone.start && x.address < leaf.redZone.end);
    assert.equal(p.callStack.frameAt(x.address)?.slot?.name, 'x');
  });

  it('answers which frame and slot hold an address', () => {
    const p = Process.start(SMALL_PROGRAM);
    const main = p.callStack.call(MAIN);
    const info = p.describeAddress(main.slots[1].address + 3);
    assert.equal(info.frame?.functionName, 'main');
    assert.equal(info.slot?.name, 'buf');
    assert.equal(info.vma?.label, '[stack]');
    const ret = p.callStack.frameAt(main.returnAddressSlot);
    assert.equal(ret?.frame.functionName, 'main');
    assert.equal(ret?.slot, undefined);
  });

  it('returns to whatever the return-address slot holds (a smashed one faults when executed)', () => {
    const p = Process.start(SMALL_PROGRAM);
    p.callStack.call(MAIN);
    const f = p.callStack.call({ functionName: 'vulnerable', entryAddress: 0x5555_5555_51a0, locals: [{ name: 'buf', size: 8, align: 1, typeName: 'char[8]' }] });
    // strcpy(buf, "AAAAAAAAAAAAAAAAAAAAAAAA") runs over the saved rbp and the return address.
    p.mmu.fill(f.slots[0].address, 24, 0x41);
    const { returnAddress } = p.callStack.ret();
    assert.equal(returnAddress, Number(0x4141414141414141n));
    assert.equal(p.mmu.read64n(f.returnAddressSlot), 0x4141414141414141n);
    assert.throws(() => p.mmu.checkExecutable(p.callStack.registers.rip), (e: unknown) => e instanceof MemoryFault);
  });

  it('grows the stack VMA on demand as frames go deeper', () => {
    const p = Process.start(SMALL_PROGRAM);
    const stackVma = () => p.addressSpace.list().find((v) => v.role === 'stack')!;
    const initialStart = stackVma().start;
    p.callStack.call(MAIN);
    for (let i = 0; i < 200; i++) p.callStack.call({ functionName: 'deep', entryAddress: 0x5555_5555_5300, locals: [{ name: 'pad', size: 1000, align: 8, typeName: 'char[1000]' }] });
    assert.ok(stackVma().start < initialStart);
    assert.ok(stackVma().start <= p.callStack.registers.rsp);
  });

  it('runaway recursion reaches the guard page below the 8 MiB limit', () => {
    const p = Process.start(SMALL_PROGRAM);
    p.callStack.call(MAIN);
    const frame: CallSpec = { functionName: 'recurse', entryAddress: 0x5555_5555_5300, parameters: [int('n')], locals: [int('local')] };
    let fault: MemoryFault | undefined;
    try {
      for (;;) p.callStack.call(frame);
    } catch (e) {
      if (!(e instanceof MemoryFault)) throw e;
      fault = e;
    }
    assert.equal(fault?.reason, 'guard-page');
    assert.equal(fault?.isStackOverflow, true);
    assert.ok(fault!.address >= p.image.guardPage.start && fault!.address < p.image.guardPage.end);
    const stackVma = p.addressSpace.list().find((v) => v.role === 'stack')!;
    assert.equal(stackVma.end - stackVma.start, 8 * 1024 * 1024);
    assert.equal(stackVma.start, 0x7fff_ff7f_f000);
    // Each frame is 32 bytes (return address, saved rbp, 16 of variables): about 262,000 of them.
    assert.ok(p.callStack.frames.length > 260_000 && p.callStack.frames.length < 262_144);
  });

  it('touches only the pages a big frame uses (no stack-clash probes), and still ends a recursion of big frames as a stack overflow', () => {
    const p = Process.start(SMALL_PROGRAM, { stackLimit: 1024 * 1024 });
    p.callStack.call(MAIN);
    const big: CallSpec = { functionName: 'big', entryAddress: 0x5555_5555_5400, locals: [{ name: 'array', size: 4 << 20, align: 16, typeName: 'char[4194304]' }] };
    const before = p.counters().minorFaults;
    const huge = Process.start(SMALL_PROGRAM);
    huge.callStack.call(MAIN);
    const faultsBefore = huge.counters().minorFaults;
    const frame = huge.callStack.call(big);
    huge.mmu.write8(frame.rbp - (4 << 20), 1);
    // The return address and saved rbp share the caller's last page or the next; the array's first byte is one more page.
    assert.ok(huge.counters().minorFaults - faultsBefore <= 2, `${huge.counters().minorFaults - faultsBefore} faults`);
    const twenty: CallSpec = { functionName: 'big', entryAddress: 0x5555_5555_5400, locals: [{ name: 'array', size: 20_000, align: 16, typeName: 'int[5000]' }] };
    assert.throws(() => { for (;;) p.callStack.call(twenty); }, (e: unknown) => e instanceof MemoryFault && e.reason === 'guard-page' && e.isStackOverflow);
    assert.ok(p.counters().minorFaults >= before);
  });

  it('spreads statement addresses over a function\'s code', () => {
    assert.equal(statementAddress(0x1000, 0x40, 0, 4), 0x1000);
    assert.equal(statementAddress(0x1000, 0x40, 3, 4), 0x1030);
  });
});

describe('stack growth limits', () => {
  it('does not grow the stack into a mapping placed below it', () => {
    const p = Process.start(SMALL_PROGRAM);
    const stackVma = p.addressSpace.list().find((v) => v.role === 'stack')!;
    const below = stackVma.start - 0x10000;
    const r = p.kernel.mmap(below, 4096, 3, 0x22 | 0x10);
    assert.ok(r.ok);
    assert.throws(() => p.mmu.write8(below - 8, 1), (e: unknown) => e instanceof MemoryFault && e.reason === 'unmapped');
    p.mmu.write8(below + 0x8000, 1); // between the mapping and the stack: grows
    assert.equal(p.addressSpace.find(below + 0x8000)?.role, 'stack');
  });
});
