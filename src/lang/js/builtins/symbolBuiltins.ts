import type { Interp } from '../interp/interp';
import { JsObject, JsSymbol, type JsValue } from '../interp/values';
import { toString } from '../interp/conversions';
import { constant, getter, makeConstructor, method, simple } from './helpers';

/** Symbol: descriptions, Symbol.for/keyFor and the well-known symbols the interpreter uses. */
export function installSymbol(it: Interp): void {
  const proto = it.intrinsics.symbolProto;
  const S = makeConstructor(it, 'Symbol', 0, proto, function* (_t, [d], newTarget) {
    if (newTarget) return it.throwError('TypeError', 'Symbol is not a constructor');
    return new JsSymbol(d === undefined ? undefined : yield* toString(it, d));
  });
  S.constructible = false;
  for (const [k, s] of Object.entries(it.symbols)) constant(it, S, k, s);
  simple(it, S, 'for', 1, (_t, [k]) => it.symbolFor(String(k)));
  simple(it, S, 'keyFor', 1, (_t, [s]) => {
    for (const [k, v] of it.symbolRegistry) if (v === s) return k;
    return undefined;
  });
  const thisSymbol = (t: JsValue): JsSymbol => {
    if (t instanceof JsSymbol) return t;
    if (t instanceof JsObject && t.primitive instanceof JsSymbol) return t.primitive;
    return it.throwError('TypeError', 'Symbol.prototype method called on incompatible receiver');
  };
  simple(it, proto, 'toString', 0, (t) => `Symbol(${thisSymbol(t).description ?? ''})`);
  simple(it, proto, 'valueOf', 0, (t) => thisSymbol(t));
  getter(it, proto, 'description', (t) => thisSymbol(t).description);
  void method;
}
