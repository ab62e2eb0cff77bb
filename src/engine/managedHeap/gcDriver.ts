import type { CollectionKind, GcEvent, GcKind } from '../../shared/gcReport';
import type { CollectionState } from './collectionState';
import { cycleCollectionUnit, cycleColour, startCycleCollection } from './cycleCollector';
import type { HeapCore } from './heapCore';
import type { GcProgress, ObjectRef } from './managedHeap';
import { markColour, markSweepUnit, startMarkSweep } from './markSweep';
import { freeUnclaimed } from './refcounting';
import { scavengeColour, scavengeUnit, startScavenge } from './scavenger';

export type GcCollection = CollectionKind;

/** One unit of a safepoint's collection work: the progress after it, its event if it ended the collection, and whether the safepoint owes no more. */
export interface SafepointUnit {
  readonly progress: GcProgress | undefined;
  readonly event?: GcEvent;
  readonly last: boolean;
}

/**
 * When collections start and how their work is paced: safepoints start what is due (a scavenge
 * when new space is 80% full, incremental marking past the old generation's limit, a cycle
 * collection after enough allocations) and do a bounded amount of its work; `stepGc` does one unit;
 * `collect` runs a full collection to its end.
 */
export class GcDriver {
  constructor(private readonly core: HeapCore) {}

  private get collection(): CollectionState | undefined {
    return this.core.state.collection;
  }

  due(): GcKind | undefined {
    const core = this.core;
    const s = core.state;
    if (s.collection) return undefined;
    if (core.generational) {
      const space = s.newSpace!;
      const capacity = space.semispaces[space.toIndex].length;
      if (capacity - core.spaces.newSpaceFree() >= core.options.scavengeTaskTrigger * capacity) return 'scavenge';
      if (s.oldBytes > s.oldGenerationLimit) return 'mark-sweep';
      return undefined;
    }
    if (core.options.mode === 'refcount+cycles' && s.cycleCandidates.size > 0 && s.allocationsSinceCycleCollection >= core.options.cycleCollectionAllocations) {
      return 'cycle-collection';
    }
    return undefined;
  }

  private startDue(step: number): boolean {
    const s = this.core.state;
    switch (this.due()) {
      case 'scavenge':
        startScavenge(this.core, `scavenge task: new space ${Math.round(this.core.options.scavengeTaskTrigger * 100)}% full`, step);
        return true;
      case 'mark-sweep':
        startMarkSweep(this.core, `old generation past its limit (${s.oldGenerationLimit} bytes)`, step, true);
        return true;
      case 'cycle-collection':
        startCycleCollection(this.core, `${this.core.options.cycleCollectionAllocations} allocations since the last cycle collection`, step, [...s.cycleCandidates]);
        return true;
      default:
        return false;
    }
  }

  /**
   * Units the current safepoint still owes its collection: set by `beginSafepoint`, spent by
   * `safepointUnit` (a debugger stepping through them) and `endSafepoint`. Transient: between
   * statements it is always 0, so saved states never hold it.
   */
  private owed = 0;

  safepoint(step: number): void {
    this.beginSafepoint(step);
    this.endSafepoint();
  }

  /**
   * A safepoint's first half: what is due starts, and the work this safepoint does is owed (a
   * scavenge or cycle collection to its end, `markUnitsPerSafepoint` units of incremental
   * marking). The collection it started, if any.
   */
  beginSafepoint(step: number): GcCollection | undefined {
    const core = this.core;
    const s = core.state;
    s.step = step;
    if (!core.generational) {
      freeUnclaimed(core);
      this.flushRefcountFrees(step, 'reference counts reached zero');
    }
    const started = !s.collection && this.startDue(step) ? s.collection!.kind : undefined;
    this.owed = !core.options.gcWorkAtSafepoints || !s.collection ? 0 : s.collection.kind === 'mark-sweep' ? core.options.markUnitsPerSafepoint : Infinity;
    return started;
  }

  /** One unit of what this safepoint owes: the progress after it and, if it ended the collection, its event; undefined when nothing is owed. */
  safepointUnit(): SafepointUnit | undefined {
    if (this.owed <= 0 || !this.collection) {
      this.owed = 0;
      return undefined;
    }
    this.owed--;
    const event = this.unit();
    const last = this.owed <= 0 || !this.collection;
    return event ? { progress: this.progress(), event, last } : { progress: this.progress(), last };
  }

  /** A safepoint's second half: the units it still owes. */
  endSafepoint(): void {
    while (this.owed > 0 && this.collection) {
      this.owed--;
      this.unit();
    }
    this.owed = 0;
  }

