import { isFloatLiteral, parseFloatLiteral, parseIntegerLiteral } from '../../constantValue';
import { type CType, INT, UINT, LONG, ULONG, LLONG, ULLONG, DOUBLE } from '../../types';
import { FLOAT } from './conversions';

/**
 * The type of an integer constant (C11 6.4.4.1p5): the first type of its list that can
 * represent the value. Decimal constants without a `u` suffix only try signed types; octal and
 * hexadecimal ones also try the unsigned type of each rank.
 */
export function integerLiteralType(text: string, magnitude: bigint): CType | undefined {
  const suffix = /[uUlL]*$/.exec(text)?.[0].toLowerCase() ?? '';
  const unsigned = suffix.includes('u');
  const long = suffix.includes('l');
  // `ll`: long long, a type of its own although it is the size of long.
  const longLong = suffix.includes('ll');
  const decimal = !/^0[xXbB0-7]/.test(text) || /^0$/.test(text.replace(/[uUlL]+$/, ''));
  const candidates: CType[] = [];
  if (!long) candidates.push(...(unsigned ? [UINT] : decimal ? [INT] : [INT, UINT]));
  if (!longLong) candidates.push(...(unsigned ? [ULONG] : decimal ? [LONG] : [LONG, ULONG]));
  candidates.push(...(unsigned ? [ULLONG] : decimal ? [LLONG] : [LLONG, ULLONG]));
  for (const t of candidates) if (magnitude <= maxOf(t)) return t;
  // gcc gives a too-large decimal constant the type unsigned long (__int128 aside) with a warning.
  return magnitude <= 0xffffffffffffffffn ? (longLong ? ULLONG : ULONG) : undefined;
}

function maxOf(t: CType): bigint {
  if (t === INT) return 0x7fffffffn;
  if (t === UINT) return 0xffffffffn;
  if (t === LONG || t === LLONG) return 0x7fffffffffffffffn;
  return 0xffffffffffffffffn;
}

export type LiteralValue = { type: CType; value: number | bigint } | undefined;

/** A number literal's type and value (a leading sign folded in by tree-sitter is unary minus). */
export function numberLiteral(text: string): LiteralValue {
  const negative = text.startsWith('-');
  const body = text.replace(/^[-+]/, '');
  if (isFloatLiteral(body)) {
    const f = parseFloatLiteral(body);
    if (f === undefined) return undefined;
    const isFloat = /[fF]$/.test(body) && !/^0[xX]/.test(body) || /^0[xX].*[pP][+-]?\d+[fF]$/.test(body);
    const type = isFloat ? FLOAT : DOUBLE;
    const v = isFloat ? Math.fround(f) : f;
    return { type, value: negative ? -v : v };
  }
  const magnitude = parseIntegerLiteral(body);
  if (magnitude === undefined) return undefined;
  const type = integerLiteralType(body, magnitude);
  if (!type) return undefined;
  return { type, value: canonicalInteger(negative ? -magnitude : magnitude, type) };
}

/** The value as the VM holds it for `type` (wrapped to the type's width). */
export function canonicalInteger(v: bigint, type: CType): number | bigint {
  const unsigned = type.kind === 'integer' && !type.signed || type.kind === 'pointer';
  const bits = type.kind === 'integer' ? ({ _Bool: 8, char: 8, short: 16, int: 32, long: 64, 'long long': 64, __int128: 64 }[type.name]) : type.kind === 'enum' ? 32 : 64;
  const w = unsigned ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
  return w >= -9007199254740991n && w <= 9007199254740991n ? Number(w) : w;
}
