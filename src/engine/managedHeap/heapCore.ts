import type { CollectorMode, GcEvent } from '../../shared/gcReport';
import type { AllocationRequest, HeapClient, ManagedObjectInfo, ObjectRef } from './managedHeap';
import { type HeapState, type ObjectRecord, emptyHeapState } from './heapState';
import { MAX_REGULAR_OBJECT_BYTES, PAGE_HEADER_BYTES, SpaceMemory } from './spaceMemory';
import { Spaces } from './spaces';
import type { Process } from '../process';

/** How the heap is sized and paced; every figure has a V8-like default. */
export interface ManagedHeapOptions {
  readonly mode: CollectorMode;
  readonly client: HeapClient;
  /** One semispace's capacity: what new space holds before a scavenge. Default 1 MiB (V8's initial semispace on x64). */
  readonly newSpaceBytes?: number;
  /** Old-generation bytes that start incremental marking; grown to twice the survivors after each full GC. Default 4 MiB. */
  readonly oldGenerationLimitBytes?: number;
  /** Marking (or sweeping) units a safepoint does while an incremental mark-sweep runs. Default 32. */
  readonly markUnitsPerSafepoint?: number;
  /** New space this full (a fraction) starts a scavenge at the next safepoint, as V8's scavenge task does at 80%. */
  readonly scavengeTaskTrigger?: number;
  /** Free bytes over old pages' area past which the sweeper compacts. Default 0.5. */
  readonly compactionThreshold?: number;
  /**
   * The marking barrier: 'dijkstra' greys a white object stored into a black one (V8's
   * WriteBarrier::Marking does this), 'steele' re-greys the black holder instead, 'none' has no
   * barrier (only to show what goes wrong without one).
   */
  readonly markingBarrier?: 'dijkstra' | 'steele' | 'none';
  /** Refcount+cycles: allocations between two cycle collections (CPython's generation-0 threshold). Default 700. */
  readonly cycleCollectionAllocations?: number;
  /**
   * When false, safepoints only start collections that are due and leave their work to `stepGc`
   * (the debugger steps through them unit by unit). Default true.
   */
  readonly gcWorkAtSafepoints?: boolean;
}

export type ResolvedOptions = Required<Omit<ManagedHeapOptions, 'client'>>;

export function resolveOptions(o: ManagedHeapOptions): ResolvedOptions {
  return {
    mode: o.mode,
    newSpaceBytes: o.newSpaceBytes ?? 1024 * 1024,
    oldGenerationLimitBytes: o.oldGenerationLimitBytes ?? 4 * 1024 * 1024,
    markUnitsPerSafepoint: o.markUnitsPerSafepoint ?? 32,
    scavengeTaskTrigger: o.scavengeTaskTrigger ?? 0.8,
    compactionThreshold: o.compactionThreshold ?? 0.5,
    markingBarrier: o.markingBarrier ?? 'dijkstra',
    cycleCollectionAllocations: o.cycleCollectionAllocations ?? 700,
    gcWorkAtSafepoints: o.gcWorkAtSafepoints ?? true,
  };
}

/**
 * The heap's shared machinery, used by every collector: the object table, the spaces, and the
 * primitive operations (place, move, free) that keep the table, the spaces and the process's
 * memory in agreement.
 */
export class HeapCore {
  state: HeapState;
  readonly memory: SpaceMemory;
  readonly spaces: Spaces;
  readonly options: ResolvedOptions;

  constructor(process: Process, public client: HeapClient, options: ResolvedOptions) {
    this.options = options;
    this.memory = new SpaceMemory(process);
    this.state = emptyHeapState(options.oldGenerationLimitBytes);
    this.spaces = new Spaces(() => this.state, this.memory);
    if (options.mode === 'generational') {
      if (!(options.newSpaceBytes >= 4096 && options.newSpaceBytes % 4096 === 0)) {
        throw new RangeError(`newSpaceBytes must be a positive multiple of 4096 (got ${options.newSpaceBytes})`);
      }
      this.state.newSpace = this.spaces.createNewSpace(options.newSpaceBytes);
    }
  }

  get generational(): boolean {
    return this.options.mode === 'generational';
  }

  record(ref: ObjectRef | undefined): ObjectRecord | undefined {
    return ref === undefined ? undefined : this.state.objects.get(ref);
  }

  /** The record of a live object; a dead or unknown handle is the language's bug. */
  live(ref: ObjectRef): ObjectRecord {
    const r = this.state.objects.get(ref);
    if (!r) throw new Error(`managed heap: object #${ref} is not alive`);
    return r;
  }

  /** Live objects `ref` references (the language's tracer, unknown or dead targets skipped). */
  forEachLiveReference(ref: ObjectRef, visit: (target: ObjectRecord) => void): void {
    this.client.forEachReference(
      ref,
      (target) => {
        const r = this.state.objects.get(target);
        if (r) visit(r);
      },
      false,
    );
  }

  forEachLiveRoot(visit: (target: ObjectRecord) => void): void {
    this.client.forEachRoot((target) => {
      const r = this.state.objects.get(target);
      if (r) visit(r);
    });
    for (const r of this.state.objects.values()) if (r.pinned) visit(r);
  }

