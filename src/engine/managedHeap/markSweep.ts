import type { GcEvent } from '../../shared/gcReport';
import type { MarkSweepState } from './collectionState';
import type { HeapCore } from './heapCore';
import type { ObjectRef } from './managedHeap';
import type { ObjectRecord } from './heapState';
import { pageFreeBytes } from './spaces';
import { PAGE_BYTES, PAGE_HEADER_BYTES } from './spaceMemory';

/** A page is an evacuation candidate when less than this share of its area is live. */
const EVACUATION_LIVE_RATIO = 0.5;

/**
 * The old generation's collector (it collects the whole heap, as V8's mark-compact does):
 * tri-colour incremental marking, then sweeping to free lists, then compaction past a
 * fragmentation threshold.
 *
 * Marking: every object starts white; roots are greyed; a mark unit takes a grey object off the
 * work list, greys the white objects it points to and turns it black. The program runs between
 * units (incremental marking), so a store of a white object into a black one would hide it from
 * the marker: the write barrier (`markingBarrier`) greys it. Objects allocated while marking are
 * black (V8's black allocation). When the work list runs dry, the roots are scanned once more
 * (locals are not barriered) and ephemerons whose key is marked get their value marked; marking
 * ends when neither finds anything.
 */
export function startMarkSweep(core: HeapCore, reason: string, step: number, incremental: boolean): MarkSweepState {
  const rootTargets: ObjectRef[] = [];
  core.forEachLiveRoot((r) => rootTargets.push(r.ref));
  const g: MarkSweepState = {
    kind: 'mark-sweep', reason, atStep: step, steps: 0, freedBytes: 0, phase: 'roots', incremental, rootTargets, rootIndex: 0,
    worklist: [], grey: new Set(), black: new Set(), ephemeronTables: new Set(), sweepQueue: [], evacuees: [],
    evacuationPages: [], compacted: false, promotedBytes: 0,
  };
  core.state.collection = g;
  return g;
}

/** One unit of work; the event when the collection ends. */
export function markSweepUnit(core: HeapCore, g: MarkSweepState): GcEvent | undefined {
  g.steps++;
  switch (g.phase) {
    case 'roots':
      if (g.rootIndex < g.rootTargets.length) {
        shade(g, g.rootTargets[g.rootIndex++]);
        return undefined;
      }
      g.phase = 'mark';
      return undefined;
    case 'mark':
      markStep(core, g);
      return undefined;
    case 'sweep':
      sweepStep(core, g);
      return undefined;
    case 'compact':
      return compactStep(core, g);
  }
}

/** White to grey (onto the work list); grey and black objects stay as they are. */
export function shade(g: MarkSweepState, ref: ObjectRef): void {
  if (g.grey.has(ref) || g.black.has(ref)) return;
  g.grey.add(ref);
  g.worklist.push(ref);
}

function markStep(core: HeapCore, g: MarkSweepState): void {
  let ref: ObjectRef | undefined;
  while ((ref = g.worklist.pop()) !== undefined && !(g.grey.has(ref) && core.record(ref))) g.grey.delete(ref);
  if (ref !== undefined) {
    g.grey.delete(ref);
    g.black.add(ref);
    core.forEachLiveReference(ref, (t) => shade(g, t.ref));
    let hasEphemerons = false;
    core.client.forEachEphemeron?.(ref, () => { hasEphemerons = true; });
    if (hasEphemerons) g.ephemeronTables.add(ref);
    return;
  }
  // The work list is empty: what the roots and the ephemerons still add, or the end of marking.
  core.forEachLiveRoot((r) => shade(g, r.ref));
  for (const table of g.ephemeronTables) {
    if (!core.record(table)) continue;
    core.client.forEachEphemeron?.(table, (key, value) => {
      if (g.black.has(key) || g.grey.has(key)) { if (core.record(value)) shade(g, value); }
    });
  }
  if (g.worklist.length > 0) return;
  g.phase = 'sweep';
  g.sweepQueue.push(...(core.state.newSpace ? ['new' as const] : []), ...core.state.oldPages.map((p) => p.start), 'large');
}

function isMarked(g: MarkSweepState, ref: ObjectRef): boolean {
  return g.black.has(ref) || g.grey.has(ref);
}

/**
 * One sweep unit. New space: live objects are evacuated to old space (V8's full GC promotes every
 * young survivor) and the dead are dropped. An old page: the dead become free-list ranges (and an
 * empty page goes back to the kernel). Large objects: the dead are unmapped.
 */
