import type { Interp } from './interp';
import { type Eval, JsFunction, JsObject, type JsValue } from './values';
import { callUserFunction, constructUser } from './functions';
import { describeForError } from './describeForError';
import { constructDefault } from './classes';

/**
 * `f(...args)` with `this` = thisValue: a built-in runs its host code, the program's own function
 * its body; the result is held in the caller's frame. A plain function handing back the call's
 * generator (every caller delegates to it at once, so an error here is thrown where it was).
 */
export function call(it: Interp, f: JsValue, thisValue: JsValue, args: readonly JsValue[]): Eval<JsValue> {
  if (!(f instanceof JsFunction)) return it.throwError('TypeError', `${describeForError(f)} is not a function`);
  if (f.classConstructor) return it.throwError('TypeError', `Class constructor ${f.name} cannot be invoked without 'new'`);
  if (f.defaultConstructor) return it.throwError('TypeError', `Class constructor ${f.name} cannot be invoked without 'new'`);
  return f.native ? callNative(it, f.native(thisValue, args, undefined)) : callUserFunction(it, f, thisValue, args, undefined);
}

function* callNative(it: Interp, running: Eval<JsValue>): Eval<JsValue> {
  const r = yield* running;
  it.hold(r);
  return r;
}

/** `new f(...args)`, with `newTarget` the constructor `new` named (a subclass, through super()). */
export function* construct(it: Interp, f: JsValue, args: readonly JsValue[], newTarget: JsObject = f as JsObject): Eval<JsObject> {
  if (!(f instanceof JsFunction) || !f.constructible) return it.throwError('TypeError', `${describeForError(f)} is not a constructor`);
  const r = f.native ? yield* f.native(undefined, args, newTarget) : f.defaultConstructor ? yield* constructDefault(it, f, args, newTarget) : yield* constructUser(it, f, args, newTarget);
  if (!(r instanceof JsObject)) return it.throwError('TypeError', 'constructor did not return an object');
  it.hold(r);
  return r;
}
