import type { Interp } from '../interp/interp';
import { JsObject, type JsValue, isCallable } from '../interp/values';
import { defineOwn, getProp } from '../interp/objectModel';
import { call } from '../interp/calls';
import { iterate } from '../interp/loops';
import { getV } from '../interp/objectModel';
import { getter, makeConstructor, method, protoObject, requireThis, simple } from './helpers';
import { hostIterator } from './iterators';

/**
 * Map, Set (insertion-ordered, SameValueZero keys: the host's Map and Set have exactly these
 * semantics), WeakMap and WeakSet (the heap clears an entry when its key dies), WeakRef and
 * FinalizationRegistry (targets cleared, callbacks queued when the heap reports them freed).
 */
export function installCollections(it: Interp): void {
  const norm = (k: JsValue) => (Object.is(k, -0) ? 0 : k);
  const proto = (name: string) => {
    const p = protoObject(it, it.intrinsics.objectProto);
    defineOwn(it, p, it.symbols.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
    it.intrinsics.protos.set(name, p);
    return p;
  };
  const newTargetProto = function* (newTarget: JsObject | undefined, fallback: JsObject) {
    if (!newTarget) return it.throwError('TypeError', "Constructor requires 'new'");
    const p = yield* getProp(it, newTarget, 'prototype');
    return p instanceof JsObject ? p : fallback;
  };

  // ---- Map ----
  const mp = proto('Map');
  makeConstructor(it, 'Map', 0, mp, function* (_t, [entries], newTarget) {
    const m = it.newObject(yield* newTargetProto(newTarget, mp), 'Map', 'Map');
    m.mapData = new Map();
    it.heap.grew(m);
    if (entries !== undefined && entries !== null) {
      const set = yield* getV(it, m, 'set');
      yield* iterate(it, entries, function* (e) {
        yield* call(it, set, m, [yield* getV(it, e, '0'), yield* getV(it, e, '1')]);
        return true;
      });
    }
    return m;
  });
  const map = (t: JsValue) => requireThis<JsObject>(it, t, (o) => o.mapData !== undefined, 'Map.prototype method').mapData!;
  simple(it, mp, 'get', 1, (t, [k]) => map(t).get(norm(k)));
  simple(it, mp, 'set', 2, (t, [k, v]) => {
    const m = map(t);
    const key = norm(k);
    const had = m.has(key);
    const previous = m.get(key);
    m.set(key, v);
    if (!had) it.heap.writeEntry(t as JsObject, undefined, key);
    it.heap.writeEntry(t as JsObject, previous, v);
    if (!had) it.heap.grew(t as JsObject);
    return t;
  });
  simple(it, mp, 'has', 1, (t, [k]) => map(t).has(norm(k)));
  simple(it, mp, 'delete', 1, (t, [k]) => {
    const m = map(t);
    const key = norm(k);
    if (!m.has(key)) return false;
    const previous = m.get(key);
    m.delete(key);
    it.heap.writeEntry(t as JsObject, key, undefined);
    it.heap.writeEntry(t as JsObject, previous, undefined);
    return true;
  });
  simple(it, mp, 'clear', 0, (t) => {
    const m = map(t);
    for (const [k, v] of m) {
      it.heap.writeEntry(t as JsObject, k, undefined);
      it.heap.writeEntry(t as JsObject, v, undefined);
    }
    m.clear();
    return undefined;
  });
  getter(it, mp, 'size', (t) => map(t).size);
  method(it, mp, 'forEach', 1, function* (t, [f, thisArg]) {
    for (const [k, v] of map(t)) yield* call(it, f, thisArg, [v, k, t]);
    return undefined;
  });
  // Each iterator can say what it has still to give (inspect previews it) by counting what it gave.
  simple(it, mp, 'keys', 0, (t) => hostIterator(it, 'Map Iterator', map(t).keys(), (k) => k, [t], (n) => ({ entries: [...map(t).keys()].slice(n), isKeyValue: false })));
  simple(it, mp, 'values', 0, (t) => hostIterator(it, 'Map Iterator', map(t).values(), (v) => v, [t], (n) => ({ entries: [...map(t).values()].slice(n), isKeyValue: false })));
  const mapEntries = simple(it, mp, 'entries', 0, (t) => hostIterator(it, 'Map Iterator', map(t).entries(), ([k, v]) => it.newArray([k, v]), [t], (n) => ({ entries: [...map(t).entries()].slice(n).flat(), isKeyValue: true })));
  defineOwn(it, mp, it.symbols.iterator, { value: mapEntries, writable: true, enumerable: false, configurable: true });

  // ---- Set ----
  const sp = proto('Set');
  makeConstructor(it, 'Set', 0, sp, function* (_t, [values], newTarget) {
    const s = it.newObject(yield* newTargetProto(newTarget, sp), 'Set', 'Set');
    s.setData = new Set();
    it.heap.grew(s);
    if (values !== undefined && values !== null) {
      const add = yield* getV(it, s, 'add');
      yield* iterate(it, values, function* (v) {
        yield* call(it, add, s, [v]);
        return true;
      });
    }
    return s;
  });
  const set = (t: JsValue) => requireThis<JsObject>(it, t, (o) => o.setData !== undefined, 'Set.prototype method').setData!;
  simple(it, sp, 'add', 1, (t, [v]) => {
    const s = set(t);
    const key = norm(v);
    if (!s.has(key)) {
      s.add(key);
      it.heap.writeEntry(t as JsObject, undefined, key);
      it.heap.grew(t as JsObject);
    }
    return t;
  });
  simple(it, sp, 'has', 1, (t, [v]) => set(t).has(norm(v)));
  simple(it, sp, 'delete', 1, (t, [v]) => {
    const s = set(t);
    const key = norm(v);
    if (!s.delete(key)) return false;
    it.heap.writeEntry(t as JsObject, key, undefined);
    return true;
  });
  simple(it, sp, 'clear', 0, (t) => {
    const s = set(t);
    for (const v of s) it.heap.writeEntry(t as JsObject, v, undefined);
    s.clear();
    return undefined;
  });
  getter(it, sp, 'size', (t) => set(t).size);
  method(it, sp, 'forEach', 1, function* (t, [f, thisArg]) {
    for (const v of set(t)) yield* call(it, f, thisArg, [v, v, t]);
    return undefined;
  });
  const setValues = simple(it, sp, 'values', 0, (t) => hostIterator(it, 'Set Iterator', set(t).values(), (v) => v, [t], (n) => ({ entries: [...set(t).values()].slice(n), isKeyValue: false })));
  defineOwn(it, sp, 'keys', { value: setValues, writable: true, enumerable: false, configurable: true });
  defineOwn(it, sp, it.symbols.iterator, { value: setValues, writable: true, enumerable: false, configurable: true });
  simple(it, sp, 'entries', 0, (t) => hostIterator(it, 'Set Iterator', set(t).values(), (v) => it.newArray([v, v]), [t], (n) => ({ entries: [...set(t).values()].slice(n).flatMap((v) => [v, v]), isKeyValue: true })));

  // ---- WeakMap / WeakSet ----
  const weakKey = (k: JsValue, what: string): JsObject => {
    if (!(k instanceof JsObject)) return it.throwError('TypeError', `Invalid value used ${what}`);
    return k;
  };
  for (const kind of ['WeakMap', 'WeakSet'] as const) {
    const p = proto(kind);
    makeConstructor(it, kind, 0, p, function* (_t, [init], newTarget) {
      const w = it.newObject(yield* newTargetProto(newTarget, p), kind, kind);
      w.weakData = new Map();
      it.heap.grew(w);
      if (init !== undefined && init !== null) {
        const add = yield* getV(it, w, kind === 'WeakMap' ? 'set' : 'add');
        yield* iterate(it, init, function* (e) {
          yield* call(it, add, w, kind === 'WeakMap' ? [yield* getV(it, e, '0'), yield* getV(it, e, '1')] : [e]);
          return true;
        });
      }
      return w;
    });
    const data = (t: JsValue) => requireThis<JsObject>(it, t, (o) => o.weakData !== undefined && o.cls === kind, `${kind}.prototype method`).weakData!;
    const what = kind === 'WeakMap' ? 'as weak map key' : 'in weak set';
    if (kind === 'WeakMap') {
      simple(it, p, 'get', 1, (t, [k]) => (k instanceof JsObject ? data(t).get(k) : undefined));
      simple(it, p, 'set', 2, (t, [k, v]) => {
        const d = data(t);
        const key = weakKey(k, what);
        const previous = d.get(key);
        d.set(key, v);
        // An ephemeron: the value is reachable only while both the map and the key are.
        it.heap.writeEntry(t as JsObject, previous, v);
        it.heap.grew(t as JsObject);
        return t;
      });
    } else {
      simple(it, p, 'add', 1, (t, [k]) => {
        data(t).set(weakKey(k, what), true);
        it.heap.grew(t as JsObject);
        return t;
      });
    }
    simple(it, p, 'has', 1, (t, [k]) => k instanceof JsObject && data(t).has(k));
    simple(it, p, 'delete', 1, (t, [k]) => {
      const d = data(t);
      if (!(k instanceof JsObject) || !d.has(k)) return false;
      const previous = d.get(k);
      d.delete(k);
      if (kind === 'WeakMap') it.heap.writeEntry(t as JsObject, previous, undefined);
      return true;
    });
  }

  // ---- WeakRef ----
  const wr = proto('WeakRef');
  makeConstructor(it, 'WeakRef', 1, wr, function* (_t, [target], newTarget) {
    const r = it.newObject(yield* newTargetProto(newTarget, wr), 'WeakRef', 'WeakRef');
    r.weakTarget = weakKey(target, 'as WeakRef target');
    it.keepDuringJob(r.weakTarget);
    return r;
  });
  simple(it, wr, 'deref', 0, (t) => {
    const target = requireThis<JsObject>(it, t, (o) => o.cls === 'WeakRef', 'WeakRef.prototype.deref').weakTarget;
    if (target) it.keepDuringJob(target);
    return target;
  });

  // ---- FinalizationRegistry ----
  const fr = proto('FinalizationRegistry');
  makeConstructor(it, 'FinalizationRegistry', 1, fr, function* (_t, [callback], newTarget) {
    if (!isCallable(callback)) return it.throwError('TypeError', 'FinalizationRegistry: cleanup must be callable');
    const r = it.newObject(yield* newTargetProto(newTarget, fr), 'FinalizationRegistry', 'FinalizationRegistry');
    r.finalization = { callback, cells: [] };
    it.heap.write(r, undefined, callback);
    it.finalizationRegistries.push(r);
    return r;
  });
  const registry = (t: JsValue) => requireThis<JsObject>(it, t, (o) => o.finalization !== undefined, 'FinalizationRegistry.prototype method').finalization!;
  simple(it, fr, 'register', 2, (t, [target, held, token]) => {
    const target_ = weakKey(target, 'as FinalizationRegistry target');
    if (target === held) it.throwError('TypeError', 'FinalizationRegistry.prototype.register: target and holdings must not be same');
    registry(t).cells.push({ target: target_, held, token });
    it.heap.writeEntry(t as JsObject, undefined, held);
    return undefined;
  });
  simple(it, fr, 'unregister', 1, (t, [token]) => {
    const r = registry(t);
    const before = r.cells.length;
    for (const c of r.cells.filter((c) => c.token === token && token !== undefined)) it.heap.writeEntry(t as JsObject, c.held, undefined);
    const kept = r.cells.filter((c) => !(c.token === token && token !== undefined));
    r.cells.length = 0;
    r.cells.push(...kept);
    return kept.length !== before;
  });
}
