import type { Random } from './random';

/** Characters noise may insert: C/JS punctuation, digits, quotes, controls, NUL, non-ASCII, a BOM. */
const ALPHABET = ['(', ')', '{', '}', '[', ']', ';', ',', '*', '&', '-', '+', '/', '"', "'", '\\', '#', '\n', '0', '9', 'x', 'e', '\0', '\t', '\r', '\u00e9', '\ufffd', '\ufeff', '\ud800', '\u2028', ' '];

/**
 * Random text-level damage, language-neutral: a character replaced, inserted or deleted, a range
 * deleted or duplicated, a line cut short. What a mistyped or half-saved file looks like.
 */
export function byteNoise(text: string, random: Random): { text: string; what: string } {
  if (text.length === 0) return { text: random.pick(ALPHABET), what: 'noise: a character into an empty file' };
  const at = random.int(text.length);
  const n = 1 + random.int(Math.min(40, text.length - at));
  switch (random.int(6)) {
    case 0:
      return { text: text.slice(0, at) + random.pick(ALPHABET) + text.slice(at + 1), what: `noise: replaced the character at ${at}` };
    case 1:
      return { text: text.slice(0, at) + random.pick(ALPHABET) + text.slice(at), what: `noise: inserted a character at ${at}` };
    case 2:
      return { text: text.slice(0, at) + text.slice(at + n), what: `noise: deleted ${n} characters at ${at}` };
    case 3:
      return { text: text.slice(0, at + n) + text.slice(at, at + n) + text.slice(at + n), what: `noise: duplicated ${n} characters at ${at}` };
    case 4: {
      const end = text.indexOf('\n', at);
      return { text: text.slice(0, at) + (end < 0 ? '' : text.slice(end)), what: `noise: cut the line short at ${at}` };
    }
    default:
      return { text: text.slice(0, at), what: `noise: the file ends at ${at} (a half-saved file)` };
  }
}
