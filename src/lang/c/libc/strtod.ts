import { isspace } from './ctype';
import { ERANGE } from './errno';
import { doubleFromBits } from './exactDecimal';
import type { ByteReader } from './strtol';

/**
 * strtod, strtof and atof as glibc 2.36 parses and rounds (stdlib/strtod_l.c), in the C locale:
 * - leading white space, an optional sign, then one of:
 *   "inf" or "infinity"; "nan" optionally followed by "(chars)" of letters, digits and '_' (a
 *   sequence that parses whole as an unsigned number becomes the NaN's payload bits);
 *   a hex float "0x" h* [. h*] [p [sign] d+] (at least one hex digit; a "0x" not followed by one
 *   is the number 0 ending at the 'x'); a decimal d* [. d*] [e [sign] d+] with at least one digit;
 *   an exponent marker not followed by digits is not part of the number;
 * - the result is the exact value correctly rounded to the format (to nearest, ties to even),
 *   computed here with exact rational arithmetic on BigInt, so every input, however many digits,
 *   rounds as glibc's multi-precision code does; strtof rounds once, straight to float;
 * - overflow gives ±HUGE_VAL with ERANGE; a result that is subnormal or zero and inexact sets
 *   ERANGE too (x86 detects tininess after rounding);
 * - no number: 0 and the end pointer is nptr.
 * The string is read one byte at a time, up to the byte that ends the number.
 */
export interface StrtodResult {
  readonly value: number;
  /** What strtod stores through a non-NULL endptr. */
  readonly end: number;
  readonly errno?: number;
}

/** A binary floating-point format: significand bits (with the hidden bit) and exponent range. */
interface FloatFormat {
  readonly mantissaBits: number;
  /** Exponent of the smallest subnormal's unit (2^-1074 for double). */
  readonly minExponent: number;
  /** The largest finite value is below 2^maxExponent. */
  readonly maxExponent: number;
}

