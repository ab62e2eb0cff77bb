import type { CollectorMode, GcEvent, GcKind, ManagedMemoryUsage } from './gcReport';
import type { Hex } from './snapshot';

/**
 * The managed heap (JavaScript) at a stop, for the panel's managed-heap view: its spaces with the
 * objects in them by address (a window of them for big heaps), the collection in progress with
 * each object's colour, the latest collections, `process.memoryUsage()`, reference counts in the
 * refcount modes, and the selected object's retainer path. Set as `Snapshot.managedHeap` by a
 * language with a managed heap; built by src/engine/managedHeap/heapSnapshot.ts.
 */
export interface ManagedHeapSnapshot {
  readonly mode: CollectorMode;
  readonly spaces: readonly ManagedSpaceView[];
  /** Objects in address order (new space, old pages, large objects), at most MANAGED_HEAP_WINDOW_OBJECTS from `window.first`. */
  readonly objects: readonly ManagedObjectView[];
  readonly window: { readonly first: number; readonly total: number };
  readonly gc?: ManagedGcProgressView;
  /** The latest collections, oldest first (at most RECENT_GC_EVENTS), and how many there were in all. */
  readonly events: readonly GcEvent[];
  readonly eventCount: number;
  readonly usage: ManagedMemoryUsage;
  readonly selected?: ManagedObjectDetail;
  /** Refcount modes: groups of objects no root reaches whose counts never reach zero (cycles and what they hold). */
  readonly leakedCycles?: readonly (readonly number[])[];
}

export const MANAGED_HEAP_WINDOW_OBJECTS = 512;
export const RECENT_GC_EVENTS = 16;

export type ManagedSpaceName = 'new-from' | 'new-to' | 'old' | 'large-object';

/** One mapping of a space (a semispace, an old page, a large object's mapping). */
export interface ManagedSpaceView {
  readonly space: ManagedSpaceName;
  readonly start: Hex;
  readonly end: Hex;
  /** Bytes of the objects in it. */
  readonly usedBytes: number;
  readonly objects: number;
}

export type GcColour = 'white' | 'grey' | 'black';

export interface ManagedObjectView {
  readonly ref: number;
  readonly kind: string;
  readonly label: string;
  readonly address: Hex;
  readonly bytes: number;
  readonly space: 'new' | 'old' | 'large-object';
  readonly age: number;
  readonly refCount?: number;
  readonly line?: number;
  /** Its tri-colour (or trial-deletion) colour while a collection runs. */
  readonly colour?: GcColour;
  /** Where it was at the previous stop, when it moved since (a scavenge or a compaction). */
  readonly movedFrom?: Hex;
  /** Allocated since the previous stop. */
  readonly isNew?: boolean;
}

export interface ManagedGcProgressView {
  readonly kind: GcKind;
  readonly phase: 'roots' | 'mark' | 'sweep' | 'copy' | 'compact' | 'trial-deletion' | 'done';
  readonly steps: number;
  readonly counts: Readonly<Record<GcColour, number>>;
}

export interface ManagedObjectDetail {
  readonly ref: number;
  readonly label: string;
  readonly bytes: number;
  readonly retainedBytes: number;
  /** Undefined when no root reaches it. */
  readonly path?: {
    readonly root: { readonly kind: string; readonly name: string };
    readonly steps: readonly { readonly edge: string; readonly ref: number; readonly label: string }[];
  };
}
