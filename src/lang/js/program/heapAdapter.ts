import type { CollectionKind, GcEvent, ManagedMemoryUsage } from '../../../shared/gcReport';
import type { EdgeName, HeapClient, ManagedHeap, ManagedHeapExtras, ManagedObjectKind, ObjectRef, RootDescription } from '../../../engine/managedHeap';
import { v8Sizes } from '../../../engine/managedHeap';
import type { Interp } from '../interp/interp';
import type { Process } from '../../../engine/process';
import type { AllocationKind, HeapPort } from '../interp/heapPort';
import { HeapStrings, RecentConcatenations, isTwoByte } from './heapStrings';
import type { Frame } from '../interp/frames';
import type { Scope } from '../interp/scope';
import { HOLE, JsArray, JsFunction, JsObject, type JsValue, NO_REF, type PropKey } from '../interp/values';

/** A heap object that is one of an object's stores besides itself: its elements store or its hash table. */
type StorePart = { readonly owner: JsObject; readonly part: 'elements' | 'table' };

/**
 * Strings at least this long are heap objects of their own, made when first stored (a page of
 * HTML in a cache, a log line kept in an array). Shorter ones — V8 keeps most of them as
 * internalized literals or in small sequences — are left out so the heap view stays readable.
 * Equal contents share one heap string, as an interned string would.
 */
export const HEAP_STRING_MIN_LENGTH = 32;

const keyText = (k: PropKey) => (typeof k === 'string' ? k : `[${k.description ?? ''}]`);

/**
 * The interpreter's side of the managed heap: it makes a heap object for every JS object (an
 * array's elements store and a Map's hash table are heap objects of their own, as in V8), tells
 * the heap every reference store (roots too: the reference-counting modes count them), and
 * answers the collector's questions — each object's references, the roots with the names a
 * heap snapshot gives them, weak references and ephemerons — and clears WeakRefs, weak
 * collections' entries and queues FinalizationRegistry callbacks when the heap frees objects.
 *
 * The built-ins made before the program starts are not on the managed heap (V8 keeps them in its
 * read-only snapshot and old space); what the program stores into them (`global.cache = ...`)
 * is a root named after where it is stored.
 */
export class HeapAdapter implements HeapPort, HeapClient {
  /** What each handle is: a JS object's own heap object (the object itself: no record per object) or one of its stores. */
  private readonly parts = new Map<ObjectRef, JsObject | StorePart>();
  /** Objects made before the program started: roots for what the program stores in them. */
  private readonly immortals: JsObject[] = [];
  private attached = false;
  private readonly weakHolders = new Set<JsObject>();
  /** Slack tracking: constructions per constructor, and the instances made while it tracks. */
  private readonly constructions = new WeakMap<JsFunction, { count: number; instances: JsObject[] }>();
  /** The heap strings (see HEAP_STRING_MIN_LENGTH); a ConsString's two halves by its handle. */
  private readonly strings = new HeapStrings();
  private readonly consHalves = new Map<ObjectRef, { left: string; right: string }>();
  private readonly concatenations = new RecentConcatenations();

  constructor(private readonly it: Interp, readonly heap: ManagedHeap & ManagedHeapExtras, private readonly process: Process) {}

  /** From now on objects go on the managed heap (the built-ins before are immortal). */
  attach(): void {
    this.attached = true;
  }

  // ---- HeapPort ----

  made(o: JsObject, kind: AllocationKind, label: string, line: number | undefined): void {
    if (!this.attached) {
      this.immortals.push(o);
      return;
    }
    const { heapKind, bytes } = this.initialSize(o, kind);
    o.ref = this.heap.allocate({ kind: heapKind, bytes, label, ...(line !== undefined ? { line } : {}) });
    this.parts.set(o.ref, o);
    o.heapStores = { elementsCapacity: 0, tableCapacity: 0, bytes };
    if (o.cls === 'WeakRef' || o.cls === 'WeakMap' || o.cls === 'WeakSet' || o.cls === 'FinalizationRegistry') this.weakHolders.add(o);
  }

