import {
  type GcColour, type ManagedHeapSnapshot, type ManagedObjectDetail, type ManagedObjectView, type ManagedSpaceView,
  MANAGED_HEAP_WINDOW_OBJECTS, RECENT_GC_EVENTS,
} from '../../shared/managedHeapSnapshot';
import type { ViewResponse } from '../../shared/viewRequests';
import { VIEW_LIMITS } from '../../shared/viewRequests';
import type { GcProgress, ManagedHeap, ManagedHeapExtras, ManagedObjectInfo, ObjectRef } from './managedHeap';

export interface ManagedHeapSnapshotOptions {
  /** The object the user selected (its retainer path and retained size are included). */
  readonly selected?: ObjectRef;
  /** Index of the first object of the window (default: the start). */
  readonly first?: number;
  /** The previous stop's snapshot: objects that moved since show where from, new ones are marked. */
  readonly previous?: ManagedHeapSnapshot;
  /** The previous stop's allocation mark (objects with a handle at or above it are new). */
  readonly previousMark?: number;
}

const hex = (n: number): string => '0x' + n.toString(16);

/**
 * The managed heap as the panel draws it at a stop (see src/shared/managedHeapSnapshot.ts):
 * bounded whatever the heap's size (a window of objects; the view asks for others).
 */
export function buildManagedHeapSnapshot(heap: ManagedHeap & ManagedHeapExtras, options: ManagedHeapSnapshotOptions = {}): ManagedHeapSnapshot {
  const all = [...heap.objects()];
  const progress = heap.progress;
  const first = Math.max(0, Math.min(options.first ?? 0, Math.max(0, all.length - 1)));
  const previous = new Map((options.previous?.objects ?? []).map((o) => [o.ref, o.address]));
  const objects = all.slice(first, first + MANAGED_HEAP_WINDOW_OBJECTS).map((o) => objectView(o, progress, previous, options.previousMark));
  const events = heap.events();
  const leaked = heap.mode === 'generational' ? undefined : heap.leakedCycles();
  return {
    mode: heap.mode,
    spaces: spaceViews(heap, all),
    objects,
    window: { first, total: all.length },
    gc: progress && { kind: progress.kind, phase: progress.phase, steps: progress.steps, counts: colourCounts(all, progress) },
    events: events.slice(-RECENT_GC_EVENTS),
    eventCount: events.length,
    usage: heap.usage(),
    selected: options.selected !== undefined && heap.isAlive(options.selected) ? describeManagedObject(heap, options.selected) : undefined,
    leakedCycles: leaked && leaked.map((c) => [...c]),
  };
}

/** The answers to the managed-heap view's requests (`managed-window`, `managed-object`). */
export function answerManagedHeapView(heap: ManagedHeap, request: { kind: 'managed-window'; first: number; count: number } | { kind: 'managed-object'; ref: number }): ViewResponse {
  if (request.kind === 'managed-object') {
    if (!heap.isAlive(request.ref)) return { kind: 'error', message: `object #${request.ref} is no longer alive` };
    return { kind: 'managed-object', detail: describeManagedObject(heap, request.ref) };
  }
  const all = [...heap.objects()];
  const progress = heap.progress;
  const first = Math.max(0, Math.floor(request.first));
  const count = Math.max(0, Math.min(VIEW_LIMITS.managedObjects, Math.floor(request.count)));
  return { kind: 'managed-window', first, total: all.length, objects: all.slice(first, first + count).map((o) => objectView(o, progress, new Map(), undefined)) };
}

export function describeManagedObject(heap: ManagedHeap, ref: ObjectRef): ManagedObjectDetail {
  const info = heap.info(ref);
  const path = heap.retainerPath(ref);
  return {
    ref, label: info.label, bytes: info.bytes, retainedBytes: heap.retainedBytes(ref),
    path: path && { root: { kind: path.root.kind, name: path.root.name }, steps: path.steps.map((s) => ({ edge: s.edge, ref: s.ref, label: s.label })) },
  };
}

function objectView(o: ManagedObjectInfo, progress: GcProgress | undefined, previous: ReadonlyMap<number, string>, previousMark: number | undefined): ManagedObjectView {
  const address = hex(o.address);
  const before = previous.get(o.ref);
  return {
    ref: o.ref, kind: o.kind, label: o.label, address, bytes: o.bytes, space: o.space, age: o.age,
    refCount: o.refCount, line: o.line, colour: progress?.colourOf(o.ref),
    movedFrom: before !== undefined && before !== address ? before : undefined,
    isNew: previousMark !== undefined && o.ref >= previousMark ? true : undefined,
  };
}

function colourCounts(all: readonly ManagedObjectInfo[], progress: GcProgress): Record<GcColour, number> {
  const counts: Record<GcColour, number> = { white: 0, grey: 0, black: 0 };
  for (const o of all) counts[progress.colourOf(o.ref)]++;
  return counts;
}

/** Each mapping of the heap with the bytes and count of the objects in it. */
function spaceViews(heap: ManagedHeap & ManagedHeapExtras, all: readonly ManagedObjectInfo[]): ManagedSpaceView[] {
  const mappings = [...heap.spaceMappings()].sort((a, b) => a.start - b.start);
  const used = mappings.map(() => ({ bytes: 0, objects: 0 }));
  for (const o of all) {
    // Binary search for the mapping holding the object.
    let lo = 0;
    let hi = mappings.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (o.address < mappings[mid].start) hi = mid - 1;
      else if (o.address >= mappings[mid].end) lo = mid + 1;
      else {
        used[mid].bytes += o.bytes;
        used[mid].objects++;
        break;
      }
    }
  }
  return mappings.map((m, i) => ({ space: m.space, start: hex(m.start), end: hex(m.end), usedBytes: used[i].bytes, objects: used[i].objects }));
}
