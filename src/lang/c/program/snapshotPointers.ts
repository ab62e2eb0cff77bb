import { hex } from '../../../engine/addressSpace/layout';
import { peekMemory } from '../../../engine/memory/peekMemory';
import { symbolAt } from '../../../engine/image/processImage';
import type { HeapViewCache } from '../../../engine/views/heapIndex';
import { MAX_SNAPSHOT_POINTERS, type PointerTarget, type SnapshotFrame, type SnapshotPointer } from '../../../shared/snapshot';
import type { Machine } from '../interpreter/vm/machine';
import { type CType, sizeOf } from '../types';

/** Elements of an array of pointers followed per variable (a table of a million pointers is not drawn as a million arrows). */
const MAX_ELEMENTS = 16;

interface Place {
  readonly path: string;
  readonly address: number;
}

/** Where a variable of type `type` at `address` keeps pointers: itself, its elements, its members (one level of each). */
function pointerPlaces(type: CType, name: string, address: number, depth = 0): Place[] {
  switch (type.kind) {
    case 'pointer':
      return [{ path: name, address }];
    case 'array': {
      const element = sizeOf(type.of) ?? 0;
      if (element === 0 || depth > 1) return [];
      const out: Place[] = [];
      for (let i = 0; i < Math.min(type.length ?? 0, MAX_ELEMENTS); i++) out.push(...pointerPlaces(type.of, `${name}[${i}]`, address + i * element, depth + 1));
      return out;
    }
    case 'struct':
    case 'union':
      if (depth > 1) return [];
      return (type.layout.members ?? []).filter((m) => !m.bitField && m.name).flatMap((m) => pointerPlaces(m.type, `${name}.${m.name}`, address + m.offset, depth + 1));
    default:
      return [];
  }
}

/**
 * Globals' pointers, from the symbol table's type names (the image keeps C types as gcc spells
 * them): `T *` is a pointer, `T *[N]` an array of them.
 */
function globalPlaces(machine: Machine): { name: string; places: Place[] }[] {
  const out: { name: string; places: Place[] }[] = [];
  for (const { object, address } of machine.process.image.symbols) {
    if (object.kind !== 'variable' && object.kind !== 'static-local') continue;
    const type = object.typeName.trim();
    if (/\*\s*(const\s*)?$/.test(type)) out.push({ name: object.name, places: [{ path: object.name, address }] });
    const array = /\*\s*\[(\d+)\]$/.exec(type);
    if (array) {
      const places: Place[] = [];
      for (let i = 0; i < Math.min(Number(array[1]), MAX_ELEMENTS); i++) places.push({ path: `${object.name}[${i}]`, address: address + 8 * i });
      out.push({ name: object.name, places });
    }
  }
  return out;
}

/** The word at `address` (as a number when it could be a user address, else undefined) and its hex text. */
function read64(machine: Machine, address: number): { value?: number; text: string } | undefined {
  const bytes = peekMemory(machine.process.mmu, address, 8);
  if (!bytes) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const hi = v.getUint32(4, true);
  // At or above 2^53 nothing is a user address (they end at 2^47): such a value is not followed.
  if (hi >= 2 ** 21) return { text: '0x' + v.getBigUint64(0, true).toString(16) };
  const value = v.getUint32(0, true) + hi * 2 ** 32;
  return { value, text: hex(value) };
}

