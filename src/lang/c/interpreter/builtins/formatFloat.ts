/**
 * glibc's conversion of a double to decimal text for %f, %e and %g: exact. A finite double is
 * m * 2^e, whose decimal expansion terminates; it is computed with BigInt and rounded to the
 * requested digits with round-half-to-even on the exact value (glibc honours the rounding mode,
 * nearest-even by default), so `printf("%.2f", 0.125)` gives 0.12 and `printf("%.0f", 2.5)` 2.
 *
 * TODO(libc): switch to src/lang/c/libc's printf formatting once it is committed.
 */

/** x (finite, >= 0) as an integer `digits` scaled by 10^-scale. */
function exact(x: number): { digits: bigint; scale: number } {
  if (x === 0) return { digits: 0n, scale: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exponentBits = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (exponentBits === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = exponentBits - 1075;
  }
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 };
  // m / 2^k = m * 5^k / 10^k
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** digits / 10^drop, rounded half to even. */
function roundDrop(digits: bigint, drop: number): bigint {
  if (drop <= 0) return digits * 10n ** BigInt(-drop);
  const divisor = 10n ** BigInt(drop);
  const q = digits / divisor;
  const r = digits % divisor;
  const twice = r * 2n;
  if (twice > divisor || (twice === divisor && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** %f body for |x| with `precision` digits after the point (no sign). */
export function fixed(x: number, precision: number, alternate: boolean): string {
  const { digits, scale } = exact(x);
  const scaled = roundDrop(digits, scale - precision);
  const text = scaled.toString().padStart(precision + 1, '0');
  const intPart = text.slice(0, text.length - precision);
  const frac = text.slice(text.length - precision);
  return precision > 0 ? `${intPart}.${frac}` : alternate ? `${intPart}.` : intPart;
}

/** Significant digits of |x| rounded to `count` digits, with the decimal exponent of the first. */
function significant(x: number, count: number): { text: string; exponent: number } {
  const { digits, scale } = exact(x);
  if (digits === 0n) return { text: '0'.repeat(count), exponent: 0 };
  const length = digits.toString().length;
  let exponent = length - 1 - scale;
  let q = roundDrop(digits, length - count);
  if (q.toString().length > count) {
    q /= 10n;
    exponent++;
  }
  return { text: q.toString(), exponent };
}

/** %e body (no sign): d.ddde+XX. */
export function scientific(x: number, precision: number, alternate: boolean, upper: boolean): string {
  const { text, exponent } = significant(x, precision + 1);
  const mantissa = precision > 0 ? `${text[0]}.${text.slice(1)}` : alternate ? `${text[0]}.` : text[0];
  const sign = exponent < 0 ? '-' : '+';
  const e = `${upper ? 'E' : 'e'}${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return mantissa + e;
}

/**
 * %g (C11 7.21.6.1p8): with P significant digits (0 means 1), style e is used when the exponent
 * X is < -4 or >= P, else style f with P - 1 - X decimals; trailing zeros are removed unless `#`.
 */
export function general(x: number, precision: number, alternate: boolean, upper: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const { exponent } = x === 0 ? { exponent: 0 } : significant(x, p);
  let out: string;
  if (exponent < p && exponent >= -4) out = fixed(x, p - 1 - exponent, alternate);
  else out = scientific(x, p - 1, alternate, upper);
  if (!alternate) {
    const eAt = out.search(/[eE]/);
    const mantissa = eAt < 0 ? out : out.slice(0, eAt);
    const rest = eAt < 0 ? '' : out.slice(eAt);
    const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    out = trimmed + rest;
  }
  return out;
}

/** %a: hexadecimal floating point, as glibc prints it (0x1.8p+1). */
export function hexFloat(x: number, precision: number | undefined, upper: boolean): string {
  if (x === 0) {
    const zeros = precision ? '.' + '0'.repeat(precision) : '';
    return upper ? `0X0${zeros}P+0` : `0x0${zeros}p+0`;
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bits = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let lead = bits === 0 ? 0n : 1n;
  let exponent = bits === 0 ? -1022 : bits - 1023;
  let digits = 13;
  if (precision !== undefined && precision < 13) {
    const drop = BigInt((13 - precision) * 4);
    const full = (lead << 52n) | mantissa;
    const divisor = 1n << drop;
    let q = full / divisor;
    const r = full % divisor;
    if (r * 2n > divisor || (r * 2n === divisor && (q & 1n) === 1n)) q++;
    lead = q >> BigInt(precision * 4);
    mantissa = q & ((1n << BigInt(precision * 4)) - 1n);
    digits = precision;
    if (lead === 2n) { lead = 1n; exponent++; }
  }
  let hex = digits > 0 ? mantissa.toString(16).padStart(digits, '0') : '';
  if (precision === undefined) hex = hex.replace(/0+$/, '');
  else if (precision > 13) hex = hex.padEnd(precision, '0');
  const text = `0x${lead}${hex ? '.' + hex : ''}p${exponent >= 0 ? '+' : ''}${exponent}`;
  return upper ? text.toUpperCase() : text;
}
