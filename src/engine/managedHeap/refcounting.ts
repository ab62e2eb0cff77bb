import type { HeapCore } from './heapCore';
import type { ObjectRef } from './managedHeap';

/**
 * Reference counting, as CPython and Swift do it: every counted slot (an object's field, or a root
 * slot such as a local or a global) that holds an object adds one to its count. When a count
 * reaches zero the object is freed at once, and what it referenced loses one count each, which
 * may free them too. A cycle keeps its own counts above zero forever: only a cycle collector
 * (cycleCollector.ts) finds it.
 *
 * The internal edges the counts stand for are the tracer's references plus ephemeron values
 * (the language counts exactly those when it stores them).
 *
 * An object nobody has stored yet has count zero; it is the statement's temporary and is freed at
 * the next safepoint if still unclaimed (CPython's evaluation-stack reference, released at the end
 * of the expression). A value the language holds across a release (a return value leaving its
 * frame) must be counted meanwhile: `retain` it, then `release` it once stored.
 */
export function countedReferences(core: HeapCore, ref: ObjectRef, visit: (target: ObjectRef) => void): void {
  core.forEachLiveReference(ref, (t) => visit(t.ref));
  core.client.forEachEphemeron?.(ref, (_key, value) => { if (core.record(value)) visit(value); });
}

export function increment(core: HeapCore, ref: ObjectRef | undefined): void {
  const r = core.record(ref);
  if (!r) return;
  r.refCount++;
  core.state.unowned.delete(r.ref);
}

/** One count less; at zero the object (and whatever that frees in turn) is freed now. */
export function decrement(core: HeapCore, ref: ObjectRef | undefined): void {
  const r = core.record(ref);
  if (!r) return;
  r.refCount = Math.max(0, r.refCount - 1);
  if (r.refCount === 0) freeCascade(core, [r.ref]);
  else if (core.options.mode === 'refcount+cycles') core.state.cycleCandidates.add(r.ref);
}

/** Frees `start` (whose counts are zero) and everything that drops to zero because of it. */
export function freeCascade(core: HeapCore, start: readonly ObjectRef[]): number {
  const dying = new Set<ObjectRef>();
  const stack = [...start];
  const order: ObjectRef[] = [];
  while (stack.length > 0) {
    const ref = stack.pop()!;
    if (dying.has(ref) || !core.record(ref)) continue;
    dying.add(ref);
    order.push(ref);
    countedReferences(core, ref, (t) => {
      const c = core.record(t);
      if (!c || dying.has(t)) return;
      c.refCount = Math.max(0, c.refCount - 1);
      if (c.refCount === 0) stack.push(t);
      else if (core.options.mode === 'refcount+cycles') core.state.cycleCandidates.add(t);
    });
  }
  const bytes = core.release(order);
  const pending = core.state.pendingRefcountFree;
  pending.bytes += bytes;
  pending.objects += order.length;
  return bytes;
}

/** At a safepoint: the temporaries no slot claimed are freed. */
export function freeUnclaimed(core: HeapCore): void {
  const s = core.state;
  const unclaimed = [...s.unowned].filter((ref) => core.record(ref)?.refCount === 0);
  s.unowned.clear();
  if (unclaimed.length > 0) freeCascade(core, unclaimed);
}
