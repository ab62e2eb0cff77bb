import type { CollectorMode } from '../../../../src/shared/gcReport';
import { Process } from '../../../../src/engine/process';
import { createManagedHeap, type ManagedHeapOptions } from '../../../../src/engine/managedHeap';
import type { HeapClient, ManagedObjectKind, ObjectRef, RootDescription } from '../../../../src/engine/managedHeap/managedHeap';
import { SMALL_PROGRAM } from '../process/smallProgram';

/**
 * A tiny "language" for the heap's tests: objects are named fields holding handles, roots are
 * named slots (globals), WeakRefs and WeakMaps hold what the real language would. Every store goes
 * through recordStore as a language must.
 */
export class FakeLanguage implements HeapClient {
  process = Process.start(SMALL_PROGRAM);
  readonly heap;
  readonly fields = new Map<ObjectRef, Map<string, ObjectRef>>();
  readonly roots = new Map<string, { target: ObjectRef; kind: RootDescription['kind'] }>();
  readonly weak = new Map<ObjectRef, ObjectRef | undefined>();
  readonly ephemerons = new Map<ObjectRef, Map<ObjectRef, ObjectRef>>();
  readonly freed: ObjectRef[] = [];
  step = 0;

  constructor(mode: CollectorMode, options: Partial<ManagedHeapOptions> = {}) {
    this.heap = createManagedHeap(this.process, { mode, client: this, newSpaceBytes: 16 * 4096, ...options });
  }

  // ---- HeapClient ----
  forEachReference(ref: ObjectRef, visit: (target: ObjectRef, edge: string) => void): void {
    for (const [name, target] of this.fields.get(ref) ?? []) visit(target, name);
  }

  forEachRoot(visit: (target: ObjectRef, root: RootDescription) => void): void {
    for (const [name, r] of this.roots) visit(r.target, { kind: r.kind, name });
  }

  forEachWeakReference(ref: ObjectRef, visit: (target: ObjectRef, edge: string) => void): void {
    const t = this.weak.get(ref);
    if (t !== undefined) visit(t, 'target');
  }

  forEachEphemeron(ref: ObjectRef, visit: (key: ObjectRef, value: ObjectRef) => void): void {
    for (const [k, v] of this.ephemerons.get(ref) ?? []) visit(k, v);
  }

  onFreed(refs: readonly ObjectRef[]): void {
    this.freed.push(...refs);
    const dead = new Set(refs);
    for (const [holder, target] of this.weak) if (target !== undefined && dead.has(target)) this.weak.set(holder, undefined);
    for (const table of this.ephemerons.values()) for (const k of [...table.keys()]) if (dead.has(k)) table.delete(k);
    for (const ref of refs) {
      this.fields.delete(ref);
      this.ephemerons.delete(ref);
      this.weak.delete(ref);
    }
  }

  // ---- the program's operations ----
  alloc(label = 'Object', bytes = 56, kind: ManagedObjectKind = 'object', line?: number): ObjectRef {
    const ref = this.heap.allocate({ kind, bytes, label, line });
    this.fields.set(ref, new Map());
    return ref;
  }

  set(holder: ObjectRef, field: string, target: ObjectRef | undefined): void {
    const slots = this.fields.get(holder)!;
    const previous = slots.get(field);
    if (target === undefined) slots.delete(field);
    else slots.set(field, target);
    this.heap.recordStore(holder, previous, target);
  }

  setRoot(name: string, target: ObjectRef | undefined, kind: RootDescription['kind'] = 'global'): void {
    const previous = this.roots.get(name)?.target;
    if (target === undefined) this.roots.delete(name);
    else this.roots.set(name, { target, kind });
    this.heap.recordStore(undefined, previous, target);
  }

  setEphemeron(table: ObjectRef, key: ObjectRef, value: ObjectRef): void {
    const t = this.ephemerons.get(table) ?? new Map<ObjectRef, ObjectRef>();
    this.ephemerons.set(table, t);
    const previous = t.get(key);
    t.set(key, value);
    this.heap.recordStore(table, previous, value);
  }

  /** The end of a statement. */
  statement(): void {
    this.heap.safepoint(++this.step);
  }
}
