import type { Interp } from './interp';
import { type Eval, JsFunction, JsObject, type JsValue } from './values';
import { callUserFunction, constructUser } from './functions';
import { describeForError } from './describeForError';
import { constructDefault } from './classes';

/** `f(...args)` with `this` = thisValue: a built-in runs its host code, the program's own function its body. */
export function* call(it: Interp, f: JsValue, thisValue: JsValue, args: readonly JsValue[]): Eval<JsValue> {
  if (!(f instanceof JsFunction)) return it.throwError('TypeError', `${describeForError(f)} is not a function`);
  if (f.classConstructor) return it.throwError('TypeError', `Class constructor ${f.name} cannot be invoked without 'new'`);
  if (f.defaultConstructor) return it.throwError('TypeError', `Class constructor ${f.name} cannot be invoked without 'new'`);
  const r = f.native ? yield* f.native(thisValue, args, undefined) : yield* callUserFunction(it, f, thisValue, args, undefined);
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
