/**
 * <math.h> functions whose results IEEE 754 fixes exactly (so glibc's are these bit for bit):
 * rounding to integers, min/max, copysign, nextafter, scaling, splitting, remainder and fma, and
 * hypot as the correctly rounded sqrt(x² + y²) (glibc 2.35's hypot is correctly rounded in
 * round-to-nearest). C11 Annex F's special cases (NaN, infinities, signed zeros) are followed.
 */

const buffer = new DataView(new ArrayBuffer(8));

export function bitsOf(x: number): bigint {
  buffer.setFloat64(0, x, true);
  return buffer.getBigUint64(0, true);
}

export function fromBits(bits: bigint): number {
  buffer.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return buffer.getFloat64(0, true);
}

/** rint / nearbyint: to an integer, halfway cases to even (the default rounding mode). */
export function rint(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 52) return x;
  const r = Math.abs(x) + 2 ** 52 - 2 ** 52; // the FPU's own round-to-nearest-even
  return Math.sign(x) * r || (x < 0 || Object.is(x, -0) ? -0 : 0);
}

/** round: halfway cases away from zero. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const t = Math.trunc(x);
  const r = Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
  return r === 0 ? (x < 0 || Object.is(x, -0) ? -0 : 0) : r;
}

/**
 * lround/llround/lrint/llrint: the rounded value as a long; out of range or NaN gives what the
 * x86-64 conversion gives (cvttsd2si's "integer indefinite", LONG_MIN), as glibc does.
 */
export function toLong(r: number): bigint {
  if (!Number.isFinite(r) || r >= 2 ** 63 || r < -(2 ** 63)) return -(2n ** 63n);
  return BigInt(r);
}

/** fmin / fmax: a NaN argument loses to a number; -0 is less than +0 (glibc's __fmin uses the comparison, then fixes zeros with the sign). */
export function fmin(x: number, y: number): number {
  if (Number.isNaN(x)) return y;
  if (Number.isNaN(y)) return x;
  if (x === 0 && y === 0) return Object.is(x, -0) ? x : y;
  return x < y ? x : y;
}

export function fmax(x: number, y: number): number {
  if (Number.isNaN(x)) return y;
  if (Number.isNaN(y)) return x;
  if (x === 0 && y === 0) return Object.is(x, -0) ? y : x;
  return x > y ? x : y;
}

/** fdim: x - y when x > y, else +0; NaN propagates. */
export function fdim(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
  return x > y ? x - y : 0;
}

export function copysign(x: number, y: number): number {
  const sign = bitsOf(y) >> 63n;
  return fromBits((bitsOf(x) & ~(1n << 63n)) | (sign << 63n));
}

/** nextafter: the next double after x in y's direction. */
export function nextafter(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
  if (x === y) return y;
  if (x === 0) return y > 0 ? 5e-324 : -5e-324;
  const bits = bitsOf(x);
  return fromBits((y > x) === (x > 0) ? bits + 1n : bits - 1n);
}

/** frexp: x = m * 2^e with 0.5 <= |m| < 1 (m = x, e = 0 for 0, infinities and NaN). */
export function frexp(x: number): { mantissa: number; exponent: number } {
  if (x === 0 || !Number.isFinite(x)) return { mantissa: x, exponent: 0 };
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  // Scaled by ldexp: 2^-e alone overflows to Infinity for a subnormal (e below -1023), and
  // Infinity halved stays Infinity. log2 can be off by one near powers of two: settle exactly.
  let m = ldexp(x, -e);
  while (Math.abs(m) < 0.5) { m *= 2; e--; }
  while (Math.abs(m) >= 1) { m /= 2; e++; }
  return { mantissa: ldexp(x, -e), exponent: e };
}

/** ldexp / scalbn: x * 2^n, rounded once (scaled in steps that stay normal, so only the last can round). */
export function ldexp(x: number, n: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  let r = x;
  let k = Math.max(-2200, Math.min(2200, n));
  while (k > 1023 && Number.isFinite(r)) { r *= 2 ** 1023; k -= 1023; }
  while (k < -1022) {
    const next = r * 2 ** -1022;
    if (Math.abs(next) < 2 ** -1022) break;
    r = next;
    k += 1022;
  }
  // Here |r| < 1 when k < -1022 still, so a k below -1074 leaves less than half the smallest subnormal.
  return k >= -1074 ? r * 2 ** k : copysign(0, x);
}

/** modf: the integral part (same sign) and the fraction. */
export function modf(x: number): { integral: number; fraction: number } {
  if (!Number.isFinite(x)) return { integral: x, fraction: Number.isNaN(x) ? x : copysign(0, x) };
  const integral = Math.trunc(x);
  return { integral, fraction: copysign(x - integral, x) };
}

/** ilogb: the unbiased exponent (FP_ILOGB0 = INT_MIN for 0, FP_ILOGBNAN = INT_MIN for NaN, INT_MAX for infinities). */
export function ilogb(x: number): number {
  if (x === 0 || Number.isNaN(x)) return -2147483648;
  if (!Number.isFinite(x)) return 2147483647;
  return frexp(x).exponent - 1;
}

export function logb(x: number): number {
  if (x === 0) return -Infinity;
  if (!Number.isFinite(x)) return Math.abs(x);
  return frexp(x).exponent - 1;
}

