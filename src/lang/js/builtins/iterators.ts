import type { Interp } from '../interp/interp';
import { HOLE, JsArray, JsObject, type IteratorStep, type JsValue } from '../interp/values';
import { defineOwn, getV } from '../interp/objectModel';
import { generatorResume } from '../interp/generators';
import { method, protoObject, simple } from './helpers';

/**
 * %IteratorPrototype% and the library's iterators: arrays (live over the array, as the language
 * specifies), Map and Set iterators, string iterators, and Generator.prototype.
 */
export function installIterators(it: Interp): void {
  const iteratorProto = it.intrinsics.iteratorProto;
  simple(it, iteratorProto, it.symbols.iterator, 0, (t) => t);
  for (const name of ['Array Iterator', 'Map Iterator', 'Set Iterator', 'String Iterator', 'RegExp String Iterator']) {
    const p = protoObject(it, iteratorProto);
    defineOwn(it, p, it.symbols.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
    const next = simple(it, p, 'next', 0, (t) => {
      const step = t instanceof JsObject ? t.nativeIterator : undefined;
      if (!step) return it.throwError('TypeError', `next method called on incompatible receiver`);
      const r = step();
      return it.iterResult(r.value, r.done);
    });
    if (name === 'Array Iterator') it.arrayIteratorNext = next;
    it.intrinsics.protos.set(name, p);
  }
  const gen = it.intrinsics.generatorProto;
  defineOwn(it, gen, it.symbols.toStringTag, { value: 'Generator', writable: false, enumerable: false, configurable: true });
  method(it, gen, 'next', 1, (t, [v]) => generatorResume(it, t, 'next', v));
  method(it, gen, 'return', 1, (t, [v]) => generatorResume(it, t, 'return', v));
  method(it, gen, 'throw', 1, (t, [v]) => generatorResume(it, t, 'throw', v));
}

/** An iterator object over a host step function. */
export function nativeIterator(it: Interp, protoName: string, step: () => IteratorStep, holds: readonly JsValue[]): JsObject {
  const o = it.newObject(it.intrinsics.protos.get(protoName)!, 'Iterator', protoName);
  o.nativeIterator = step;
  o.nativeIteratorKind = protoName;
  for (const v of holds) it.keep(o, v);
  return o;
}

/** Array.prototype.values/keys/entries: reads the array's length at each step, so a growing array is followed. */
export function arrayIterator(it: Interp, o: JsObject, kind: 'keys' | 'values' | 'entries'): JsObject {
  let i = 0;
  let done = false;
  return nativeIterator(it, 'Array Iterator', () => {
    const length = o instanceof JsArray ? o.items.length : o.typed ? o.typed.length : 0;
    if (done || i >= length) {
      done = true;
      return { done: true, value: undefined };
    }
    const k = i++;
    if (kind === 'keys') return { done: false, value: k };
    const raw = o instanceof JsArray ? o.items[k] : undefined;
    const v = o instanceof JsArray ? (raw === HOLE ? undefined : raw) : typedValue(it, o, k);
    return { done: false, value: kind === 'values' ? v : it.newArray([k, v]) };
  }, [o]);
}

function typedValue(it: Interp, o: JsObject, k: number): JsValue {
  // Typed arrays' elements are plain numbers: a property read cannot call back into the program.
  const g = getV(it, o, String(k));
  const r = g.next();
  return r.done ? r.value : undefined;
}

/** Iterating a host collection (Map/Set entries) that may change while it is iterated: host Map iterators are live too. */
export function hostIterator<T>(it: Interp, protoName: string, source: Iterable<T>, map: (x: T) => JsValue, holds: readonly JsValue[], preview?: (consumed: number) => { entries: JsValue[]; isKeyValue: boolean }): JsObject {
  const iter = source[Symbol.iterator]();
  let done = false;
  let consumed = 0;
  const o = nativeIterator(it, protoName, () => {
    if (done) return { done: true, value: undefined };
    const r = iter.next();
    if (r.done) {
      done = true;
      return { done: true, value: undefined };
    }
    consumed++;
    return { done: false, value: map(r.value) };
  }, holds);
  if (preview) o.iteratorPreview = () => (done ? { entries: [], isKeyValue: false } : preview(consumed));
  return o;
}
