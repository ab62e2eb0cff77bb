import type { Interp } from '../interp/interp';
import { JsObject, type JsValue } from '../interp/values';
import { toIntegerOrInfinity, toNumber, toString } from '../interp/conversions';
import { constant, makeConstructor, method, protoObject, simple } from './helpers';
import { defineOwn } from '../interp/objectModel';

/** Number, Boolean, BigInt, Math, and the global number functions. Math.random is seeded: runs are deterministic. */
export function installNumberAndMath(it: Interp): void {
  const np = it.intrinsics.numberProto;
  np.cls = 'Number';
  np.primitive = 0;
  const N = makeConstructor(it, 'Number', 1, np, function* (_t, args, newTarget) {
    const n = args.length === 0 ? 0 : typeof args[0] === 'bigint' ? Number(args[0]) : yield* toNumber(it, args[0]);
    if (!newTarget) return n;
    const o = it.newObject(np, 'Number');
    o.primitive = n;
    return o;
  });
  const thisNumber = (t: JsValue): number => {
    if (typeof t === 'number') return t;
    if (t instanceof JsObject && t.cls === 'Number') return t.primitive as number;
    return it.throwError('TypeError', 'Number.prototype method called on incompatible receiver');
  };
  simple(it, np, 'toString', 1, (t, [radix]) => thisNumber(t).toString(radix === undefined ? 10 : Number(radix)));
  simple(it, np, 'toFixed', 1, (t, [d]) => thisNumber(t).toFixed(d === undefined ? 0 : Number(d)));
  simple(it, np, 'toPrecision', 1, (t, [d]) => thisNumber(t).toPrecision(d === undefined ? undefined : Number(d)));
  simple(it, np, 'toExponential', 1, (t, [d]) => thisNumber(t).toExponential(d === undefined ? undefined : Number(d)));
  simple(it, np, 'toLocaleString', 0, (t) => thisNumber(t).toLocaleString('en-US'));
  simple(it, np, 'valueOf', 0, (t) => thisNumber(t));
  for (const [k, v] of Object.entries({ MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER, MIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER, MAX_VALUE: Number.MAX_VALUE, MIN_VALUE: Number.MIN_VALUE, EPSILON: Number.EPSILON, POSITIVE_INFINITY: Infinity, NEGATIVE_INFINITY: -Infinity, NaN })) constant(it, N, k, v);
  simple(it, N, 'isInteger', 1, (_t, [v]) => Number.isInteger(v));
  simple(it, N, 'isSafeInteger', 1, (_t, [v]) => Number.isSafeInteger(v));
  simple(it, N, 'isFinite', 1, (_t, [v]) => Number.isFinite(v));
  simple(it, N, 'isNaN', 1, (_t, [v]) => Number.isNaN(v));
  const parseFloatFn = method(it, N, 'parseFloat', 1, function* (_t, [v]) {
    return parseFloat(yield* toString(it, v));
  });
  const parseIntFn = method(it, N, 'parseInt', 2, function* (_t, [v, radix]) {
    return parseInt(yield* toString(it, v), radix === undefined ? undefined : Number(radix));
  });
  defineOwn(it, it.global, 'parseFloat', { value: parseFloatFn, writable: true, enumerable: false, configurable: true });
  defineOwn(it, it.global, 'parseInt', { value: parseIntFn, writable: true, enumerable: false, configurable: true });
  method(it, it.global, 'isNaN', 1, function* (_t, [v]) {
    return Number.isNaN(yield* toNumber(it, v));
  });
  method(it, it.global, 'isFinite', 1, function* (_t, [v]) {
    return Number.isFinite(yield* toNumber(it, v));
  });

  const bp = it.intrinsics.booleanProto;
  bp.cls = 'Boolean';
  bp.primitive = false;
  makeConstructor(it, 'Boolean', 1, bp, function* (_t, [v], newTarget) {
    const b = Boolean(v) && !(v instanceof JsObject && false);
    const value = v instanceof JsObject ? true : b;
    if (!newTarget) return value;
    const o = it.newObject(bp, 'Boolean');
    o.primitive = value;
    return o;
  });
  simple(it, bp, 'toString', 0, (t) => String(t instanceof JsObject ? t.primitive : t));
  simple(it, bp, 'valueOf', 0, (t) => (t instanceof JsObject ? t.primitive : t));

  const bigp = it.intrinsics.bigintProto;
  const B = makeConstructor(it, 'BigInt', 1, bigp, function* (_t, [v], newTarget) {
    if (newTarget) return it.throwError('TypeError', 'BigInt is not a constructor');
    if (typeof v === 'number' && !Number.isInteger(v)) return it.throwError('RangeError', `The number ${v} cannot be converted to a BigInt because it is not an integer`);
    try {
      return BigInt(typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean' ? v : yield* toString(it, v));
    } catch {
      return it.throwError('SyntaxError', `Cannot convert ${String(v)} to a BigInt`);
    }
  });
  B.constructible = false;
  simple(it, bigp, 'toString', 0, (t, [radix]) => (t as bigint).toString(radix === undefined ? 10 : Number(radix)));
  simple(it, bigp, 'valueOf', 0, (t) => t);
  simple(it, bigp, 'toLocaleString', 0, (t) => (t as bigint).toLocaleString('en-US'));

  const M = protoObject(it, it.intrinsics.objectProto);
  defineOwn(it, it.global, 'Math', { value: M, writable: true, enumerable: false, configurable: true });
  defineOwn(it, M, it.symbols.toStringTag, { value: 'Math', writable: false, enumerable: false, configurable: true });
  for (const k of ['PI', 'E', 'LN2', 'LN10', 'LOG2E', 'LOG10E', 'SQRT2', 'SQRT1_2'] as const) constant(it, M, k, Math[k]);
  const unary = ['abs', 'floor', 'ceil', 'round', 'trunc', 'sign', 'sqrt', 'cbrt', 'exp', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'fround', 'clz32'] as const;
  for (const k of unary) {
    method(it, M, k, 1, function* (_t, [v]) {
      return (Math[k] as (x: number) => number)(yield* toNumber(it, v));
    });
  }
  for (const k of ['max', 'min', 'hypot'] as const) {
    method(it, M, k, 2, function* (_t, args) {
      const nums: number[] = [];
      for (const a of args) nums.push(yield* toNumber(it, a));
      return Math[k](...nums);
    });
  }
  method(it, M, 'pow', 2, function* (_t, [a, b]) {
    return Math.pow(yield* toNumber(it, a), yield* toNumber(it, b));
  });
  method(it, M, 'atan2', 2, function* (_t, [a, b]) {
    return Math.atan2(yield* toNumber(it, a), yield* toNumber(it, b));
  });
  method(it, M, 'imul', 2, function* (_t, [a, b]) {
    return Math.imul(yield* toNumber(it, a), yield* toNumber(it, b));
  });
  // xorshift128+: a fixed seed, so that a run (and its replay when stepping back) is the same every time.
  let s0 = 0x9e3779b9, s1 = 0x243f6a88;
  simple(it, M, 'random', 0, () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= x << 23;
    x ^= x >>> 17;
    x ^= y ^ (y >>> 26);
    s1 = x >>> 0;
    return ((s0 + s1) >>> 0) / 4294967296;
  });
  void toIntegerOrInfinity;
}
