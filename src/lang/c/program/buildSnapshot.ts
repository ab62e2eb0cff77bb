import { hex } from '../../../engine/addressSpace/layout';
import type { Snapshot, SnapshotFrame, SnapshotSlot } from '../../../shared/snapshot';
import type { Machine } from '../interpreter/vm/machine';
import { Op } from '../interpreter/lower/instructions';
import { typeToString } from '../types';
import { formatValue } from './formatValue';
import { leakView } from '../interpreter/vm/heapLeaks';
import type { LeakBlock, LeakSummary } from '../../../shared/memoryIssues';
import type { ChunkInfo, HeapStats } from '../../../engine/heap/allocator';
import { vlaSlot } from './vlaSlot';

const MAX_CHUNKS = 256;
const MAX_FRAMES = 256;

export function buildSnapshot(machine: Machine): Snapshot {
  const process = machine.process;
  const regs = process.callStack.registers;
  const frames: SnapshotFrame[] = [];
  const frameByRbp = new Map(process.callStack.frames.map((f) => [f.rbp, f]));
  // A recursion a million deep has a million frames: the snapshot carries the innermost ones.
  for (let i = machine.acts.length - 1; i >= 0 && frames.length < MAX_FRAMES; i--) {
    const a = machine.acts[i];
    const frame = frameByRbp.get(a.rbp);
    if (!frame) continue;
    const ins = a.fn.code[a.pc];
    const statement = a.fn.statements[i === machine.acts.length - 1 && ins?.op === Op.Stmt ? ins.index : a.stmt];
    const slots: SnapshotSlot[] = a.fn.slots.map((slot, k) => {
      if (slot.holdsAddress) return vlaSlot(a, k, slot, frame, machine.mem);
      const address = a.rbp + a.fn.offsets[k];
      return {
        name: slot.name,
        kind: slot.isParameter ? (a.fn.offsets[k] > 0 ? 'stack-argument' : 'parameter') : 'local',
        type: typeToString(slot.type),
        address: hex(address),
        offset: a.fn.offsets[k],
        size: slot.size,
        value: formatValue(process.mmu, slot.type, address),
        uninitialized: machine.mem.shadow.anyUndefined(address, slot.size),
      };
    });
    frames.push({ functionName: a.fn.name, line: statement?.line ?? 0, rbp: hex(a.rbp), cfa: hex(frame.cfa), returnAddress: hex(frame.returnAddress), slots });
  }
  const { chunks, stats } = heapView(machine);
  const leaks = leakClasses(machine);
  return {
    version: 1,
    state: machine.ended ? 'exited' : 'paused',
    steps: machine.steps,
    line: machine.ended ? undefined : machine.currentStatement()?.line,
    registers: { rsp: hex(regs.rsp), rbp: hex(regs.rbp), rip: hex(machine.acts.length ? machine.ripOf(machine.acts[machine.acts.length - 1]) : regs.rip) },
    frames,
    frameCount: machine.acts.length,
    heap: {
      allocator: process.allocator.name,
      chunks: chunks.slice(0, MAX_CHUNKS).map((c) => ({ address: hex(c.addr), userPtr: hex(c.userPtr), size: c.size, state: c.state, requested: c.requested, ...(c.internal ? { internal: true } : {}), ...(c.corrupted ? { corrupted: c.corrupted } : {}), ...leaks.ofChunk(c.userPtr, c.state) })),
      chunkCount: chunks.length,
      stats,
      activity: { ...process.allocator.activity },
    },
    counters: process.counters(),
    leaks: leaks.summary,
    stdout: machine.stdout,
    stderr: machine.stderr,
    termination: machine.termination,
    ...(machine.checker ? { errors: [...machine.checker.errors] } : {}),
  };
}

/**
 * The allocator's chunks and figures, read again only after an allocator event or a step back:
 * walking a million chunks at every stop would make stepping through plain statements slow.
 */
function heapView(machine: Machine): { chunks: readonly ChunkInfo[]; stats: HeapStats } {
  const version = machine.leakWatch.heapVersion;
  const allocator = machine.process.allocator;
  const cached = heapViews.get(machine);
  if (cached && cached.version === version && cached.allocator === allocator) return cached;
  const view = { version, allocator, chunks: allocator.chunks(), stats: allocator.stats() };
  heapViews.set(machine, view);
  return view;
}

const heapViews = new WeakMap<Machine, { version: number; allocator: unknown; chunks: readonly ChunkInfo[]; stats: HeapStats }>();

/** Each held chunk's leak class now (at exit: as Valgrind reports at exit), by user pointer. */
function leakClasses(machine: Machine): { summary: LeakSummary; ofChunk(userPtr: number, state: string): Partial<Pick<LeakBlock, 'allocatedAt' | 'lostAt'>> & { leak?: LeakBlock['class'] } } {
  const { report, blockAt } = leakView(machine, machine.ended);
  return {
    summary: { definitelyLost: report.definitelyLost, indirectlyLost: report.indirectlyLost, possiblyLost: report.possiblyLost, stillReachable: report.stillReachable },
    ofChunk(userPtr, state) {
      const b = state === 'in-use' || state === 'mmapped' ? blockAt(userPtr) : undefined;
      if (!b) return {};
      return { leak: b.class, ...(b.allocatedAt ? { allocatedAt: b.allocatedAt } : {}), ...(b.lostAt ? { lostAt: b.lostAt } : {}) };
    },
  };
}
