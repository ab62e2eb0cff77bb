import type { GcEvent } from '../../shared/gcReport';
import type { ScavengeState } from './collectionState';
import type { HeapCore } from './heapCore';
import type { ObjectRef } from './managedHeap';

/**
 * The young generation's collector: Cheney's copying scavenge between the two semispaces.
 *
 * It flips the semispaces (the full to-space becomes from-space), evacuates what the roots and
 * the remembered set (old objects the write barrier saw storing a new-space pointer) point to,
 * then scans the evacuated objects in copy order, evacuating what they point to, until the scan
 * reaches the end of the copies. An object evacuated for the first time is copied into to-space
 * (its age becomes 1); one that had survived a scavenge already is promoted to old space. What
 * is left in from-space is dead and costs nothing to free: the next flip reuses the semispace.
 */
export function startScavenge(core: HeapCore, reason: string, step: number): ScavengeState {
  const s = core.state;
  const space = s.newSpace!;
  const from = space.semispaces[space.toIndex];
  space.toIndex = space.toIndex === 0 ? 1 : 0;
  space.top = space.semispaces[space.toIndex].start;
  const rootTargets: ObjectRef[] = [];
  core.forEachLiveRoot((r) => { if (r.space === 'new') rootTargets.push(r.ref); });
  const holders = new Set<ObjectRef>();
  const youngTargets = new Map<ObjectRef, ObjectRef[]>();
  for (const holder of s.rememberedSet) {
    if (!s.objects.has(holder)) continue;
    holders.add(holder);
    const targets: ObjectRef[] = [];
    core.forEachLiveReference(holder, (r) => { if (r.space === 'new') targets.push(r.ref); });
    for (const t of targets) rootTargets.push(t);
    youngTargets.set(holder, targets);
  }
  s.rememberedSet.clear();
  const scavenge: ScavengeState = {
    kind: 'scavenge', reason, atStep: step, steps: 0, freedBytes: 0, phase: 'roots', rootTargets, rootIndex: 0,
    queue: [], scanIndex: 0, reached: new Map(), holders, youngTargets, promotedPointingIntoNew: new Set(), ephemeronTables: new Set(holders), promotedBytes: 0,
    fromStart: from.start, fromEnd: from.start + from.length,
  };
  s.collection = scavenge;
  return scavenge;
}

/** One unit: evacuate one root target, scan one copied object, or re-examine the ephemerons; the event when it ends. */
export function scavengeUnit(core: HeapCore, g: ScavengeState): GcEvent | undefined {
  g.steps++;
  if (g.phase === 'roots') {
    if (g.rootIndex < g.rootTargets.length) {
      evacuate(core, g, g.rootTargets[g.rootIndex++]);
      return undefined;
    }
    g.phase = 'copy';
  }
  if (g.scanIndex < g.queue.length) {
    const ref = g.queue[g.scanIndex++];
    let pointsIntoNew = false;
    core.forEachLiveReference(ref, (target) => {
      evacuate(core, g, target.ref);
      // Evacuation decides at once (copied: still new; promoted: old), so this is final.
      if (target.space === 'new') pointsIntoNew = true;
    });
    if (pointsIntoNew && core.record(ref)?.space !== 'new') g.promotedPointingIntoNew.add(ref);
    let hasEphemerons = false;
    core.client.forEachEphemeron?.(ref, () => { hasEphemerons = true; });
    if (hasEphemerons) g.ephemeronTables.add(ref);
    return undefined;
  }
  if (evacuateEphemeronValues(core, g)) return undefined;
  return finishScavenge(core, g);
}

function evacuate(core: HeapCore, g: ScavengeState, ref: ObjectRef): void {
  const r = core.record(ref);
  if (!r || r.space !== 'new' || g.reached.has(ref)) return;
  g.reached.set(ref, g.queue.length);
  g.queue.push(ref);
  if (r.age >= 1) {
    core.moveToOldPage(r);
    g.promotedBytes += r.bytes;
    g.holders.add(ref);
    return;
  }
  const to = core.spaces.allocateNew(r.bytes);
  if (to === undefined) {
    // To-space is as large as from-space, so survivors always fit; promote if they ever do not.
    core.moveToOldPage(r);
    g.promotedBytes += r.bytes;
    g.holders.add(ref);
    return;
  }
  core.memory.moveObject(r.address, to, r.bytes);
  r.address = to;
  r.age++;
}

/** An ephemeron's value survives when its key does (old keys are taken as live by a scavenge). True if it evacuated any. */
function evacuateEphemeronValues(core: HeapCore, g: ScavengeState): boolean {
  const before = g.queue.length;
  for (const table of g.ephemeronTables) {
    if (!core.record(table)) continue;
    core.client.forEachEphemeron?.(table, (key, value) => {
      const k = core.record(key);
      const keyLive = k !== undefined && (k.space !== 'new' || g.reached.has(key));
      if (keyLive) evacuate(core, g, value);
    });
  }
  return g.queue.length > before;
}

function finishScavenge(core: HeapCore, g: ScavengeState): GcEvent {
  const s = core.state;
  const dead: ObjectRef[] = [];
  for (const ref of s.newSpace!.objects) {
    const r = s.objects.get(ref)!;
    if (!g.reached.has(ref) && r.address >= g.fromStart && r.address < g.fromEnd) dead.push(ref);
  }
  g.freedBytes = core.release(dead);
  // Rebuild the remembered set: old holders (and the objects just promoted) still pointing into
  // new space, from what the scavenge saw of them (their ephemerons are looked at again).
  for (const holder of g.holders) {
    const h = s.objects.get(holder);
    if (!h || h.space === 'new') continue;
    const targets = g.youngTargets.get(holder);
    const stillYoung = targets !== undefined ? targets.some((t) => s.objects.get(t)?.space === 'new') : g.promotedPointingIntoNew.has(holder);
    if (stillYoung || ephemeronsIntoNewSpace(core, holder)) s.rememberedSet.add(holder);
  }
  s.collection = undefined;
  return core.pushEvent({
    kind: 'scavenge', atStep: g.atStep, freedBytes: g.freedBytes, promotedBytes: g.promotedBytes, pauseSteps: g.steps, reason: g.reason,
  });
}

/** A WeakMap whose key or value is in new space. */
function ephemeronsIntoNewSpace(core: HeapCore, holder: ObjectRef): boolean {
  let found = false;
  core.client.forEachEphemeron?.(holder, (key, value) => {
    if (core.record(key)?.space === 'new' || core.record(value)?.space === 'new') found = true;
  });
  return found;
}

/** Scavenge colours for the views: white in from-space, grey copied, black scanned; old objects are not its business (black). */
export function scavengeColour(g: ScavengeState, ref: ObjectRef, isYoung: boolean): 'white' | 'grey' | 'black' {
  const copied = g.reached.get(ref);
  if (copied === undefined) return isYoung ? 'white' : 'black';
  return copied < g.scanIndex ? 'black' : 'grey';
}
