/**
 * The comments of a C or JavaScript source, line by line, and which lines hold code: enough of
 * both languages' lexical rules (line and block comments, string, character and template
 * literals) that `"// @atlas"` inside a string is not an annotation and a comment-only line is
 * not code. Regular-expression literals are not told apart from division (a `//` inside one is
 * rare in a teaching snippet; the worst case is an annotation nobody wrote).
 */
export interface CommentPiece {
  /** The comment's text on this line, without its `//`, `/*` or `*\/`. */
  readonly text: string;
  /** 1-based column of `text`'s first character in the line. */
  readonly column: number;
}

export interface SourceLine {
  /** Something other than comments and white space is on the line. */
  readonly hasCode: boolean;
  readonly comments: readonly CommentPiece[];
}

export function scanSourceLines(text: string): SourceLine[] {
  const lines = text.split('\n');
  const out: SourceLine[] = [];
  let inBlock = false;
  let inTemplate = false;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const comments: CommentPiece[] = [];
    let hasCode = false;
    let i = 0;
    while (i < line.length) {
      if (inBlock) {
        const end = line.indexOf('*/', i);
        const stop = end < 0 ? line.length : end;
        comments.push({ text: line.slice(i, stop), column: i + 1 });
        if (end < 0) {
          i = line.length;
          break;
        }
        inBlock = false;
        i = end + 2;
        continue;
      }
      if (inTemplate) {
        hasCode = true;
        const end = closingQuote(line, i, '`');
        if (end < 0) {
          i = line.length;
          break;
        }
        inTemplate = false;
        i = end + 1;
        continue;
      }
      const c = line[i];
      if (c === '/' && line[i + 1] === '/') {
        comments.push({ text: line.slice(i + 2), column: i + 3 });
        break;
      }
      if (c === '/' && line[i + 1] === '*') {
        inBlock = true;
        i += 2;
        continue;
      }
      if (c === '"' || c === "'" || c === '`') {
        hasCode = true;
        const end = closingQuote(line, i + 1, c);
        if (end < 0) {
          if (c === '`') inTemplate = true;
          break;
        }
        i = end + 1;
        continue;
      }
      if (!/\s/.test(c)) hasCode = true;
      i++;
    }
    out.push({ hasCode, comments });
  }
  return out;
}

/** The index of the quote that closes a literal opened before `from` (-1: not on this line). */
function closingQuote(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === quote) return i;
  }
  return -1;
}
