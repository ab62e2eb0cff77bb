import type { Interp } from '../interp/interp';
import { type Eval, JsFunction, JsObject, JsThrow, type JsValue, isCallable } from '../interp/values';
import { dataProperty, defineOwn, getV } from '../interp/objectModel';
import { call } from '../interp/calls';
import { collect } from '../interp/loops';
import { isPromise, newPromise, performThen, promiseResolve, rejectPromise, resolvingFunctions, thenReactions } from '../interp/promises';
import { makeConstructor, method } from './helpers';
import { thrownByProgram } from '../interp/hostLimits';

/** Promise: the constructor, then/catch/finally, and the combinators (all, allSettled, race, any). */
export function installPromise(it: Interp): void {
  const proto = it.intrinsics.promiseProto;
  defineOwn(it, proto, it.symbols.toStringTag, { value: 'Promise', writable: false, enumerable: false, configurable: true });
  const P = makeConstructor(it, 'Promise', 1, proto, function* (_t, [executor], newTarget) {
    if (!newTarget) return it.throwError('TypeError', "Promise constructor cannot be invoked without 'new'");
    if (!isCallable(executor)) return it.throwError('TypeError', `Promise resolver ${String(executor)} is not a function`);
    const p = newPromise(it);
    const { resolve, reject } = resolvingFunctions(it, p);
    try {
      yield* call(it, executor, undefined, [resolve, reject]);
    } catch (e) {
      const thrown = thrownByProgram(it, e);
      if (!thrown) throw e;
      yield* call(it, reject, undefined, [thrown.value]);
    }
    return p;
  });
  it.intrinsics.promiseCtor = P;
  const then = function* (t: JsValue, onFulfilled: JsValue, onRejected: JsValue): Eval<JsValue> {
    if (!isPromise(t)) return it.throwError('TypeError', 'Method Promise.prototype.then called on incompatible receiver');
    const derived = newPromise(it);
    const [f, r] = thenReactions(onFulfilled, onRejected, derived);
    performThen(it, t, f, r);
    return derived;
  };
  method(it, proto, 'then', 2, (t, [a, b]) => then(t, a, b));
  method(it, proto, 'catch', 1, function* (t, [b]) {
    const thenFn = yield* getV(it, t, 'then');
    return yield* call(it, thenFn, t, [undefined, b]);
  });
  method(it, proto, 'finally', 1, function* (t, [onFinally]) {
    if (!isCallable(onFinally)) return yield* then(t, onFinally, onFinally);
    const f = onFinally as JsFunction;
    const onFulfilled = it.nativeFunction('', 1, function* (_this, [value]) {
      const r = yield* call(it, f, undefined, []);
      const p = yield* promiseResolve(it, r);
      return yield* then(p, it.nativeFunction('', 0, function* () {
        return value;
      }), undefined);
    });
    const onRejected = it.nativeFunction('', 1, function* (_this, [reason]) {
      const r = yield* call(it, f, undefined, []);
      const p = yield* promiseResolve(it, r);
      return yield* then(p, it.nativeFunction('', 0, function* () {
        throw new JsThrow(reason);
      }), undefined);
    });
    it.keep(onFulfilled, f);
    it.keep(onRejected, f);
    return yield* then(t, onFulfilled, onRejected);
  });
  method(it, P, 'resolve', 1, (_t, [v]) => promiseResolve(it, v));
  method(it, P, 'reject', 1, function* (_t, [v]) {
    const p = newPromise(it);
    rejectPromise(it, p, v);
    return p;
  });
  method(it, P, 'withResolvers', 0, function* () {
    const p = newPromise(it);
    const { resolve, reject } = resolvingFunctions(it, p);
    const o = it.newObject();
    defineOwn(it, o, 'promise', dataProperty(p));
    defineOwn(it, o, 'resolve', dataProperty(resolve));
    defineOwn(it, o, 'reject', dataProperty(reject));
    return o;
  });

  /** The combinators share one shape: each input resolved, its outcome recorded, the result settled when the rule says. */
  const combinator = (name: 'all' | 'allSettled' | 'race' | 'any') =>
    method(it, P, name, 1, function* (_t, [iterable]) {
      const result = newPromise(it);
      const { resolve, reject } = resolvingFunctions(it, result);
      let inputs: JsValue[];
      try {
        inputs = yield* collect(it, iterable);
      } catch (e) {
        const thrown = thrownByProgram(it, e);
        if (!thrown) throw e;
        yield* call(it, reject, undefined, [thrown.value]);
        return result;
      }
      // The outcomes so far live in an array the record functions keep (the heap sees them).
      const values = it.newArray(new Array(inputs.length).fill(undefined));
      let remaining = inputs.length;
      const finish = function* (): Eval<void> {
        if (name === 'any') {
          const e = it.makeError('AggregateError', 'All promises were rejected');
          defineOwn(it, e, 'errors', { value: it.newArray(values.items as JsValue[]), writable: true, enumerable: false, configurable: true });
          yield* call(it, reject, undefined, [e]);
        } else yield* call(it, resolve, undefined, [it.newArray(values.items as JsValue[])]);
      };
      const keepAll = (f: JsFunction) => {
        for (const x of [values, resolve, reject]) it.keep(f, x);
        return f;
      };
      if (remaining === 0 && name !== 'race') {
        yield* finish();
        return result;
      }
      for (let i = 0; i < inputs.length; i++) {
        const p = yield* promiseResolve(it, inputs[i]);
        const record = (status: 'fulfilled' | 'rejected') => keepAll(it.nativeFunction('', 1, function* (_this, [v]) {
          if (name === 'race') return yield* call(it, status === 'fulfilled' ? resolve : reject, undefined, [v]);
          if (name === 'all' && status === 'rejected') return yield* call(it, reject, undefined, [v]);
          if (name === 'any' && status === 'fulfilled') return yield* call(it, resolve, undefined, [v]);
          if (name === 'allSettled') {
            const o = it.newObject();
            defineOwn(it, o, 'status', dataProperty(status));
            defineOwn(it, o, status === 'fulfilled' ? 'value' : 'reason', dataProperty(v));
            defineOwn(it, values, String(i), dataProperty(o));
          } else defineOwn(it, values, String(i), dataProperty(v));
          if (--remaining === 0) yield* finish();
          return undefined;
        }));
        const thenFn = yield* getV(it, p, 'then');
        yield* call(it, thenFn, p, [record('fulfilled'), record('rejected')]);
      }
      return result;
    });
  combinator('all');
  combinator('allSettled');
  combinator('race');
  combinator('any');
  void JsObject;
}
