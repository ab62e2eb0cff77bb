import type { PlaceDescription } from '../../../../engine/program/programInspector';
import { hex } from '../../../../engine/addressSpace/layout';
import { siteText } from '../../../../engine/errors/describeAccess';
import { deadFrameAt } from '../../../../engine/errors/stackPoisoning';
import type { Machine } from '../../interpreter/vm/machine';
import { chunkAt } from '../heapView';

const SECTION_OF_REGION: Record<string, string> = {
  text: '.text', rodata: '.rodata', 'data.rel.ro': '.data.rel.ro', data: '.data', 'data.rel.local': '.data', bss: '.bss', 'bss.common': '.bss', dynbss: '.bss',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Where an address is, in a hover's words: the region, then the frame and variable, the heap
 * block with its allocation (and free) site, or the global, as the machine knows them now.
 * "heap, 64-byte block allocated at line 5 (in make_greeting <- main)"; "freed block — this
 * pointer dangles"; "stack, 'buf' in the frame of make_greeting, 24 bytes below its rbp".
 */
export function describePlace(machine: Machine, address: number): PlaceDescription {
  if (address === 0) return { address, text: 'NULL', invalid: true };
  const process = machine.process;
  const block = machine.blocks.containing(address);
  const freed = block ? undefined : machine.blocks.freedContaining(address);
  // The chunk is named only for an address in no block: finding it may walk every chunk of the heap.
  const info = process.describeAddress(address, (a) => (block || freed ? null : chunkAt(machine, a)));
  const vma = info.vma;
  if (!vma) {
    const why = address < 4096 ? 'near NULL: the first page is never mapped' : address >= 2 ** 47 ? 'not a user address (the kernel half)' : 'unmapped memory: touching it is a segmentation fault';
    return { address, text: why, invalid: true };
  }
  if (vma.role === 'stack') return stackPlace(machine, address);
  if (block) {
    const offset = address - block.ptr;
    const owner = block.internal ? "the C library's own " : '';
    return { address, text: `heap, ${owner}${block.size}-byte block allocated at ${siteText(block.allocatedAt)}${offset ? `, ${plural(offset, 'byte')} inside` : ''}` };
  }
  if (freed) {
    return { address, text: `freed block — this pointer dangles: the ${freed.size}-byte block allocated at ${siteText(freed.allocatedAt)} and freed at ${siteText(freed.freedAt)}`, invalid: true };
  }
  if (info.chunk) {
    const c = info.chunk;
    const what = c.state === 'top' ? 'the top chunk (free space the heap has not handed out)' : c.state === 'free' ? 'a free chunk' : address < c.userPtr ? "a chunk's header (the allocator's size field)" : 'a chunk';
    return { address, text: `heap, ${what} at ${hex(c.addr)}`, invalid: c.state !== 'in-use' };
  }
  if (info.symbol) {
    const s = info.symbol;
    const section = SECTION_OF_REGION[s.object.section] ?? vma.role;
    const offset = address - s.address;
    const inside = offset ? ` + ${offset}` : '';
    if (s.object.kind === 'string-literal') return { address, text: `${section}, a string literal${inside} (read-only)` };
    if (s.object.kind === 'function') return { address, text: `${section}, function '${s.object.name}'${inside}` };
    if (s.object.kind === 'compound-literal') return { address, text: `${section}, the compound literal of line ${s.object.position.line}${inside}` };
    const what = s.object.kind === 'static-local' ? `static '${s.object.sourceName}' of ${s.object.enclosingFunction ?? 'a function'}` : `global '${s.object.name}'`;
    return { address, text: `${section}, ${what}${inside}` };
  }
  if (vma.role === 'heap') return { address, text: 'heap, outside every block' };
  const name = vma.file ? vma.file.path.split('/').pop() : vma.label ?? (vma.role.startsWith('mmap') ? 'anonymous mapping' : vma.role);
  return { address, text: `${name} (${vma.role}), ${hex(vma.start)}-${hex(vma.end)}` };
}

function stackPlace(machine: Machine, address: number): PlaceDescription {
  const stack = machine.process.callStack;
  const at = stack.frameAt(address);
  if (at) {
    const { frame, slot } = at;
    const below = frame.rbp - address;
    const offset = below > 0 ? `${plural(below, 'byte')} below its rbp` : below < 0 ? `${plural(-below, 'byte')} above its rbp` : 'at its rbp';
    if (slot) return { address, text: `stack, '${slot.name}' in the frame of ${frame.functionName}, ${offset}` };
    if (address >= frame.returnAddressSlot && address < frame.returnAddressSlot + 8) return { address, text: `stack, the return address of ${frame.functionName}'s frame` };
    if (address >= frame.savedRbpSlot && address < frame.savedRbpSlot + 8) return { address, text: `stack, the caller's saved rbp in ${frame.functionName}'s frame` };
    return { address, text: `stack, the frame of ${frame.functionName}, ${offset}` };
  }
  const dead = machine.checker ? deadFrameAt(machine.checker.state.dead, address) : undefined;
  if (dead) {
    const slot = dead.slots.find((s) => address >= s.address && address < s.address + s.size);
    return { address, text: `stack, ${slot ? `'${slot.name}' in ` : ''}the frame of ${dead.functionName}, which has returned — this pointer dangles`, invalid: true };
  }
  const rsp = machine.process.callStack.registers.rsp;
  if (address < rsp) return { address, text: 'stack, below rsp: memory no live frame uses', invalid: true };
  return { address, text: 'stack, above main\'s frame (argv, environment, auxiliary vector)' };
}
