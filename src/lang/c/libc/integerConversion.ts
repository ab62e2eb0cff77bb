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
export function formatInteger(slot: bigint | number, spec: PrintfSpec, pointer = false): string {
  const conversion = String.fromCharCode(spec.conversion);
  const signed = conversion === 'd' || conversion === 'i';
  const bits = pointer ? 64 : widthOf(spec.length);
  const base = pointer ? 16 : baseOf(conversion);
  const alt = pointer || spec.alt;

  // The value the conversion sees: the slot's low `bits`, signed or not. A number slot is done
  // in number arithmetic when the result is exact (always, unless an unsigned 64-bit conversion
  // meets a negative value, which needs 2^64 + value).
  let negative: boolean;
  let zero: boolean;
  let digits: string;
  const number = typeof slot === 'number' && Number.isSafeInteger(slot) ? narrowNumber(slot, bits, signed) : undefined;
  if (number !== undefined) {
    negative = number < 0;
    const magnitude = negative ? -number : number;
    zero = magnitude === 0;
    digits = spec.precision === 0 && zero ? '' : magnitude.toString(base);
  } else {
    const value = signed ? BigInt.asIntN(bits, BigInt(slot)) : BigInt.asUintN(bits, BigInt(slot));
    negative = value < 0n;
    const magnitude = negative ? -value : value;
    zero = magnitude === 0n;
    digits = spec.precision === 0 && zero ? '' : magnitude.toString(base);
  }
  if (conversion === 'X') digits = digits.toUpperCase();
  if (spec.precision > digits.length) digits = digits.padStart(spec.precision, '0');
  else if (alt && base === 8 && !digits.startsWith('0')) digits = '0' + digits;

  let prefix = '';
  if (alt && !zero && base === 16) prefix = conversion === 'X' ? '0X' : '0x';
  if (alt && !zero && base === 2) prefix = conversion === 'B' ? '0B' : '0b';

  const sign = signed || pointer ? signOf(negative, spec) : '';
  return padNumber(spec, sign, prefix, digits, spec.precision < 0);
}

/**
 * The low `bits` of a slot holding the safe integer `n`, read signed or unsigned, as a number;
 * undefined when that value is not a safe integer (unsigned 64 bits of a negative n).
 */
function narrowNumber(n: number, bits: number, signed: boolean): number | undefined {
  switch (bits) {
    case 8:
      return signed ? (n << 24) >> 24 : n & 0xff;
    case 16:
      return signed ? (n << 16) >> 16 : n & 0xffff;
    case 32:
      return signed ? n | 0 : n >>> 0;
    default:
      return signed || n >= 0 ? n : undefined;
  }
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
