import type { CollectionKind, CollectorMode, GcEvent, GcKind, ManagedMemoryUsage } from '../../shared/gcReport';
import type { Process } from '../process';

/**
 * The contract between a garbage-collected language (src/lang/js) and the managed heap
 * (src/engine/managedHeap). The heap is language-neutral: it knows objects, their sizes, where
 * they live in the simulated process's mmapped spaces, and the references between them — which it
 * learns by asking the language (a tracer), as a real collector visits an object's slots. The
 * language keeps its values however it likes and names each heap object by an `ObjectRef`.
 *
 * Additions are fine; a changed signature must keep both sides compiling.
 */

/** A heap object's handle: stable for the object's whole life, even when a scavenge or compaction moves it. */
export type ObjectRef = number;

/** What an object is, as heap snapshots group them (V8's "system / Context", "(closure)", "(array)"...). */
export type ManagedObjectKind =
  | 'object' // ordinary JS object or class instance
  | 'array' // JSArray header (its elements are a separate 'elements' object)
  | 'elements' // FixedArray backing store of an array or of an object's properties
  | 'function' // JSFunction (closure)
  | 'context' // closure context: captured variables
  | 'string'
  | 'hash-table' // Map/Set/WeakMap backing store
  | 'array-buffer' // the JSArrayBuffer/Buffer header (its payload is off-heap: see allocateExternal)
  | 'other';

export interface AllocationRequest {
  readonly kind: ManagedObjectKind;
  /** Shallow size in bytes, as V8 lays it out on x64 without pointer compression (multiple of 8). */
  readonly bytes: number;
  /** The constructor or type name snapshots show ('Object', 'Array', 'Node', '(closure)', 'system / Context'). */
  readonly label: string;
  /** The source line that allocated it (comparisons between stops group by it). */
  readonly line?: number;
  /** Objects the program's code cannot reach through ordinary edges but must stay alive (rarely needed). */
  readonly pinned?: boolean;
}

/** A root: where a path to a live object starts. */
export interface RootDescription {
  readonly kind: 'global' | 'module' | 'frame' | 'handle' | 'timer' | 'listener' | 'promise' | 'microtask';
  /** What a person reads: 'global.cache', 'frame handle() · item', 'setInterval #1'. */
  readonly name: string;
}

/** An edge as the language names it ('cache', '[3]', 'context', 'map value'). */
export type EdgeName = string;

/** What the language provides the heap. */
export interface HeapClient {
  /**
   * Every strong reference the object holds now. `named` false: a collector tracing, which has no
   * use for the edges' names (a table's 100,000 keys are not formatted at every scavenge); '' is passed.
   */
  forEachReference(ref: ObjectRef, visit: (target: ObjectRef, edge: EdgeName) => void, named?: boolean): void;
  /** Every root reference now (globals, module scope, frames' locals, timers, listeners, microtasks). */
  forEachRoot(visit: (target: ObjectRef, root: RootDescription) => void): void;
  /** Weak references an object holds (WeakRef target, WeakMap keys): not traced; cleared when the target dies. */
  forEachWeakReference?(ref: ObjectRef, visit: (target: ObjectRef, edge: EdgeName) => void): void;
  /** WeakMap entries (ephemerons): the value is live only while both the map and the key are. */
  forEachEphemeron?(ref: ObjectRef, visit: (key: ObjectRef, value: ObjectRef) => void): void;
  /** Objects died (after a collection or a count reaching zero): the language clears weak refs, queues finalizers. */
  onFreed?(refs: readonly ObjectRef[]): void;
}

/** Where a collection in progress is, one unit of work at a time (what the debugger can step through). */
export interface GcProgress {
  readonly kind: GcKind;
  readonly phase: 'roots' | 'mark' | 'sweep' | 'copy' | 'compact' | 'trial-deletion' | 'done';
  /** Work units done so far in this collection. */
  readonly steps: number;
  /** Why it started (new space full, the old generation's limit, global.gc()...). */
  readonly reason: string;
  /** Tri-color marking's colours now (mark phases), for the views. */
  colourOf(ref: ObjectRef): 'white' | 'grey' | 'black';
}

export type Space = 'new' | 'old' | 'large-object';

/** One object as the views draw it. */
export interface ManagedObjectInfo {
  readonly ref: ObjectRef;
  readonly kind: ManagedObjectKind;
  readonly label: string;
  readonly address: number;
  readonly bytes: number;
  readonly space: Space;
  /** Scavenges survived while in new space (promoted after two). */
  readonly age: number;
  /** Reference count (refcount modes only). */
  readonly refCount?: number;
  readonly line?: number;
}

/** A retainer path: from a root, edge by edge, to the object (as a heap snapshot's retainers show it). */
export interface RetainerPath {
  readonly root: RootDescription;
  readonly steps: readonly { readonly edge: EdgeName; readonly ref: ObjectRef; readonly label: string }[];
}

export interface ManagedHeap {
  readonly mode: CollectorMode;
  client: HeapClient;

