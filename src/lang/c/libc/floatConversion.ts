import { exactDecimal, roundToFraction, roundToSignificant, signBit, type ExactDecimal } from './exactDecimal';
import { padNumber, signOf } from './printfPadding';
import type { PrintfSpec } from './printfSpec';

/**
 * %f %F %e %E %g %G, as glibc's __printf_fp (stdio-common/printf_fp.c) prints them:
 * - the exact binary value is rounded once to the requested digits, ties to even (exactDecimal.ts);
 * - default precision 6; %.0f prints no point unless '#';
 * - the exponent has at least two digits (1e+100, 1e-05);
 * - %g (C11 7.21.6.1p8): P = precision (6 if absent, 1 if 0); with X the exponent %e would print
 *   at precision P-1, use %f with precision P-1-X when P > X >= -4, else %e with P-1; then, unless
 *   '#', drop trailing zeros of the fraction and a point left with nothing after it (one glibc
 *   quirk with '#' is reproduced in general());
 * - infinities and NaNs are "inf"/"nan" ("INF"/"NAN" for the upper-case conversions), with a
 *   '-' when the sign bit is set (so a negative NaN prints "-nan"); glibc pads them with spaces
 *   even under the '0' flag.
 */
export function formatFloat(x: number, spec: PrintfSpec): string {
  const upper = spec.conversion >= 0x41 && spec.conversion <= 0x5a;
  const negative = signBit(x);
  const sign = signOf(negative, spec);
  if (!Number.isFinite(x)) return special(x, spec, sign, upper);
  const value = exactDecimal(x);
  const kind = String.fromCharCode(spec.conversion | 0x20);
  const precision = spec.precision < 0 ? 6 : spec.precision;
  let body: string;
  if (kind === 'f') body = fixed(value, precision, spec.alt);
  else if (kind === 'e') body = scientific(value, precision, spec.alt);
  else body = general(value, precision, spec.alt);
  if (upper) body = body.toUpperCase();
  return padNumber(spec, sign, '', body, true);
}

/** "inf"/"nan" in a field: spaces only (printf_fp's special-value branch ignores '0'). */
export function special(x: number, spec: PrintfSpec, sign: string, upper: boolean): string {
  const word = Number.isNaN(x) ? 'nan' : 'inf';
  return padNumber({ ...spec, zeroPad: false }, sign, '', upper ? word.toUpperCase() : word, false);
}

function fixed(value: ExactDecimal, precision: number, alt: boolean): string {
  const digits = roundToFraction(value, precision).toString().padStart(precision + 1, '0');
  const whole = digits.slice(0, digits.length - precision);
  if (precision === 0) return alt ? whole + '.' : whole;
  return whole + '.' + digits.slice(digits.length - precision);
}

function exponentText(exponent: number): string {
  return (exponent < 0 ? 'e-' : 'e+') + String(Math.abs(exponent)).padStart(2, '0');
}

function scientific(value: ExactDecimal, precision: number, alt: boolean): string {
  const { digits, exponent } = roundToSignificant(value, precision + 1);
  const point = precision > 0 || alt ? '.' : '';
  return digits[0] + point + digits.slice(1) + exponentText(exponent);
}

function general(value: ExactDecimal, precision: number, alt: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const { exponent } = roundToSignificant(value, p);
  const unrounded = value.digits === 0n ? 0 : value.digits.toString().length - 1 - value.scale;
  if (alt && p > 1 && unrounded + 1 === p && exponent === p) {
    // glibc picks the style from the unrounded exponent: %f with no fraction digits. When
    // rounding then carries into a (p+1)-th integer digit, printf_fp switches to %e but keeps
    // the %f plan's minimum of zero fraction digits, so '#' leaves "1.e+06" for 999999.5.
    return '1.' + exponentText(exponent);
  }
  const text = p > exponent && exponent >= -4 ? fixed(value, p - 1 - exponent, alt) : scientific(value, p - 1, alt);
  return alt ? text : stripTrailingZeros(text);
}

/** %g without '#': "1.500000" -> "1.5", "2.000e+00" -> "2e+00". */
function stripTrailingZeros(text: string): string {
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const tail = e < 0 ? '' : text.slice(e);
  if (!mantissa.includes('.')) return text;
  return mantissa.replace(/0+$/, '').replace(/\.$/, '') + tail;
}
