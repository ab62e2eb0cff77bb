import type { Interp } from '../interp/interp';
import { JsObject, type JsValue } from '../interp/values';
import { defineOwn, deleteProp, getProp, hasProperty, ownKeys, setProp } from '../interp/objectModel';
import { toPropertyKey } from '../interp/conversions';
import { call, construct } from '../interp/calls';
import { arrayLikeToList } from './functionBuiltins';
import { method, protoObject, simple } from './helpers';

/** Reflect: the object model's operations as functions (no Proxy, so none of its traps). */
export function installReflect(it: Interp): void {
  const R = protoObject(it, it.intrinsics.objectProto);
  defineOwn(it, it.global, 'Reflect', { value: R, writable: true, enumerable: false, configurable: true });
  defineOwn(it, R, it.symbols.toStringTag, { value: 'Reflect', writable: false, enumerable: false, configurable: true });
  const target = (v: JsValue, name: string): JsObject => (v instanceof JsObject ? v : it.throwError('TypeError', `Reflect.${name} called on non-object`));
  simple(it, R, 'ownKeys', 1, (_t, [o]) => it.newArray(ownKeys(target(o, 'ownKeys')) as JsValue[]));
  method(it, R, 'get', 2, function* (_t, [o, k, receiver]) {
    const obj = target(o, 'get');
    return yield* getProp(it, obj, yield* toPropertyKey(it, k), receiver ?? obj);
  });
  method(it, R, 'set', 3, function* (_t, [o, k, v, receiver]) {
    const obj = target(o, 'set');
    return yield* setProp(it, obj, yield* toPropertyKey(it, k), v, receiver ?? obj);
  });
  method(it, R, 'has', 2, function* (_t, [o, k]) {
    return hasProperty(target(o, 'has'), yield* toPropertyKey(it, k));
  });
  method(it, R, 'deleteProperty', 2, function* (_t, [o, k]) {
    return deleteProp(it, target(o, 'deleteProperty'), yield* toPropertyKey(it, k));
  });
  simple(it, R, 'getPrototypeOf', 1, (_t, [o]) => target(o, 'getPrototypeOf').proto);
  simple(it, R, 'setPrototypeOf', 2, (_t, [o, p]) => {
    const obj = target(o, 'setPrototypeOf');
    if (!(p instanceof JsObject) && p !== null) return it.throwError('TypeError', 'Object prototype may only be an Object or null');
    if (!obj.extensible) return false;
    obj.proto = p;
    return true;
  });
  simple(it, R, 'isExtensible', 1, (_t, [o]) => target(o, 'isExtensible').extensible);
  simple(it, R, 'preventExtensions', 1, (_t, [o]) => {
    target(o, 'preventExtensions').extensible = false;
    return true;
  });
  method(it, R, 'defineProperty', 3, function* (_t, [o, k, desc]) {
    const defineProperty = (it.global.props.get('Object')!.value as JsObject).props.get('defineProperty')!.value;
    try {
      yield* call(it, defineProperty, undefined, [target(o, 'defineProperty'), k, desc]);
      return true;
    } catch {
      return false;
    }
  });
  method(it, R, 'apply', 3, function* (_t, [f, self, args]) {
    return yield* call(it, f, self, yield* arrayLikeToList(it, args));
  });
  method(it, R, 'construct', 2, function* (_t, [f, args, newTarget]) {
    return yield* construct(it, f, yield* arrayLikeToList(it, args), (newTarget as JsObject | undefined) ?? (f as JsObject));
  });
}