  /** A new object in new space (old or large-object space for big ones); may run a collection first. */
  allocate(request: AllocationRequest): ObjectRef;
  /** The object grew or shrank (an elements store reallocated, slack tracking shrank an instance). */
  resize(ref: ObjectRef, bytes: number): void;
  /**
   * A reference store: `holder`'s slot (or a root, when holder is undefined) now holds `target`
   * where it held `previous`. Generational: the write barrier (remembered set, re-greying during
   * marking). Refcount: counts go up and down, and objects whose count reaches zero are freed at once.
   */
  recordStore(holder: ObjectRef | undefined, previous: ObjectRef | undefined, target: ObjectRef | undefined): void;

  isAlive(ref: ObjectRef): boolean;
  info(ref: ObjectRef): ManagedObjectInfo;
  addressOf(ref: ObjectRef): number;

  /** Called by the language between statements: does the GC work that is due (an incremental mark step, a pending scavenge). */
  safepoint(step: number): void;
  /** A full collection now (`global.gc()`), finished before it returns. */
  collect(reason: string, step: number): GcEvent;
  /** The collection in progress, if any. */
  readonly progress: GcProgress | undefined;
  /** Finished collections, oldest first. */
  events(): readonly GcEvent[];

  /** Off-heap payloads (Buffer, ArrayBuffer) through the process's C allocator (mmap for large ones); the address. */
  allocateExternal(bytes: number, owner: ObjectRef): number;
  usage(): ManagedMemoryUsage;

  /** The live objects, in address order within each space (the views' window asks for a range). */
  objects(): Iterable<ManagedObjectInfo>;
  /** The shortest path from a root, or undefined for an unreachable object. */
  retainerPath(ref: ObjectRef): RetainerPath | undefined;
  /** What the object keeps alive by itself (retained size, from the dominator tree). */
  retainedBytes(ref: ObjectRef): number;
  /** Objects in refcount mode whose counts never reached zero though no root reaches them, grouped by cycle. */
  leakedCycles(): readonly (readonly ObjectRef[])[];

  /** Whole state for stepping back (the session saves and restores it with the language's). */
  saveState(): unknown;
  restoreState(state: unknown): void;
}

// ---- Additions (the simulated heap implements them; see README.md) ----

/** Live objects allocated between two marks, grouped as a heap-snapshot comparison groups them. */
export interface AllocationGroup {
  readonly label: string;
  readonly line?: number;
  readonly count: number;
  readonly bytes: number;
  /** The objects, oldest first. */
  readonly refs: readonly ObjectRef[];
}

export interface SpaceMapping {
  readonly space: 'new-from' | 'new-to' | 'old' | 'large-object';
  readonly start: number;
  readonly end: number;
}

export interface ManagedHeapExtras {
  /**
   * One unit of the collection in progress (starting one that is due if none is), as the debugger
   * steps through a GC; the progress after it, or undefined when no collection runs (and none is due).
   * While a scavenge or a cycle collection is in progress the program must not run: any allocate
   * or recordStore first finishes it. Incremental marking lets the program run between units.
   */
  stepGc(): GcProgress | undefined;
  /**
   * A safepoint in two halves, for a debugger that stops where a collection starts and steps
   * through the work this safepoint does (`safepoint(step)` is both at once): `beginSafepoint`
   * starts what is due and returns the collection it started; `safepointUnit` does one unit of
   * the safepoint's work (undefined when none is left); `endSafepoint` does the rest. The units
   * are the same whether stepped or not, so a run is the same either way.
   */
  beginSafepoint(step: number): CollectionKind | undefined;
  safepointUnit(): { readonly progress: GcProgress | undefined; readonly event?: GcEvent; readonly last: boolean } | undefined;
  endSafepoint(): void;
  /** Starts a collection now (for stepping through it with stepGc); the one in progress if any. */
  beginGc(kind: CollectionKind, reason: string, step: number): GcProgress;
  /** The collection a safepoint would start now, if any. */
  dueGc(): GcKind | undefined;
  /** Refcount modes: counts a value the language holds outside any slot (a return value in flight); same as recordStore(undefined, undefined, ref). */
  retain(ref: ObjectRef): void;
  release(ref: ObjectRef): void;
  /** A mark for comparisons: allocations after it have larger marks. */
  allocationMark(): number;
  /** Objects allocated in [fromMark, toMark) that are still alive, grouped by label and line, largest first. */
  liveAllocatedBetween(fromMark: number, toMark?: number): readonly AllocationGroup[];
  /** The process whose memory the heap lives in, after the language restored a copy of it (saved states). */
  attachProcess(process: Process): void;
  /** The heap's mappings: both semispaces (from-space holds objects only while a scavenge copies), old pages, large objects. */
  spaceMappings(): readonly SpaceMapping[];
  /** Broken invariants (an edge to a dead object, an old-to-new edge the remembered set missed): empty when sound. */
  verify(): readonly string[];
}
