import type { SyntaxNode } from './parser';
import { type ArrayType, type IntegerType, CHAR, INT, arrayOf } from './types';

/**
 * String literals and character constants with their encoding prefixes (C11 6.4.4.4, 6.4.5), as
 * gcc 12 reads them from a UTF-8 source for x86-64 Linux:
 * - none, or `u8` (C17: still char): the source's UTF-8 bytes;
 * - `L`: wchar_t, which is int: one UTF-32 code point per element;
 * - `u`: char16_t (unsigned short): UTF-16, a character beyond the BMP taking two elements;
 * - `U`: char32_t (unsigned int): UTF-32.
 * A `\x` or octal escape is one element's value (cut to the element's width, as gcc keeps it
 * after its "out of range" warning); `\u` and `\U` name a code point, encoded as the source's
 * characters are.
 */
export type EncodingPrefix = '' | 'u8' | 'L' | 'u' | 'U';

export const WCHAR_T: IntegerType = { ...INT, alias: 'wchar_t' };
export const CHAR16_T: IntegerType = { kind: 'integer', name: 'short', signed: false, alias: 'char16_t' };
export const CHAR32_T: IntegerType = { kind: 'integer', name: 'int', signed: false, alias: 'char32_t' };
const UCHAR: IntegerType = { kind: 'integer', name: 'char', signed: false };

const ELEMENTS: Readonly<Record<EncodingPrefix, IntegerType>> = { '': CHAR, u8: CHAR, L: WCHAR_T, u: CHAR16_T, U: CHAR32_T };
const WIDTHS: Readonly<Record<EncodingPrefix, 1 | 2 | 4>> = { '': 1, u8: 1, L: 4, u: 2, U: 4 };