  private initialSize(o: JsObject, kind: AllocationKind): { heapKind: ManagedObjectKind; bytes: number } {
    switch (kind) {
      case 'array': return { heapKind: 'array', bytes: v8Sizes.ARRAY_BYTES };
      case 'function': return { heapKind: 'function', bytes: v8Sizes.closureBytes(o instanceof JsFunction && o.constructible) };
      case 'context': return { heapKind: 'context', bytes: v8Sizes.contextBytes(o.contextOf?.captured?.size ?? 0) };
      case 'array-buffer': return { heapKind: 'array-buffer', bytes: v8Sizes.ARRAY_BUFFER_BYTES };
      default:
        if (o.cls === 'Map' || o.cls === 'Set' || o.cls === 'WeakMap' || o.cls === 'WeakSet') return { heapKind: 'object', bytes: v8Sizes.COLLECTION_BYTES };
        if (o.cls === 'ArrayBuffer') return { heapKind: 'array-buffer', bytes: v8Sizes.ARRAY_BUFFER_BYTES };
        if (o.cls === 'TypedArray') return { heapKind: 'array-buffer', bytes: v8Sizes.TYPED_ARRAY_BYTES };
        if (o.cls === 'Promise') return { heapKind: 'object', bytes: v8Sizes.objectBytes(2) };
        return { heapKind: 'object', bytes: v8Sizes.objectLiteralBytes(0) };
    }
  }

  write(holder: JsObject, previous: JsValue, next: JsValue): void {
    this.store(holder.ref, previous, next);
  }

  writeElement(holder: JsObject, previous: JsValue, next: JsValue): void {
    if (holder.ref === NO_REF) return this.store(NO_REF, previous, next);
    this.ensureElements(holder);
    this.store(holder.heapStores?.elements ?? holder.ref, previous, next);
  }

  writeEntry(holder: JsObject, previous: JsValue, next: JsValue): void {
    if (holder.ref === NO_REF) return this.store(NO_REF, previous, next);
    this.ensureTable(holder);
    this.store(holder.heapStores?.table ?? holder.ref, previous, next);
  }

  writeRoot(previous: JsValue, next: JsValue): void {
    this.store(NO_REF, previous, next);
  }

  private store(holder: ObjectRef, previous: JsValue, next: JsValue): void {
    const p = this.refOf(previous);
    const n = next instanceof JsObject ? (next.ref !== NO_REF ? next.ref : undefined) : this.stringRef(next, true);
    if (p === undefined && n === undefined) return;
    this.heap.recordStore(holder === NO_REF ? undefined : holder, p, n);
  }

  /** The heap object a value is, if any: an object's handle, or a heap string's. */
  private refOf(x: JsValue): ObjectRef | undefined {
    if (x instanceof JsObject) return x.ref !== NO_REF ? x.ref : undefined;
    return this.stringRef(x, false);
  }

  /**
   * A long string's heap object, made on its first store when `make` is set. Only the
   * generational collector has them: the reference-counting modes count object references only.
   */
  private stringRef(x: JsValue, make: boolean): ObjectRef | undefined {
    if (typeof x !== 'string' || x.length < HEAP_STRING_MIN_LENGTH || !this.attached || this.heap.mode !== 'generational') return undefined;
    const known = this.strings.find(x);
    if (known !== undefined || !make) return known;
    const line = this.it.line();
    const at = line !== undefined ? { line } : {};
    const halves = this.concatenations.halvesOf(x);
    const ref = halves
      ? this.heap.allocate({ kind: 'string', bytes: v8Sizes.CONS_STRING_BYTES, label: '(concatenated string)', ...at })
      : this.heap.allocate({ kind: 'string', bytes: v8Sizes.stringBytes(x.length, isTwoByte(x)), label: '(string)', ...at });
    this.strings.add(x, ref);
    if (halves) {
      this.consHalves.set(ref, halves);
      for (const half of [halves.left, halves.right]) {
        const target = this.stringRef(half, true);
        if (target !== undefined) this.heap.recordStore(ref, undefined, target);
      }
    }
    return ref;
  }

  concatenated(result: string, left: string, right: string): void {
    if (result.length >= HEAP_STRING_MIN_LENGTH) this.concatenations.note(result, left, right);
  }

  grew(o: JsObject): void {
    if (o.ref === NO_REF) return;
    const stores = o.heapStores;
    if (!stores) return;
    if (o instanceof JsArray) {
      this.ensureElements(o);
      return;
    }
    if (o.mapData || o.setData || o.weakData) {
      this.ensureTable(o);
      return;
    }
    // Properties past the object's in-object slots: V8 moves them to a properties store; counted in the object here.
    const wanted = v8Sizes.objectBytes(Math.max(4, o.props.size));
    if (wanted > stores.bytes) {
      stores.bytes = wanted;
      this.heap.resize(o.ref, wanted);
    }
  }

  reserveElements(a: JsObject, length: number): void {
    if (a.ref !== NO_REF && length > (a instanceof JsArray ? a.items.length : 0)) this.ensureElements(a, length);
  }

