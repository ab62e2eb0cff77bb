import type { Interp } from './interp';
import { type Eval, JsFunction, JsObject, type JsValue, isCallable } from './values';
import { getProp, hasProperty } from './objectModel';
import { lessThan, looseEquals, toNumeric, toPrimitive, toPropertyKey, toString } from './conversions';
import { call } from './calls';

/** The binary operators, with the language's conversions (+ concatenates when either side is a string). */
export function* binary(it: Interp, op: string, a: JsValue, b: JsValue): Eval<JsValue> {
  switch (op) {
    case '===': return a === b;
    case '!==': return a !== b;
    case '==': return yield* looseEquals(it, a, b);
    case '!=': return !(yield* looseEquals(it, a, b));
    case '<': return (yield* lessThan(it, a, b, true)) === true;
    case '>': return (yield* lessThan(it, b, a, false)) === true;
    case '<=': { const r = yield* lessThan(it, b, a, false); return r === false; }
    case '>=': { const r = yield* lessThan(it, a, b, true); return r === false; }
    case '+': {
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      const pa = yield* toPrimitive(it, a), pb = yield* toPrimitive(it, b);
      if (typeof pa === 'string' || typeof pb === 'string') {
        const left = yield* toString(it, pa), right = yield* toString(it, pb);
        const result = left + right;
        it.heap.concatenated(result, left, right);
        return result;
      }
      return arithmetic(it, '+', yield* toNumeric(it, pa), yield* toNumeric(it, pb));
    }
    case 'instanceof': return yield* instanceOf(it, a, b);
    case 'in': {
      if (!(b instanceof JsObject)) return it.throwError('TypeError', `Cannot use 'in' operator to search for '${typeof a === 'string' ? a : String(a)}' in ${typeof b === 'string' ? b : String(b)}`);
      return hasProperty(b, yield* toPropertyKey(it, a));
    }
    default:
      if (typeof a === 'number' && typeof b === 'number') return arithmetic(it, op, a, b);
      return arithmetic(it, op, yield* toNumeric(it, a), yield* toNumeric(it, b));
  }
}

/** Arithmetic on numbers (or on BigInts; mixing the two is a TypeError, as in the language). */
export function arithmetic(it: Interp, op: string, a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a !== typeof b) return it.throwError('TypeError', 'Cannot mix BigInt and other types, use explicit conversions');
  if (typeof a === 'bigint') {
    const y = b as bigint;
    if ((op === '/' || op === '%') && y === 0n) return it.throwError('RangeError', 'Division by zero');
    if (op === '>>>') return it.throwError('TypeError', 'BigInts have no unsigned right shift, use >> instead');
    switch (op) {
      case '+': return a + y;
      case '-': return a - y;
      case '*': return a * y;
      case '/': return a / y;
      case '%': return a % y;
      case '**': return a ** y;
      case '&': return a & y;
      case '|': return a | y;
      case '^': return a ^ y;
      case '<<': return a << y;
      case '>>': return a >> y;
    }
  }
  const x = a as number, y = b as number;
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    case '%': return x % y;
    case '**': return x ** y;
    case '&': return x & y;
    case '|': return x | y;
    case '^': return x ^ y;
    case '<<': return x << y;
    case '>>': return x >> y;
    case '>>>': return x >>> y;
  }
  return it.throwError('SyntaxError', `the operator ${op} is not supported by Memory Atlas`);
}

export function* instanceOf(it: Interp, v: JsValue, target: JsValue): Eval<boolean> {
  if (!(target instanceof JsObject)) return it.throwError('TypeError', "Right-hand side of 'instanceof' is not callable");
  const custom = yield* getProp(it, target, it.symbols.hasInstance);
  if (isCallable(custom) && custom !== it.defaultHasInstance) {
    const r = yield* call(it, custom, target, [v]);
    return Boolean(r) && r !== 0;
  }
  if (!(target instanceof JsFunction)) return it.throwError('TypeError', "Right-hand side of 'instanceof' is not callable");
  return yield* ordinaryHasInstance(it, target, v);
}

export function* ordinaryHasInstance(it: Interp, f: JsFunction, v: JsValue): Eval<boolean> {
  if (f.boundTarget) return yield* instanceOf(it, v, f.boundTarget);
  if (!(v instanceof JsObject)) return false;
  const proto = yield* getProp(it, f, 'prototype');
  if (!(proto instanceof JsObject)) return it.throwError('TypeError', "Function has non-object prototype 'undefined' in instanceof check");
  for (let p = v.proto; p; p = p.proto) if (p === proto) return true;
  return false;
}
