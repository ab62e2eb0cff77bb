import type { Interp } from './interp';
import { type Eval, HOLE, JsArray, JsObject, type JsValue, isCallable } from './values';
import { enumerableKeys, getProp, getV } from './objectModel';
import { call } from './calls';
import { toBoolean } from './conversions';
import { describeForError } from './describeForError';

/** The iteration protocol (for-of, spread, destructuring, Array.from) and for-in's keys. */

/** `case` labels compare with ===. */
export function looseEqualsStrict(a: JsValue, b: JsValue): boolean {
  return a === b;
}

export interface IteratorRecord {
  readonly iterator: JsValue;
  readonly next: JsValue;
}

export function* getIterator(it: Interp, v: JsValue): Eval<IteratorRecord> {
  const method = v === undefined || v === null ? undefined : yield* getV(it, v, it.symbols.iterator);
  if (!isCallable(method)) return it.throwError('TypeError', `${describeForError(v)} is not iterable`);
  const iterator = yield* call(it, method, v, []);
  if (!(iterator instanceof JsObject)) return it.throwError('TypeError', 'Result of the Symbol.iterator method is not an object');
  return { iterator, next: yield* getProp(it, iterator, 'next') };
}

/** The next value, or done. */
export function* iteratorStep(it: Interp, r: IteratorRecord): Eval<{ done: boolean; value: JsValue }> {
  const result = yield* call(it, r.next, r.iterator, []);
  if (!(result instanceof JsObject)) return it.throwError('TypeError', `Iterator result ${describeForError(result)} is not an object`);
  const done = toBoolean(yield* getProp(it, result, 'done'));
  return { done, value: done ? undefined : yield* getProp(it, result, 'value') };
}

export function* iteratorClose(it: Interp, r: IteratorRecord): Eval<void> {
  const ret = yield* getV(it, r.iterator, 'return');
  if (isCallable(ret)) yield* call(it, ret, r.iterator, []);
}

/** True when iterating `v` is plain array iteration (its Symbol.iterator is the built-in one): no iterator object needed. */
function isPlainArray(it: Interp, v: JsValue): v is JsArray {
  return v instanceof JsArray && v.cls === 'Array' && !v.props.has(it.symbols.iterator as never) && v.proto === it.intrinsics.arrayProto && it.arrayIterationIntact();
}

/** Runs `body` for each value `v` yields until it returns false (then the iterator is closed, as a `break` closes it). */
export function* iterate(it: Interp, v: JsValue, body: (value: JsValue) => Eval<boolean>): Eval<void> {
  if (isPlainArray(it, v)) {
    for (let i = 0; i < v.items.length; i++) {
      const x = v.items[i];
      if (!(yield* body(x === HOLE ? undefined : x))) return;
    }
    return;
  }
  const r = yield* getIterator(it, v);
  for (;;) {
    const step = yield* iteratorStep(it, r);
    if (step.done) return;
    if (!(yield* bodyClosing(body, step.value, () => iteratorClose(it, r)))) return;
  }
}

/**
 * The loop body for one value; false (a break) closes the iterator, and an exception closes it
 * too, winning over one from the close itself (for-of and for-await alike).
 */
export function* bodyClosing(body: (value: JsValue) => Eval<boolean>, value: JsValue, close: () => Eval<void>): Eval<boolean> {
  let goOn: boolean;
  try {
    goOn = yield* body(value);
  } catch (e) {
    try {
      yield* close();
    } catch {
      // the body's exception wins over one from return()
    }
    throw e;
  }
  if (!goOn) yield* close();
  return goOn;
}

/** Every value `v` yields, in a host array (spread, Array.from). */
export function* collect(it: Interp, v: JsValue): Eval<JsValue[]> {
  if (isPlainArray(it, v)) return v.items.map((x) => (x === HOLE ? undefined : x));
  const out: JsValue[] = [];
  yield* iterate(it, v, function* (x) {
    out.push(x);
    return true;
  });
  return out;
}

/** for-in: enumerable string keys of the object and its prototypes, each once, shadowed ones skipped. */
export function* forInKeys(it: Interp, v: JsValue): Eval<string[]> {
  if (v === undefined || v === null) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (let o: JsObject | null = v instanceof JsObject ? v : it.protoOfPrimitive(v); o; o = o.proto) {
    for (const k of enumerableKeys(o)) {
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(k);
    }
    for (const k of o.props.keys()) if (typeof k === 'string') seen.add(k);
  }
  if (typeof v === 'string') return [...v].map((_c, i) => String(i)).concat(out);
  return out;
}