/** What a pointer value reaches: a heap chunk (freed or not), a live or returned frame, a global, another mapping, nothing. */
function targetOf(machine: Machine, heap: HeapViewCache, value: number, live: readonly SnapshotFrame[], returned: readonly SnapshotFrame[]): PointerTarget {
  if (value === 0) return { kind: 'null' };
  const vma = machine.process.addressSpace.find(value);
  if (!vma) return { kind: 'unmapped' };
  if (vma.role === 'heap' || (vma.role === 'mmap-anon' && !vma.file)) {
    const i = heap.heap.indexContaining(value);
    if (i >= 0) {
      const chunk = heap.heap.columns.addr[i];
      const state = heap.heap.stateOf(i);
      // A chunk the allocator holds (free, top) or a block the program freed is a dangling target.
      const freed = state === 'free' || state === 'top' || machine.blocks.freedContaining(value) !== undefined;
      return { kind: 'heap', chunk: hex(chunk), state, offset: value - (chunk + 16), freed };
    }
  }
  if (vma.role === 'stack') {
    const inFrame = (f: SnapshotFrame) => value >= parseInt(f.lowest, 16) && value < parseInt(f.highest, 16);
    const slotAt = (f: SnapshotFrame) => f.slots.find((s) => value >= parseInt(s.address, 16) && value < parseInt(s.address, 16) + Math.max(1, s.size))?.name;
    const frame = live.find(inFrame);
    if (frame) return { kind: 'stack', functionName: frame.functionName, depth: frame.depth, ...withSlot(slotAt(frame)), returned: false };
    const dead = returned.find(inFrame);
    if (dead) return { kind: 'stack', functionName: dead.functionName, depth: dead.depth, ...withSlot(slotAt(dead)), returned: true };
    // Below the innermost frame: memory a returned call used.
    const sp = machine.process.callStack.registers.rsp;
    return { kind: 'stack', functionName: '', depth: -1, returned: value < sp - 128 };
  }
  if (vma.role === 'data' || vma.role === 'bss' || vma.role === 'rodata' || vma.role === 'relro' || vma.role === 'text') {
    const symbol = symbolAt(machine.process.image, value);
    return { kind: 'global', role: vma.role, ...(symbol ? { name: symbol.object.kind === 'string-literal' ? symbol.object.sourceName : symbol.object.name } : {}) };
  }
  return { kind: 'region', role: vma.role };
}

function withSlot(slot: string | undefined): { slot?: string } {
  return slot === undefined ? {} : { slot };
}

/**
 * Every pointer the program's variables hold now (stack slots of the live and returned frames,
 * then globals), with where it points, at most MAX_SNAPSHOT_POINTERS. A pointer into a freed
 * block or a returned frame is dangling.
 */
export function snapshotPointers(machine: Machine, heap: HeapViewCache, live: readonly SnapshotFrame[], returned: readonly SnapshotFrame[]): SnapshotPointer[] {
  const out: SnapshotPointer[] = [];
  const add = (from: SnapshotPointer['from'], place: Place): void => {
    if (out.length >= MAX_SNAPSHOT_POINTERS) return;
    if (machine.mem.shadow.anyUndefined(place.address, 8)) return; // never written: no pointer yet
    const word = read64(machine, place.address);
    if (word === undefined) return;
    const target: PointerTarget = word.value === undefined ? { kind: 'unmapped' } : targetOf(machine, heap, word.value, live, returned);
    const dangling = (target.kind === 'heap' && target.freed) || (target.kind === 'stack' && target.returned);
    out.push({ from, path: place.path, value: word.text, target, dangling });
  };
  const fromFrames = (frames: readonly SnapshotFrame[], returnedFrame: boolean) => {
    for (const frame of frames) {
      const fn = machine.functions.get(frame.functionName);
      if (!fn) continue;
      const rbp = parseInt(frame.rbp, 16);
      fn.slots.forEach((slot, k) => {
        if (slot.holdsAddress) return;
        for (const place of pointerPlaces(slot.type, slot.name, rbp + fn.offsets[k])) {
          add({ kind: 'slot', functionName: frame.functionName, depth: frame.depth, name: slot.name, address: hex(rbp + fn.offsets[k]), ...(returnedFrame ? { returned: true as const } : {}) }, place);
        }
      });
    }
  };
  fromFrames(live, false);
  fromFrames(returned, true);
  for (const g of globalPlaces(machine)) for (const place of g.places) add({ kind: 'global', name: g.name, address: hex(g.places[0].address) }, place);
  return out;
}
