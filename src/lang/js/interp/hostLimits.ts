import type { Interp } from './interp';
import { JsThrow } from './values';

/**
 * The RangeErrors V8 itself throws when a program passes one of its limits: a string longer
 * than 2^29 - 24 characters, an array length past 2^32 - 1, a stack too deep, a repeat count, a
 * toFixed digit count or a toString radix out of range. The interpreter's strings, arrays and calls are the host's, and the host is node,
 * so the host throws the very error node would throw the program: it becomes the program's own
 * exception, catchable by its try/catch and its promises, uncaught as node prints it.
 */
const V8_LIMITS = new Set(['Invalid string length', 'Invalid array length', 'Maximum call stack size exceeded']);
const V8_LIMIT_PREFIXES = ['Invalid count value: ', 'toFixed() digits argument must be between ', 'toPrecision() argument must be between ', 'toExponential() argument must be between ', 'toString() radix argument must be between '];

/** String tests, no regular expression: near a stack overflow V8 cannot compile one ("Invalid regular expression: Stack overflow"). */
const isV8Limit = (message: string): boolean => V8_LIMITS.has(message) || V8_LIMIT_PREFIXES.some((p) => message.startsWith(p));

/** `e` as an exception of the program (a JsThrow, or a host RangeError of one of V8's limits), else undefined: a defect, rethrown. */
export function thrownByProgram(it: Interp, e: unknown): JsThrow | undefined {
  if (e instanceof JsThrow) return e;
  if (e instanceof RangeError && isV8Limit(e.message)) return new JsThrow(it.makeError('RangeError', e.message));
  return undefined;
}
