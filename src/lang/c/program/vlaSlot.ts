import { hex } from '../../../engine/addressSpace/layout';
import type { StackFrame } from '../../../engine/stack/callStack';
import type { SnapshotSlot } from '../../../shared/snapshot';
import type { Activation } from '../interpreter/lower/instructions';
import type { LocalSlot } from '../interpreter/check/checkedTree';
import type { VmMemory } from '../interpreter/vm/vmMemory';
import { sizeOf, typeToString, withRuntimeLengths } from '../types';
import { formatValue } from './formatValue';
import { peekMemory } from '../../../engine/memory/peekMemory';

/**
 * A variable-length array as the views show it: the array itself, where its declaration put it
 * below the frame, with its lengths as evaluated (`int [6]`), rather than the frame slot holding
 * its address. Before the declaration runs (or after its block ended) it has no storage.
 */
export function vlaSlot(a: Activation, k: number, slot: LocalSlot, frame: StackFrame, mem: VmMemory): SnapshotSlot {
  const mmu = mem.mmu;
  const read64 = (address: number) => {
    const bytes = peekMemory(mmu, address, 8);
    return bytes ? new DataView(bytes.buffer, bytes.byteOffset).getBigInt64(0, true) : 0n;
  };
  const holder = a.rbp + a.fn.offsets[k];
  const address = Number(read64(holder));
  const live = !mem.shadow.anyUndefined(holder, 8) && frame.slots.some((s) => s.name === slot.name && address >= s.address && address <= s.address + s.size);
  if (!live) {
    return {
      name: slot.name, kind: 'local', type: typeToString(slot.type), address: hex(holder), offset: a.fn.offsets[k], size: 0,
      value: '<not allocated>', uninitialized: true,
    };
  }
  const type = withRuntimeLengths(slot.type, (v) => Number(read64(a.rbp + a.fn.offsets[v.slot])) + 1);
  // A wild length (`int v[n]` with n negative or in the billions) is what the program did: the
  // view says how big it claims to be, never less than nothing.
  const size = Math.max(0, sizeOf(type) ?? 0);
  return {
    name: slot.name, kind: 'local', type: typeToString(type), address: hex(address), offset: address - a.rbp, size,
    value: formatValue(mmu, type, address), uninitialized: mem.shadow.anyUndefined(address, size),
  };
}
