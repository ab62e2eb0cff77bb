import type { Interp } from './interp';
import { type Eval, JsFunction, JsObject, type JsValue, isCallable } from './values';
import { getProp, hasProperty } from './objectModel';
import { lessThan, looseEquals, toNumeric, toPrimitive, toPropertyKey, toString } from './conversions';
import { call } from './calls';

/** What `fastBinary` returns when the operands need the language's conversions (`binary` runs them). */
export const NEEDS_CONVERSION: unique symbol = Symbol('needs conversion');

/**
 * A binary operator on two numbers or two strings, a string joined with a number, boolean,
 * undefined, null or BigInt, or a strict (in)equality: the cases no
 * conversion can run the program's code in, computed without a generator (the evaluator's fast
 * path and the start of `binary`). Anything else is NEEDS_CONVERSION.
 */
export function fastBinary(it: Interp, op: string, a: JsValue, b: JsValue): JsValue | typeof NEEDS_CONVERSION {
  if (op === '===') return a === b;
  if (op === '!==') return a !== b;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) {
    // A string and another primitive (not a Symbol, which throws): ToPrimitive is the identity
    // and ToString is the host's String, so `'k' + i` needs no generator.
    if (op === '+' && (ta === 'string' || tb === 'string')) {
      const other = ta === 'string' ? tb : ta;
      if (other === 'number' || other === 'boolean' || other === 'undefined' || other === 'bigint' || a === null || b === null) return concatenate(it, String(a), String(b));
    }
    return NEEDS_CONVERSION;
  }
  if (ta !== 'number' && ta !== 'string') return NEEDS_CONVERSION;
  switch (op) {
    case '<': return (a as number) < (b as number);
    case '>': return (a as number) > (b as number);
    case '<=': return (a as number) <= (b as number);
    case '>=': return (a as number) >= (b as number);
    case '==': return a === b;
    case '!=': return a !== b;
    case 'instanceof':
    case 'in':
      return NEEDS_CONVERSION;
    case '+':
      if (ta === 'number') return (a as number) + (b as number);
      return concatenate(it, a as string, b as string);
    default:
      return ta === 'number' ? arithmetic(it, op, a as number, b as number) : NEEDS_CONVERSION;
  }
}

/** String concatenation, told to the managed heap (the result is a new string there). */
function concatenate(it: Interp, left: string, right: string): string {
  const result = left + right;
  it.heap.concatenated(result, left, right);
  return result;
}

/** The binary operators, with the language's conversions (+ concatenates when either side is a string). */
export function* binary(it: Interp, op: string, a: JsValue, b: JsValue): Eval<JsValue> {
  const fast = fastBinary(it, op, a, b);
  if (fast !== NEEDS_CONVERSION) return fast;
  switch (op) {
    case '==': return yield* looseEquals(it, a, b);
    case '!=': return !(yield* looseEquals(it, a, b));
    case '<': return (yield* lessThan(it, a, b, true)) === true;
    case '>': return (yield* lessThan(it, b, a, false)) === true;
    case '<=': { const r = yield* lessThan(it, b, a, false); return r === false; }
    case '>=': { const r = yield* lessThan(it, a, b, true); return r === false; }
    case '+': {
      const pa = yield* toPrimitive(it, a), pb = yield* toPrimitive(it, b);
      if (typeof pa === 'string' || typeof pb === 'string') {
        return concatenate(it, yield* toString(it, pa), yield* toString(it, pb));
      }
      return arithmetic(it, '+', yield* toNumeric(it, pa), yield* toNumeric(it, pb));
    }
    case 'instanceof': return yield* instanceOf(it, a, b);
    case 'in': {
      if (!(b instanceof JsObject)) return it.throwError('TypeError', `Cannot use 'in' operator to search for '${typeof a === 'string' ? a : String(a)}' in ${typeof b === 'string' ? b : String(b)}`);
      return hasProperty(b, yield* toPropertyKey(it, a));
    }
    default:
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
