import type { GcEvent } from '../../shared/gcReport';
import type { ManagedObjectKind, ObjectRef, Space } from './managedHeap';
import type { CollectionState } from './collectionState';

/**
 * Everything the managed heap knows, as plain data (records, arrays, Maps and Sets of numbers):
 * so that saving a state for stepping back is one structural copy, and a collection in progress
 * (a state machine, never a generator) is saved and restored with the rest.
 * The bytes themselves live in the simulated process's memory, which its owner saves.
 */
export interface HeapState {
  nextRef: ObjectRef;
  readonly objects: Map<ObjectRef, ObjectRecord>;
  newSpace: NewSpaceState | undefined;
  readonly oldPages: OldPage[];
  /** Large-object space: one mapping per object. */
  readonly largeObjects: Map<ObjectRef, Mapping>;
  /** Old (or large) objects that may hold a pointer into new space, from the write barrier. */
  readonly rememberedSet: Set<ObjectRef>;
  /** Off-heap payloads by owner. */
  readonly externals: Map<ObjectRef, ExternalBlock[]>;
  readonly events: GcEvent[];
  collection: CollectionState | undefined;
  /** The step of the latest safepoint (allocation stamps and events use it). */
  step: number;
  /** Old-space (and large-object) bytes past which a safepoint starts incremental marking. */
  oldGenerationLimit: number;
  /** Refcount modes: objects allocated since the last safepoint whose count is still zero. */
  readonly unowned: Set<ObjectRef>;
  /** Refcount+cycles: objects whose count went down but not to zero (possible cycle roots, Bacon–Rajan's purple). */
  readonly cycleCandidates: Set<ObjectRef>;
  /** Refcount modes: what counts freed since the last safepoint (reported as one 'refcount-free' event). */
  pendingRefcountFree: { bytes: number; objects: number };
  /** Refcount+cycles: allocations since the last cycle collection. */
  allocationsSinceCycleCollection: number;
  /** Bytes of every object not yet freed (heapUsed), and of those in old and large-object space. */
  usedBytes: number;
  oldBytes: number;
  /** Bumped by every change to the object graph: cached analyses compare it. */
  graphVersion: number;
}

export interface ObjectRecord {
  readonly ref: ObjectRef;
  readonly kind: ManagedObjectKind;
  readonly label: string;
  readonly line?: number;
  bytes: number;
  address: number;
  space: Space;
  /** Scavenges survived in new space. */
  age: number;
  refCount: number;
  readonly pinned: boolean;
  /** The step of the safepoint before its allocation. */
  readonly allocatedAtStep: number;
}

export interface Mapping {
  readonly start: number;
  readonly length: number;
}

export interface NewSpaceState {
  /** The two semispaces; objects are allocated in `semispaces[toIndex]`. */
  readonly semispaces: readonly [Mapping, Mapping];
  toIndex: 0 | 1;
  /** The bump pointer in to-space. */
  top: number;
  /** Objects in new space (either semispace while a scavenge copies). */
  readonly objects: Set<ObjectRef>;
}

export interface FreeRange {
  start: number;
  size: number;
}

/** One old-space page: its header, then the object area, with the free ranges the sweeper found (address order). */
export interface OldPage {
  readonly start: number;
  readonly areaStart: number;
  readonly end: number;
  free: FreeRange[];
  readonly objects: Set<ObjectRef>;
}

export interface ExternalBlock {
  readonly address: number;
  readonly bytes: number;
  readonly arrayBuffer: boolean;
}

export function emptyHeapState(oldGenerationLimit: number): HeapState {
  return {
    nextRef: 1,
    objects: new Map(),
    newSpace: undefined,
    oldPages: [],
    largeObjects: new Map(),
    rememberedSet: new Set(),
    externals: new Map(),
    events: [],
    collection: undefined,
    step: 0,
    oldGenerationLimit,
    unowned: new Set(),
    cycleCandidates: new Set(),
    pendingRefcountFree: { bytes: 0, objects: 0 },
    allocationsSinceCycleCollection: 0,
    graphVersion: 0,
    usedBytes: 0,
    oldBytes: 0,
  };
}
