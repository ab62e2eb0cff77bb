/**
 * The exact decimal value of a double, and its correct rounding to a number of digits.
 *
 * glibc's printf_fp (stdio-common/printf_fp.c) converts the exact binary value with multi-precision
 * arithmetic and rounds once, in the current rounding mode; with the default mode
 * (round-to-nearest) a tie goes to the even last digit: printf("%.0f", 0.5) is "0", 2.5 is "2",
 * 3.5 is "4". JavaScript's toFixed/toPrecision stop at 100 digits and 1e21, so the expansion is
 * done here with BigInt: a finite double is m * 2^e with integer m, which equals
 * m * 5^-e / 10^-e when e < 0, so every double is N / 10^k for integers N and k >= 0.
 *
 * The simulated machine has no fesetround, so only round-to-nearest-even is implemented.
 */

export interface ExactDecimal {
  /** The magnitude is digits / 10^scale (digits has no leading zeros; "0" for zero). */
  readonly digits: bigint;
  readonly scale: number;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The IEEE-754 bits of a double. */
export function doubleBits(x: number): bigint {
  f64[0] = x;
  return u64[0];
}

export function doubleFromBits(bits: bigint): number {
  u64[0] = BigInt.asUintN(64, bits);
  return f64[0];
}

/** True when the sign bit is set (also for -0.0 and negative NaNs). */
export function signBit(x: number): boolean {
  return doubleBits(x) >> 63n === 1n;
}

/** |x| as digits / 10^scale, exactly. x must be finite. */
export function exactDecimal(x: number): ExactDecimal {
  const bits = doubleBits(x);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let exponent: number;
  if (biased === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  if (mantissa === 0n) return { digits: 0n, scale: 0 };
  while (exponent < 0 && (mantissa & 1n) === 0n) {
    mantissa >>= 1n;
    exponent++;
  }
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 };
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** round(n / 10^drop) with ties to even (drop >= 0). */
export function roundDroppingDigits(n: bigint, drop: number): bigint {
  if (drop <= 0) return n * 10n ** BigInt(-drop);
  const divisor = 10n ** BigInt(drop);
  const q = n / divisor;
  const twiceRemainder = (n % divisor) * 2n;
  if (twiceRemainder > divisor || (twiceRemainder === divisor && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** The value rounded to `fractionDigits` digits after the point, as an integer count of 10^-fractionDigits. */
export function roundToFraction(d: ExactDecimal, fractionDigits: number): bigint {
  return roundDroppingDigits(d.digits, d.scale - fractionDigits);
}

/**
 * The value rounded to `significant` significant digits: the digits (exactly `significant` of
 * them, as a string) and the decimal exponent of the first one (d.ddd × 10^exponent).
 * Zero gives "000…" with exponent 0, as printf's %e does.
 */
export function roundToSignificant(d: ExactDecimal, significant: number): { digits: string; exponent: number } {
  if (d.digits === 0n) return { digits: '0'.repeat(significant), exponent: 0 };
  const all = d.digits.toString();
  let exponent = all.length - 1 - d.scale;
  let rounded = roundDroppingDigits(d.digits, all.length - significant).toString();
  if (rounded.length > significant) {
    // 9.99… rounded up to 10.0…: one more digit before the point.
    rounded = rounded.slice(0, significant);
    exponent++;
  }
  return { digits: rounded, exponent };
}
