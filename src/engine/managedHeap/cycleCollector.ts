import type { GcEvent } from '../../shared/gcReport';
import type { CycleCollectionState } from './collectionState';
import type { HeapCore } from './heapCore';
import type { ObjectRef } from './managedHeap';
import { countedReferences, decrement } from './refcounting';

/**
 * Trial deletion (Bacon and Rajan, "Concurrent Cycle Collection in Reference Counted Systems",
 * 2001, its synchronous algorithm): the candidates are objects whose count went down without
 * reaching zero, where a garbage cycle's last outside reference may have been dropped.
 *
 * 1. Mark grey (phase 'trial-deletion'): from each candidate, visit the subgraph it reaches and
 *    take one trial count off each object for every reference from inside it.
 * 2. Scan: a grey object whose trial count is still above zero has references from outside the
 *    subgraph: it and everything it reaches are live (black, trial counts given back); a grey one
 *    at zero is white.
 * 3. Sweep: the white objects are garbage cycles (and what only they held): freed.
 * One unit is one object visited; the program does not run while a cycle collection is in progress.
 */
export function startCycleCollection(core: HeapCore, reason: string, step: number, candidates: readonly ObjectRef[]): CycleCollectionState {
  const g: CycleCollectionState = {
    kind: 'cycle-collection', reason, atStep: step, steps: 0, freedBytes: 0, phase: 'trial-deletion',
    candidates: candidates.filter((ref) => core.record(ref)), candidateIndex: 0, pending: [],
    trialCounts: new Map(), colour: new Map(), garbage: [],
  };
  core.state.cycleCandidates.clear();
  core.state.allocationsSinceCycleCollection = 0;
  core.state.collection = g;
  return g;
}

export function cycleCollectionUnit(core: HeapCore, g: CycleCollectionState): GcEvent | undefined {
  g.steps++;
  if (g.phase === 'trial-deletion') {
    if (!nextPending(g, (ref) => g.colour.get(ref) !== 'grey')) {
      g.phase = 'scan';
      g.candidateIndex = 0;
      return undefined;
    }
    markGrey(core, g, g.pending.pop()!);
    return undefined;
  }
  if (g.phase === 'scan') {
    if (!nextPending(g, () => true)) {
      g.phase = 'sweep';
      return undefined;
    }
    scan(core, g, g.pending.pop()!);
    return undefined;
  }
  return sweep(core, g);
}

/** Makes sure `pending` has work, taking the next candidate that `wanted` accepts; false when all are done. */
function nextPending(g: CycleCollectionState, wanted: (ref: ObjectRef) => boolean): boolean {
  while (g.pending.length === 0 && g.candidateIndex < g.candidates.length) {
    const ref = g.candidates[g.candidateIndex++];
    if (wanted(ref)) g.pending.push(ref);
  }
  return g.pending.length > 0;
}

function trialCount(core: HeapCore, g: CycleCollectionState, ref: ObjectRef): number {
  return g.trialCounts.get(ref) ?? core.record(ref)?.refCount ?? 0;
}

function markGrey(core: HeapCore, g: CycleCollectionState, ref: ObjectRef): void {
  if (g.colour.get(ref) === 'grey' || !core.record(ref)) return;
  g.colour.set(ref, 'grey');
  g.trialCounts.set(ref, trialCount(core, g, ref));
  countedReferences(core, ref, (t) => {
    g.trialCounts.set(t, trialCount(core, g, t) - 1);
    if (g.colour.get(t) !== 'grey') g.pending.push(t);
  });
}

// In `pending` during the scan, a negative number asks for scanBlack of the object -n.
function scan(core: HeapCore, g: CycleCollectionState, entry: number): void {
  if (entry < 0) {
    scanBlack(core, g, -entry);
    return;
  }
  if (g.colour.get(entry) !== 'grey') return;
  if (trialCount(core, g, entry) > 0) {
    scanBlack(core, g, entry);
    return;
  }
  g.colour.set(entry, 'white');
  countedReferences(core, entry, (t) => g.pending.push(t));
}

function scanBlack(core: HeapCore, g: CycleCollectionState, ref: ObjectRef): void {
  if (g.colour.get(ref) === 'black') return;
  g.colour.set(ref, 'black');
  countedReferences(core, ref, (t) => {
    g.trialCounts.set(t, trialCount(core, g, t) + 1);
    if (g.colour.get(t) !== 'black') g.pending.push(-t);
  });
}

function sweep(core: HeapCore, g: CycleCollectionState): GcEvent {
  const white = new Set<ObjectRef>();
  for (const [ref, c] of g.colour) if (c === 'white' && core.record(ref)) white.add(ref);
  // References from the garbage to live objects give their counts back (which may free those too).
  const released: ObjectRef[] = [];
  for (const ref of white) countedReferences(core, ref, (t) => { if (!white.has(t)) released.push(t); });
  g.garbage.push(...white);
  g.steps += white.size;
  g.freedBytes = core.release([...white]);
  core.state.collection = undefined;
  // What those counts free belongs to this collection, not to the next 'refcount-free' event.
  const pending = core.state.pendingRefcountFree;
  const before = { ...pending };
  for (const t of released) decrement(core, t);
  g.freedBytes += pending.bytes - before.bytes;
  core.state.pendingRefcountFree = before;
  return core.pushEvent({ kind: 'cycle-collection', atStep: g.atStep, freedBytes: g.freedBytes, promotedBytes: 0, pauseSteps: g.steps, reason: g.reason });
}

export function cycleColour(g: CycleCollectionState, ref: ObjectRef): 'white' | 'grey' | 'black' {
  return g.colour.get(ref) ?? 'black';
}
