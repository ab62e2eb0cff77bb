import type { CollectorMode, GcEvent, GcKind, ManagedMemoryUsage } from '../../shared/gcReport';
import { deepClone } from '../program/deepClone';
import type { Process } from '../process';
import type { GcCollection, SafepointUnit } from './gcDriver';
import { GcDriver } from './gcDriver';
import { HeapCore, type ManagedHeapOptions, resolveOptions } from './heapCore';
import type { HeapState } from './heapState';
import type {
  AllocationGroup, AllocationRequest, GcProgress, HeapClient, ManagedHeap, ManagedHeapExtras, ManagedObjectInfo, ObjectRef, RetainerPath, SpaceMapping,
} from './managedHeap';
import { markingBarrier } from './markSweep';
import { decrement, increment } from './refcounting';
import { HeapAnalysis } from './heapAnalysis';
import { HeapOutOfMemory, MAX_REGULAR_OBJECT_BYTES, PAGE_BYTES } from './spaceMemory';
import { roundToWord } from './v8Sizes';
import { verifyHeap } from './verifyHeap';

/** What saveState returns: a copy of the heap's tables (the process's memory is its owner's to save). */
interface SavedHeapState {
  readonly savedManagedHeap: 1;
  readonly state: HeapState;
}

/**
 * The managed heap on a simulated process: V8's generational heap (scavenged new space, an
 * incrementally marked, swept and compacted old space, large-object space) or reference counting
 * with or without a cycle collector. See README.md for the layout and the collectors.
 */
export class SimulatedManagedHeap implements ManagedHeap, ManagedHeapExtras {
  private readonly core: HeapCore;
  private readonly gc: GcDriver;
  private readonly analysis: HeapAnalysis;

  constructor(process: Process, options: ManagedHeapOptions) {
    this.core = new HeapCore(process, options.client, resolveOptions(options));
    this.gc = new GcDriver(this.core);
    this.analysis = new HeapAnalysis(this.core);
  }

  get mode(): CollectorMode {
    return this.core.options.mode;
  }

  get client(): HeapClient {
    return this.core.client;
  }

  set client(client: HeapClient) {
    this.core.client = client;
  }

  allocate(request: AllocationRequest): ObjectRef {
    if (!(Number.isFinite(request.bytes) && request.bytes > 0)) throw new RangeError(`managed heap: cannot allocate ${request.bytes} bytes`);
    const req = { ...request, bytes: roundToWord(request.bytes) };
    this.gc.finishAtomic();
    const core = this.core;
    let record = core.place(req, true);
    if (!record) {
      this.gc.runScavenge('allocation failure: new space full', core.state.step);
      record = core.place(req, true) ?? core.place(req, false)!;
    }
    if (!core.generational) {
      core.state.unowned.add(record.ref);
      core.state.allocationsSinceCycleCollection++;
    }
    this.gc.allocatedDuringCollection(record.ref);
    return record.ref;
  }

  resize(ref: ObjectRef, bytes: number): void {
    if (!(Number.isFinite(bytes) && bytes > 0)) throw new RangeError(`managed heap: cannot resize to ${bytes} bytes`);
    this.gc.finishAtomic();
    this.core.resize(this.core.live(ref), roundToWord(bytes));
  }

  recordStore(holder: ObjectRef | undefined, previous: ObjectRef | undefined, target: ObjectRef | undefined): void {
    const core = this.core;
    this.gc.finishAtomic();
    core.state.graphVersion++;
    if (!core.generational) {
      increment(core, target);
      decrement(core, previous);
      return;
    }
    if (holder === undefined || target === undefined) return;
    const h = core.record(holder);
    const t = core.record(target);
    if (!h || !t) return;
    // The generational barrier: an old object now points into new space.
    if (h.space !== 'new' && t.space === 'new') core.state.rememberedSet.add(holder);
    const g = core.state.collection;
    if (g?.kind === 'mark-sweep') markingBarrier(core, g, holder, target);
  }

  retain(ref: ObjectRef): void {
    this.recordStore(undefined, undefined, ref);
  }

  release(ref: ObjectRef): void {
    this.recordStore(undefined, ref, undefined);
  }

  isAlive(ref: ObjectRef): boolean {
    return this.core.state.objects.has(ref);
  }

  info(ref: ObjectRef): ManagedObjectInfo {
    return this.core.info(this.core.live(ref));
  }

  addressOf(ref: ObjectRef): number {
    return this.core.live(ref).address;
  }

  safepoint(step: number): void {
    this.gc.safepoint(step);
  }

  collect(reason: string, step: number): GcEvent {
    return this.gc.collect(reason, step);
  }

  get progress(): GcProgress | undefined {
    return this.gc.progress();
  }

  beginSafepoint(step: number): GcCollection | undefined {
    return this.gc.beginSafepoint(step);
  }

