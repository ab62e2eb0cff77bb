import { createHash } from 'node:crypto';
import { permString } from '../../../src/engine/addressSpace/vma';
import { entryNumber, holdsFrame } from '../../../src/engine/memory/pageTableEntry';
import type { CSession } from '../lang/c/interpreter/runC';

const PAGE = 4096;

const text = (v: unknown): string => (v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString('hex')}` : String(v));

/**
 * Everything a run can observe of the machine at a statement boundary, as plain data: every
 * mapped page's table entry, frame number and bytes (hashed) and its undefined-byte bits, the
 * VMAs, the registers and frames, the TLB's contents and every counter, the heap as the allocator
 * reads it back, the VM's activations and libc's state, the output so far. Two sessions at the
 * same step must give deep-equal fingerprints.
 */
export function machineFingerprint(session: CSession): unknown {
  const m = session.program.vm!;
  const p = m.process;
  const paging = p.mmu.paging;
  const pages: string[] = [];
  for (const vma of p.addressSpace.list()) {
    paging.pageTable.forEachEntry(vma.start / PAGE, vma.end / PAGE, (vpn, entry) => {
      const frame = holdsFrame(entry) ? paging.physical.frame(entryNumber(entry)) : undefined;
      const bytes = frame ? createHash('sha256').update(frame).digest('hex') : '-';
      let undefinedBits = '';
      for (let i = 0; i < PAGE; i++) undefinedBits += m.mem.shadow.isUndefinedByte(vpn * PAGE + i) ? '1' : '0';
      pages.push(`${vpn.toString(16)} entry=${entry} bytes=${bytes} undefined=${createHash('sha256').update(undefinedBits).digest('hex')}`);
    });
  }
  const stack = p.callStack;
  return {
    steps: m.steps,
    stdout: m.stdout,
    stderr: m.stderr,
    ended: m.ended,
    vmas: p.addressSpace.list().map((v) => `${v.start.toString(16)}-${v.end.toString(16)} ${permString(v.prot, v.shared)} ${v.role} ${v.label ?? v.file?.path ?? ''}`),
    pages,
    registers: stack.registers,
    frames: stack.frames.map((f) => ({ name: f.functionName, depth: f.depth, rbp: f.rbp, rsp: f.rsp, ret: f.returnAddress, highest: f.highest })),
    counters: p.counters(),
    paging: paging.counters(),
    tlb: p.mmu.tlb.contents(),
    chunks: p.allocator.chunks(),
    bins: p.allocator.bins(),
    heapStats: p.allocator.stats(),
    activations: m.acts.map((a) => ({ fn: a.fn.name, pc: a.pc, rbp: a.rbp, stmt: a.stmt, resultTemp: a.resultTemp, temps: Array.from(a.t, text) })),
    natives: m.natives.length,
    libc: Object.entries(m.libc).map(([k, v]) => `${k}=${text(v)}`),
  };
}
