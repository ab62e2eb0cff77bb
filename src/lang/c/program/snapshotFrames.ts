import { hex } from '../../../engine/addressSpace/layout';
import { frameExtent } from '../../../engine/errors/stackPoisoning';
import { peekMemory } from '../../../engine/memory/peekMemory';
import type { StackFrame } from '../../../engine/stack/callStack';
import { MAX_SNAPSHOT_FRAMES, type SnapshotFrame, type SnapshotSlot } from '../../../shared/snapshot';
import type { LocalSlot } from '../interpreter/check/checkedTree';
import { Op, type Activation, type LoweredFunction } from '../interpreter/lower/instructions';
import type { Machine } from '../interpreter/vm/machine';
import { type CType, typeToString } from '../types';
import { formatValue } from './formatValue';
import { vlaSlot } from './vlaSlot';

const MAX_UNDEFINED_RUNS = 16;
/** Larger objects are not scanned byte by byte for their uninitialized runs (only flagged). */
const MAX_SCANNED_SLOT = 4096;

/** Does a value of this type hold a pointer somewhere in it (itself, an element, a member)? */
export function holdsPointer(type: CType): boolean {
  switch (type.kind) {
    case 'pointer': return true;
    case 'array': return holdsPointer(type.of);
    case 'struct': case 'union': return (type.layout.members ?? []).some((m) => holdsPointer(m.type));
    default: return false;
  }
}

function word(machine: Machine, address: number): number {
  const bytes = peekMemory(machine.process.mmu, address, 8);
  if (!bytes) return 0;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return v.getUint32(0, true) + v.getUint32(4, true) * 2 ** 32;
}

/** The [offset, length] runs of never-written bytes of [address, address + size). */
function undefinedRuns(machine: Machine, address: number, size: number): [number, number][] | undefined {
  if (size > MAX_SCANNED_SLOT) return undefined;
  const shadow = machine.mem.shadow;
  const runs: [number, number][] = [];
  for (let i = 0; i < size && runs.length <= MAX_UNDEFINED_RUNS; i++) {
    if (!shadow.isUndefinedByte(address + i)) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === i) last[1]++;
    else runs.push([i, 1]);
  }
  return runs.length > MAX_UNDEFINED_RUNS ? runs.slice(0, MAX_UNDEFINED_RUNS) : runs;
}

function slotView(machine: Machine, fn: LoweredFunction, rbp: number, k: number, slot: LocalSlot): SnapshotSlot {
  const address = rbp + fn.offsets[k];
  const uninitialized = machine.mem.shadow.anyUndefined(address, slot.size);
  const runs = uninitialized ? undefinedRuns(machine, address, slot.size) : undefined;
  const partly = runs !== undefined && !(runs.length === 1 && runs[0][0] === 0 && runs[0][1] === slot.size);
  return {
    name: slot.name,
    kind: slot.isParameter ? (fn.offsets[k] > 0 ? 'stack-argument' : 'parameter') : 'local',
    type: typeToString(slot.type),
    address: hex(address),
    offset: fn.offsets[k],
    size: slot.size,
    value: formatValue(machine.process.mmu, slot.type, address),
    uninitialized,
    ...(partly ? { undefinedRuns: runs } : {}),
    ...(holdsPointer(slot.type) ? { holdsPointer: true as const } : {}),
  };
}