  /** The frees counted since the last safepoint, as one event (undefined if none). */
  private flushRefcountFrees(step: number, reason: string): GcEvent | undefined {
    const pending = this.core.state.pendingRefcountFree;
    if (pending.objects === 0) return undefined;
    const event = this.core.pushEvent({ kind: 'refcount-free', atStep: step, freedBytes: pending.bytes, promotedBytes: 0, pauseSteps: pending.objects, reason });
    this.core.state.pendingRefcountFree = { bytes: 0, objects: 0 };
    return event;
  }

  /** One unit of the collection in progress; its event when that unit ended it. */
  private unit(): GcEvent | undefined {
    const g = this.collection;
    if (!g) return undefined;
    if (g.kind === 'scavenge') return scavengeUnit(this.core, g);
    if (g.kind === 'mark-sweep') return markSweepUnit(this.core, g);
    return cycleCollectionUnit(this.core, g);
  }

  /** Runs the collection in progress to its end. */
  private finish(): GcEvent | undefined {
    let event: GcEvent | undefined;
    while (this.collection && !event) event = this.unit();
    return event;
  }

  /** A scavenge or cycle collection in progress is finished before the program changes the graph. */
  finishAtomic(): void {
    const g = this.collection;
    if (g && g.kind !== 'mark-sweep') this.finish();
  }

  /**
   * A scavenge now, to its end (new space is full in the middle of a statement). Incremental
   * marking in progress waits for it: its colours are by handle, so moves do not disturb them.
   */
  runScavenge(reason: string, step: number): GcEvent {
    const s = this.core.state;
    const outer = s.collection;
    startScavenge(this.core, reason, step);
    const event = this.finish()!;
    s.collection = outer;
    return event;
  }

  allocatedDuringCollection(ref: ObjectRef): void {
    const g = this.collection;
    // Black allocation: an object made while marking or sweeping runs is live for this cycle.
    if (g?.kind === 'mark-sweep') g.black.add(ref);
  }

  stepGc(): GcProgress | undefined {
    if (!this.collection && !this.startDue(this.core.state.step)) return undefined;
    this.unit();
    return this.progress();
  }

  begin(kind: GcCollection, reason: string, step: number): GcProgress {
    const core = this.core;
    if (!this.collection) {
      if (kind === 'scavenge' && core.generational) startScavenge(core, reason, step);
      else if (kind === 'mark-sweep' && core.generational) startMarkSweep(core, reason, step, true);
      else if (kind === 'cycle-collection' && core.options.mode === 'refcount+cycles') {
        startCycleCollection(core, reason, step, [...core.state.objects.keys()]);
      } else throw new RangeError(`managed heap: no ${kind} in ${core.options.mode} mode`);
    }
    return this.progress()!;
  }

  /** `global.gc()`: whatever is in progress finishes, then a full, non-incremental collection runs. */
  collect(reason: string, step: number): GcEvent {
    const core = this.core;
    core.state.step = step;
    this.finish();
    if (core.generational) {
      startMarkSweep(core, reason, step, false);
      return this.finish()!;
    }
    freeUnclaimed(core);
    if (core.options.mode === 'refcount') {
      return this.flushRefcountFrees(step, reason)
        ?? core.pushEvent({ kind: 'refcount-free', atStep: step, freedBytes: 0, promotedBytes: 0, pauseSteps: 0, reason });
    }
    this.flushRefcountFrees(step, 'reference counts reached zero');
    startCycleCollection(core, reason, step, [...core.state.objects.keys()]);
    return this.finish()!;
  }

  progress(): GcProgress | undefined {
    const g = this.collection;
    if (!g) return undefined;
    const core = this.core;
    if (g.kind === 'scavenge') {
      return { kind: 'scavenge', phase: g.phase, steps: g.steps, reason: g.reason, colourOf: (ref) => scavengeColour(g, ref, core.record(ref)?.space === 'new') };
    }
    if (g.kind === 'mark-sweep') {
      return { kind: g.compacted || g.evacuees.length > 0 ? 'mark-compact' : 'mark-sweep', phase: g.phase, steps: g.steps, reason: g.reason, colourOf: (ref) => markColour(g, ref) };
    }
    return { kind: 'cycle-collection', phase: g.phase === 'sweep' ? 'sweep' : 'trial-deletion', steps: g.steps, reason: g.reason, colourOf: (ref) => cycleColour(g, ref) };
  }
}
