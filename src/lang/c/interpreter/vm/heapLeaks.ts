import type { LeakBlock, LeakClass, LeakReport, LeakSummary } from '../../../../shared/memoryIssues';
import { hex } from '../../../../engine/addressSpace/layout';
import { type LeakCheckResult, type LeakMemory, type LeakRoots, checkLeaks } from '../../../../engine/leaks/leakCheck';
import { QuietMemory } from '../../../../engine/memory/quietMemory';
import type { Machine } from './machine';

const PAGE = 4096;
const TWO_32 = 2 ** 32;

/** The machine's memory as the leak check reads it: defined words only, nothing disturbed. */
export function leakMemory(machine: Machine): LeakMemory {
  const quiet = new QuietMemory(machine.process.mmu);
  const shadow = machine.mem.shadow;
  let cachedPage = -1;
  let cached: Uint8Array | undefined;
  return {
    word(addr: number): number | undefined {
      const vpn = Math.floor(addr / PAGE);
      if (vpn !== cachedPage) {
        cachedPage = vpn;
        cached = quiet.page(addr);
      }
      if (cached === undefined || shadow.wordUndefined(addr)) return undefined;
      const o = addr - vpn * PAGE;
      const lo = (cached[o] | (cached[o + 1] << 8) | (cached[o + 2] << 16) | (cached[o + 3] << 24)) >>> 0;
      const hi = (cached[o + 4] | (cached[o + 5] << 8) | (cached[o + 6] << 16) | (cached[o + 7] << 24)) >>> 0;
      return lo + hi * TWO_32;
    },
  };
}

/**
 * Memcheck's root set on the simulated process: the program's writable data and bss, the
 * anonymous memory it mapped itself (malloc's mmapped chunks are blocks, not roots), and the
 * live frames from the innermost one's lowest byte (its red zone included) to the stack's top.
 * Frames that returned are below the stack pointer and no longer count, so once main has
 * returned only globals keep blocks reachable.
 *
 * Mid-run the C library's own stdio buffers are held by the library (reachable); at exit
 * Valgrind runs glibc's __libc_freeres, which frees them, so they are not blocks then. A fatal
 * signal ends the process without freeres: then they are still there, and still reachable.
 */
export function leakRoots(machine: Machine, atExit: boolean): LeakRoots {
  const registry = machine.blocks;
  return { ranges: rootRegions(machine), heldBlocks: libraryHeldBlocks(machine, atExit) };
}

/** The C library's own buffers: held by the library mid-run, freed by __libc_freeres at exit. */
export function libraryHeldBlocks(machine: Machine, atExit: boolean): readonly number[] {
  return freeresRan(machine, atExit) ? [] : machine.blocks.internalIds();
}

/** Valgrind calls glibc's __libc_freeres when the process exits, not when a signal kills it. */
export function freeresRan(machine: Machine, atExit: boolean): boolean {
  return atExit && machine.termination?.kind !== 'signal';
}

/** The memory ranges that are roots (see leakRoots). */
export function rootRegions(machine: Machine): { start: number; end: number }[] {
  const ranges = [...staticRootRegions(machine)];
  const innermost = machine.acts.length > 0 ? machine.process.callStack.top : undefined;
  if (innermost) {
    const stack = machine.process.mmu.space.find(innermost.rbp);
    if (stack) ranges.push({ start: innermost.lowest, end: stack.end });
  }
  return ranges;
}

const staticRoots = new WeakMap<object, { version: number; ranges: { start: number; end: number }[] }>();

/** Data, bss and the program's own anonymous mappings: they change only with the VMA list. */
export function staticRootRegions(machine: Machine): readonly { start: number; end: number }[] {
  const space = machine.process.mmu.space;
  const cached = staticRoots.get(space);
  if (cached && cached.version === space.version) return cached.ranges;
  const registry = machine.blocks;
  const ranges: { start: number; end: number }[] = [];
  for (const vma of space.list()) {
    if (vma.role === 'data' || vma.role === 'bss') ranges.push({ start: vma.start, end: vma.end });
    else if (vma.role === 'mmap-anon' && vma.prot.write && registry.idContaining(vma.start + 16) === 0) ranges.push({ start: vma.start, end: vma.end });
  }
  staticRoots.set(space, { version: space.version, ranges });
  return ranges;
}

/** The leak classes of every block the program holds now (at exit: as Valgrind reports at exit). */
export function classifyHeap(machine: Machine, atExit: boolean): { ids: number[]; result: LeakCheckResult } {
  const registry = machine.blocks;
  const freeres = freeresRan(machine, atExit);
  const ids = registry.liveIds(!freeres);
  const idContaining = (a: number) => {
    const id = registry.idContaining(a);
    return id !== 0 && (!freeres || !registry.isInternal(id)) ? id : 0;
  };
  const result = checkLeaks({ ids, idContaining, start: (id) => registry.start(id), size: (id) => registry.size(id) }, leakMemory(machine), leakRoots(machine, atExit));
  return { ids, result };
}

const ORDER: Record<LeakClass, number> = { 'definitely-lost': 0, 'indirectly-lost': 1, 'possibly-lost': 2, reachable: 3 };

/** Valgrind's leak summary and loss records for the machine as it is now. */
export function leakReport(machine: Machine, atExit: boolean): LeakReport {
  const registry = machine.blocks;
  const { ids, result } = classifyHeap(machine, atExit);
  const amounts: Record<LeakClass, { bytes: number; blocks: number }> = {
    'definitely-lost': { bytes: 0, blocks: 0 }, 'indirectly-lost': { bytes: 0, blocks: 0 }, 'possibly-lost': { bytes: 0, blocks: 0 }, reachable: { bytes: 0, blocks: 0 },
  };
  const indirect = new Map<number, { bytes: number; blocks: number }>();
  for (const [id, leader] of result.leaderOf) {
    const carried = indirect.get(leader) ?? { bytes: 0, blocks: 0 };
    carried.bytes += registry.size(id);
    carried.blocks++;
    indirect.set(leader, carried);
  }
  const blocks: LeakBlock[] = [];
  const freeres = freeresRan(machine, atExit);
  // After a fatal signal the library's buffers are blocks Valgrind reports (still reachable).
  const libraryBlocksShown = atExit && !freeres;
  for (const id of ids) {
    if (!libraryBlocksShown && registry.isInternal(id)) continue;
    const cls = result.classOf.get(id)!;
    const b = registry.byId(id);
    amounts[cls].bytes += b.size;
    amounts[cls].blocks++;
    const lost = machine.leakWatch.lostAt(id);
    blocks.push({
      class: cls, address: hex(b.ptr), size: b.size, allocatedAt: b.allocatedAt,
      ...(indirect.has(id) ? { indirect: indirect.get(id) } : {}),
      ...(result.heuristicOf.has(id) ? { heuristic: result.heuristicOf.get(id) } : {}),
      ...(lost && cls !== 'reachable' ? { lostAt: lost } : {}),
    });
  }
  blocks.sort((x, y) => ORDER[x.class] - ORDER[y.class]);
  const totals = registry.totals;
  // At exit Valgrind's freeres has freed the library's own buffers: they count as frees.
  const freedByLibrary = freeres ? registry.internalIds().length : 0;
  const summary: LeakSummary = {
    definitelyLost: amounts['definitely-lost'], indirectlyLost: amounts['indirectly-lost'],
    possiblyLost: amounts['possibly-lost'], stillReachable: amounts.reachable,
  };
  return { ...summary, blocks, totalAllocs: totals.allocs, totalFrees: totals.frees + freedByLibrary, totalBytesAllocated: totals.bytesAllocated };
}
