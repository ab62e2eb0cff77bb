import type { PrintfSpec } from './printfSpec';

/**
 * Laying out a converted value in its field, as glibc's vfprintf does for numbers
 * (C11 7.21.6.1p6): right-justified with spaces by default; '-' pads on the right instead;
 * '0' puts zeros between the sign/prefix ("0x") and the digits, and is ignored with '-'.
 */
export function padNumber(spec: PrintfSpec, sign: string, prefix: string, body: string, zeroAllowed: boolean): string {
  const fill = spec.width - sign.length - prefix.length - body.length;
  if (fill <= 0) return sign + prefix + body;
  if (spec.left) return sign + prefix + body + ' '.repeat(fill);
  if (spec.zeroPad && zeroAllowed) return sign + prefix + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + sign + prefix + body;
}

/** The sign character of a number (C11 7.21.6.1p6 flags '+' and space). */
export function signOf(negative: boolean, spec: PrintfSpec): string {
  if (negative) return '-';
  if (spec.showSign) return '+';
  if (spec.space) return ' ';
  return '';
}
