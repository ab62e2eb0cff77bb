import type { Interp } from '../interp/interp';
import { type Eval, JsFunction, JsObject, type JsValue } from '../interp/values';
import { defineOwn, getV } from '../interp/objectModel';
import { call, construct } from '../interp/calls';
import { collect } from '../interp/loops';
import { ordinaryHasInstance } from '../interp/operators';
import { makeConstructor, method, protoObject, requireThis, simple } from './helpers';

/** Function.prototype: call, apply, bind, toString, Symbol.hasInstance; generator and async function prototypes. */
export function installFunction(it: Interp): void {
  const proto = it.intrinsics.functionProto;
  // Function.prototype is itself callable in the language; programs rarely rely on it.
  makeConstructor(it, 'Function', 1, proto, function* () {
    return it.throwError('EvalError', 'new Function() compiles code at run time, which Memory Atlas does not support');
  });
  const fn = (t: JsValue) => requireThis<JsFunction>(it, t, (o) => o instanceof JsFunction, 'Function.prototype.call');
  method(it, proto, 'call', 1, function* (t, [self, ...args]) {
    return yield* call(it, fn(t), self, args);
  });
  method(it, proto, 'apply', 2, function* (t, [self, list]) {
    const args = list === undefined || list === null ? [] : yield* arrayLikeToList(it, list);
    return yield* call(it, fn(t), self, args);
  });
  simple(it, proto, 'bind', 1, (t, [self, ...bound]) => {
    const target = fn(t);
    const b = it.nativeFunction(`bound ${target.name}`, 0, function* (_this, args, newTarget) {
      if (newTarget) return yield* construct(it, target, [...bound, ...args], newTarget === b ? target : newTarget);
      return yield* call(it, target, self, [...bound, ...args]);
    }, target.constructible);
    b.boundTarget = target;
    for (const v of [self, ...bound]) it.keep(b, v);
    return b;
  });
  simple(it, proto, 'toString', 0, (t) => {
    const f = fn(t);
    if (f.node) {
      const r = f.node;
      const lines = it.lines.slice(r.loc!.start.line - 1, r.loc!.end.line);
      lines[lines.length - 1] = lines[lines.length - 1].slice(0, r.loc!.end.column);
      lines[0] = lines[0].slice(r.loc!.start.column);
      return lines.join('\n');
    }
    return `function ${f.name}() { [native code] }`;
  });
  it.defaultHasInstance = method(it, proto, it.symbols.hasInstance, 1, function* (t, [v]) {
    return t instanceof JsFunction ? yield* ordinaryHasInstance(it, t, v) : false;
  });
  const generatorFunctionProto = protoObject(it, proto);
  it.intrinsics.protos.set('GeneratorFunction', generatorFunctionProto);
  defineOwn(it, generatorFunctionProto, 'prototype', { value: it.intrinsics.generatorProto, writable: false, enumerable: false, configurable: true });
  // Their constructors are not globals; inspect names functions by them ([GeneratorFunction: g]).
  const notSupported = (name: string) => it.nativeFunction(name, 1, function* () {
    return it.throwError('EvalError', `${name}() compiles code at run time, which Memory Atlas does not support`);
  }, true);
  const generatorFunction = notSupported('GeneratorFunction');
  defineOwn(it, generatorFunction, 'prototype', { value: generatorFunctionProto, writable: false, enumerable: false, configurable: false });
  defineOwn(it, generatorFunctionProto, 'constructor', { value: generatorFunction, writable: false, enumerable: false, configurable: true });
  defineOwn(it, generatorFunctionProto, it.symbols.toStringTag, { value: 'GeneratorFunction', writable: false, enumerable: false, configurable: true });
  const asyncFunctionProto = protoObject(it, proto);
  const asyncFunction = notSupported('AsyncFunction');
  defineOwn(it, asyncFunction, 'prototype', { value: asyncFunctionProto, writable: false, enumerable: false, configurable: false });
  defineOwn(it, asyncFunctionProto, 'constructor', { value: asyncFunction, writable: false, enumerable: false, configurable: true });
  it.intrinsics.protos.set('AsyncFunction', asyncFunctionProto);
  defineOwn(it, asyncFunctionProto, it.symbols.toStringTag, { value: 'AsyncFunction', writable: false, enumerable: false, configurable: true });
}

/** An array-like's elements (apply's argument list, Array.from of a non-iterable). */
export function* arrayLikeToList(it: Interp, v: JsValue): Eval<JsValue[]> {
  if (!(v instanceof JsObject)) return it.throwError('TypeError', 'CreateListFromArrayLike called on non-object');
  const n = Number(yield* getV(it, v, 'length'));
  const out: JsValue[] = [];
  for (let i = 0; i < n; i++) out.push(yield* getV(it, v, String(i)));
  return out;
}

export { collect };
