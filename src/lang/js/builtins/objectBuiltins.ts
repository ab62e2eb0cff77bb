import type { Interp } from '../interp/interp';
import { JsArray, JsFunction, JsObject, type JsValue, type Property, isCallable } from '../interp/values';
import { dataProperty, defineOwn, enumerableKeys, findProperty, getProp, getV, ownKeys, ownProperty, setProp } from '../interp/objectModel';
import { toBoolean, toObject, toPropertyKey, sameValue } from '../interp/conversions';
import { collect } from '../interp/loops';
import { call } from '../interp/calls';
import { makeConstructor, method, simple } from './helpers';

/** Object and Object.prototype. */
export function installObject(it: Interp): void {
  const proto = it.intrinsics.objectProto;
  const O = makeConstructor(it, 'Object', 1, proto, function* (_t, args, newTarget) {
    const v = args[0];
    if (v === undefined || v === null) return it.newObject(newTarget && newTarget !== O ? ((yield* getProp(it, newTarget, 'prototype')) as JsObject) : proto);
    return toObject(it, v);
  });

  simple(it, O, 'keys', 1, (_t, [o]) => it.newArray(enumerableKeys(toObject(it, o))));
  method(it, O, 'values', 1, function* (_t, [o]) {
    const obj = toObject(it, o);
    const out: JsValue[] = [];
    for (const k of enumerableKeys(obj)) out.push(yield* getV(it, obj, k));
    return it.newArray(out);
  });
  method(it, O, 'entries', 1, function* (_t, [o]) {
    const obj = toObject(it, o);
    const out: JsValue[] = [];
    for (const k of enumerableKeys(obj)) out.push(it.newArray([k, yield* getV(it, obj, k)]));
    return it.newArray(out);
  });
  method(it, O, 'assign', 2, function* (_t, [target, ...sources]) {
    const to = toObject(it, target);
    for (const s of sources) {
      if (s === undefined || s === null) continue;
      const from = toObject(it, s);
      for (const k of ownKeys(from)) {
        const p = ownProperty(from, k);
        if (!p?.enumerable) continue;
        yield* setProp(it, to, k, p.get ? yield* getV(it, from, k) : p.value);
      }
    }
    return to;
  });
  method(it, O, 'fromEntries', 1, function* (_t, [entries]) {
    const o = it.newObject();
    for (const e of yield* collect(it, entries)) {
      const key = yield* toPropertyKey(it, yield* getV(it, e, '0'));
      defineOwn(it, o, key, dataProperty(yield* getV(it, e, '1')));
    }
    return o;
  });
  simple(it, O, 'freeze', 1, (_t, [o]) => {
    if (o instanceof JsObject) freeze(o, true);
    return o;
  });
  simple(it, O, 'seal', 1, (_t, [o]) => {
    if (o instanceof JsObject) freeze(o, false);
    return o;
  });
  simple(it, O, 'preventExtensions', 1, (_t, [o]) => {
    if (o instanceof JsObject) o.extensible = false;
    return o;
  });
  simple(it, O, 'isFrozen', 1, (_t, [o]) => !(o instanceof JsObject) || (!o.extensible && ownKeys(o).every((k) => { const p = ownProperty(o, k)!; return !p.configurable && (p.get || p.set || !p.writable); })));
  simple(it, O, 'isSealed', 1, (_t, [o]) => !(o instanceof JsObject) || (!o.extensible && ownKeys(o).every((k) => !ownProperty(o, k)!.configurable)));
  simple(it, O, 'isExtensible', 1, (_t, [o]) => o instanceof JsObject && o.extensible);
  simple(it, O, 'getPrototypeOf', 1, (_t, [o]) => (o instanceof JsObject ? o.proto : toObject(it, o) && it.protoOfPrimitive(o)));
  simple(it, O, 'setPrototypeOf', 2, (_t, [o, p]) => {
    if (o instanceof JsObject && (p instanceof JsObject || p === null)) {
      for (let q: JsObject | null = p; q; q = q.proto) if (q === o) it.throwError('TypeError', 'Cyclic __proto__ value');
      o.proto = p;
    }
    return o;
  });
  method(it, O, 'create', 2, function* (_t, [p, props]) {
    if (!(p instanceof JsObject) && p !== null) return it.throwError('TypeError', `Object prototype may only be an Object or null: ${String(p)}`);
    const o = it.newObject(p);
    if (props !== undefined) yield* defineProperties(it, o, props);
    return o;
  });
  method(it, O, 'defineProperty', 3, function* (_t, [o, key, desc]) {
    if (!(o instanceof JsObject)) return it.throwError('TypeError', 'Object.defineProperty called on non-object');
    const k = yield* toPropertyKey(it, key);
    if (!defineOwn(it, o, k, yield* toPropertyDescriptor(it, desc, ownProperty(o, k)))) it.throwError('TypeError', `Cannot redefine property: ${typeof k === 'string' ? k : `Symbol(${k.description ?? ''})`}`);
    return o;
  });
  method(it, O, 'defineProperties', 2, function* (_t, [o, props]) {
    if (!(o instanceof JsObject)) return it.throwError('TypeError', 'Object.defineProperties called on non-object');
    yield* defineProperties(it, o, props);
    return o;
  });
  simple(it, O, 'getOwnPropertyNames', 1, (_t, [o]) => it.newArray(ownKeys(toObject(it, o)).filter((k) => typeof k === 'string')));
  simple(it, O, 'getOwnPropertySymbols', 1, (_t, [o]) => it.newArray(ownKeys(toObject(it, o)).filter((k) => typeof k !== 'string') as JsValue[]));
  method(it, O, 'getOwnPropertyDescriptor', 2, function* (_t, [o, key]) {
    const p = ownProperty(toObject(it, o), yield* toPropertyKey(it, key));
    return p ? fromPropertyDescriptor(it, p) : undefined;
  });
  method(it, O, 'getOwnPropertyDescriptors', 1, function* (_t, [o]) {
    const obj = toObject(it, o);
    const out = it.newObject();
    for (const k of ownKeys(obj)) defineOwn(it, out, k, dataProperty(fromPropertyDescriptor(it, ownProperty(obj, k)!)));
    return out;
  });
  simple(it, O, 'is', 2, (_t, [a, b]) => sameValue(a, b));
  method(it, O, 'hasOwn', 2, function* (_t, [o, key]) {
    return ownProperty(toObject(it, o), yield* toPropertyKey(it, key)) !== undefined;
  });

  method(it, proto, 'hasOwnProperty', 1, function* (t, [key]) {
    return ownProperty(toObject(it, t), yield* toPropertyKey(it, key)) !== undefined;
  });
  simple(it, proto, 'isPrototypeOf', 1, (t, [v]) => {
    if (!(v instanceof JsObject)) return false;
    for (let p = v.proto; p; p = p.proto) if (p === t) return true;
    return false;
  });
  method(it, proto, 'propertyIsEnumerable', 1, function* (t, [key]) {
    return ownProperty(toObject(it, t), yield* toPropertyKey(it, key))?.enumerable === true;
  });
  method(it, proto, 'toString', 0, function* (t) {
    if (t === undefined) return '[object Undefined]';
    if (t === null) return '[object Null]';
    const o = toObject(it, t);
    const tag = yield* getProp(it, o, it.symbols.toStringTag);
    if (typeof tag === 'string') return `[object ${tag}]`;
    const builtin = o instanceof JsArray && o.cls === 'Array' ? 'Array' : o instanceof JsFunction ? 'Function' : ['Error', 'Boolean', 'Number', 'String', 'Date', 'RegExp', 'Arguments'].includes(o.cls) ? o.cls : 'Object';
    return `[object ${builtin}]`;
  });
  method(it, proto, 'toLocaleString', 0, function* (t) {
    const f = yield* getV(it, t, 'toString');
    return yield* call(it, f, t, []);
  });
  simple(it, proto, 'valueOf', 0, (t) => toObject(it, t));
  const protoGetter = it.nativeFunction('get __proto__', 0, function* (t) {
    return t instanceof JsObject ? t.proto : it.protoOfPrimitive(t);
  });
  const protoSetter = it.nativeFunction('set __proto__', 1, function* (t, [p]) {
    if (t instanceof JsObject && (p instanceof JsObject || p === null)) t.proto = p;
    return undefined;
  });
  defineOwn(it, proto, '__proto__', { value: undefined, get: protoGetter, set: protoSetter, writable: false, enumerable: false, configurable: true });
}

