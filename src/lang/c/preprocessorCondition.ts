import type { PpToken } from './preprocessorTokens';
import { charConstant } from './stringLiterals';

/**
 * Evaluates the controlling expression of #if / #elif (C11 6.10.1): integer arithmetic in
 * intmax_t, identifiers that are not macros count as 0. Returns the value, or an error message.
 */
export function evaluatePpCondition(tokens: readonly PpToken[]): bigint | string {
  const items = tokens.filter((t) => t.kind !== 'space');
  let pos = 0;
  const peek = () => items[pos]?.text;
  // Inside an operand that is not evaluated (the right of `0 &&`, `1 ||`, the arm `?:` does not
  // take), dividing by zero is no error (C11 6.6p3 forbids it only where it is evaluated).
  let unevaluated = 0;
  const quotient = (a: bigint, b: bigint, rem: boolean): bigint => {
    if (b === 0n) {
      if (unevaluated > 0) return 0n;
      throw new Error('division by zero');
    }
    return rem ? a % b : a / b;
  };

  const BINARY: Record<string, [number, (a: bigint, b: bigint) => bigint]> = {
    '||': [1, (a, b) => (a || b ? 1n : 0n)], '&&': [2, (a, b) => (a && b ? 1n : 0n)],
    '|': [3, (a, b) => a | b], '^': [4, (a, b) => a ^ b], '&': [5, (a, b) => a & b],
    '==': [6, (a, b) => (a === b ? 1n : 0n)], '!=': [6, (a, b) => (a !== b ? 1n : 0n)],
    '<': [7, (a, b) => (a < b ? 1n : 0n)], '>': [7, (a, b) => (a > b ? 1n : 0n)],
    '<=': [7, (a, b) => (a <= b ? 1n : 0n)], '>=': [7, (a, b) => (a >= b ? 1n : 0n)],
    '<<': [8, (a, b) => a << b], '>>': [8, (a, b) => a >> b],
    '+': [9, (a, b) => a + b], '-': [9, (a, b) => a - b],
    '*': [10, (a, b) => a * b], '/': [10, (a, b) => quotient(a, b, false)], '%': [10, (a, b) => quotient(a, b, true)],
  };

  function primary(): bigint {
    const t = items[pos++];
    if (!t) throw new Error('expression ends too early');
    if (t.text === '(') {
      const v = conditional();
      if (items[pos++]?.text !== ')') throw new Error("missing ')'");
      return v;
    }
    if (t.text === '-') return -primary();
    if (t.text === '+') return primary();
    if (t.text === '!') return primary() ? 0n : 1n;
    if (t.text === '~') return ~primary();
    if (t.kind === 'number') return parseInteger(t.text);
    if (t.kind === 'char') return BigInt(charConstant(t.text).value);
    if (t.kind === 'ident') return 0n;
    throw new Error(`unexpected '${t.text}'`);
  }

  function binary(minPrec: number): bigint {
    let left = primary();
    for (;;) {
      const op = BINARY[peek() ?? ''];
      if (!op || op[0] < minPrec) return left;
      const operator = items[pos++].text;
      const skipped = (operator === '&&' && left === 0n) || (operator === '||' && left !== 0n);
      if (skipped) unevaluated++;
      const right = binary(op[0] + 1);
      if (skipped) unevaluated--;
      left = op[1](left, right);
    }
  }

  function conditional(): bigint {
    const c = binary(1);
    if (peek() !== '?') return c;
    pos++;
    if (!c) unevaluated++;
    const a = conditional();
    if (!c) unevaluated--;
    if (items[pos++]?.text !== ':') throw new Error("missing ':'");
    if (c) unevaluated++;
    const b = conditional();
    if (c) unevaluated--;
    return c ? a : b;
  }

  try {
    if (items.length === 0) return 'empty expression';
    const value = conditional();
    if (pos < items.length) return `unexpected '${items[pos].text}'`;
    return value;
  } catch (e) {
    return (e as Error).message;
  }
}

function parseInteger(text: string): bigint {
  const digits = text.replace(/[uUlL]+$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(digits)) return BigInt(digits);
  if (/^0[bB][01]+$/.test(digits)) return BigInt(digits);
  if (/^0[0-7]*$/.test(digits)) return BigInt('0o' + (digits.slice(1) || '0'));
  if (/^[0-9]+$/.test(digits)) return BigInt(digits);
  throw new Error(`'${text}' is not an integer`);
}