  /** The array's elements store, made on its first element and grown as V8 grows a FixedArray. */
  private ensureElements(a: JsObject, length = a instanceof JsArray ? a.items.length : 0): void {
    if (!(a instanceof JsArray)) return;
    const stores = a.heapStores;
    if (!stores) return;
    if (length === 0 && stores.elements === undefined) return;
    if (stores.elements === undefined) {
      stores.elementsCapacity = length;
      stores.elements = this.heap.allocate({ kind: 'elements', bytes: v8Sizes.fixedArrayBytes(length), label: '(array elements)', ...(this.it.line() !== undefined ? { line: this.it.line() } : {}) });
      this.parts.set(stores.elements, { owner: a, part: 'elements' });
      this.heap.recordStore(a.ref, undefined, stores.elements);
      return;
    }
    if (length > stores.elementsCapacity) {
      let cap = stores.elementsCapacity;
      while (cap < length) cap = v8Sizes.grownElementsCapacity(cap);
      stores.elementsCapacity = cap;
      this.heap.resize(stores.elements, v8Sizes.fixedArrayBytes(cap));
    }
  }

  /** A Map's or Set's ordered hash table (a WeakMap's ephemeron table), doubled when full. */
  private ensureTable(o: JsObject): void {
    const stores = o.heapStores;
    if (!stores) return;
    const size = o.mapData?.size ?? o.setData?.size ?? o.weakData?.size ?? 0;
    const bytesFor = (cap: number) => (o.mapData ? v8Sizes.orderedHashMapBytes(cap) : o.setData ? v8Sizes.orderedHashSetBytes(cap) : v8Sizes.hashTableBytes(cap));
    if (stores.table === undefined) {
      stores.tableCapacity = v8Sizes.ORDERED_HASH_INITIAL_CAPACITY;
      while (stores.tableCapacity < size) stores.tableCapacity *= 2;
      stores.table = this.heap.allocate({ kind: 'hash-table', bytes: bytesFor(stores.tableCapacity), label: o.mapData ? '(Map table)' : o.setData ? '(Set table)' : '(WeakMap table)', ...(this.it.line() !== undefined ? { line: this.it.line() } : {}) });
      this.parts.set(stores.table, { owner: o, part: 'table' });
      this.heap.recordStore(o.ref, undefined, stores.table);
      return;
    }
    if (size > stores.tableCapacity) {
      while (stores.tableCapacity < size) stores.tableCapacity *= 2;
      this.heap.resize(stores.table, bytesFor(stores.tableCapacity));
    }
  }

  /** An object literal's final size: one in-object slot per property it was written with. */
  literal(o: JsObject, properties: number): void {
    const stores = o.heapStores;
    if (!stores || o.ref === NO_REF) return;
    const bytes = v8Sizes.objectLiteralBytes(properties);
    if (bytes !== stores.bytes) {
      stores.bytes = bytes;
      this.heap.resize(o.ref, bytes);
    }
  }

  /** An instance a constructor finished: slack tracking (spare slots until the 7th construction shrinks every instance). */
  constructed(o: JsObject, ctor: JsFunction): void {
    if (o.ref === NO_REF) return;
    let c = this.constructions.get(ctor);
    if (!c) this.constructions.set(ctor, (c = { count: 0, instances: [] }));
    c.count++;
    const used = o.props.size;
    const resizeTo = (x: JsObject, bytes: number) => {
      const stores = x.heapStores;
      if (!stores || x.ref === NO_REF || !this.heap.isAlive(x.ref) || stores.bytes === bytes) return;
      stores.bytes = bytes;
      this.heap.resize(x.ref, bytes);
    };
    const bytes = v8Sizes.instanceBytes(used, used, c.count);
    if (c.count < v8Sizes.SLACK_TRACKING_CONSTRUCTIONS) {
      c.instances.push(o);
      resizeTo(o, bytes);
      return;
    }
    if (c.count === v8Sizes.SLACK_TRACKING_CONSTRUCTIONS) {
      for (const x of c.instances) resizeTo(x, v8Sizes.instanceBytes(used, x.props.size, c.count));
      c.instances = [];
    }
    resizeTo(o, bytes);
  }

  beginSafepoint(step: number): CollectionKind | undefined {
    return this.heap.beginSafepoint(step);
  }

  endSafepoint(): void {
    this.heap.endSafepoint();
  }

  collect(reason: string): void {
    this.heap.collect(reason, this.it.steps);
  }

  usage(): ManagedMemoryUsage {
    return this.heap.usage();
  }

  external(o: JsObject, bytes: number): void {
    if (o.ref === NO_REF || !o.bytes) return;
    o.bytes.address = this.heap.allocateExternal(bytes, o.ref);
  }

