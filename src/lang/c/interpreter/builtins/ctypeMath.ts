import { type Int64, lowI32 } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';

/**
 * ctype.h in the "C" locale (the one a program runs in until it calls setlocale), and the
 * math.h functions whose results IEEE 754 fixes exactly (sqrt, fabs, floor, ceil); pow follows
 * the host's libm, which can differ from glibc's in the last bit.
 *
 * TODO(libc): switch to src/lang/c/libc's ctype once it is committed.
 */
const ch = (v: Value) => lowI32(v as Int64);
/**
 * glibc's macros answer `table[c] & _ISxxx`: the class's bit (little-endian _ISbit values),
 * which is what a program printing the result sees (isdigit('5') is 2048).
 */
const test = (mask: number, f: (c: number) => boolean) => (_vm: Machine, args: Value[]): Value => {
  const c = ch(args[0]);
  return c >= 0 && c < 128 && f(c) ? mask : 0;
};
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

export const CTYPE_MATH = {
  isdigit: test(2048, isDigit),
  isalpha: test(1024, (c) => isUpper(c) || isLower(c)),
  isalnum: test(8, (c) => isUpper(c) || isLower(c) || isDigit(c)),
  isspace: test(8192, isSpace),
  isupper: test(256, isUpper),
  islower: test(512, isLower),
  ispunct: test(4, (c) => c > 32 && c < 127 && !isUpper(c) && !isLower(c) && !isDigit(c)),
  isxdigit: test(4096, (c) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)),
  isprint: test(16384, (c) => c >= 32 && c < 127),
  toupper(_vm: Machine, args: Value[]): Value {
    const c = ch(args[0]);
    return isLower(c) ? c - 32 : c;
  },
  tolower(_vm: Machine, args: Value[]): Value {
    const c = ch(args[0]);
    return isUpper(c) ? c + 32 : c;
  },
  sqrt: (_vm: Machine, args: Value[]): Value => Math.sqrt(args[0] as number),
  fabs: (_vm: Machine, args: Value[]): Value => Math.abs(args[0] as number),
  pow: (_vm: Machine, args: Value[]): Value => Math.pow(args[0] as number, args[1] as number),
  floor: (_vm: Machine, args: Value[]): Value => Math.floor(args[0] as number),
  ceil: (_vm: Machine, args: Value[]): Value => Math.ceil(args[0] as number),
};
