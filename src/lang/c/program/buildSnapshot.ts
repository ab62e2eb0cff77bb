import { hex } from '../../../engine/addressSpace/layout';
import { QuietMemory } from '../../../engine/memory/quietMemory';
import type { HeapViewCache } from '../../../engine/views/heapIndex';
import { heapSummary, type ChunkAnnotation } from '../../../engine/views/heapSummary';
import { processViews } from '../../../engine/views/processViews';
import type { LeakBlock, LeakReport, LeakSummary } from '../../../shared/memoryIssues';
import { MAX_SNAPSHOT_OUTPUT, SNAPSHOT_VERSION, type HeapStats, type Snapshot } from '../../../shared/snapshot';
import { leakView } from '../interpreter/vm/heapLeaks';
import type { Machine } from '../interpreter/vm/machine';
import { liveFrames, returnedFrames } from './snapshotFrames';
import { snapshotPointers } from './snapshotPointers';

/**
 * Up to this many live blocks the leak classes are computed at every stop (a full Memcheck-style
 * mark, a few milliseconds); above it the Report view asks for the check (the `leak-check` view
 * request), so that stepping on a heap of a million blocks stays quick.
 */
export const LIVE_LEAK_CHECK_BLOCKS = 20_000;
/** Below this many live blocks the heap index is rebuilt at every stop (cheaper than deciding). */
const ALWAYS_REINDEX_BLOCKS = 2_000;

/** What the C program keeps between its snapshots and view answers (nothing of the simulation's). */
export interface SnapshotCache {
  readonly heap: HeapViewCache;
}

/**
 * Makes `cache.heap` describe the machine's heap now. The key changes with every allocator
 * event and step back (the leak watch's heap version), with the program break and the mappings;
 * small heaps are simply re-indexed at every stop (a write over a header changes no version).
 */
export function heapViewsOf(machine: Machine, cache: SnapshotCache): HeapViewCache {
  const p = machine.process;
  const small = machine.blocks.liveCount < ALWAYS_REINDEX_BLOCKS;
  const key = `${machine.leakWatch.heapVersion}:${p.counters().brk}:${p.addressSpace.version}:${machine.checker?.errors.length ?? 0}${small ? `:${machine.steps}` : ''}`;
  return cache.heap.use(p.allocator, key);
}

/** The heap's figures from the index (the allocators' stats() walk every chunk again). */
export function heapStats(machine: Machine, heap: HeapViewCache): HeapStats {
  const allocator = machine.process.allocator;
  const kernel = allocator.kernelBytes?.() ?? allocator.stats();
  const blocks = machine.blocks;
  // As many held chunks as live blocks means each is one (the registry hears of every allocation),
  // unless the program wrote over the heap's words: then every chunk is looked up.
  const trusted = machine.checker !== undefined && machine.checker.errors.length === 0;
  return heap.heap.stats(kernel, (ptr) => {
    const id = blocks.idAt(ptr);
    return id === 0 ? undefined : blocks.size(id);
  }, trusted ? { count: blocks.liveCount, bytes: blocks.liveBytes } : undefined);
}

type LiveLeaks = ReturnType<typeof leakView>;

/** A live leak check now (as if the program ended here), when the heap is small enough to do one at every stop. */
function liveLeaks(machine: Machine): LiveLeaks | undefined {
  return machine.blocks.liveCount <= LIVE_LEAK_CHECK_BLOCKS ? leakView(machine, machine.ended) : undefined;
}

function summaryOf(report: LeakReport): LeakSummary {
  return { definitelyLost: report.definitelyLost, indirectlyLost: report.indirectlyLost, possiblyLost: report.possiblyLost, stillReachable: report.stillReachable };
}

/** Each held chunk's leak class and allocation site, from the report (or the registry alone). */
export function chunkAnnotation(machine: Machine, leaks: LiveLeaks | undefined): ChunkAnnotation {
  return (userPtr) => {
    const b: LeakBlock | undefined = leaks?.blockAt(userPtr);
    if (b) return { requested: b.size, leak: b.class, ...(b.allocatedAt ? { allocatedAt: b.allocatedAt } : {}), ...(b.lostAt ? { lostAt: b.lostAt } : {}) };
    const block = machine.blocks.get(userPtr);
    return block ? { requested: block.size, allocatedAt: block.allocatedAt } : {};
  };
}

function tail(text: string): string {
  return text.length > MAX_SNAPSHOT_OUTPUT ? text.slice(text.length - MAX_SNAPSHOT_OUTPUT) : text;
}

/**
 * The machine at a stop, as the views draw it. Everything is read quietly (QuietMemory, the page
 * table, the allocator's introspection): building a snapshot never changes what the program does
 * next. Its size is bounded whatever the heap, stack and page table hold.
 */
export function buildSnapshot(machine: Machine, cache: SnapshotCache): Snapshot {
  const process = machine.process;
  const regs = process.callStack.registers;
  const frames = liveFrames(machine);
  const returned = returnedFrames(machine);
  const heap = heapViewsOf(machine, cache);
  const report = liveLeaks(machine);
  const lastBlock = machine.blocks.nextBlockId > 1 ? machine.blocks.byId(machine.blocks.nextBlockId - 1).ptr : undefined;
  const { addressSpace, pages } = processViews(process);
  return {
    version: SNAPSHOT_VERSION,
    state: machine.ended ? 'exited' : 'paused',
    steps: machine.steps,
    line: machine.ended ? undefined : machine.currentStatement()?.line,
    registers: { rsp: hex(regs.rsp), rbp: hex(regs.rbp), rip: hex(machine.acts.length ? machine.ripOf(machine.acts[machine.acts.length - 1]) : regs.rip) },
    frames,
    frameCount: machine.acts.length,
    returnedFrames: returned,
    addressSpace,
    heap: { ...heapSummary(heap, process.allocator.name, heapStats(machine, heap), new QuietMemory(process.mmu), chunkAnnotation(machine, report), lastBlock), activity: { ...process.allocator.activity } },
    pointers: snapshotPointers(machine, heap, frames, returned),
    pages,
    counters: process.counters(),
    ...(report ? { leaks: summaryOf(report.report) } : {}),
    leakCheck: report ? 'each-stop' : 'on-request',
    stdout: tail(machine.stdout),
    stderr: tail(machine.stderr),
    termination: machine.termination,
    ...(machine.checker ? { errors: [...machine.checker.errors] } : {}),
  };
}