function freeze(o: JsObject, values: boolean): void {
  o.extensible = false;
  if (o instanceof JsArray) o.frozenLength = values || o.frozenLength;
  for (const p of o.props.values()) {
    p.configurable = false;
    if (values && !p.get && !p.set) p.writable = false;
  }
}

function* defineProperties(it: Interp, o: JsObject, props: JsValue) {
  const from = toObject(it, props);
  for (const k of ownKeys(from)) {
    if (!ownProperty(from, k)?.enumerable) continue;
    defineOwn(it, o, k, yield* toPropertyDescriptor(it, yield* getV(it, from, k), ownProperty(o, k)));
  }
}

/** A descriptor object ({ value, writable, get, set, enumerable, configurable }) as a property; absent fields keep the existing one's. */
function* toPropertyDescriptor(it: Interp, desc: JsValue, existing: Property | undefined) {
  if (!(desc instanceof JsObject)) return it.throwError('TypeError', `Property description must be an object: ${String(desc)}`);
  const has = (k: string) => findProperty(desc, k) !== undefined;
  const field = function* (k: string) {
    return has(k) ? yield* getV(it, desc, k) : undefined;
  };
  const get = yield* field('get');
  const set = yield* field('set');
  if ((get !== undefined && !isCallable(get)) || (set !== undefined && !isCallable(set))) it.throwError('TypeError', 'Getter must be a function');
  const accessor = has('get') || has('set');
  const p: Property = {
    value: accessor ? undefined : has('value') ? yield* field('value') : existing?.value,
    writable: accessor ? false : has('writable') ? toBoolean(yield* field('writable')) : existing?.writable ?? false,
    enumerable: has('enumerable') ? toBoolean(yield* field('enumerable')) : existing?.enumerable ?? false,
    configurable: has('configurable') ? toBoolean(yield* field('configurable')) : existing?.configurable ?? false,
  };
  if (accessor) {
    p.get = (get as JsFunction | undefined) ?? (has('get') ? undefined : existing?.get);
    p.set = (set as JsFunction | undefined) ?? (has('set') ? undefined : existing?.set);
  }
  return p;
}

function fromPropertyDescriptor(it: Interp, p: Property): JsObject {
  const d = it.newObject();
  if (p.get || p.set) {
    defineOwn(it, d, 'get', dataProperty(p.get));
    defineOwn(it, d, 'set', dataProperty(p.set));
  } else {
    defineOwn(it, d, 'value', dataProperty(p.value));
    defineOwn(it, d, 'writable', dataProperty(p.writable));
  }
  defineOwn(it, d, 'enumerable', dataProperty(p.enumerable));
  defineOwn(it, d, 'configurable', dataProperty(p.configurable));
  return d;
}
