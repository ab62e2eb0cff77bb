import { padNumber, signOf } from './printfPadding';
import type { LengthModifier, PrintfSpec } from './printfSpec';

/**
 * %d %i %u %o %x %X %b %B and non-NULL %p, as glibc's vfprintf prints integers
 * (stdio-common/vfprintf-process-arg.c, labels `number` and `number2`):
 * - the argument is the 64-bit slot; the length modifier picks its width (hh: char, h: short,
 *   none: int, l/ll/L/q/j/z/t: 64 bits on x86-64) and the conversion its signedness, which is
 *   what va_arg followed by the cast glibc does (e.g. (signed char) for %hhd) amounts to;
 * - precision is the minimum number of digits; precision 0 with value 0 prints no digits,
 *   except that %#o still prints "0"; a precision makes the '0' flag ignored;
 * - '#': octal gets a leading 0 when the digits do not already start with one; hex and binary
 *   get "0x"/"0X"/"0b"/"0B" before nonzero values only;
 * - '+' and ' ' only apply to signed conversions (the unsigned ones clear them);
 * - %p of a non-NULL pointer is %#lx but reaches the number code without the unsigned path,
 *   so '+' and ' ' do apply to it.
 */
export function formatInteger(slot: bigint, spec: PrintfSpec, pointer = false): string {
  const conversion = String.fromCharCode(spec.conversion);
  const signed = conversion === 'd' || conversion === 'i';
  const bits = pointer ? 64 : widthOf(spec.length);
  const value = signed ? BigInt.asIntN(bits, slot) : BigInt.asUintN(bits, slot);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const base = pointer ? 16 : baseOf(conversion);
  const alt = pointer || spec.alt;

  let digits = spec.precision === 0 && magnitude === 0n ? '' : magnitude.toString(base);
  if (conversion === 'X') digits = digits.toUpperCase();
  if (spec.precision > digits.length) digits = digits.padStart(spec.precision, '0');
  else if (alt && base === 8 && !digits.startsWith('0')) digits = '0' + digits;

  let prefix = '';
  if (alt && magnitude !== 0n && base === 16) prefix = conversion === 'X' ? '0X' : '0x';
  if (alt && magnitude !== 0n && base === 2) prefix = conversion === 'B' ? '0B' : '0b';

  const sign = signed || pointer ? signOf(negative, spec) : '';
  return padNumber(spec, sign, prefix, digits, spec.precision < 0);
}

function widthOf(length: LengthModifier): number {
  switch (length) {
    case 'hh':
      return 8;
    case 'h':
      return 16;
    case '':
      return 32;
    default:
      return 64;
  }
}

function baseOf(conversion: string): number {
  switch (conversion) {
    case 'o':
      return 8;
    case 'x':
    case 'X':
      return 16;
    case 'b':
    case 'B':
      return 2;
    default:
      return 10;
  }
}