function sweepStep(core: HeapCore, g: MarkSweepState): void {
  const s = core.state;
  const unit = g.sweepQueue.shift();
  if (unit === undefined) {
    planCompaction(core, g);
    return;
  }
  const dead: ObjectRef[] = [];
  if (unit === 'new') {
    const space = s.newSpace!;
    for (const ref of [...space.objects]) {
      const r = s.objects.get(ref)!;
      if (!isMarked(g, ref)) { dead.push(ref); continue; }
      core.moveToOldPage(r);
      g.promotedBytes += r.bytes;
    }
    g.freedBytes += core.release(dead);
    space.top = space.semispaces[space.toIndex].start;
    s.rememberedSet.clear();
    return;
  }
  if (unit === 'large') {
    for (const ref of s.largeObjects.keys()) if (!isMarked(g, ref)) dead.push(ref);
    g.freedBytes += core.release(dead);
    return;
  }
  const page = s.oldPages.find((p) => p.start === unit);
  if (!page) return;
  for (const ref of page.objects) if (!isMarked(g, ref)) dead.push(ref);
  g.freedBytes += core.release(dead);
  const live: ObjectRecord[] = [];
  for (const ref of page.objects) live.push(s.objects.get(ref)!);
  if (live.length === 0) core.spaces.releaseOldPage(page.start);
  else core.spaces.rebuildFreeList(page, live);
}

/** Past the fragmentation threshold, the pages less than half live are evacuated (V8's evacuation candidates). */
function planCompaction(core: HeapCore, g: MarkSweepState): void {
  const pages = core.state.oldPages;
  const area = PAGE_BYTES - PAGE_HEADER_BYTES;
  const free = pages.reduce((sum, p) => sum + pageFreeBytes(p), 0);
  if (pages.length > 1 && free / (pages.length * area) > core.options.compactionThreshold) {
    const candidates = pages.filter((p) => (area - pageFreeBytes(p)) / area < EVACUATION_LIVE_RATIO);
    // Evacuating every page would only move the objects elsewhere: keep the fullest one as a target.
    if (candidates.length === pages.length) candidates.sort((a, b) => pageFreeBytes(a) - pageFreeBytes(b)).shift();
    for (const p of candidates) {
      g.evacuationPages.push(p.start);
      g.evacuees.push(...[...p.objects].sort((a, b) => core.live(a).address - core.live(b).address));
    }
  }
  g.phase = 'compact';
}

function compactStep(core: HeapCore, g: MarkSweepState): GcEvent | undefined {
  const ref = g.evacuees.shift();
  if (ref !== undefined) {
    const r = core.record(ref);
    if (r && r.space === 'old') {
      core.moveToOldPage(r, new Set(g.evacuationPages));
      g.compacted = true;
    }
    return undefined;
  }
  for (const start of g.evacuationPages) {
    const page = core.state.oldPages.find((p) => p.start === start);
    // The program may have allocated on a candidate page meanwhile: such a page stays.
    if (page && page.objects.size === 0) core.spaces.releaseOldPage(start);
  }
  return finishMarkSweep(core, g);
}

function finishMarkSweep(core: HeapCore, g: MarkSweepState): GcEvent {
  const s = core.state;
  s.collection = undefined;
  s.oldGenerationLimit = Math.max(core.options.oldGenerationLimitBytes, 2 * s.oldBytes);
  return core.pushEvent({
    kind: g.compacted ? 'mark-compact' : 'mark-sweep', atStep: g.atStep, freedBytes: g.freedBytes,
    promotedBytes: g.promotedBytes, pauseSteps: g.steps, reason: g.reason,
  });
}

/** The marking barrier on a store of `target` into `holder` while marking runs. */
export function markingBarrier(core: HeapCore, g: MarkSweepState, holder: ObjectRef, target: ObjectRef): void {
  if (g.phase !== 'roots' && g.phase !== 'mark') return;
  if (!g.black.has(holder) || isMarked(g, target)) return;
  const barrier = core.options.markingBarrier;
  if (barrier === 'dijkstra') shade(g, target);
  else if (barrier === 'steele') {
    g.black.delete(holder);
    shade(g, holder);
  }
}

export function markColour(g: MarkSweepState, ref: ObjectRef): 'white' | 'grey' | 'black' {
  if (g.black.has(ref)) return 'black';
  return g.grey.has(ref) ? 'grey' : 'white';
}
