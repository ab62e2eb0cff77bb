import type { MemoryAccess } from '../../../engine/memory/memoryAccess';
import { isspace } from './ctype';
import { EINVAL, ERANGE } from './errno';

/**
 * strtol, strtoul, strtoll, strtoull and atoi/atol/atoll as glibc 2.36 does them
 * (stdlib/strtol_l.c, stdlib/atoi.c), for x86-64 where long and long long are both 64 bits:
 * - leading white space (isspace in the C locale) is skipped, then an optional sign;
 * - base 0 picks 16 after "0x"/"0X", 8 after a leading "0", else 10; base 16 also accepts "0x"
 *   (glibc 2.36 has no "0b" prefix: that came with C2x support in 2.38);
 * - digits are 0-9 then a-z / A-Z for 10..35, stopping at the first that is not below the base;
 * - no digits: the result is 0 and the end pointer is nptr, except that for "0x" not followed by
 *   a hex digit the "0" was a number and the end pointer is left at the 'x';
 * - out of range: LONG_MAX/LONG_MIN (strtol) or ULONG_MAX (strtoul) with ERANGE; strtoul
 *   negates an in-range value read after '-' in unsigned arithmetic ("-1" gives ULONG_MAX);
 * - a base other than 0 or 2..36: EINVAL, result 0, and *endptr is not written.
 * The string is read one byte at a time and no further than the conversion needs plus the byte
 * that stops it.
 */
/** All these functions need of memory: byte loads (scanf also runs them over its own buffer). */
export type ByteReader = Pick<MemoryAccess, 'read8'>;

export interface StrtolResult {
  /** The converted value: a signed 64-bit value for strtol, unsigned for strtoul. */
  readonly value: bigint;
  /** What the function stores through a non-NULL endptr; undefined when it stores nothing. */
  readonly end: number | undefined;
  /** errno when the function sets it (ERANGE, EINVAL). */
  readonly errno?: number;
}

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);
const ULONG_MAX = (1n << 64n) - 1n;

function digitValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x7a) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x5a) return b - 0x41 + 10;
  return 99;
}

interface Scanned {
  negative: boolean;
  magnitude: bigint;
  /** magnitude exceeded ULONG_MAX. */
  overflow: boolean;
  end: number | undefined;
  invalidBase: boolean;
}

/** The common part: white space, sign, prefix and digits, with the magnitude kept exactly. */
function scanInteger(m: ByteReader, nptr: number, base: number): Scanned {
  if (base < 0 || base === 1 || base > 36) return { negative: false, magnitude: 0n, overflow: false, end: undefined, invalidBase: true };
  let s = nptr;
  while (isspace(m.read8(s))) s++;
  let negative = false;
  const sign = m.read8(s);
  if (sign === 0x2d || sign === 0x2b) {
    negative = sign === 0x2d;
    s++;
  }
  if (m.read8(s) === 0x30) {
    if ((base === 0 || base === 16) && (m.read8(s + 1) | 0x20) === 0x78) {
      s += 2;
      base = 16;
    } else if (base === 0) {
      base = 8;
    }
  } else if (base === 0) {
    base = 10;
  }
  const start = s;
  let magnitude = 0n;
  const big = BigInt(base);
  for (;;) {
    const d = digitValue(m.read8(s));
    if (d >= base) break;
    magnitude = magnitude * big + BigInt(d);
    s++;
  }
  if (s === start) {
    // No digits. After "0x" the '0' alone was the number: end at the 'x'.
    const sawHexPrefix = s - nptr >= 2 && (m.read8(s - 1) | 0x20) === 0x78 && m.read8(s - 2) === 0x30;
    return { negative: false, magnitude: 0n, overflow: false, end: sawHexPrefix ? s - 1 : nptr, invalidBase: false };
  }
  return { negative, magnitude, overflow: magnitude > ULONG_MAX, end: s, invalidBase: false };
}

export function strtol(m: ByteReader, nptr: number, base: number): StrtolResult {
  const r = scanInteger(m, nptr, base);
  if (r.invalidBase) return { value: 0n, end: undefined, errno: EINVAL };
  if (r.negative) {
    if (r.magnitude > -LONG_MIN) return { value: LONG_MIN, end: r.end, errno: ERANGE };
    return { value: -r.magnitude, end: r.end };
  }
  if (r.magnitude > LONG_MAX) return { value: LONG_MAX, end: r.end, errno: ERANGE };
  return { value: r.magnitude, end: r.end };
}

export function strtoul(m: ByteReader, nptr: number, base: number): StrtolResult {
  const r = scanInteger(m, nptr, base);
  if (r.invalidBase) return { value: 0n, end: undefined, errno: EINVAL };
  if (r.overflow) return { value: ULONG_MAX, end: r.end, errno: ERANGE };
  return { value: r.negative ? BigInt.asUintN(64, -r.magnitude) : r.magnitude, end: r.end };
}

/** long long is long on x86-64. */
export const strtoll = strtol;
export const strtoull = strtoul;

/** atoi(s) is (int) strtol(s, NULL, 10) in glibc: out-of-range values wrap after clamping. */
export function atoi(m: ByteReader, nptr: number): { value: number; errno?: number } {
  const r = strtol(m, nptr, 10);
  return r.errno === undefined ? { value: Number(BigInt.asIntN(32, r.value)) } : { value: Number(BigInt.asIntN(32, r.value)), errno: r.errno };
}

/** atol(s) and atoll(s) are strtol(s, NULL, 10). */
export function atol(m: ByteReader, nptr: number): { value: bigint; errno?: number } {
  const r = strtol(m, nptr, 10);
  return r.errno === undefined ? { value: r.value } : { value: r.value, errno: r.errno };
}

export const atoll = atol;
