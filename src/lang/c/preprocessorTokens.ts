/** Preprocessing tokens of one logical line (C11 6.4.7), enough for macro expansion. */
export type PpTokenKind = 'ident' | 'number' | 'string' | 'char' | 'punct' | 'space';

export interface PpToken {
  readonly kind: PpTokenKind;
  readonly text: string;
}

const PUNCTUATORS = ['...', '<<=', '>>=', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||',
  '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '##'];

export function tokenizeLine(line: string): PpToken[] {
  const tokens: PpToken[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    const start = i;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      while (i < line.length && /[ \t\r\f\v]/.test(line[i])) i++;
      tokens.push({ kind: 'space', text: line.slice(start, i) });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < line.length && /[A-Za-z0-9_]/.test(line[i])) i++;
      // String and character literal prefixes (L"..", u8"..") belong to the literal.
      if ((line[i] === '"' || line[i] === "'") && /^(L|u|U|u8)$/.test(line.slice(start, i))) {
        i = skipQuoted(line, i);
        tokens.push({ kind: line[start + (i - start - 1)] === '"' ? 'string' : 'char', text: line.slice(start, i) });
      } else {
        tokens.push({ kind: 'ident', text: line.slice(start, i) });
      }
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(line[i + 1] ?? ''))) {
      // pp-number: digits, letters, '.', and signs after an exponent letter.
      i++;
      while (i < line.length && (/[A-Za-z0-9_.]/.test(line[i]) || (/[+-]/.test(line[i]) && /[eEpP]/.test(line[i - 1])))) i++;
      tokens.push({ kind: 'number', text: line.slice(start, i) });
    } else if (c === '"' || c === "'") {
      i = skipQuoted(line, i);
      tokens.push({ kind: c === '"' ? 'string' : 'char', text: line.slice(start, i) });
    } else {
      const p = PUNCTUATORS.find((q) => line.startsWith(q, i)) ?? c;
      i += p.length;
      tokens.push({ kind: 'punct', text: p });
    }
  }
  return tokens;
}

function skipQuoted(line: string, at: number): number {
  const quote = line[at];
  let i = at + 1;
  while (i < line.length && line[i] !== quote) i += line[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, line.length);
}

export function tokensToText(tokens: readonly PpToken[]): string {
  let text = '';
  for (let k = 0; k < tokens.length; k++) {
    if (k > 0 && wouldMerge(tokens[k - 1], tokens[k])) text += ' ';
    text += tokens[k].text;
  }
  return text;
}

/**
 * Whether two tokens a macro expansion placed side by side would lex as one when written out
 * (C11 5.1.1.2p1 phase 7 sees tokens, not text): `0x1E` then `+` is two tokens, but the text
 * `0x1E+1` is a single pp-number; `+` pasted with nothing, then `+`, is not `++`. Tokens adjacent in the source never merge (the tokenizer would
 * have read them as one), so unexpanded lines keep their exact columns.
 */
function wouldMerge(a: PpToken, b: PpToken): boolean {
  const word = (t: PpToken) => t.kind === 'ident' || t.kind === 'number';
  if (word(a) && word(b)) return true;
  // `+` then `+` is not `++`; the tokenizer is greedy, so source-adjacent punctuators never merge.
  if (a.kind === 'punct' && b.kind === 'punct') return tokenizeLine(a.text + b.text)[0]?.text !== a.text;
  return a.kind === 'number' && /[eEpP]$/.test(a.text) && /^[+-]/.test(b.text);
}

/**
 * Replaces comments with spaces (keeping every column where it was) and reports whether a block
 * comment is still open at the end of the line.
 */
export function blankComments(line: string, inBlockComment: boolean): { text: string; inBlockComment: boolean } {
  let out = '';
  let i = 0;
  let inBlock = inBlockComment;
  while (i < line.length) {
    if (inBlock) {
      const end = line.indexOf('*/', i);
      if (end < 0) { out += ' '.repeat(line.length - i); i = line.length; break; }
      out += ' '.repeat(end + 2 - i);
      i = end + 2;
      inBlock = false;
      continue;
    }
    const c = line[i];
    if (c === '"' || c === "'") {
      const end = skipQuoted(line, i);
      out += line.slice(i, end);
      i = end;
    } else if (c === '/' && line[i + 1] === '/') {
      out += ' '.repeat(line.length - i);
      i = line.length;
    } else if (c === '/' && line[i + 1] === '*') {
      inBlock = true;
      out += '  ';
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, inBlockComment: inBlock };
}
