import type { Interp } from '../interp/interp';
import { type Eval, HOLE, JsArray, JsObject, type JsValue, isCallable } from '../interp/values';
import { getV } from '../interp/objectModel';
import { toBoolean, toIntegerOrInfinity, toNumber, toObject, toString, sameValueZero } from '../interp/conversions';
import { collect } from '../interp/loops';
import { call } from '../interp/calls';
import { getIterator, iteratorStep } from '../interp/loops';
import { arrayLikeToList } from './functionBuiltins';
import { isFunction, makeConstructor, method, relativeIndex, simple } from './helpers';
import { arrayIterator } from './iterators';
import { describeForError } from '../interp/describeForError';

/**
 * Array and Array.prototype over the interpreter's arrays (elements in a host array). Methods
 * that take a callback are generators: the callback is the program's own code, stepped as such.
 * Every change of elements is told to the heap (replaceItems).
 */

type Item = JsValue | typeof HOLE;

/** The array's elements become `next`: the heap hears of every reference dropped and added. */
export function replaceItems(it: Interp, a: JsArray, next: Item[]): void {
  for (const v of a.items) if (v !== HOLE) it.heap.writeElement(a, v, undefined);
  a.items = next;
  for (const v of next) if (v !== HOLE) it.heap.writeElement(a, undefined, v);
  it.heap.grew(a);
}

const value = (x: Item): JsValue => (x === HOLE ? undefined : x);