  bytesWritten(buffer: JsObject, offset: number, length: number): void {
    const b = buffer.bytes;
    if (!b || b.address === undefined || length <= 0) return;
    this.process.mmu.writeBytes(b.address + offset, b.data.subarray(offset, offset + length));
  }

  events(): readonly GcEvent[] {
    return this.heap.events();
  }

  // ---- HeapClient ----

  forEachReference(ref: ObjectRef, visit: (target: ObjectRef, edge: EdgeName) => void, named = true): void {
    const v = (x: JsValue, edge: string) => {
      const target = this.refOf(x);
      if (target !== undefined) visit(target, edge);
    };
    const halves = this.consHalves.get(ref);
    if (halves) {
      v(halves.left, 'first');
      v(halves.right, 'second');
      return;
    }
    const part = this.parts.get(ref);
    if (part === undefined) return;
    if (!(part instanceof JsObject)) {
      const owner = part.owner;
      if (part.part === 'elements') {
        if (owner instanceof JsArray) {
          const items = owner.items;
          for (let i = 0; i < items.length; i++) if (items[i] !== HOLE) v(items[i], named ? `[${i}]` : '');
        }
        return;
      }
      // forEach: a for-of over the entries makes an array per entry, and a big Map's table is
      // traced at every scavenge while it is in the remembered set.
      if (owner.mapData) owner.mapData.forEach((x, k) => {
        v(k, 'key');
        v(x, 'value');
      });
      if (owner.setData) for (const x of owner.setData) v(x, 'value');
      return;
    }
    const o = part;
    const stores = o.heapStores;
    if (stores?.elements !== undefined) visit(stores.elements, 'elements');
    if (stores?.table !== undefined) visit(stores.table, 'table');
    if (o.proto) v(o.proto, '__proto__');
    o.props.forEach((p, k) => {
      v(p.value, named ? keyText(k) : '');
      if (p.get) v(p.get, `get ${keyText(k)}`);
      if (p.set) v(p.set, `set ${keyText(k)}`);
    });
    if (o.privates) for (const [name, p] of o.privates) {
      v(p.value, `#${name.description}`);
      if (p.get) v(p.get, `get #${name.description}`);
      if (p.set) v(p.set, `set #${name.description}`);
    }
    if (o.holds) for (const x of o.holds) v(x, 'internal');
    if (o instanceof JsFunction) {
      v(o.scope?.nearestContext(), 'context');
      v(o.homeObject, 'home_object');
      v(o.boundTarget, 'bound_function');
    }
    if (o.contextOf) {
      const s = o.contextOf;
      for (const name of s.captured ?? []) v(s.vars.get(name)?.value, name);
      v(s.parent?.nearestContext(), 'previous');
    }
    if (o.typed) v(o.typed.buffer, 'buffer');
    if (o.promise) {
      v(o.promise.result, 'result');
      for (const r of [...o.promise.fulfillReactions, ...o.promise.rejectReactions]) {
        if (r.kind === 'then') {
          v(r.handler, 'reaction');
          v(r.derived, 'derived promise');
        } else {
          this.frameReferences(r.frame, (x, edge) => v(x, `await · ${edge}`));
          for (const x of r.holds ?? []) v(x, 'await · promise');
        }
      }
    }
    if (o.generator) this.frameReferences(o.generator.frame, (x, edge) => v(x, `generator · ${edge}`));
    if (o.finalization) {
      v(o.finalization.callback, 'cleanup');
      for (const c of o.finalization.cells) {
        v(c.held, 'held value');
        v(c.token, 'unregister token');
      }
    }
    if (o.weakData && o.cls === 'WeakMap') {
      // The values are ephemerons (see forEachEphemeron); nothing strong here.
    }
  }

  forEachWeakReference(ref: ObjectRef, visit: (target: ObjectRef, edge: EdgeName) => void): void {
    const o = this.parts.get(ref);
    if (!(o instanceof JsObject)) return;
    if (o.weakTarget && o.weakTarget.ref !== NO_REF) visit(o.weakTarget.ref, 'target');
    if (o.finalization) for (const c of o.finalization.cells) if (c.target.ref !== NO_REF) visit(c.target.ref, 'registered target');
    if (o.weakData && o.cls === 'WeakSet') for (const k of o.weakData.keys()) if (k.ref !== NO_REF) visit(k.ref, 'weak key');
  }

