import type { LeakBlock, LeakClass, LeakReport, LeakSummary, LossRecord } from '../../../../shared/memoryIssues';
import { hex } from '../../../../engine/addressSpace/layout';
import { type LeakCheckResult, type LeakMemory, type LeakRoots, checkLeaks } from '../../../../engine/leaks/leakCheck';
import { QuietMemory } from '../../../../engine/memory/quietMemory';
import type { Machine } from './machine';
import { openStreamFiles } from '../builtins/fileStreams';

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
 * The FILE of a stream never closed stays reachable from libc's list of streams either way.
 */
export function leakRoots(machine: Machine, atExit: boolean): LeakRoots {
  const streams = openStreamFiles(machine).map((p) => machine.blocks.idAt(p)).filter((id) => id !== 0);
  return { ranges: rootRegions(machine), heldBlocks: [...libraryHeldBlocks(machine, atExit), ...streams] };
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
    // Only the mapped stack: a frame larger than the stack (`char a[1 << 30]`) reaches below it,
    // and Memcheck scans accessible memory only.
    if (stack) ranges.push({ start: Math.max(innermost.lowest, stack.start), end: stack.end });
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

const CLASSES: readonly LeakClass[] = ['definitely-lost', 'indirectly-lost', 'possibly-lost', 'reachable'];

interface RecordBuilder {
  readonly class: LeakClass;
  bytes: number;
  blocks: number;
  indirectBytes: number;
  indirectBlocks: number;
  /** Its blocks' ids in allocation order (the first `limit` only). */
  readonly ids: number[];
}

/**
 * Valgrind's leak summary and loss records for the machine as it is now, with the blocks of
 * each record (all of them, or the first `blocksPerRecord`). Records are grouped by class and
 * allocation stack from the registry's columns, so a million lost blocks at one line make one
 * record and, listed by their first few, no million objects.
 */
export function leakReport(machine: Machine, atExit: boolean, blocksPerRecord = Infinity): LeakReport {
  // A stop after statements that changed no pointer, block or frame (stepping through
  // arithmetic) gets the report it had: the classification reads the whole heap.
  const version = machine.leakWatch.version;
  const cached = reports.get(machine);
  if (cached && cached.version === version && cached.atExit === atExit && cached.blocksPerRecord === blocksPerRecord && cached.ended === machine.ended) {
    lastClassification.set(machine, cached.classification);
    return cached.report;
  }
  const { report, classification } = buildLeakReport(machine, atExit, blocksPerRecord);
  reports.set(machine, { version, atExit, blocksPerRecord, ended: machine.ended, report, classification });
  lastClassification.set(machine, classification);
  return report;
}

/**
 * The leak classes of the heap now, for a view that shows some chunks: the summary and records
 * (each record's first block listed), and any block's entry by its pointer, built when asked.
 * A snapshot of a million-block heap then makes a few hundred LeakBlock objects, not a million.
 */
export function leakView(machine: Machine, atExit: boolean): { report: LeakReport; blockAt(ptr: number): LeakBlock | undefined } {
  const report = leakReport(machine, atExit, 1);
  const state = lastClassification.get(machine)!;
  return {
    report,
    blockAt(ptr) {
      const id = machine.blocks.idAt(ptr);
      if (id === 0 || !state.shown(id)) return undefined;
      return state.block(id);
    },
  };
}

/** The classification behind the last report built for a machine, with its block factory. */
const lastClassification = new WeakMap<Machine, { shown(id: number): boolean; block(id: number): LeakBlock }>();

const reports = new WeakMap<Machine, { version: number; atExit: boolean; blocksPerRecord: number; ended: boolean; report: LeakReport; classification: { shown(id: number): boolean; block(id: number): LeakBlock } }>();

function buildLeakReport(machine: Machine, atExit: boolean, blocksPerRecord: number): { report: LeakReport; classification: { shown(id: number): boolean; block(id: number): LeakBlock } } {
  const registry = machine.blocks;
  const { ids, result } = classifyHeap(machine, atExit);
  // What each clique leader carries (indirect blocks), by leader id.
  const carried = new Map<number, { bytes: number; blocks: number }>();
  for (const id of ids) {
    const leader = result.leaderOf(id);
    if (leader === 0) continue;
    const c = carried.get(leader) ?? { bytes: 0, blocks: 0 };
    c.bytes += registry.size(id);
    c.blocks++;
    carried.set(leader, c);
  }
  // Records by class and call stack (function:line frames, as Memcheck's records read).
  const groupOfSite = new Map<number, number>();
  const groupOfKey = new Map<string, number>();
  const records = new Map<number, RecordBuilder>();
  const inUse = { bytes: 0, blocks: 0 };
  const freeres = freeresRan(machine, atExit);
  // After a fatal signal the library's buffers are blocks Valgrind reports (still reachable).
  const libraryBlocksShown = atExit && !freeres;
  for (const id of ids) {
    if (!libraryBlocksShown && registry.isInternal(id)) continue;
    const cls = result.classOf(id);
    const site = registry.allocationSiteId(id);
    let group = groupOfSite.get(site);
    if (group === undefined) {
      const key = registry.byId(id).allocatedAt?.stack.map((f) => `${f.function}:${f.line}`).join('<') ?? '';
      group = groupOfKey.get(key) ?? groupOfKey.size;
      groupOfKey.set(key, group);
      groupOfSite.set(site, group);
    }
    const key = group * 4 + CLASSES.indexOf(cls);
    let r = records.get(key);
    if (r === undefined) records.set(key, (r = { class: cls, bytes: 0, blocks: 0, indirectBytes: 0, indirectBlocks: 0, ids: [] }));
    const size = registry.size(id);
    r.bytes += size;
    r.blocks++;
    inUse.bytes += size;
    inUse.blocks++;
    const c = carried.get(id);
    if (c) {
      r.indirectBytes += c.bytes;
      r.indirectBlocks += c.blocks;
    }
    if (r.ids.length < blocksPerRecord) r.ids.push(id);
  }
  const ordered = [...records.values()].sort((a, b) => CLASSES.indexOf(a.class) - CLASSES.indexOf(b.class) || b.bytes + b.indirectBytes - (a.bytes + a.indirectBytes));
  const block = (id: number): LeakBlock => {
    const b = registry.byId(id);
    const cls = result.classOf(id);
    const lost = cls !== 'reachable' ? machine.leakWatch.lostAt(id) : undefined;
    const c = carried.get(id);
    const heuristic = result.heuristicOf.get(id);
    return {
      class: cls, address: hex(b.ptr), size: b.size, allocatedAt: b.allocatedAt,
      ...(c ? { indirect: c } : {}),
      ...(heuristic ? { heuristic } : {}),
      ...(lost ? { lostAt: lost } : {}),
    };
  };
  const blocks: LeakBlock[] = [];
  const lossRecords: LossRecord[] = ordered.map((r) => {
    const listed = r.ids.map(block);
    for (const b of listed) blocks.push(b);
    const first = listed[0];
    return {
      class: r.class, bytes: r.bytes, blocks: r.blocks,
      ...(first.allocatedAt ? { allocatedAt: first.allocatedAt } : {}),
      ...(r.indirectBlocks > 0 ? { indirect: { bytes: r.indirectBytes, blocks: r.indirectBlocks } } : {}),
      ...(first.lostAt ? { lostAt: first.lostAt } : {}),
    };
  });
  const amount = (cls: LeakClass) => lossRecords.filter((r) => r.class === cls).reduce((sum, r) => ({ bytes: sum.bytes + r.bytes, blocks: sum.blocks + r.blocks }), { bytes: 0, blocks: 0 });
  const totals = registry.totals;
  // At exit Valgrind's freeres has freed the library's own buffers: they count as frees.
  const freedByLibrary = freeres ? registry.internalIds().length : 0;
  const summary: LeakSummary = {
    definitelyLost: amount('definitely-lost'), indirectlyLost: amount('indirectly-lost'),
    possiblyLost: amount('possibly-lost'), stillReachable: amount('reachable'),
  };
  const report: LeakReport = {
    ...summary, blocks, records: lossRecords, inUse,
    totalAllocs: totals.allocs, totalFrees: totals.frees + freedByLibrary, totalBytesAllocated: totals.bytesAllocated,
  };
  // The blocks that took part: the live ones, the library's own only while they are blocks.
  const shown = (id: number) => registry.isLive(id) && (!registry.isInternal(id) || libraryBlocksShown);
  return { report, classification: { shown, block } };
}
