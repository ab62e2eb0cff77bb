import type { Interp } from './interp';
import { type Eval, JsFunction, JsObject, JsThrow, type JsValue, type PromiseReaction } from './values';
import { getProp } from './objectModel';
import { call } from './calls';
import { thrownByProgram } from './hostLimits';

/**
 * Promises as the specification defines them: reactions run as microtasks, resolving with a
 * thenable takes a job to call its `then` (hence the extra ticks node shows), and a rejection
 * with no handler by the end of a microtask checkpoint is reported as node reports it.
 */

export function newPromise(it: Interp, proto: JsObject = it.intrinsics.promiseProto): JsObject {
  const p = it.newObject(proto, 'Promise', 'Promise');
  p.promise = { state: 'pending', result: undefined, fulfillReactions: [], rejectReactions: [], handled: false };
  return p;
}

export function isPromise(v: JsValue): v is JsObject {
  return v instanceof JsObject && v.promise !== undefined;
}

/** Resolve functions for `p` (they act once, whichever is called first). */
export function resolvingFunctions(it: Interp, p: JsObject): { resolve: JsFunction; reject: JsFunction } {
  let done = false;
  const resolve = it.nativeFunction('', 1, function* (_t, args) {
    if (done) return undefined;
    done = true;
    yield* resolvePromise(it, p, args[0]);
    return undefined;
  });
  const reject = it.nativeFunction('', 1, function* (_t, args) {
    if (done) return undefined;
    done = true;
    rejectPromise(it, p, args[0]);
    return undefined;
  });
  // The promise is kept alive by whoever holds its resolvers (a pending timer's callback).
  it.keep(resolve, p);
  it.keep(reject, p);
  return { resolve, reject };
}

export function* resolvePromise(it: Interp, p: JsObject, resolution: JsValue): Eval<void> {
  if (p.promise!.state !== 'pending') return;
  if (resolution === p) {
    rejectPromise(it, p, it.makeError('TypeError', 'Chaining cycle detected for promise #<Promise>'));
    return;
  }
  if (!(resolution instanceof JsObject)) {
    settle(it, p, 'fulfilled', resolution);
    return;
  }
  let then: JsValue;
  try {
    then = yield* getProp(it, resolution, 'then');
  } catch (e) {
    const thrown = thrownByProgram(it, e);
    if (!thrown) throw e;
    rejectPromise(it, p, thrown.value);
    return;
  }
  if (!(then instanceof JsFunction)) {
    settle(it, p, 'fulfilled', resolution);
    return;
  }
  // NewPromiseResolveThenableJob: `then` is called in a microtask of its own.
  it.loop.enqueueMicrotask(function* () {
    const { resolve, reject } = resolvingFunctions(it, p);
    try {
      yield* call(it, then, resolution, [resolve, reject]);
    } catch (e) {
      const thrown = thrownByProgram(it, e);
      if (!thrown) throw e;
      yield* call(it, reject, undefined, [thrown.value]);
    }
  }, [resolution, then]);
}

export function rejectPromise(it: Interp, p: JsObject, reason: JsValue): void {
  if (p.promise!.state !== 'pending') return;
  settle(it, p, 'rejected', reason);
  if (!p.promise!.handled) it.loop.noteRejection(p);
}

function settle(it: Interp, p: JsObject, state: 'fulfilled' | 'rejected', value: JsValue): void {
  const s = p.promise!;
  const reactions = state === 'fulfilled' ? s.fulfillReactions : s.rejectReactions;
  s.state = state;
  const previous = s.result;
  s.result = value;
  it.heap.write(p, previous, value);
  s.fulfillReactions = [];
  s.rejectReactions = [];
  for (const r of reactions) enqueueReaction(it, r, state === 'fulfilled', value);
}

function enqueueReaction(it: Interp, r: PromiseReaction, fulfilled: boolean, argument: JsValue): void {
  it.loop.enqueueMicrotask(() => runReaction(it, r, fulfilled, argument), [argument, ...(r.kind === 'then' ? [r.handler, r.derived] : [])], r.kind === 'await' ? r.frame : undefined);
}

function* runReaction(it: Interp, r: PromiseReaction, fulfilled: boolean, argument: JsValue): Eval<void> {
  if (r.kind === 'await') {
    yield* r.resume(fulfilled ? 'next' : 'throw', argument);
    return;
  }
  if (!(r.handler instanceof JsFunction)) {
    if (!r.derived) return;
    if (fulfilled) yield* resolvePromise(it, r.derived, argument);
    else rejectPromise(it, r.derived, argument);
    return;
  }
  let value: JsValue;
  try {
    value = yield* call(it, r.handler, undefined, [argument]);
  } catch (e) {
    if (!(e instanceof JsThrow)) throw e;
    if (r.derived) rejectPromise(it, r.derived, e.value);
    return;
  }
  if (r.derived) yield* resolvePromise(it, r.derived, value);
}

/** p.then(onFulfilled, onRejected) into `derived`, or an await's continuation. */
export function performThen(it: Interp, p: JsObject, reaction: PromiseReaction, onRejected?: PromiseReaction): void {
  const s = p.promise!;
  const rejectReaction = onRejected ?? reaction;
  if (s.state === 'pending') {
    s.fulfillReactions.push(reaction);
    s.rejectReactions.push(rejectReaction);
    for (const r of [reaction, rejectReaction]) if (r.kind === 'then') {
      it.heap.write(p, undefined, r.handler);
      if (r.derived) it.heap.write(p, undefined, r.derived);
    }
  } else if (s.state === 'fulfilled') {
    enqueueReaction(it, reaction, true, s.result);
  } else {
    if (!s.handled) it.loop.forgetRejection(p);
    enqueueReaction(it, rejectReaction, false, s.result);
  }
  s.handled = true;
}

/** `then` reactions for a derived promise. */
export function thenReactions(onFulfilled: JsValue, onRejected: JsValue, derived: JsObject | undefined): [PromiseReaction, PromiseReaction] {
  return [
    { kind: 'then', handler: onFulfilled instanceof JsFunction ? onFulfilled : undefined, derived, onFulfilled: true },
    { kind: 'then', handler: onRejected instanceof JsFunction ? onRejected : undefined, derived, onFulfilled: false },
  ];
}

/** PromiseResolve(%Promise%, v): a native promise as it is, anything else wrapped. */
export function* promiseResolve(it: Interp, v: JsValue): Eval<JsObject> {
  if (isPromise(v) && v.proto === it.intrinsics.promiseProto) return v;
  const p = newPromise(it);
  yield* resolvePromise(it, p, v);
  return p;
}
