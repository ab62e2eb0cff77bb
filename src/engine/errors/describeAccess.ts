import type { MemoryErrorKind, SourceSite } from '../../shared/memoryIssues';
import type { HeapBlock, BlockRegistry } from '../heap/blockRegistry';
import type { PlacedSymbol } from '../image/processImage';
import type { Process } from '../process';
import type { StackFrame } from '../stack/callStack';
import { type DeadFrames, deadFrameAt } from './stackPoisoning';

/** What the checker knows about the process when it explains an address. */
export interface AccessContext {
  readonly process: Process;
  readonly blocks: BlockRegistry;
  readonly dead: DeadFrames;
}

/** An error found at an address, before the machine adds where the program was. */
export interface Finding {
  readonly kind: MemoryErrorKind;
  /** What the address is, in words: "0 bytes after the 40-byte block allocated at line 5 (in main)". */
  readonly message: string;
  readonly allocatedAt?: SourceSite;
  readonly freedAt?: SourceSite;
}

/**
 * "line 5 (in make_list <- main)": a site as the reports print it, innermost function first;
 * a recursion's frames are counted ("depth x32 <- main") rather than listed.
 */
export function siteText(site: SourceSite | undefined): string {
  if (!site) return 'an unknown place';
  const runs: string[] = [];
  for (let i = 0; i < site.stack.length; ) {
    let j = i;
    while (j < site.stack.length && site.stack[j].function === site.stack[i].function) j++;
    runs.push(j - i > 1 ? `${site.stack[i].function} x${j - i}` : site.stack[i].function);
    i = j;
  }
  return runs.length ? `line ${site.line} (in ${runs.join(' <- ')})` : `line ${site.line}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function blockText(b: HeapBlock): string {
  const owner = b.internal ? "the C library's own" : 'the';
  const freed = b.freedAt ? ` and freed at ${siteText(b.freedAt)}` : '';
  return `${owner} ${b.size}-byte block allocated at ${siteText(b.allocatedAt)}${freed}`;
}

/**
 * An access through a stale pointer: one stored for a block since freed, whose chunk malloc
 * handed out again, so the address lands in a live block the pointer was never stored for. It is
 * the use-after-free of the freed block (ASan's report with its sites); the new block is named too.
 */
export function describeStaleAccess(addr: number, freed: HeapBlock | undefined, now: HeapBlock): Finding {
  const reused = `its chunk was handed out again: the address is now ${offsetText(addr, now.ptr, now.size)} ${blockText(now)}`;
  if (!freed) return { kind: 'use-after-free', message: `through a stale pointer (stored for a block freed too long ago to be remembered); ${reused}` };
  return {
    kind: 'use-after-free',
    message: `${offsetText(addr, freed.ptr, freed.size)} ${blockText(freed)}, through a stale pointer; ${reused}`,
    allocatedAt: freed.allocatedAt,
    ...(freed.freedAt ? { freedAt: freed.freedAt } : {}),
  };
}

/** Where addr lies relative to [start, start + size): "3 bytes after", "8 bytes inside", "1 byte before". */
export function offsetText(addr: number, start: number, size: number): string {
  if (addr < start) return `${plural(start - addr, 'byte')} before`;
  if (addr >= start + size) return `${plural(addr - (start + size), 'byte')} after`;
  return `${plural(addr - start, 'byte')} inside`;
}

/**
 * Why the program may not touch addr, which the poison map marks: a freed block (use after free),
 * heap memory outside every block (overflow of the nearest one), a gap in a live frame, a frame
 * that returned, or a gap between globals. Undefined when the address is in no memory the checker
 * watches (then the MMU decides: the access works, or faults).
 */
export function describeBadAccess(cx: AccessContext, addr: number): Finding | undefined {
  const vma = cx.process.addressSpace.find(addr);
  if (!vma) return undefined;
  switch (vma.role) {
    case 'heap':
    case 'mmap-anon':
      return heapFinding(cx, addr);
    case 'stack':
      return stackFinding(cx, addr);
    case 'rodata':
    case 'relro':
    case 'data':
    case 'bss':
      return globalFinding(cx, addr);
    default:
      return undefined;
  }
}

function heapFinding(cx: AccessContext, addr: number): Finding | undefined {
  const live = cx.blocks.containing(addr);
  if (live) return { kind: 'heap-buffer-overflow', message: `${offsetText(addr, live.ptr, live.size)} ${blockText(live)}`, allocatedAt: live.allocatedAt };
  const freed = cx.blocks.freedContaining(addr);
  if (freed) {
    return { kind: 'use-after-free', message: `${offsetText(addr, freed.ptr, freed.size)} ${blockText(freed)}`, allocatedAt: freed.allocatedAt, freedAt: freed.freedAt };
  }
  const near = nearestBlock(cx, addr);
  if (near) return { kind: 'heap-buffer-overflow', message: `${offsetText(addr, near.ptr, near.size)} ${blockText(near)}`, allocatedAt: near.allocatedAt };
  const chunk = cx.process.allocator.chunkContaining(addr);
  if (chunk && chunk.state === 'free') return { kind: 'use-after-free', message: 'inside a free chunk of the heap (freed too long ago for its allocation site to be remembered)' };
  return { kind: 'heap-buffer-overflow', message: 'in heap memory that belongs to no block (a chunk header, the top chunk or the allocator\'s own data)' };
}

/**
 * The live block nearest to addr, as ASan picks the chunk to describe: the one whose end is just
 * before addr or whose start is just after it, the closer one (the one after on a tie).
 */
function nearestBlock(cx: AccessContext, addr: number): HeapBlock | undefined {
  const allocator = cx.process.allocator;
  const chunk = allocator.chunkContaining(addr);
  if (!chunk) return undefined;
  const blockOf = (userPtr: number | undefined) => (userPtr === undefined ? undefined : cx.blocks.get(userPtr));
  const own = chunk.state === 'in-use' || chunk.state === 'mmapped' ? blockOf(chunk.userPtr) : undefined;
  if (own && addr >= own.ptr) return own;
  const previous = chunk.addr > 0 ? allocator.chunkContaining(chunk.addr - 1) : null;
  const left = previous && (previous.state === 'in-use' || previous.state === 'mmapped') ? blockOf(previous.userPtr) : undefined;
  let right = own;
  if (!right) {
    const next = allocator.chunkContaining(chunk.addr + chunk.size);
    right = next && (next.state === 'in-use' || next.state === 'mmapped') ? blockOf(next.userPtr) : undefined;
  }
  if (left && right) return addr - (left.ptr + left.size) < right.ptr - addr ? left : right;
  return left ?? right;
}

function stackFinding(cx: AccessContext, addr: number): Finding | undefined {
  const stack = cx.process.callStack;
  const live = stack.frameAt(addr);
  if (live) return { kind: 'stack-buffer-overflow', message: inFrameText(live.frame, addr) };
  const top = stack.top;
  if (!top || addr >= top.lowest) return undefined;
  const dead = deadFrameAt(cx.dead, addr);
  if (!dead) return { kind: 'stack-use-after-return', message: 'below the innermost frame, in stack memory no live function owns' };
  const slot = dead.slots.find((s) => addr >= s.address && addr < s.address + s.size);
  const what = slot ? `'${slot.name}' (${slot.typeName}, ${plural(slot.size, 'byte')})` : 'memory';
  const where = slot ? `${offsetText(addr, slot.address, slot.size)} ` : '';
  return { kind: 'stack-use-after-return', message: `${where}${what} of ${dead.functionName}()'s frame, which has returned` };
}

