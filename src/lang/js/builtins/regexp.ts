import type { Interp } from '../interp/interp';
import { JsObject, type JsValue } from '../interp/values';
import { dataProperty, defineOwn } from '../interp/objectModel';
import { toString } from '../interp/conversions';
import { getter, makeConstructor, method, protoObject } from './helpers';

/**
 * Regular expressions through the host's engine (the same syntax and matching as node's, since
 * both are V8's irregexp): a RegExp object wraps a host RegExp, whose lastIndex it shares.
 */
const hosts = new WeakMap<JsObject, RegExp>();

export function hostRegExp(v: JsValue): RegExp | undefined {
  return v instanceof JsObject ? hosts.get(v) : undefined;
}

export function makeRegExp(it: Interp, pattern: string, flags: string): JsObject {
  const o = it.newObject(it.intrinsics.protos.get('RegExp')!, 'RegExp', 'RegExp');
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (e) {
    return it.throwError('SyntaxError', (e as Error).message);
  }
  hosts.set(o, re);
  return o;
}

export function installRegExp(it: Interp): void {
  const proto = protoObject(it, it.intrinsics.objectProto);
  it.intrinsics.protos.set('RegExp', proto);
  makeConstructor(it, 'RegExp', 2, proto, function* (_t, [pattern, flags]) {
    const source = hostRegExp(pattern)?.source ?? (pattern === undefined ? '(?:)' : yield* toString(it, pattern));
    return makeRegExp(it, source, flags === undefined ? hostRegExp(pattern)?.flags ?? '' : yield* toString(it, flags));
  });
  const re = (t: JsValue) => hostRegExp(t) ?? it.throwError('TypeError', 'RegExp method called on incompatible receiver');
  method(it, proto, 'test', 1, function* (t, [s]) {
    return re(t).test(yield* toString(it, s));
  });
  method(it, proto, 'exec', 1, function* (t, [s]) {
    const m = re(t).exec(yield* toString(it, s));
    if (!m) return null;
    const a = it.newArray([...m]);
    defineOwn(it, a, 'index', dataProperty(m.index));
    defineOwn(it, a, 'input', dataProperty(m.input));
    defineOwn(it, a, 'groups', dataProperty(undefined));
    return a;
  });
  method(it, proto, 'toString', 0, function* (t) {
    return String(re(t));
  });
  getter(it, proto, 'source', (t) => re(t).source);
  getter(it, proto, 'flags', (t) => re(t).flags);
  getter(it, proto, 'global', (t) => re(t).global);
  const lastIndex = it.nativeFunction('get lastIndex', 0, function* (t) {
    return re(t).lastIndex;
  });
  const setLastIndex = it.nativeFunction('set lastIndex', 1, function* (t, [v]) {
    re(t).lastIndex = Number(v);
    return undefined;
  });
  defineOwn(it, proto, 'lastIndex', { value: undefined, get: lastIndex, set: setLastIndex, writable: false, enumerable: false, configurable: true });
}