  forEachEphemeron(ref: ObjectRef, visit: (key: ObjectRef, value: ObjectRef) => void): void {
    const o = this.parts.get(ref);
    if (!(o instanceof JsObject) || o.cls !== 'WeakMap' || !o.weakData) return;
    for (const [k, x] of o.weakData) if (k.ref !== NO_REF && x instanceof JsObject && x.ref !== NO_REF) visit(k.ref, x.ref);
  }

  /** A frame's variables, contexts, `this` and temporaries (a running call's roots; a suspended generator's references). */
  private frameReferences(frame: Frame, visit: (x: JsValue, edge: string) => void): void {
    for (let s: Scope | undefined = frame.current; s; s = s.parent) {
      for (const [name, b] of s.vars) if (!(s.context && s.captured?.has(name))) visit(b.value, name);
      if (s.context) visit(s.context, 'context');
      if (s.thisBinding) visit(s.thisBinding.value, 'this');
      if (s === frame.scope || s.kind === 'global') break;
    }
    for (const t of frame.temps) visit(t, 'temporary');
  }

  forEachRoot(visit: (target: ObjectRef, root: RootDescription) => void): void {
    const it = this.it;
    const v = (x: JsValue, root: RootDescription) => {
      const target = this.refOf(x);
      if (target !== undefined) visit(target, root);
    };
    for (const o of this.immortals) {
      const owner = o === it.global ? 'global' : undefined;
      for (const [k, p] of o.props) {
        const name = `${owner ?? 'built-in'}.${keyText(k)}`;
        const root: RootDescription = { kind: owner ? 'global' : 'handle', name };
        v(p.value, root);
        v(p.get, root);
        v(p.set, root);
      }
      for (const x of o.holds ?? []) v(x, { kind: 'handle', name: 'built-in' });
    }
    const g = it.globalScope;
    for (const [name, b] of g.vars) if (!(g.context && g.captured?.has(name))) v(b.value, { kind: 'module', name });
    v(g.context, { kind: 'module', name: 'module scope (captured variables)' });
    for (const f of it.frames) {
      if (f.scope === g) {
        for (let s: Scope | undefined = f.current; s && s !== g; s = s.parent) this.scopeRoots(s, 'module', v);
        for (const t of f.temps) v(t, { kind: 'handle', name: 'module · temporary' });
        continue;
      }
      const fname = f.name || '(anonymous)';
      this.frameReferences(f, (x, edge) => v(x, { kind: 'frame', name: `frame ${fname} · ${edge}` }));
    }
    for (const t of it.looseTemps) v(t, { kind: 'handle', name: 'event loop · temporary' });
    for (const t of it.keptDuringJob) v(t, { kind: 'handle', name: 'WeakRef target (kept until the job ends)' });
    for (const r of it.loop.roots()) v(r.value, { kind: r.kind, name: r.name });
    for (const f of it.loop.heldFrames()) this.frameReferences(f, (x, edge) => v(x, { kind: 'microtask', name: `await continuation ${f.name} · ${edge}` }));
  }

  private scopeRoots(s: Scope, kind: 'module', v: (x: JsValue, root: RootDescription) => void): void {
    for (const [name, b] of s.vars) if (!(s.context && s.captured?.has(name))) v(b.value, { kind, name });
    v(s.context, { kind, name: 'block context' });
  }

  onFreed(refs: readonly ObjectRef[]): void {
    const dead = new Set<JsObject>();
    for (const ref of refs) {
      if (this.strings.remove(ref)) {
        this.consHalves.delete(ref);
        continue;
      }
      const part = this.parts.get(ref);
      if (!part) continue;
      this.parts.delete(ref);
      if (part instanceof JsObject) dead.add(part);
    }
    if (dead.size === 0) return;
    for (const w of [...this.weakHolders]) {
      if (dead.has(w)) {
        this.weakHolders.delete(w);
        continue;
      }
      if (w.weakTarget && dead.has(w.weakTarget)) w.weakTarget = undefined;
      if (w.weakData) for (const k of [...w.weakData.keys()]) if (dead.has(k)) w.weakData.delete(k);
      if (w.finalization) {
        const cells = w.finalization.cells;
        for (const c of cells.filter((c) => dead.has(c.target))) {
          this.it.loop.addTimer('immediate', w.finalization.callback, 0, [c.held], w);
        }
        const kept = cells.filter((c) => !dead.has(c.target));
        cells.length = 0;
        cells.push(...kept);
      }
    }
    for (const o of dead) o.ref = NO_REF;
  }

  /** The address of a live object (undefined for built-ins and freed ones). */
  addressOf(o: JsObject): number | undefined {
    return o.ref !== NO_REF && this.heap.isAlive(o.ref) ? this.heap.addressOf(o.ref) : undefined;
  }
}