/** An address in a live frame that no variable holds: name the nearest variable, and what is there. */
function inFrameText(frame: StackFrame, addr: number): string {
  let best: { text: string; distance: number } | undefined;
  for (const s of frame.slots) {
    const distance = addr < s.address ? s.address - addr : addr >= s.address + s.size ? addr - (s.address + s.size) : 0;
    if (!best || distance < best.distance) best = { text: `${offsetText(addr, s.address, s.size)} '${s.name}' (${s.typeName}, ${plural(s.size, 'byte')})`, distance };
  }
  const holds = addr >= frame.returnAddressSlot && addr < frame.returnAddressSlot + 8 ? ', on its return address'
    : addr >= frame.savedRbpSlot && addr < frame.savedRbpSlot + 8 ? ', on its saved rbp' : '';
  return `${best ? best.text + ' in' : 'in'} ${frame.functionName}()'s frame${holds}`;
}

function globalFinding(cx: AccessContext, addr: number): Finding | undefined {
  let before: PlacedSymbol | undefined;
  let after: PlacedSymbol | undefined;
  for (const s of cx.process.image.symbols) {
    if (s.object.kind === 'function') continue;
    const end = s.address + s.object.size;
    if (end <= addr && (!before || end > before.address + before.object.size)) before = s;
    if (s.address > addr && (!after || s.address < after.address)) after = s;
  }
  const inside = cx.process.image.symbols.find((s) => s.object.kind !== 'function' && addr >= s.address && addr < s.address + s.object.size);
  const pick = inside ?? (before && after ? (addr - (before.address + before.object.size) < after.address - addr ? before : after) : before ?? after);
  if (!pick) return { kind: 'global-buffer-overflow', message: "in the program's static data, outside every global" };
  return { kind: 'global-buffer-overflow', message: `${offsetText(addr, pick.address, pick.object.size)} ${globalText(pick)}` };
}