  /**
   * A new object placed without collecting: large objects in large-object space, the rest in new
   * space (generational, when it has room) or on old pages. Undefined when new space is full.
   */
  place(request: AllocationRequest, allowNewSpace: boolean): ObjectRecord | undefined {
    const bytes = request.bytes;
    const s = this.state;
    const isLarge = bytes > MAX_REGULAR_OBJECT_BYTES;
    if (!isLarge && this.generational && allowNewSpace && this.spaces.newSpaceFree() < bytes) return undefined;
    const ref = s.nextRef++;
    const { address, space } = this.placeBytes(ref, bytes, allowNewSpace);
    const record: ObjectRecord = {
      ref, kind: request.kind, label: request.label, line: request.line, bytes, address, space,
      age: 0, refCount: 0, pinned: request.pinned ?? false, allocatedAtStep: s.step,
    };
    s.objects.set(ref, record);
    s.graphVersion++;
    s.usedBytes += bytes;
    if (space !== 'new') s.oldBytes += bytes;
    this.memory.writeObject(address, bytes, request.kind);
    return record;
  }

  /** Moves an object to an old page (promotion, or evacuation off a page being compacted): its bytes are copied, its handle stays. */
  moveToOldPage(record: ObjectRecord, avoidPages?: ReadonlySet<number>): void {
    const placed = this.spaces.allocateOld(record.bytes, avoidPages);
    this.memory.moveObject(record.address, placed.address, record.bytes);
    if (record.space === 'new') {
      this.state.newSpace!.objects.delete(record.ref);
      this.state.oldBytes += record.bytes;
    }
    else this.spaces.pageOf(record.address)?.objects.delete(record.ref);
    placed.page.objects.add(record.ref);
    record.address = placed.address;
    record.space = 'old';
  }

  /**
   * The object's size changes. Shrinking stays in place (the tail becomes free, or a gap new
   * space reclaims at the next flip); growing needs a new place in the same generation (or
   * large-object space), so the object moves and its bytes are copied.
   */
  resize(r: ObjectRecord, bytes: number): void {
    const s = this.state;
    if (bytes === r.bytes) return;
    const oldBefore = r.space !== 'new' ? r.bytes : 0;
    s.usedBytes += bytes - r.bytes;
    if (bytes < r.bytes) {
      if (r.space === 'old') this.spaces.freeTail(r, bytes);
      r.bytes = bytes;
    } else {
      const mmu = this.memory.process.mmu;
      const contents = mmu.readBytes(r.address, r.bytes);
      const fromMapping = s.largeObjects.get(r.ref);
      const fromNew = r.space === 'new';
      if (r.space === 'old') this.spaces.freeOld(r);
      else if (fromNew) s.newSpace!.objects.delete(r.ref);
      s.largeObjects.delete(r.ref);
      const to = this.placeBytes(r.ref, bytes, fromNew);
      if (fromMapping) this.spaces.freeLarge(fromMapping);
      mmu.writeBytes(to.address, contents);
      mmu.fill(to.address + contents.length, bytes - contents.length, 0);
      r.address = to.address;
      r.space = to.space;
      r.bytes = bytes;
      // Promoted by growing: it may hold new-space pointers the barrier never saw from an old object.
      if (fromNew && to.space !== 'new') s.rememberedSet.add(r.ref);
    }
    s.oldBytes += (r.space !== 'new' ? r.bytes : 0) - oldBefore;
    s.graphVersion++;
  }

  /** Room for `bytes` for object `ref`: large-object space, new space when allowed and it has room, else an old page. */
  private placeBytes(ref: ObjectRef, bytes: number, allowNewSpace: boolean): { address: number; space: ObjectRecord['space'] } {
    const s = this.state;
    if (bytes > MAX_REGULAR_OBJECT_BYTES) {
      const mapping = this.spaces.allocateLarge(bytes);
      s.largeObjects.set(ref, mapping);
      return { address: mapping.start + PAGE_HEADER_BYTES, space: 'large-object' };
    }
    if (this.generational && allowNewSpace) {
      const address = this.spaces.allocateNew(bytes);
      if (address !== undefined) {
        s.newSpace!.objects.add(ref);
        return { address, space: 'new' };
      }
    }
    const placed = this.spaces.allocateOld(bytes);
    placed.page.objects.add(ref);
    return { address: placed.address, space: 'old' };
  }

  /**
   * Frees dead objects: their space gets the bytes back (a filler on old pages, an unmapped
   * large object; new space is reclaimed by the next flip), their off-heap payloads go back to
   * malloc, and the language hears of it (weak references, finalizers).
   */
  release(refs: readonly ObjectRef[]): number {
    let bytes = 0;
    const s = this.state;
    for (const ref of refs) {
      const r = s.objects.get(ref);
      if (!r) continue;
      bytes += r.bytes;
      s.usedBytes -= r.bytes;
      if (r.space !== 'new') s.oldBytes -= r.bytes;
      if (r.space === 'old') this.spaces.freeOld(r);
      else if (r.space === 'large-object') {
        const mapping = s.largeObjects.get(ref);
        if (mapping) this.spaces.freeLarge(mapping);
        s.largeObjects.delete(ref);
      } else s.newSpace?.objects.delete(ref);
      s.objects.delete(ref);
      s.rememberedSet.delete(ref);
      s.unowned.delete(ref);
      s.cycleCandidates.delete(ref);
      this.freeExternals(ref);
    }
    if (refs.length > 0) {
      s.graphVersion++;
      this.client.onFreed?.(refs);
    }
    return bytes;
  }

  private freeExternals(owner: ObjectRef): void {
    const blocks = this.state.externals.get(owner);
    if (!blocks) return;
    for (const b of blocks) this.memory.process.allocator.free(b.address);
    this.state.externals.delete(owner);
  }

  pushEvent(event: GcEvent): GcEvent {
    this.state.events.push(event);
    return event;
  }

  info(r: ObjectRecord): ManagedObjectInfo {
    return {
      ref: r.ref, kind: r.kind, label: r.label, address: r.address, bytes: r.bytes, space: r.space, age: r.age,
      refCount: this.generational ? undefined : r.refCount, line: r.line,
    };
  }
}