export function installArray(it: Interp): void {
  const proto = it.intrinsics.arrayProto;
  const A = makeConstructor(it, 'Array', 1, proto, function* (_t, args) {
    if (args.length === 1 && typeof args[0] === 'number') {
      const n = args[0];
      if (!Number.isInteger(n) || n < 0 || n > 4294967295) it.throwError('RangeError', 'Invalid array length');
      const a = it.newArray();
      it.heap.reserveElements(a, n);
      a.items = new Array(n).fill(HOLE);
      it.heap.grew(a);
      return a;
    }
    return it.newArray(args);
  });
  simple(it, A, 'isArray', 1, (_t, [v]) => v instanceof JsArray && v.cls === 'Array');
  simple(it, A, 'of', 0, (_t, args) => it.newArray(args));
  method(it, A, 'from', 1, function* (_t, [source, mapFn, thisArg]) {
    let items: JsValue[];
    if (source === undefined || source === null) return it.throwError('TypeError', `${String(source)} is not iterable`);
    const iter = yield* getV(it, source, it.symbols.iterator);
    if (isCallable(iter)) items = yield* collect(it, source);
    else {
      const like = toObject(it, source);
      const length = toIntegerOrInfinity(yield* toNumber(it, yield* getV(it, like, 'length')));
      if (length > 4294967295) return it.throwError('RangeError', 'Invalid array length');
      // The result's store first: a length the simulated memory cannot hold ends there, not in a host loop of that length.
      it.heap.reserveElements(it.newArray(), length);
      items = yield* arrayLikeToList(it, like);
    }
    if (isFunction(mapFn)) {
      const out: JsValue[] = [];
      for (let i = 0; i < items.length; i++) out.push(yield* call(it, mapFn, thisArg, [items[i], i]));
      items = out;
    }
    return it.newArray(items);
  });

  const self = (t: JsValue): JsArray => {
    if (t instanceof JsArray) return t;
    return it.throwError('TypeError', `Array.prototype method called on ${describeForError(t)}, which Memory Atlas supports on arrays only`);
  };
  const callback = (f: JsValue) => {
    if (!isCallable(f)) it.throwError('TypeError', `${describeForError(f)} is not a function`);
    return f;
  };

  simple(it, proto, 'push', 1, (t, args) => {
    const a = self(t);
    if (a.frozenLength || !a.extensible) it.throwError('TypeError', `Cannot add property ${a.items.length}, object is not extensible`);
    for (const v of args) {
      a.items.push(v);
      it.heap.writeElement(a, undefined, v);
    }
    it.heap.grew(a);
    return a.items.length;
  });
  simple(it, proto, 'pop', 0, (t) => {
    const a = self(t);
    if (a.items.length === 0) return undefined;
    if (a.frozenLength) it.throwError('TypeError', `Cannot delete property '${a.items.length - 1}' of [object Array]`);
    const v = value(a.items.pop()!);
    it.heap.writeElement(a, v, undefined);
    return v;
  });
  simple(it, proto, 'shift', 0, (t) => {
    const a = self(t);
    if (a.items.length === 0) return undefined;
    const v = value(a.items[0]);
    replaceItems(it, a, a.items.slice(1));
    return v;
  });
  simple(it, proto, 'unshift', 1, (t, args) => {
    const a = self(t);
    replaceItems(it, a, [...args, ...a.items]);
    return a.items.length;
  });
  method(it, proto, 'slice', 2, function* (t, [start, end]) {
    const a = self(t);
    const n = a.items.length;
    const s = yield* relativeIndex(it, start, n, 0);
    const e = yield* relativeIndex(it, end, n, n);
    const out = it.newArray();
    replaceItems(it, out, a.items.slice(s, Math.max(s, e)));
    return out;
  });
  method(it, proto, 'splice', 2, function* (t, args) {
    const a = self(t);
    const n = a.items.length;
    const s = yield* relativeIndex(it, args[0], n, 0);
    const count = args.length === 0 ? 0 : args.length === 1 ? n - s : Math.min(Math.max(toIntegerOrInfinity(yield* toNumber(it, args[1])), 0), n - s);
    const next = [...a.items];
    const removed = next.splice(s, count, ...args.slice(2));
    replaceItems(it, a, next);
    const out = it.newArray();
    replaceItems(it, out, removed);
    return out;
  });
  method(it, proto, 'concat', 1, function* (t, args) {
    const out: Item[] = [...self(t).items];
    for (const v of args) {
      if (v instanceof JsArray && v.cls === 'Array') out.push(...v.items);
      else out.push(v);
    }
    const r = it.newArray();
    replaceItems(it, r, out);
    return r;
  });
  method(it, proto, 'join', 1, function* (t, [sep]) {
    const a = self(t);
    const s = sep === undefined ? ',' : yield* toString(it, sep);
    const parts: string[] = [];
    for (const x of a.items) {
      // Strings and numbers convert as the host converts them: no generator per element.
      if (typeof x === 'string') parts.push(x);
      else if (typeof x === 'number' || typeof x === 'boolean') parts.push(String(x));
      else parts.push(x === HOLE || x === undefined || x === null ? '' : yield* toString(it, x));
    }
    return parts.join(s);
  });
  method(it, proto, 'toString', 0, function* (t) {
    const join = yield* getV(it, t, 'join');
    return yield* call(it, join, t, []);
  });
  simple(it, proto, 'reverse', 0, (t) => {
    const a = self(t);
    a.items.reverse();
    return a;
  });
  method(it, proto, 'indexOf', 1, function* (t, [x, from]) {
    const a = self(t);
    for (let i = yield* relativeIndex(it, from, a.items.length, 0); i < a.items.length; i++) if (a.items[i] === x) return i;
    return -1;
  });
  simple(it, proto, 'lastIndexOf', 1, (t, [x]) => {
    const a = self(t);
    for (let i = a.items.length - 1; i >= 0; i--) if (a.items[i] === x) return i;
    return -1;
  });
  method(it, proto, 'includes', 1, function* (t, [x, from]) {
    const a = self(t);
    for (let i = yield* relativeIndex(it, from, a.items.length, 0); i < a.items.length; i++) if (sameValueZero(value(a.items[i]), x)) return true;
    return false;
  });
  method(it, proto, 'at', 1, function* (t, [i]) {
    const a = self(t);
    const n = toIntegerOrInfinity(yield* toNumber(it, i));
    const k = n < 0 ? a.items.length + n : n;
    return k >= 0 && k < a.items.length ? value(a.items[k]) : undefined;
  });
  method(it, proto, 'fill', 1, function* (t, [v, start, end]) {
    const a = self(t);
    const n = a.items.length;
    const s = yield* relativeIndex(it, start, n, 0);
    const e = yield* relativeIndex(it, end, n, n);
    const next = [...a.items];
    for (let i = s; i < e; i++) next[i] = v;
    replaceItems(it, a, next);
    return a;
  });
  method(it, proto, 'copyWithin', 2, function* (t, [target, start, end]) {
    const a = self(t);
    const n = a.items.length;
    const to = yield* relativeIndex(it, target, n, 0);
    const from = yield* relativeIndex(it, start, n, 0);
    const last = yield* relativeIndex(it, end, n, n);
    const next = [...a.items];
    const chunk = a.items.slice(from, last);
    for (let i = 0; i < chunk.length && to + i < n; i++) next[to + i] = chunk[i];
    replaceItems(it, a, next);
    return a;
  });
  // Callback methods: each element in order; holes are skipped where the language skips them.
  const each = (name: string, body: (a: JsArray, f: JsValue, thisArg: JsValue) => Eval<JsValue>) =>
    method(it, proto, name, 1, function* (t, [f, thisArg]) {
      return yield* body(self(t), callback(f), thisArg);
    });
  each('forEach', function* (a, f, thisArg) {
    for (let i = 0; i < a.items.length; i++) if (a.items[i] !== HOLE) yield* call(it, f, thisArg, [value(a.items[i]), i, a]);
    return undefined;
  });
  each('map', function* (a, f, thisArg) {
    const out: Item[] = new Array(a.items.length).fill(HOLE);
    const result = it.newArray();
    for (let i = 0; i < a.items.length; i++) {
      if (a.items[i] === HOLE) continue;
      out[i] = yield* call(it, f, thisArg, [value(a.items[i]), i, a]);
      it.hold(out[i] as JsValue);
    }
    replaceItems(it, result, out);
    return result;
  });
  each('filter', function* (a, f, thisArg) {
    const out: JsValue[] = [];
    for (let i = 0; i < a.items.length; i++) {
      if (a.items[i] === HOLE) continue;
      const x = value(a.items[i]);
      if (toBoolean(yield* call(it, f, thisArg, [x, i, a]))) out.push(x);
    }
    return it.newArray(out);
  });
  each('some', function* (a, f, thisArg) {
    for (let i = 0; i < a.items.length; i++) if (a.items[i] !== HOLE && toBoolean(yield* call(it, f, thisArg, [value(a.items[i]), i, a]))) return true;
    return false;
  });
  each('every', function* (a, f, thisArg) {
    for (let i = 0; i < a.items.length; i++) if (a.items[i] !== HOLE && !toBoolean(yield* call(it, f, thisArg, [value(a.items[i]), i, a]))) return false;
    return true;
  });
  const finder = (name: string, fromEnd: boolean, wantIndex: boolean) =>
    each(name, function* (a, f, thisArg) {
      const n = a.items.length;
      for (let k = 0; k < n; k++) {
        const i = fromEnd ? n - 1 - k : k;
        const x = value(a.items[i]);
        if (toBoolean(yield* call(it, f, thisArg, [x, i, a]))) return wantIndex ? i : x;
      }
      return wantIndex ? -1 : undefined;
    });
  finder('find', false, false);
  finder('findIndex', false, true);
  finder('findLast', true, false);
  finder('findLastIndex', true, true);
  const reducer = (name: string, fromEnd: boolean) =>
    method(it, proto, name, 1, function* (t, args) {
      const a = self(t);
      const f = callback(args[0]);
      const indices = a.items.map((_x, i) => i).filter((i) => a.items[i] !== HOLE);
      if (fromEnd) indices.reverse();
      let k = 0;
      let acc: JsValue;
      if (args.length >= 2) acc = args[1];
      else if (indices.length === 0) return it.throwError('TypeError', 'Reduce of empty array with no initial value');
      else acc = value(a.items[indices[k++]]);
      for (; k < indices.length; k++) acc = yield* call(it, f, undefined, [acc, value(a.items[indices[k]]), indices[k], a]);
      return acc;
    });
  reducer('reduce', false);
  reducer('reduceRight', true);
  method(it, proto, 'sort', 1, function* (t, [cmp]) {
    const a = self(t);
    if (cmp !== undefined && !isCallable(cmp)) it.throwError('TypeError', 'The comparison function must be either a function or undefined');
    replaceItems(it, a, yield* sorted(it, a.items, cmp));
    return a;
  });
  method(it, proto, 'toSorted', 1, function* (t, [cmp]) {
    const out = it.newArray();
    replaceItems(it, out, yield* sorted(it, self(t).items, cmp));
    return out;
  });
  simple(it, proto, 'toReversed', 0, (t) => it.newArray(self(t).items.map(value).reverse()));
  method(it, proto, 'flat', 0, function* (t, [depth]) {
    const d = depth === undefined ? 1 : toIntegerOrInfinity(yield* toNumber(it, depth));
    return it.newArray(flatten(self(t).items, d));
  });
  each('flatMap', function* (a, f, thisArg) {
    const mapped: Item[] = [];
    for (let i = 0; i < a.items.length; i++) if (a.items[i] !== HOLE) mapped.push(yield* call(it, f, thisArg, [value(a.items[i]), i, a]));
    return it.newArray(flatten(mapped, 1));
  });
  simple(it, proto, 'keys', 0, (t) => arrayIterator(it, toObject(it, t), 'keys'));
  simple(it, proto, 'entries', 0, (t) => arrayIterator(it, toObject(it, t), 'entries'));
  const values = simple(it, proto, 'values', 0, (t) => arrayIterator(it, toObject(it, t), 'values'));
  it.arrayValues = values;
  proto.props.set(it.symbols.iterator, { value: values, writable: true, enumerable: false, configurable: true });
  void getIterator;
  void iteratorStep;
}

