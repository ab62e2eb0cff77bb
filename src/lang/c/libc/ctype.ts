/**
 * <ctype.h> in the C locale, as glibc 2.36 answers (locale/C-ctype.c, ctype/ctype.h).
 *
 * glibc's classification macros index a 384-entry table (c from -128 to 255) and return the
 * entry ANDed with the class bit, not 0/1: isalpha('a') is 1024 and isdigit('7') is 2048, and a
 * program that prints the result sees those numbers. The bit values come from ctype.h's _ISbit on
 * a little-endian machine: bits 0-7 are shifted up by 8, bits 8-11 down by 8.
 *
 * In the C locale only ASCII has classes: -128..-1 (a negative plain char) and 128..255 are in
 * no class and are not letters. EOF (-1) is in no class. Arguments
 * outside -128..255 are undefined behaviour in C (the macro reads outside glibc's table); here
 * the classification answers 0 and toupper/tolower return the argument, which is what glibc's
 * toupper/tolower functions do.
 */

export const IS_UPPER = 1 << 8;
export const IS_LOWER = 1 << 9;
export const IS_ALPHA = 1 << 10;
export const IS_DIGIT = 1 << 11;
export const IS_XDIGIT = 1 << 12;
export const IS_SPACE = 1 << 13;
export const IS_PRINT = 1 << 14;
export const IS_GRAPH = 1 << 15;
export const IS_BLANK = 1 << 0;
export const IS_CNTRL = 1 << 1;
export const IS_PUNCT = 1 << 2;
export const IS_ALNUM = 1 << 3;

/** The class bits of each ASCII code, as C-ctype.c's _nl_C_LC_CTYPE_class lists them. */
const CLASS: Uint16Array = (() => {
  const table = new Uint16Array(128);
  for (let c = 0; c < 128; c++) {
    let bits = 0;
    const upper = c >= 0x41 && c <= 0x5a;
    const lower = c >= 0x61 && c <= 0x7a;
    const digit = c >= 0x30 && c <= 0x39;
    if (upper) bits |= IS_UPPER;
    if (lower) bits |= IS_LOWER;
    if (upper || lower) bits |= IS_ALPHA | IS_ALNUM;
    if (digit) bits |= IS_DIGIT | IS_XDIGIT | IS_ALNUM;
    if ((c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) bits |= IS_XDIGIT;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) bits |= IS_SPACE;
    if (c >= 0x20 && c < 0x7f) bits |= IS_PRINT;
    if (c > 0x20 && c < 0x7f) bits |= IS_GRAPH;
    if (c === 0x20 || c === 0x09) bits |= IS_BLANK;
    if (c < 0x20 || c === 0x7f) bits |= IS_CNTRL;
    if (c > 0x20 && c < 0x7f && !upper && !lower && !digit) bits |= IS_PUNCT;
    table[c] = bits;
  }
  return table;
})();

/** The masked table entry, as the glibc macro __isctype(c, bit) computes it. */
export function ctypeClass(c: number, bit: number): number {
  return c >= 0 && c < 128 ? CLASS[c] & bit : 0;
}

export const isalnum = (c: number): number => ctypeClass(c, IS_ALNUM);
export const isalpha = (c: number): number => ctypeClass(c, IS_ALPHA);
export const isblank = (c: number): number => ctypeClass(c, IS_BLANK);
export const iscntrl = (c: number): number => ctypeClass(c, IS_CNTRL);
export const isdigit = (c: number): number => ctypeClass(c, IS_DIGIT);
export const isgraph = (c: number): number => ctypeClass(c, IS_GRAPH);
export const islower = (c: number): number => ctypeClass(c, IS_LOWER);
export const isprint = (c: number): number => ctypeClass(c, IS_PRINT);
export const ispunct = (c: number): number => ctypeClass(c, IS_PUNCT);
export const isspace = (c: number): number => ctypeClass(c, IS_SPACE);
export const isupper = (c: number): number => ctypeClass(c, IS_UPPER);
export const isxdigit = (c: number): number => ctypeClass(c, IS_XDIGIT);

/** isascii / toascii (ctype.h macros): 1 or 0, and c & 0x7f. */
export const isascii = (c: number): number => ((c & ~0x7f) === 0 ? 1 : 0);
export const toascii = (c: number): number => c & 0x7f;

/**
 * glibc's case tables cover -128..255 too, and in the C locale the entries for -128..-2 hold the
 * unsigned char value (c + 256): toupper((char)0xe9) is 233, not -23. EOF maps to EOF.
 */
function caseTableEntry(c: number): number {
  return c >= -128 && c <= -2 ? c + 256 : c;
}

export function toupper(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 0x20 : caseTableEntry(c);
}

export function tolower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : caseTableEntry(c);
}

/** The classification functions by their C names, for the interpreter's library table. */
export const CTYPE_FUNCTIONS: Readonly<Record<string, (c: number) => number>> = {
  isalnum,
  isalpha,
  isblank,
  iscntrl,
  isdigit,
  isgraph,
  islower,
  isprint,
  ispunct,
  isspace,
  isupper,
  isxdigit,
  isascii,
  toascii,
  toupper,
  tolower,
};
