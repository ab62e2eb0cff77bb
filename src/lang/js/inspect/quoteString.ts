/**
 * Strings as node 20's util.inspect writes them inside containers: single quotes unless the text
 * holds one (then double quotes, else backticks, else single quotes with \' escaped), control
 * characters, C1 controls and lone surrogates escaped, the backslash doubled.
 */

const BACKSLASH = 0x5c;
const SINGLE_QUOTE = 0x27;

/** Which quote wraps the text: node prefers ', then ", then ` (not when the text could read as a template). */
type Quote = "'" | '"' | '`';

function chooseQuote(text: string): Quote {
  if (!text.includes("'")) return "'";
  if (!text.includes('"')) return '"';
  if (!text.includes('`') && !text.includes('${')) return '`';
  return "'";
}

const NAMED_ESCAPES: Readonly<Record<number, string>> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

/** The escape node writes for one UTF-16 unit it does not print as is. */
function escapeUnit(code: number): string {
  if (code === BACKSLASH) return '\\\\';
  if (code === SINGLE_QUOTE) return "\\'";
  const named = NAMED_ESCAPES[code];
  if (named !== undefined) return named;
  // C0 and C1 controls as \xHH (upper-case hex); a lone surrogate as \uhhhh (lower-case hex).
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  return `\\u${code.toString(16)}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The text quoted and escaped as util.inspect prints a string that is a value or a key. */
export function quoteString(text: string): string {
  const quote = chooseQuote(text);
  // The single quote only needs escaping when it is also the delimiter.
  const escapeQuote = quote === "'";
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const needs = code === BACKSLASH || code < 0x20 || (code >= 0x7f && code <= 0x9f) || (escapeQuote && code === SINGLE_QUOTE);
    if (needs) {
      out += text.slice(last, i) + escapeUnit(code);
      last = i + 1;
    } else if (isHighSurrogate(code) || isLowSurrogate(code)) {
      // A well-formed pair prints as the character it encodes; a lone half is escaped.
      if (isHighSurrogate(code) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      out += text.slice(last, i) + escapeUnit(code);
      last = i + 1;
    }
  }
  return quote + out + text.slice(last) + quote;
}

/** True when a key prints bare (`a_1: ...`); others print quoted (`'a-b': ...`). */
export function isIdentifierKey(key: string): boolean {
  return /^[a-zA-Z_][a-zA-Z_0-9]*$/.test(key);
}

/**
 * The escaping node applies to a symbol's description or a hidden key inside `[...]`: the
 * same escapes, but no quotes around it (and the single quote is escaped as well).
 */
export function escapeBare(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const lone = (isHighSurrogate(code) && !(i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))))
      || (isLowSurrogate(code) && !(i > 0 && isHighSurrogate(text.charCodeAt(i - 1))));
    const needs = code === BACKSLASH || code === SINGLE_QUOTE || code < 0x20 || (code >= 0x7f && code <= 0x9f) || lone;
    out += needs ? escapeUnit(code) : text[i];
  }
  return out;
}

/**
 * Columns a string takes on a terminal, as node counts them when it lines array items up:
 * East Asian wide characters and the common emoji take two, combining marks and controls none.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (isFullWidth(code)) width += 2;
    else if (!isZeroWidth(code)) width++;
  }
  return width;
}

function isZeroWidth(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x300 && code <= 0x36f)
    || (code >= 0x200b && code <= 0x200f) || (code >= 0x20d0 && code <= 0x20ff)
    || (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xfe20 && code <= 0xfe2f)
    || (code >= 0xe0100 && code <= 0xe01ef);
}

/** The wide ranges of Unicode's EastAsianWidth table that node's fallback width function knows. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2329, 0x232a], [0x2e80, 0x303e], [0x3040, 0x3247], [0x3250, 0x4dbf],
  [0x4e00, 0xa4c6], [0xa960, 0xa97c], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19],
  [0xfe30, 0xfe6b], [0xff01, 0xff60], [0xffe0, 0xffe6], [0x1b000, 0x1b001], [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f], [0x20000, 0x3fffd],
];

function isFullWidth(code: number): boolean {
  return code >= 0x1100 && WIDE_RANGES.some(([lo, hi]) => code >= lo && code <= hi);
}