  safepointUnit(): SafepointUnit | undefined {
    return this.gc.safepointUnit();
  }

  endSafepoint(): void {
    this.gc.endSafepoint();
  }

  stepGc(): GcProgress | undefined {
    return this.gc.stepGc();
  }

  beginGc(kind: GcCollection, reason: string, step: number): GcProgress {
    return this.gc.begin(kind, reason, step);
  }

  dueGc(): GcKind | undefined {
    return this.gc.due();
  }

  events(): readonly GcEvent[] {
    return this.core.state.events;
  }

  /**
   * An off-heap payload through the process's malloc (glibc serves 128 KiB and more by mmap):
   * calloc'd when `zeroFill` (Buffer.alloc, new ArrayBuffer), malloc'd otherwise
   * (Buffer.allocUnsafe). Freed with its owner.
   */
  allocateExternal(bytes: number, owner: ObjectRef, zeroFill = true): number {
    const o = this.core.live(owner);
    const allocator = this.core.memory.process.allocator;
    const size = Math.max(0, Math.floor(bytes));
    const address = zeroFill ? allocator.calloc(1, size) : allocator.malloc(size);
    if (address === 0) throw new HeapOutOfMemory(size, `malloc(${size}) returned NULL for an off-heap payload`);
    const blocks = this.core.state.externals.get(owner) ?? [];
    blocks.push({ address, bytes: size, arrayBuffer: o.kind === 'array-buffer' });
    this.core.state.externals.set(owner, blocks);
    return address;
  }

  usage(): ManagedMemoryUsage {
    const s = this.core.state;
    let heapTotal = s.oldPages.length * PAGE_BYTES;
    if (s.newSpace) heapTotal += s.newSpace.semispaces[0].length + s.newSpace.semispaces[1].length;
    for (const m of s.largeObjects.values()) heapTotal += m.length;
    let external = 0;
    let arrayBuffers = 0;
    for (const blocks of s.externals.values()) {
      for (const b of blocks) {
        external += b.bytes;
        if (b.arrayBuffer) arrayBuffers += b.bytes;
      }
    }
    return { rss: this.core.memory.process.counters().rssBytes, heapTotal, heapUsed: s.usedBytes, external, arrayBuffers };
  }

  /**
   * In address order across the spaces (old-space pages and large objects are mapped after new
   * space, below it, so the few long-lived objects come before the young generation's churn).
   */
  *objects(): Iterable<ManagedObjectInfo> {
    const s = this.core.state;
    const refs: ObjectRef[] = [...(s.newSpace?.objects ?? []), ...s.oldPages.flatMap((page) => [...page.objects]), ...s.largeObjects.keys()];
    yield* refs.map((ref) => this.core.info(s.objects.get(ref)!)).sort((a, b) => a.address - b.address);
  }

  retainerPath(ref: ObjectRef): RetainerPath | undefined {
    return this.analysis.retainerPath(ref);
  }

  retainedBytes(ref: ObjectRef): number {
    return this.analysis.retainedBytes(ref);
  }

  leakedCycles(): readonly (readonly ObjectRef[])[] {
    return this.core.generational ? [] : this.analysis.unreachableGroups();
  }

  allocationMark(): number {
    return this.core.state.nextRef;
  }

  liveAllocatedBetween(fromMark: number, toMark?: number): readonly AllocationGroup[] {
    return this.analysis.liveAllocatedBetween(fromMark, toMark ?? this.core.state.nextRef);
  }

  attachProcess(process: Process): void {
    this.core.memory.process = process;
  }

  spaceMappings(): readonly SpaceMapping[] {
    const s = this.core.state;
    const out: SpaceMapping[] = [];
    if (s.newSpace) {
      s.newSpace.semispaces.forEach((m, i) => out.push({ space: i === s.newSpace!.toIndex ? 'new-to' : 'new-from', start: m.start, end: m.start + m.length }));
    }
    for (const p of s.oldPages) out.push({ space: 'old', start: p.start, end: p.end });
    for (const m of s.largeObjects.values()) out.push({ space: 'large-object', start: m.start, end: m.start + m.length });
    return out;
  }

  verify(): readonly string[] {
    return verifyHeap(this.core);
  }

  saveState(): unknown {
    const saved: SavedHeapState = { savedManagedHeap: 1, state: deepClone(this.core.state, () => false) };
    return saved;
  }

  restoreState(state: unknown): void {
    const saved = state as Partial<SavedHeapState> | undefined;
    if (saved?.savedManagedHeap !== 1 || !saved.state) throw new TypeError('managed heap: restoreState needs a state from saveState');
    this.core.state = deepClone(saved.state, () => false);
  }
}

/** The largest object new space takes; bigger ones go to large-object space. */
export const LARGE_OBJECT_THRESHOLD_BYTES = MAX_REGULAR_OBJECT_BYTES;
