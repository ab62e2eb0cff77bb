import type { Snapshot } from '../../../src/shared/snapshot';

/**
 * What changed between two stops, for the views to highlight: chunks that appeared or changed
 * state, slots whose value changed, mappings that gained resident pages, the break moving,
 * frames that appeared. Computed from the two snapshots only (drawing, not simulating).
 */
export interface Changes {
  readonly newChunks: ReadonlySet<string>;
  readonly changedChunks: ReadonlySet<string>;
  readonly changedSlots: ReadonlySet<string>;
  readonly newFrames: ReadonlySet<string>;
  readonly faultedRegions: ReadonlySet<string>;
  readonly changedRegions: ReadonlySet<string>;
  readonly brkMoved: boolean;
  readonly faults: number;
}

export const NO_CHANGES: Changes = {
  newChunks: new Set(), changedChunks: new Set(), changedSlots: new Set(), newFrames: new Set(),
  faultedRegions: new Set(), changedRegions: new Set(), brkMoved: false, faults: 0,
};

export function changesBetween(before: Snapshot | undefined, after: Snapshot): Changes {
  if (!before) return NO_CHANGES;
  const oldChunks = new Map(before.heap.window.chunks.map((c) => [c.address, c]));
  const newChunks = new Set<string>();
  const changedChunks = new Set<string>();
  for (const c of after.heap.window.chunks) {
    const old = oldChunks.get(c.address);
    if (!old) newChunks.add(c.address);
    else if (old.state !== c.state || old.size !== c.size || old.leak !== c.leak || old.bin?.kind !== c.bin?.kind) changedChunks.add(c.address);
  }
  const oldSlots = new Map<string, string>(before.frames.flatMap((f) => f.slots.map((s): [string, string] => [`${f.rbp}:${s.address}`, s.value])));
  const changedSlots = new Set<string>();
  for (const f of after.frames) for (const s of f.slots) {
    const key = `${f.rbp}:${s.address}`;
    if (oldSlots.has(key) && oldSlots.get(key) !== s.value) changedSlots.add(s.address);
  }
  const oldFrames = new Set(before.frames.map((f) => `${f.functionName}@${f.rbp}`));
  const newFrames = new Set(after.frames.filter((f) => !oldFrames.has(`${f.functionName}@${f.rbp}`)).map((f) => f.rbp));
  const oldRegions = new Map(before.addressSpace.regions.map((r) => [r.start, r]));
  const faultedRegions = new Set<string>();
  const changedRegions = new Set<string>();
  for (const r of after.addressSpace.regions) {
    const old = oldRegions.get(r.start);
    if (!old || old.end !== r.end) changedRegions.add(r.start);
    if (old && r.residentPages > old.residentPages) faultedRegions.add(r.start);
  }
  const c = (s: Snapshot) => s.counters.minorFaults + s.counters.majorFaults;
  return { newChunks, changedChunks, changedSlots, newFrames, faultedRegions, changedRegions, brkMoved: before.addressSpace.brk !== after.addressSpace.brk, faults: c(after) - c(before) };
}