export function globalText(s: PlacedSymbol): string {
  const o = s.object;
  if (o.kind === 'string-literal') return `the string literal ${JSON.stringify(o.sourceName)} (${plural(o.size, 'byte')}, line ${o.position.line})`;
  if (o.kind === 'compound-literal') return `the compound literal ${o.sourceName} (${o.typeName}, ${plural(o.size, 'byte')}, line ${o.position.line})`;
  const what = o.kind === 'static-local' ? `static '${o.sourceName}' of ${o.enclosingFunction}()` : `global '${o.sourceName}'`;
  return `${what} (${o.typeName}, ${plural(o.size, 'byte')}, line ${o.position.line})`;
}

/**
 * free(ptr) or realloc(ptr, n) with a pointer malloc did not return, checked before glibc sees
 * it: a block freed already (double free), the inside of a block, or memory that is no block.
 */
export function describeBadFree(cx: AccessContext, ptr: number): Finding | undefined {
  if (ptr === 0 || cx.blocks.get(ptr)) return undefined;
  const freed = cx.blocks.freedContaining(ptr);
  if (freed && freed.ptr === ptr) {
    const owner = freed.internal ? "the C library's own" : 'the';
    return {
      kind: 'double-free', message: `${owner} ${freed.size}-byte block allocated at ${siteText(freed.allocatedAt)} was already freed at ${siteText(freed.freedAt)}`,
      allocatedAt: freed.allocatedAt, freedAt: freed.freedAt,
    };
  }
  const inside = cx.blocks.containing(ptr) ?? freed;
  if (inside) {
    return {
      kind: 'invalid-free', message: `${offsetText(ptr, inside.ptr, inside.size)} ${blockText(inside)}: free needs the pointer malloc returned`,
      allocatedAt: inside.allocatedAt, freedAt: inside.freedAt,
    };
  }
  const vma = cx.process.addressSpace.find(ptr);
  if (vma?.role === 'stack') {
    const live = cx.process.callStack.frameAt(ptr);
    return { kind: 'invalid-free', message: `${live ? inFrameText(live.frame, ptr) : 'stack memory'}: not memory from malloc` };
  }
  if (vma && (vma.role === 'data' || vma.role === 'bss' || vma.role === 'rodata' || vma.role === 'relro')) {
    const s = cx.process.image.symbols.find((x) => x.object.kind !== 'function' && ptr >= x.address && ptr < x.address + x.object.size);
    return { kind: 'invalid-free', message: `${s ? `${offsetText(ptr, s.address, s.object.size)} ${globalText(s)}` : "in the program's static data"}: not memory from malloc` };
  }
  return { kind: 'invalid-free', message: 'no block from malloc starts there' };
}