/** A finite double as an exact fraction n / 2^k (k >= 0). */
function exact(x: number): { n: bigint; k: number } {
  const bits = bitsOf(x);
  const sign = bits >> 63n ? -1n : 1n;
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const m = e === 0 ? frac : frac | (1n << 52n);
  const k = 1075 - (e === 0 ? 1 : e);
  return k >= 0 ? { n: sign * m, k } : { n: sign * (m << BigInt(-k)), k: 0 };
}

/** The double nearest n / 2^k, ties to even (for exact results computed in BigInt). */
function nearest(n: bigint, k: number): number {
  if (n === 0n) return 0;
  const negative = n < 0n;
  const a = negative ? -n : n;
  const leading = a.toString(2).length - 1 - k; // the weight of a's leading bit is 2^leading
  const ulp = Math.max(leading - 52, -1074); // the weight of the result's last bit
  const shift = k + ulp; // a / 2^shift is the value in units of that last bit
  let units: bigint;
  if (shift > 0) {
    const dropped = a & ((1n << BigInt(shift)) - 1n);
    units = a >> BigInt(shift);
    const half = 1n << BigInt(shift - 1);
    if (dropped > half || (dropped === half && (units & 1n) === 1n)) units += 1n;
  } else {
    units = a << BigInt(-shift);
  }
  const result = ldexp(Number(units), ulp);
  return negative ? -result : result;
}

/** fma: x * y + z with one rounding. */
export function fma(x: number, y: number, z: number): number {
  // An infinite or NaN z with a finite product is z itself (the exact product cannot overflow).
  if (Number.isFinite(x) && Number.isFinite(y) && !Number.isFinite(z)) return z;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x * y + z;
  const a = exact(x);
  const b = exact(y);
  const c = exact(z);
  const k = Math.max(a.k + b.k, c.k);
  const sum = (a.n * b.n << BigInt(k - a.k - b.k)) + (c.n << BigInt(k - c.k));
  if (sum === 0n) return x * y + z; // the sign of an exact zero follows IEEE's rule for the sum
  return nearest(sum, k);
}

/** remainder: x - n*y with n the integer nearest x/y (ties to even), computed exactly. */
export function remainder(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y) || !Number.isFinite(x) || y === 0) return NaN;
  if (!Number.isFinite(y)) return x;
  const a = exact(x);
  const b = exact(y);
  const k = Math.max(a.k, b.k);
  const nx = a.n << BigInt(k - a.k);
  const ny = b.n << BigInt(k - b.k);
  let q = nx / ny;
  let r = nx - q * ny;
  const twice = 2n * (r < 0n ? -r : r);
  const absY = ny < 0n ? -ny : ny;
  if (twice > absY || (twice === absY && (q & 1n) !== 0n)) {
    const step = (r < 0n) === (ny < 0n) ? 1n : -1n;
    q += step;
    r = nx - q * ny;
  }
  if (r === 0n) return copysign(0, x);
  return nearest(r, k);
}

/**
 * cbrt as glibc 2.36 computes it (sysdeps/ieee754/dbl-64/s_cbrt.c): a polynomial guess on the
 * mantissa in [0.5, 1), one Halley step, then the exponent's third with 2^(1/3) factors. Not
 * correctly rounded (cbrt(27) is 3.0000000000000004), so it is reproduced operation by operation.
 */
const CBRT2 = 1.2599210498948731648;
const SQR_CBRT2 = 1.5874010519681994748;
const CBRT_FACTOR = [1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2];
export function cbrt(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x + x;
  const { mantissa: xm, exponent: xe } = frexp(Math.abs(x));
  const u = 0.354895765043919860
    + ((1.50819193781584896
      + ((-2.11499494167371287
        + ((2.44693122563534430
          + ((-1.83469277483613086
            + (0.784932344976639262 - 0.145263899385486377 * xm) * xm)
            * xm))
          * xm))
        * xm))
      * xm);
  const t2 = u * u * u;
  const ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * CBRT_FACTOR[2 + (xe % 3)];
  return ldexp(x > 0 ? ym : -ym, Math.trunc(xe / 3));
}

/** hypot: the correctly rounded sqrt(x² + y²); an infinity wins over a NaN (Annex F). */
export function hypot(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    if (x === Infinity || x === -Infinity || y === Infinity || y === -Infinity) return Infinity;
    return NaN;
  }
  if (x === 0) return Math.abs(y);
  if (y === 0) return Math.abs(x);
  const a = exact(x);
  const b = exact(y);
  const k = Math.max(a.k, b.k);
  const nx = a.n << BigInt(k - a.k);
  const ny = b.n << BigInt(k - b.k);
  // sqrt(S) / 2^k with S = nx² + ny²: take the integer square root with enough extra bits.
  const s = nx * nx + ny * ny;
  const extra = 120;
  const root = isqrt(s << BigInt(2 * extra));
  const inexact = root * root !== s << BigInt(2 * extra);
  // A sticky bit below the kept ones decides ties correctly.
  return nearest((root << 1n) | (inexact ? 1n : 0n), k + extra + 1);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  // Newton's iteration from a power of two above the root decreases to floor(sqrt(n)).
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
