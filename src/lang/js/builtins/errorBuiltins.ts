import type { Interp } from '../interp/interp';
import { JsObject, type JsValue } from '../interp/values';
import { defineHidden, getProp, getV } from '../interp/objectModel';
import { toString } from '../interp/conversions';
import { collect } from '../interp/loops';
import { makeConstructor, method, protoObject } from './helpers';

export const ERROR_TYPES = ['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError'] as const;

/**
 * Error and its subclasses. `stack` is the first line only ("TypeError: message"): the
 * simulation has no native frames to list, so a stack prints as node's would without its
 * "at ..." lines.
 */
export function installErrors(it: Interp): void {
  const base = protoObject(it, it.intrinsics.objectProto);
  for (const type of ERROR_TYPES) {
    const proto = type === 'Error' ? base : protoObject(it, base);
    it.intrinsics.errorProtos.set(type, proto);
    const ctor = makeConstructor(it, type, 1, proto, function* (_t, args, newTarget) {
      const p = newTarget ? yield* getProp(it, newTarget, 'prototype') : proto;
      const e = it.newObject(p instanceof JsObject ? p : proto, 'Error', type);
      // AggregateError(errors, message, options); the others (message, options).
      const [message, options] = type === 'AggregateError' ? args.slice(1) : args;
      if (type === 'AggregateError') defineHidden(it, e, 'errors', it.newArray(yield* collect(it, args[0])));
      if (message !== undefined) defineHidden(it, e, 'message', yield* toString(it, message));
      if (options instanceof JsObject && options.props.has('cause')) defineHidden(it, e, 'cause', options.props.get('cause')!.value);
      e.lazyStack = true;
      return e;
    });
    if (type !== 'Error') ctor.proto = it.global.props.get('Error')!.value as JsObject;
    defineHidden(it, proto, 'name', type);
    defineHidden(it, proto, 'message', '');
  }
  method(it, base, 'toString', 0, function* (t) {
    if (!(t instanceof JsObject)) return it.throwError('TypeError', 'Error.prototype.toString called on non-object');
    const name = yield* getV(it, t, 'name');
    const msg = yield* getV(it, t, 'message');
    const n = name === undefined ? 'Error' : yield* toString(it, name);
    const m = msg === undefined ? '' : yield* toString(it, msg);
    return n && m ? `${n}: ${m}` : n || m;
  });
  const E = it.global.props.get('Error')!.value as JsObject;
  method(it, E, 'captureStackTrace', 1, function* (_t, [o]) {
    if (o instanceof JsObject) defineHidden(it, o, 'stack', yield* errorHeadline(it, o));
    return undefined;
  });
}

export function* errorHeadline(it: Interp, e: JsValue) {
  const name = yield* getV(it, e, 'name');
  const msg = yield* getV(it, e, 'message');
  const n = name === undefined ? 'Error' : yield* toString(it, name);
  const m = msg === undefined ? '' : yield* toString(it, msg);
  return n && m ? `${n}: ${m}` : n || m;
}