const DOUBLE: FloatFormat = { mantissaBits: 53, minExponent: -1074, maxExponent: 1024 };
const FLOAT: FloatFormat = { mantissaBits: 24, minExponent: -149, maxExponent: 128 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * num/den × 2^binExp rounded to nearest-even in `format`; also whether it was inexact and tiny.
 * num > 0, den > 0.
 */
function roundRational(num: bigint, den: bigint, binExp: number, format: FloatFormat): { value: number; inexact: boolean; tiny: boolean } {
  const p = format.mantissaBits;
  const low = 1n << BigInt(p - 1);
  const high = 1n << BigInt(p);
  /** floor and remainder of num / den / 2^(k - binExp). */
  const divide = (k: number) => {
    const s = k - binExp;
    const n = s < 0 ? num << BigInt(-s) : num;
    const d = s > 0 ? den << BigInt(s) : den;
    return { q: n / d, r: n % d, d };
  };
  const roundUp = (q: bigint, r: bigint, d: bigint) => r * 2n > d || (r * 2n === d && (q & 1n) === 1n);
  // k such that q has exactly p bits: the unbounded-exponent rounding.
  let k = bitLength(num) - bitLength(den) + binExp - p;
  let { q, r, d } = divide(k);
  if (q < low) ({ q, r, d } = divide(--k));
  else if (q >= high) ({ q, r, d } = divide(++k));
  // Tininess is detected after rounding (x86): is the value rounded to p bits, exponent
  // unbounded, still below the smallest normal number 2^(minExponent + p - 1)?
  let unboundedK = k;
  if (roundUp(q, r, d) && q + 1n === high) unboundedK++;
  const tiny = unboundedK < format.minExponent;
  if (k < format.minExponent) {
    // A subnormal result has fewer significant bits: round at the fixed smallest unit instead.
    k = format.minExponent;
    ({ q, r, d } = divide(k));
  }
  const inexact = r !== 0n;
  if (roundUp(q, r, d)) q++;
  if (q === high) {
    q >>= 1n;
    k++;
  }
  if (k + p > format.maxExponent) return { value: Infinity, inexact: true, tiny: false };
  return { value: Number(q) * 2 ** k, inexact, tiny };
}

interface Parsed {
  kind: 'number' | 'inf' | 'nan' | 'none';
  negative: boolean;
  /** The number's exact value: digits × base^exponent, base 10 or 2. */
  digits: bigint;
  exponent: number;
  binary: boolean;
  nanPayload?: bigint;
  end: number;
}

function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

function matchWord(m: ByteReader, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (lower(m.read8(at + i)) !== word.charCodeAt(i)) return false;
  return true;
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

function hexValue(b: number): number {
  if (isDigit(b)) return b - 0x30;
  const l = lower(b);
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

const EXPONENT_LIMIT = 1_000_000_000;

/** Reads an optional exponent "e[sign]digits" (or p for hex); returns its value and end, or undefined. */
function readExponent(m: ByteReader, at: number, marker: number): { value: number; end: number } | undefined {
  if (lower(m.read8(at)) !== marker) return undefined;
  let i = at + 1;
  let negative = false;
  const sign = m.read8(i);
  if (sign === 0x2b || sign === 0x2d) {
    negative = sign === 0x2d;
    i++;
  }
  if (!isDigit(m.read8(i))) return undefined;
  let value = 0;
  while (isDigit(m.read8(i))) {
    value = Math.min(EXPONENT_LIMIT, value * 10 + (m.read8(i) - 0x30));
    i++;
  }
  return { value: negative ? -value : value, end: i };
}

function parse(m: ByteReader, nptr: number): Parsed {
  let s = nptr;
  while (isspace(m.read8(s))) s++;
  let negative = false;
  const sign = m.read8(s);
  if (sign === 0x2b || sign === 0x2d) {
    negative = sign === 0x2d;
    s++;
  }
  const none: Parsed = { kind: 'none', negative: false, digits: 0n, exponent: 0, binary: false, end: nptr };
  if (matchWord(m, s, 'inf')) {
    const end = matchWord(m, s + 3, 'inity') ? s + 8 : s + 3;
    return { kind: 'inf', negative, digits: 0n, exponent: 0, binary: false, end };
  }
  if (matchWord(m, s, 'nan')) {
    let end = s + 3;
    let nanPayload: bigint | undefined;
    if (m.read8(end) === 0x28) {
      let i = end + 1;
      let text = '';
      for (;;) {
        const b = m.read8(i);
        const l = lower(b);
        if (isDigit(b) || (l >= 0x61 && l <= 0x7a) || b === 0x5f) {
          text += String.fromCharCode(b);
          i++;
        } else break;
      }
      if (m.read8(i) === 0x29) {
        end = i + 1;
        nanPayload = nanPayloadOf(text);
      }
    }
    return { kind: 'nan', negative, digits: 0n, exponent: 0, binary: false, nanPayload, end };
  }
  if (m.read8(s) === 0x30 && lower(m.read8(s + 1)) === 0x78) {
    const h = parseHex(m, s + 2, negative);
    if (h !== undefined) return h;
    return { kind: 'number', negative, digits: 0n, exponent: 0, binary: false, end: s + 1 };
  }
  let i = s;
  let digits = '';
  let fractionDigits = 0;
  while (isDigit(m.read8(i))) digits += String.fromCharCode(m.read8(i++));
  if (m.read8(i) === 0x2e) {
    const afterPoint = i + 1;
    let j = afterPoint;
    while (isDigit(m.read8(j))) {
      digits += String.fromCharCode(m.read8(j++));
      fractionDigits++;
    }
    if (digits.length > 0) i = j;
  }
  if (digits.length === 0) return none;
  let exponent = -fractionDigits;
  const e = readExponent(m, i, 0x65);
  if (e !== undefined) {
    exponent += e.value;
    i = e.end;
  }
  return { kind: 'number', negative, digits: BigInt(digits), exponent, binary: false, end: i };
}

function parseHex(m: ByteReader, at: number, negative: boolean): Parsed | undefined {
  let i = at;
  let digits = 0n;
  let count = 0;
  let exponent = 0;
  for (let v = hexValue(m.read8(i)); v >= 0; v = hexValue(m.read8(++i))) {
    digits = digits * 16n + BigInt(v);
    count++;
  }
  if (m.read8(i) === 0x2e) {
    let j = i + 1;
    let fraction = 0;
    for (let v = hexValue(m.read8(j)); v >= 0; v = hexValue(m.read8(++j))) {
      digits = digits * 16n + BigInt(v);
      fraction++;
    }
    if (count + fraction > 0) {
      i = j;
      count += fraction;
      exponent -= 4 * fraction;
    }
  }
  if (count === 0) return undefined;
  const p = readExponent(m, i, 0x70);
  if (p !== undefined) {
    exponent += p.value;
    i = p.end;
  }
  return { kind: 'number', negative, digits, exponent, binary: true, end: i };
}

/** The n-char-sequence of "nan(...)" as glibc's __strtod_nan reads it: a whole unsigned number, base 0. */
function nanPayloadOf(text: string): bigint | undefined {
  let base = 10;
  let body = text;
  if (/^0[xX]/.test(text)) {
    base = 16;
    body = text.slice(2);
  } else if (text.startsWith('0') && text.length > 1) {
    base = 8;
    body = text.slice(1);
  }
  if (body.length === 0) return undefined;
  let v = 0n;
  for (const c of body.toLowerCase()) {
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    v = v * BigInt(base) + BigInt(d);
  }
  return v;
}

function convert(m: ByteReader, nptr: number, format: FloatFormat): StrtodResult {
  const p = parse(m, nptr);
  const sign = p.negative ? -1 : 1;
  switch (p.kind) {
    case 'none':
      return { value: 0, end: nptr };
    case 'inf':
      return { value: sign * Infinity, end: p.end };
    case 'nan': {
      const mantissaBits = format === DOUBLE ? 52n : 23n;
      const quiet = 1n << (mantissaBits - 1n);
      const payload = (p.nanPayload ?? 0n) & (quiet - 1n);
      const value = format === DOUBLE ? doubleFromBits((0x7ffn << 52n) | quiet | payload | (p.negative ? 1n << 63n : 0n)) : float32FromBits(Number((0xffn << 23n) | quiet | payload) | (p.negative ? 0x80000000 : 0));
      return { value, end: p.end };
    }
  }
  if (p.digits === 0n) return { value: sign * 0, end: p.end };
  // Keep the BigInts small where the answer is already known.
  if (!p.binary) {
    const magnitude = p.digits.toString().length + p.exponent;
    if (magnitude > 400) return { value: sign * Infinity, end: p.end, errno: ERANGE };
    if (magnitude < -400) return { value: sign * 0, end: p.end, errno: ERANGE };
  } else {
    const magnitude = bitLength(p.digits) + p.exponent;
    if (magnitude > 2000) return { value: sign * Infinity, end: p.end, errno: ERANGE };
    if (magnitude < -2000) return { value: sign * 0, end: p.end, errno: ERANGE };
  }
  let num: bigint;
  let den = 1n;
  let binExp = 0;
  if (p.binary) {
    num = p.digits;
    binExp = p.exponent;
  } else if (p.exponent >= 0) {
    num = p.digits * 10n ** BigInt(p.exponent);
  } else {
    num = p.digits;
    den = 10n ** BigInt(-p.exponent);
  }
  const r = roundRational(num, den, binExp, format);
  const errno = r.value === Infinity || (r.tiny && r.inexact) ? ERANGE : undefined;
  const value = format === FLOAT ? Math.fround(r.value) : r.value;
  return errno === undefined ? { value: sign * value, end: p.end } : { value: sign * value, end: p.end, errno };
}

function float32FromBits(bits: number): number {
  const f = new Float32Array(Uint32Array.of(bits >>> 0).buffer);
  return f[0];
}

export function strtod(m: ByteReader, nptr: number): StrtodResult {
  return convert(m, nptr, DOUBLE);
}

/** strtof: rounded once, directly to float (the result is a float value held in a number). */
export function strtof(m: ByteReader, nptr: number): StrtodResult {
  return convert(m, nptr, FLOAT);
}

/** strtold: the simulated long double holds a double value, so this is strtod. */
export const strtold = strtod;

/** atof(s) is strtod(s, NULL). */
export function atof(m: ByteReader, nptr: number): number {
  return strtod(m, nptr).value;
}
