import type { Interp } from '../interp/interp';
import { type Eval, JsFunction, JsObject, type JsValue, type NativeImpl, type PropKey } from '../interp/values';
import { defineOwn } from '../interp/objectModel';
import { toIntegerOrInfinity, toNumber } from '../interp/conversions';

/** Small tools the library's files share: defining methods and getters, reading arguments. */

/** A non-enumerable built-in method on `o`. */
export function method(it: Interp, o: JsObject, name: PropKey, length: number, impl: NativeImpl): JsFunction {
  const label = typeof name === 'string' ? name : `[${name.description ?? ''}]`;
  const f = it.nativeFunction(label, length, impl);
  defineOwn(it, o, name, { value: f, writable: true, enumerable: false, configurable: true });
  return f;
}

/** A method that never calls back into the program (most of the library): a plain host function. */
export function simple(it: Interp, o: JsObject, name: PropKey, length: number, impl: (thisValue: JsValue, args: readonly JsValue[]) => JsValue): JsFunction {
  return method(it, o, name, length, function* (t, a) {
    return impl(t, a);
  });
}

export function getter(it: Interp, o: JsObject, name: PropKey, impl: (thisValue: JsValue) => JsValue): void {
  const label = typeof name === 'string' ? name : `[${name.description ?? ''}]`;
  const f = it.nativeFunction(`get ${label}`, 0, function* (t) {
    return impl(t);
  });
  defineOwn(it, o, name, { value: undefined, get: f, writable: false, enumerable: false, configurable: true });
}

export function constant(it: Interp, o: JsObject, name: PropKey, value: JsValue): void {
  defineOwn(it, o, name, { value, writable: false, enumerable: false, configurable: false });
}

/** A constructor with its prototype object (`prototype` and `constructor` linked). */
export function makeConstructor(it: Interp, name: string, length: number, proto: JsObject, impl: NativeImpl): JsFunction {
  const f = it.nativeFunction(name, length, impl, true);
  defineOwn(it, f, 'prototype', { value: proto, writable: false, enumerable: false, configurable: false });
  defineOwn(it, proto, 'constructor', { value: f, writable: true, enumerable: false, configurable: true });
  defineOwn(it, it.global, name, { value: f, writable: true, enumerable: false, configurable: true });
  return f;
}

/** A plain prototype object (not on the heap's temporaries: it lives as long as the program). */
export function protoObject(it: Interp, parent: JsObject | null, cls: JsObject['cls'] = 'Object'): JsObject {
  const o = new JsObject(parent, cls);
  it.heap.made(o, 'object', 'Object', undefined);
  return o;
}

/** A relative index argument (slice, at, splice...) resolved against `length`. */
export function* relativeIndex(it: Interp, v: JsValue, length: number, fallback: number): Eval<number> {
  if (v === undefined) return fallback;
  const n = toIntegerOrInfinity(yield* toNumber(it, v));
  if (n < 0) return Math.max(length + n, 0);
  return Math.min(n, length);
}

export function requireThis<T extends JsObject>(it: Interp, v: JsValue, test: (o: JsObject) => boolean, what: string): T {
  if (!(v instanceof JsObject) || !test(v)) return it.throwError('TypeError', `Method ${what} called on incompatible receiver ${v instanceof JsObject ? '#<Object>' : String(v)}`);
  return v as T;
}

export function isFunction(v: JsValue): v is JsFunction {
  return v instanceof JsFunction;
}
