import type { Interp } from './interp';
import { type Eval, JsObject, type JsValue, isCallable } from './values';
import { getProp, getV } from './objectModel';
import { call } from './calls';
import { toBoolean } from './conversions';
import { describeForError } from './describeForError';
import { type IteratorRecord, bodyClosing, getIterator, iteratorClose, iteratorStep } from './loops';
import { awaitValue } from './asyncFunctions';

/**
 * `for await (x of v)`: over an async iterator (`v[Symbol.asyncIterator]()`), each `next()`
 * result is awaited; over a sync iterable the values are awaited as the spec's
 * async-from-sync iterator does, which costs two microtask turns a value (one for the value,
 * one for the wrapper promise its `next()` returns), so the order against other microtasks is
 * node's.
 */
export function* iterateAwait(it: Interp, v: JsValue, body: (value: JsValue) => Eval<boolean>): Eval<void> {
  const method = v === undefined || v === null ? undefined : yield* getV(it, v, it.symbols.asyncIterator);
  if (method === undefined || method === null) {
    const sync = v === undefined || v === null ? undefined : yield* getV(it, v, it.symbols.iterator);
    if (!isCallable(sync)) return it.throwError('TypeError', `${describeForError(v)} is not async iterable`);
    return yield* overSync(it, yield* getIterator(it, v), body);
  }
  if (!isCallable(method)) return it.throwError('TypeError', `${describeForError(v)} is not async iterable`);
  const iterator = yield* call(it, method, v, []);
  if (!(iterator instanceof JsObject)) return it.throwError('TypeError', 'Result of the Symbol.asyncIterator method is not an object');
  const r: IteratorRecord = { iterator, next: yield* getProp(it, iterator, 'next') };
  for (;;) {
    const result = yield* awaitValue(it, yield* call(it, r.next, r.iterator, []));
    if (!(result instanceof JsObject)) return it.throwError('TypeError', `Iterator result ${describeForError(result)} is not an object`);
    if (toBoolean(yield* getProp(it, result, 'done'))) return;
    const value = yield* getProp(it, result, 'value');
    if (!(yield* bodyClosing(body, value, function* () {
      const ret = yield* getV(it, iterator, 'return');
      if (!isCallable(ret)) return;
      const closed = yield* awaitValue(it, yield* call(it, ret, iterator, []));
      if (!(closed instanceof JsObject)) it.throwError('TypeError', `Iterator result ${describeForError(closed)} is not an object`);
    }))) return;
  }
}

function* overSync(it: Interp, r: IteratorRecord, body: (value: JsValue) => Eval<boolean>): Eval<void> {
  for (;;) {
    const step = yield* iteratorStep(it, r);
    let value: JsValue;
    try {
      value = yield* awaitValue(it, step.value);
    } catch (e) {
      yield* awaitValue(it, undefined);
      throw e;
    }
    yield* awaitValue(it, undefined);
    if (step.done) return;
    if (!(yield* bodyClosing(body, value, function* () {
      yield* iteratorClose(it, r);
      yield* awaitValue(it, undefined);
    }))) return;
  }
}