/** The frame's bytes between its lowest byte and rbp that no slot covers: gcc's alignment padding. */
function paddingOf(lowest: number, rbp: number, slots: readonly SnapshotSlot[]): SnapshotFrame['padding'] {
  const taken = slots
    .map((s) => ({ start: parseInt(s.address, 16), end: parseInt(s.address, 16) + s.size }))
    .filter((r) => r.end > lowest && r.start < rbp && r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const out: { address: string; size: number }[] = [];
  let at = lowest;
  for (const r of taken) {
    if (r.start > at) out.push({ address: hex(at), size: r.start - at });
    at = Math.max(at, r.end);
  }
  if (at < rbp) out.push({ address: hex(at), size: rbp - at });
  return out;
}

/** A live frame: the activation's slots (VLAs where their declaration put them) and the words the call stored. */
function liveFrame(machine: Machine, a: Activation, frame: StackFrame, line: number): SnapshotFrame {
  const slots = a.fn.slots.map((slot, k) => (slot.holdsAddress ? vlaSlot(a, k, slot, frame, machine.mem) : slotView(machine, a.fn, a.rbp, k, slot)));
  return {
    functionName: a.fn.name, line, depth: frame.depth,
    rbp: hex(a.rbp), rsp: hex(frame.rsp), cfa: hex(frame.cfa), lowest: hex(frame.lowest), highest: hex(frame.highest),
    returnAddress: hex(word(machine, frame.returnAddressSlot)), savedRbp: hex(word(machine, frame.savedRbpSlot)),
    usesRedZone: frame.layout.usesRedZone, slots, padding: paddingOf(frame.lowest, a.rbp, slots),
  };
}

/** The live frames, innermost first: the innermost MAX_SNAPSHOT_FRAMES of them, or the window asked for. */
export function liveFrames(machine: Machine, first = 0, count = MAX_SNAPSHOT_FRAMES): SnapshotFrame[] {
  const stackFrames = machine.process.callStack.frames;
  const byRbp = new Map(stackFrames.map((f) => [f.rbp, f]));
  const out: SnapshotFrame[] = [];
  const innermost = machine.acts.length - 1;
  for (let i = innermost - first; i >= 0 && out.length < count; i--) {
    const a = machine.acts[i];
    const frame = byRbp.get(a.rbp);
    if (!frame) continue;
    const ins = a.fn.code[a.pc];
    const statement = a.fn.statements[i === innermost && ins?.op === Op.Stmt ? ins.index : a.stmt];
    out.push(liveFrame(machine, a, frame, statement?.line ?? 0));
  }
  return out;
}

/**
 * Frames that returned and whose bytes no later call reused, newest first: the checker remembers
 * the last returns (rbp, layout, function); a frame is dropped once a live frame or a newer
 * returned frame overlaps its bytes, as a later call overwrites them.
 */
export function returnedFrames(machine: Machine): SnapshotFrame[] {
  const dead = machine.checker?.state.dead;
  if (!dead || dead.rbps.length === 0) return [];
  const live = machine.process.callStack.top;
  const occupied: { lowest: number; highest: number }[] = [];
  if (live) occupied.push({ lowest: live.lowest, highest: Infinity });
  const out: SnapshotFrame[] = [];
  const n = dead.rbps.length;
  for (let k = 1; k <= n; k++) {
    const i = (dead.next - k + n) % n;
    const rbp = dead.rbps[i];
    const layout = dead.layouts[i];
    const extent = frameExtent(rbp, layout);
    if (occupied.some((o) => extent.lowest < o.highest && o.lowest < extent.highest)) continue;
    occupied.push(extent);
    const fn = machine.functions.get(dead.names[i]);
    if (!fn) continue;
    const slots = fn.slots.map((slot, k2) => slotView(machine, fn, rbp, k2, slot)).filter((s) => !fn.slots.find((x) => x.name === s.name)?.holdsAddress);
    out.push({
      functionName: fn.name, line: fn.endLine, depth: -1,
      rbp: hex(rbp), rsp: hex(rbp - layout.reservedBytes), cfa: hex(rbp + 16), lowest: hex(extent.lowest), highest: hex(extent.highest),
      returnAddress: hex(word(machine, rbp + 8)), savedRbp: hex(word(machine, rbp)),
      usesRedZone: layout.usesRedZone, slots, padding: paddingOf(extent.lowest, rbp, slots), returned: true,
    });
  }
  return out;
}
