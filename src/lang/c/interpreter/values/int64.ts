/**
 * 64-bit integers (long, long long, size_t, pointers) as the VM holds them.
 *
 * Representation: a JS number whenever the value is a safe integer (|v| <= 2^53 - 1), a BigInt
 * only outside that range. The representation is canonical (a value that fits in a number is
 * never a BigInt), so `===` is equality and `<` works across both forms (JS compares a number
 * with a BigInt by mathematical value). Almost every value a teaching program computes is
 * small, so the hot paths are plain float-free number arithmetic guarded by one
 * `Number.isSafeInteger` test; only results that leave the safe range take the BigInt path,
 * where the hardware's wrap-around modulo 2^64 is applied exactly.
 *
 * Signed values (I64) lie in [-2^63, 2^63), unsigned ones (U64) in [0, 2^64).
 */
export type Int64 = number | bigint;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Canonical signed 64-bit value of any integer (wraps modulo 2^64 like the hardware). */
export function wrapI64(v: bigint): Int64 {
  const w = BigInt.asIntN(64, v);
  return w >= -9007199254740991n && w <= 9007199254740991n ? Number(w) : w;
}

/** Canonical unsigned 64-bit value of any integer. */
export function wrapU64(v: bigint): Int64 {
  const w = BigInt.asUintN(64, v);
  return w <= 9007199254740991n ? Number(w) : w;
}

const big = (v: Int64): bigint => (typeof v === 'bigint' ? v : BigInt(v));

// ---- signed ----

export function addI64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return wrapI64(big(a) + big(b));
}

export function subI64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return wrapI64(big(a) - big(b));
}

export function mulI64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    // A true product beyond 2^53 rounds to a float beyond it too, so this test is exact.
    const r = a * b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r + 0;
  }
  return wrapI64(big(a) * big(b));
}

/** Truncating division (C11 6.5.5p6); the caller has ruled out b == 0 and INT64_MIN / -1. */
export function divI64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') return Math.trunc(a / b) + 0;
  return wrapI64(big(a) / big(b));
}

/** The remainder has the dividend's sign (a == (a/b)*b + a%b). */
export function remI64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
  return wrapI64(big(a) % big(b));
}

export function negI64(a: Int64): Int64 {
  return typeof a === 'number' ? 0 - a : wrapI64(-a);
}

/** x86's shl/sar mask a 64-bit shift count to 6 bits; gcc -O0 emits them as they are. */
export function shlI64(a: Int64, n: number): Int64 {
  n &= 63;
  if (typeof a === 'number') {
    const r = a * 2 ** n;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r + 0;
  }
  return wrapI64(big(a) << BigInt(n));
}

export function sarI64(a: Int64, n: number): Int64 {
  n &= 63;
  if (typeof a === 'number') return Math.floor(a / 2 ** n) + 0;
  return wrapI64(a >> BigInt(n));
}

// ---- unsigned ----

export function addU64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX_SAFE && r >= 0) return r;
  }
  return wrapU64(big(a) + big(b));
}

export function subU64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX_SAFE && r >= 0) return r;
  }
  return wrapU64(big(a) - big(b));
}

export function mulU64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX_SAFE) return r;
  }
  return wrapU64(big(a) * big(b));
}

export function divU64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') return Math.floor(a / b);
  return wrapU64(big(a) / big(b));
}

export function remU64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') return a % b;
  return wrapU64(big(a) % big(b));
}

export function shlU64(a: Int64, n: number): Int64 {
  n &= 63;
  if (typeof a === 'number') {
    const r = a * 2 ** n;
    if (r <= MAX_SAFE) return r;
  }
  return wrapU64(big(a) << BigInt(n));
}

export function shrU64(a: Int64, n: number): Int64 {
  n &= 63;
  if (typeof a === 'number') return Math.floor(a / 2 ** n);
  return wrapU64(a >> BigInt(n));
}

// ---- bitwise (same bits for both signednesses; `wrap` picks the reading) ----

const fitsInt32 = (v: Int64): v is number => typeof v === 'number' && (v | 0) === v;

/** &, |, ^ on sign-extended int32 values give the sign-extended 64-bit result directly. */
export function bitI64(op: '&' | '|' | '^', a: Int64, b: Int64, unsigned: boolean): Int64 {
  if (fitsInt32(a) && fitsInt32(b) && !unsigned) return op === '&' ? a & b : op === '|' ? a | b : a ^ b;
  const x = big(a);
  const y = big(b);
  const r = op === '&' ? x & y : op === '|' ? x | y : x ^ y;
  return unsigned ? wrapU64(r) : wrapI64(r);
}

export function notI64(a: Int64, unsigned: boolean): Int64 {
  if (!unsigned && fitsInt32(a)) return ~a;
  return unsigned ? wrapU64(~big(a)) : wrapI64(~big(a));
}

// ---- conversions ----

/** Any integer value to the canonical signed/unsigned 64-bit reading of its low 64 bits. */
export function toI64(v: Int64): Int64 {
  if (typeof v === 'number') return v;
  return wrapI64(v);
}

export function toU64(v: Int64): Int64 {
  if (typeof v === 'number' && v >= 0) return v;
  return wrapU64(big(v));
}

/** The low 32 bits, as a signed int (ToInt32 is exact modulo 2^32 for every safe integer). */
export function lowI32(v: Int64): number {
  return typeof v === 'number' ? v | 0 : Number(BigInt.asIntN(32, v));
}

export function toNumber(v: Int64): number {
  return typeof v === 'number' ? v : Number(v);
}

export function isZero(v: Int64): boolean {
  return typeof v === 'number' ? v === 0 : v === 0n;
}

/** The 64 bits as (lo, hi) uint32 halves, for stores. */
export function splitU32(v: Int64): [number, number] {
  if (typeof v === 'number') {
    const hi = Math.floor(v / 4294967296);
    return [v - hi * 4294967296, hi >>> 0];
  }
  const u = BigInt.asUintN(64, v);
  return [Number(u & 0xffffffffn), Number(u >> 32n)];
}

export function joinI64(lo: number, hi: number): Int64 {
  // hi in [-2^21, 2^21) keeps |value| < 2^53.
  const shi = hi | 0;
  if (shi >= -2097152 && shi < 2097152) return shi * 4294967296 + lo;
  return wrapI64((BigInt(shi) << 32n) | BigInt(lo));
}

export function joinU64(lo: number, hi: number): Int64 {
  if (hi < 2097152) return hi * 4294967296 + lo;
  return wrapU64((BigInt(hi) << 32n) | BigInt(lo));
}
