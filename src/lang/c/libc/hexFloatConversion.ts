import { doubleBits, signBit } from './exactDecimal';
import { special } from './floatConversion';
import { padNumber, signOf } from './printfPadding';
import type { PrintfSpec } from './printfSpec';

/**
 * %a %A, as glibc's __printf_fphex prints them (sysdeps/ieee754/dbl-64 and ldbl-96 variants of
 * printf_fphex.c):
 * - double: a normal number is 0x1.hhh…p±e with the 52 fraction bits as 13 hex digits; a
 *   subnormal is 0x0.hhh…p-1022; zero is 0x0p+0. Without a precision, trailing zero digits are
 *   dropped (exact representation);
 * - long double (x87 80-bit): the leading digit is the top four bits of the 64-bit significand
 *   (explicit integer bit included), so 1.0L is 0x8p-3; the other 60 bits give 15 digits. The
 *   simulated long double holds a double's value, which this layout represents exactly;
 * - a shorter precision rounds the hex digits in the current rounding mode (to nearest, ties to
 *   the even digit); a carry out of the fraction increments the leading digit (0x1.f -> "0x2p+0").
 */
export function formatHexFloat(x: number, spec: PrintfSpec, longDouble: boolean): string {
  const upper = spec.conversion === 0x41;
  const negative = signBit(x);
  const sign = signOf(negative, spec);
  if (!Number.isFinite(x)) return special(x, spec, sign, upper);
  const { leading, fraction, exponent } = longDouble ? ldbl96Parts(x) : doubleParts(x);
  let digits = fraction;
  let lead = leading;
  let exp = exponent;
  let precision = spec.precision;
  if (precision < 0) {
    digits = digits.replace(/0+$/, '');
    precision = digits.length;
  } else if (precision < digits.length) {
    ({ digits, lead, exp } = roundHex(digits, lead, exp, precision));
  } else {
    digits = digits.padEnd(precision, '0');
  }
  const point = precision > 0 || spec.alt ? '.' : '';
  let body = lead + point + digits + 'p' + (exp < 0 ? '-' : '+') + String(Math.abs(exp));
  if (upper) body = body.toUpperCase();
  return padNumber(spec, sign, upper ? '0X' : '0x', body, true);
}

interface HexParts {
  leading: string;
  fraction: string;
  exponent: number;
}

function doubleParts(x: number): HexParts {
  const bits = doubleBits(x);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fractionBits = bits & 0xfffffffffffffn;
  const fraction = fractionBits.toString(16).padStart(13, '0');
  if (biased === 0) return { leading: '0', fraction, exponent: fractionBits === 0n ? 0 : -1022 };
  return { leading: '1', fraction, exponent: biased - 1023 };
}

/** The double's value as an x87 extended number: 64-bit significand with explicit integer bit. */
function ldbl96Parts(x: number): HexParts {
  const bits = doubleBits(x);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let significand = bits & 0xfffffffffffffn;
  if (biased === 0 && significand === 0n) return { leading: '0', fraction: '0'.repeat(15), exponent: 0 };
  let exponent: number;
  if (biased === 0) {
    // A double subnormal is a normal long double: shift the first 1 bit up to the integer bit.
    exponent = -1022;
    significand <<= 11n;
    while ((significand >> 63n) === 0n) {
      significand <<= 1n;
      exponent--;
    }
  } else {
    exponent = biased - 1023;
    significand = (significand | (1n << 52n)) << 11n;
  }
  const hex = significand.toString(16).padStart(16, '0');
  // The first digit holds the integer bit and three fraction bits: the exponent drops by 3.
  return { leading: hex[0], fraction: hex.slice(1), exponent: exponent - 3 };
}

function hexValue(c: string): number {
  return parseInt(c, 16);
}

function roundHex(digits: string, lead: string, exp: number, precision: number): { digits: string; lead: string; exp: number } {
  const last = precision > 0 ? hexValue(digits[precision - 1]) : hexValue(lead);
  const next = hexValue(digits[precision]);
  const moreBits = (next & 7) !== 0 || /[^0]/.test(digits.slice(precision + 1));
  const half = next >= 8;
  const kept = digits.slice(0, precision).split('');
  if (!(half && ((last & 1) === 1 || moreBits))) return { digits: kept.join(''), lead, exp };
  let i = precision - 1;
  for (; i >= 0; i--) {
    const v = hexValue(kept[i]);
    if (v < 15) {
      kept[i] = (v + 1).toString(16);
      break;
    }
    kept[i] = '0';
  }
  if (i < 0) {
    const v = hexValue(lead);
    if (v < 15) {
      lead = (v + 1).toString(16);
    } else {
      // 0xf.ff… (long double) carries into a new leading 1: four bits more of exponent.
      lead = '1';
      exp += 4;
    }
  }
  return { digits: kept.join(''), lead, exp };
}
