import type { Interp } from './interp';
import { type Eval, JsFunction, JsObject, JsSymbol, type JsValue, type PropKey, isCallable } from './values';
import { getProp } from './objectModel';
import { call } from './calls';

/** The language's type conversions (ToPrimitive, ToNumber, ToString...), which may call the program's valueOf/toString. */

export function typeOf(v: JsValue): string {
  if (v === null) return 'object';
  if (v instanceof JsFunction) return 'function';
  if (v instanceof JsObject) return 'object';
  if (v instanceof JsSymbol) return 'symbol';
  return typeof v;
}

export function toBoolean(v: JsValue): boolean {
  if (v instanceof JsObject || v instanceof JsSymbol) return true;
  return Boolean(v);
}

export function* toPrimitive(it: Interp, v: JsValue, hint: 'default' | 'number' | 'string' = 'default'): Eval<Exclude<JsValue, JsObject>> {
  if (!(v instanceof JsObject)) return v;
  const exotic = yield* getProp(it, v, it.symbols.toPrimitive);
  if (isCallable(exotic)) {
    const r = yield* call(it, exotic, v, [hint]);
    if (!(r instanceof JsObject)) return r;
    it.throwError('TypeError', 'Cannot convert object to primitive value');
  }
  for (const name of hint === 'string' ? ['toString', 'valueOf'] : ['valueOf', 'toString']) {
    const f = yield* getProp(it, v, name);
    if (isCallable(f)) {
      const r = yield* call(it, f, v, []);
      if (!(r instanceof JsObject)) return r;
    }
  }
  return it.throwError('TypeError', 'Cannot convert object to primitive value');
}

export function* toNumber(it: Interp, v: JsValue): Eval<number> {
  const p = yield* toPrimitive(it, v, 'number');
  return primitiveToNumber(it, p);
}

export function primitiveToNumber(it: Interp, p: Exclude<JsValue, JsObject>): number {
  if (p instanceof JsSymbol) return it.throwError('TypeError', 'Cannot convert a Symbol value to a number');
  if (typeof p === 'bigint') return it.throwError('TypeError', 'Cannot convert a BigInt value to a number');
  return Number(p);
}

/** ToBigInt, as a BigInt64Array store does it: numbers are refused, strings parsed. */
export function* toBigInt(it: Interp, v: JsValue): Eval<bigint> {
  return primitiveToBigInt(it, yield* toPrimitive(it, v, 'number'));
}

export function primitiveToBigInt(it: Interp, p: Exclude<JsValue, JsObject>): bigint {
  if (typeof p === 'bigint') return p;
  if (typeof p === 'boolean') return p ? 1n : 0n;
  if (typeof p === 'string') {
    try {
      return BigInt(p.trim() === '' ? '0' : p);
    } catch {
      return it.throwError('SyntaxError', `Cannot convert ${p} to a BigInt`);
    }
  }
  if (p instanceof JsSymbol) return it.throwError('TypeError', `Cannot convert ${p.description === undefined ? 'Symbol()' : `Symbol(${p.description})`} to a BigInt`);
  return it.throwError('TypeError', `Cannot convert ${String(p)} to a BigInt`);
}

/** ToNumeric: a number or a BigInt (arithmetic keeps BigInts). */
export function* toNumeric(it: Interp, v: JsValue): Eval<number | bigint> {
  const p = yield* toPrimitive(it, v, 'number');
  if (typeof p === 'bigint') return p;
  return primitiveToNumber(it, p);
}

export function* toString(it: Interp, v: JsValue): Eval<string> {
  if (typeof v === 'string') return v;
  const p = yield* toPrimitive(it, v, 'string');
  return primitiveToString(it, p);
}

export function primitiveToString(it: Interp, p: Exclude<JsValue, JsObject>): string {
  if (p instanceof JsSymbol) return it.throwError('TypeError', 'Cannot convert a Symbol value to a string');
  return String(p);
}

export function* toPropertyKey(it: Interp, v: JsValue): Eval<PropKey> {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  const p = yield* toPrimitive(it, v, 'string');
  return p instanceof JsSymbol ? p : String(p);
}

export function toObject(it: Interp, v: JsValue): JsObject {
  if (v instanceof JsObject) return v;
  if (v === undefined || v === null) return it.throwError('TypeError', `Cannot convert undefined or null to object`);
  const cls = typeof v === 'string' ? 'String' : typeof v === 'number' ? 'Number' : typeof v === 'boolean' ? 'Boolean' : typeof v === 'bigint' ? 'BigInt' : 'Symbol';
  const o = it.newObject(it.protoOfPrimitive(v), cls);
  o.primitive = v;
  return o;
}

export function strictEquals(a: JsValue, b: JsValue): boolean {
  return a === b;
}

export function sameValueZero(a: JsValue, b: JsValue): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

export function sameValue(a: JsValue, b: JsValue): boolean {
  return Object.is(a, b);
}

/** `==`: the abstract equality comparison. */
export function* looseEquals(it: Interp, a: JsValue, b: JsValue): Eval<boolean> {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const ao = a instanceof JsObject, bo = b instanceof JsObject;
  if (ao && bo) return a === b;
  if (ao) return yield* looseEquals(it, yield* toPrimitive(it, a), b);
  if (bo) return yield* looseEquals(it, a, yield* toPrimitive(it, b));
  if (a instanceof JsSymbol || b instanceof JsSymbol) return a === b;
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    try {
      return BigInt(a as never) === BigInt(b as never);
    } catch {
      return false;
    }
  }
  // eslint-disable-next-line eqeqeq
  return (a as unknown) == (b as unknown);
}

/** `<` with the operands already primitive: strings by code units, else as numbers. */
export function* lessThan(it: Interp, a: JsValue, b: JsValue, leftFirst: boolean): Eval<boolean | undefined> {
  let pa: Exclude<JsValue, JsObject>, pb: Exclude<JsValue, JsObject>;
  if (leftFirst) {
    pa = yield* toPrimitive(it, a, 'number');
    pb = yield* toPrimitive(it, b, 'number');
  } else {
    pb = yield* toPrimitive(it, b, 'number');
    pa = yield* toPrimitive(it, a, 'number');
  }
  if (typeof pa === 'string' && typeof pb === 'string') return pa < pb;
  if (typeof pa === 'bigint' || typeof pb === 'bigint') {
    const x = typeof pa === 'bigint' ? pa : primitiveToNumber(it, pa);
    const y = typeof pb === 'bigint' ? pb : primitiveToNumber(it, pb);
    if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
    return x < y;
  }
  const x = primitiveToNumber(it, pa), y = primitiveToNumber(it, pb);
  if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
  return x < y;
}

export function toInt32(n: number): number {
  return n | 0;
}

export function toIntegerOrInfinity(n: number): number {
  if (Number.isNaN(n)) return 0;
  if (!Number.isFinite(n)) return n;
  return Math.trunc(n);
}