function flatten(items: readonly Item[], depth: number): JsValue[] {
  const out: JsValue[] = [];
  for (const x of items) {
    if (x === HOLE) continue;
    if (depth > 0 && x instanceof JsArray && x.cls === 'Array') out.push(...flatten(x.items, depth - 1));
    else out.push(x);
  }
  return out;
}

/** A stable merge sort (V8's TimSort is stable too): holes last, then undefined, then the rest by the comparator or as strings. */
function* sorted(it: Interp, items: readonly Item[], cmp: JsValue): Eval<Item[]> {
  const present = items.filter((x): x is JsValue => x !== HOLE && x !== undefined);
  const undefinedCount = items.filter((x) => x === undefined).length;
  const holes = items.length - present.length - undefinedCount;
  const keys = new Map<JsValue, string>();
  if (!isCallable(cmp)) for (const x of present) if (!keys.has(x)) keys.set(x, yield* toString(it, x));
  const compare = function* (a: JsValue, b: JsValue): Eval<number> {
    if (isCallable(cmp)) {
      const r = yield* toNumber(it, yield* call(it, cmp, undefined, [a, b]));
      return Number.isNaN(r) ? 0 : r;
    }
    const x = keys.get(a)!, y = keys.get(b)!;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const sortRange = function* (list: JsValue[]): Eval<JsValue[]> {
    if (list.length <= 1) return list;
    const mid = list.length >> 1;
    const left = yield* sortRange(list.slice(0, mid));
    const right = yield* sortRange(list.slice(mid));
    const out: JsValue[] = [];
    let i = 0, j = 0;
    while (i < left.length && j < right.length) {
      if ((yield* compare(right[j], left[i])) < 0) out.push(right[j++]);
      else out.push(left[i++]);
    }
    while (i < left.length) out.push(left[i++]);
    while (j < right.length) out.push(right[j++]);
    return out;
  };
  const result: Item[] = yield* sortRange(present);
  for (let i = 0; i < undefinedCount; i++) result.push(undefined);
  for (let i = 0; i < holes; i++) result.push(HOLE);
  return result;
}