/** The prefix written before a literal's opening quote. */
export function encodingPrefix(text: string): EncodingPrefix {
  const prefix = text.slice(0, Math.max(0, text.search(/['"]/)));
  return prefix === 'L' || prefix === 'u' || prefix === 'U' || prefix === 'u8' ? prefix : '';
}

export interface StringLiteralValue {
  readonly prefix: EncodingPrefix;
  /** The element type: char, wchar_t, char16_t or char32_t. */
  readonly element: IntegerType;
  /** sizeof one element. */
  readonly width: 1 | 2 | 4;
  /** The elements' values (code units), without the terminating null character. */
  readonly units: readonly number[];
  /** The first piece whose prefix differs from an earlier piece's (`L"a" u"b"`, which gcc rejects). */
  readonly conflict?: SyntaxNode;
}

/**
 * A string literal, or adjacent ones concatenated (C11 6.4.5p5): a piece without a prefix takes
 * the others' prefix, and every piece is read as that prefix says (gcc interprets the escapes
 * of the concatenated pieces with the resulting element type).
 */
export function stringLiteralValue(node: SyntaxNode): StringLiteralValue {
  const parts = node.type === 'concatenated_string' ? node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'string_literal') : [node];
  let prefix: EncodingPrefix = '';
  let conflict: SyntaxNode | undefined;
  for (const part of parts) {
    const own = encodingPrefix(part.text);
    if (own === '' || own === prefix) continue;
    if (prefix === '') prefix = own;
    else conflict ??= part;
  }
  const units = parts.flatMap((part) => {
    const text = part.text;
    return decodeUnits(text.slice(text.indexOf('"') + 1, text.lastIndexOf('"')), prefix);
  });
  return { prefix, element: ELEMENTS[prefix], width: WIDTHS[prefix], units, ...(conflict ? { conflict } : {}) };
}

/** The literal's type: an array of its elements, the terminating null character included. */
export function literalArrayType(value: StringLiteralValue): ArrayType {
  return arrayOf(value.element, value.units.length + 1);
}

/** The literal's bytes in memory, little-endian elements, the terminating null character included. */
export function literalMemory(value: StringLiteralValue): number[] {
  const bytes: number[] = [];
  for (const unit of [...value.units, 0]) for (let i = 0; i < value.width; i++) bytes.push((unit >>> (8 * i)) & 0xff);
  return bytes;
}

/**
 * One key per distinct literal object in .rodata: its element size and its bytes, terminator
 * included (`u"a"` and `"a\0\0"` have the same bytes, but not the same type nor alignment).
 */
export function literalKey(node: SyntaxNode): string {
  const value = stringLiteralValue(node);
  return `${value.width}:${literalMemory(value).join(',')}`;
}

/** The bytes a `literalKey` stands for. */
export function keyBytes(key: string): Uint8Array {
  return Uint8Array.from(key.slice(key.indexOf(':') + 1).split(',').map(Number));
}

/**
 * A character constant's value and type (C11 6.4.4.4): plain ones are int, one character having
 * the value of a (signed) char and several forming gcc's multi-character constant (each byte
 * shifted in from the right, the last four kept); `L'x'` is a wchar_t, `u'x'` a char16_t,
 * `U'x'` a char32_t, each holding its last character when given more (gcc: "character constant
 * too long for its type"); `u8'x'` (C23) an unsigned char.
 */
export function charConstant(text: string): { readonly value: number; readonly type: IntegerType } {
  const prefix = encodingPrefix(text);
  const units = decodeUnits(text.slice(text.indexOf("'") + 1, text.lastIndexOf("'")), prefix);
  const last = units[units.length - 1] ?? 0;
  switch (prefix) {
    case '': {
      if (units.length <= 1) return { value: last > 127 ? last - 256 : last, type: INT };
      let value = 0;
      for (const byte of units) value = ((value << 8) | byte) | 0;
      return { value, type: INT };
    }
    case 'u8': return { value: last & 0xff, type: UCHAR };
    case 'L': return { value: last | 0, type: WCHAR_T };
    case 'u': return { value: last & 0xffff, type: CHAR16_T };
    case 'U': return { value: last >>> 0, type: CHAR32_T };
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63, e: 27 };
const UTF8 = new TextEncoder();

/** The code units of a literal's body (between its quotes) for the element type of `prefix`. */
export function decodeUnits(body: string, prefix: EncodingPrefix = ''): number[] {
  const width = WIDTHS[prefix];
  const mask = (1n << BigInt(8 * width)) - 1n;
  const units: number[] = [];
  const character = (point: number) => {
    if (width === 1) units.push(...UTF8.encode(String.fromCodePoint(point)));
    else if (width === 2 && point > 0xffff) units.push(0xd800 + ((point - 0x10000) >> 10), 0xdc00 + ((point - 0x10000) & 0x3ff));
    else units.push(point);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      // A character outside the BMP is two UTF-16 units in the JS string: one code point.
      const point = body.codePointAt(i) ?? 0;
      character(point);
      if (point > 0xffff) i++;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) {
      // A backslash as the last character (a literal the parser could only recover): keep it as is.
      units.push(92);
      break;
    }
    const universal = next === 'u' ? /^[0-9a-fA-F]{4}/.exec(body.slice(i + 2)) : next === 'U' ? /^[0-9a-fA-F]{8}/.exec(body.slice(i + 2)) : null;
    if (universal && Number.parseInt(universal[0], 16) <= 0x10ffff) {
      character(Number.parseInt(universal[0], 16));
      i += 1 + universal[0].length;
    } else if (next === 'x') {
      const m = /^[0-9a-fA-F]+/.exec(body.slice(i + 2)) ?? ['0'];
      units.push(Number(BigInt(`0x${m[0]}`) & mask));
      i += 1 + (m[0] === '0' && !/^[0-9a-fA-F]/.test(body.slice(i + 2)) ? 0 : m[0].length);
    } else if (/[0-7]/.test(next)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1)) as RegExpExecArray;
      units.push(Number(BigInt(`0o${m[0]}`) & mask));
      i += m[0].length;
    } else {
      units.push(SIMPLE_ESCAPES[next] ?? next.charCodeAt(0));
      i++;
    }
  }
  return units;
}
