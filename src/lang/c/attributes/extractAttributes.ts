/**
 * gcc's `__attribute__((name, name(args), ...))` (GNU C, "Attribute Syntax") taken out of the
 * preprocessed text before tree-sitter parses it. tree-sitter-c accepts attributes in some places
 * only (not in `union __attribute__((packed)) U {`, not in `int x __attribute__((aligned(8))) = 1;`),
 * and gcc accepts them in all of those, so every attribute list is blanked to spaces of the same
 * length (lines and columns stay exact) and kept here with its offsets; `placeAttributes` decides
 * which struct, member or declaration each one belongs to.
 */
export interface SourceAttribute {
  /** The name without gcc's optional underscores: `__packed__` is `packed`. */
  readonly name: string;
  /** The text between the parentheses after the name, trimmed; undefined when there are none. */
  readonly args?: string;
  /** Offsets of the whole `__attribute__((...))` in the preprocessed text (UTF-16 units, as tree-sitter's). */
  readonly start: number;
  readonly end: number;
  /** Offset just after the last character before it that is not blank (another attribute is blank). */
  readonly after: number;
  /** 1-based line and column of the attribute's name, for diagnostics. */
  readonly line: number;
  readonly column: number;
}

export interface ExtractedAttributes {
  readonly text: string;
  readonly attributes: readonly SourceAttribute[];
}

const KEYWORD = /\b__attribute(__)?\b/g;

export function extractAttributes(text: string): ExtractedAttributes {
  if (!text.includes('__attribute')) return { text, attributes: [] };
  const attributes: SourceAttribute[] = [];
  const chars = text.split('');
  const literals = literalRanges(text);
  let literal = 0;
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m; m = KEYWORD.exec(text)) {
    const start = m.index;
    while (literal < literals.length && literals[literal][1] <= start) literal++;
    if (literal < literals.length && literals[literal][0] <= start) continue; // inside "..." or '...'
    const open = skipBlanks(text, KEYWORD.lastIndex);
    if (text[open] !== '(' || text[skipBlanks(text, open + 1)] !== '(') continue; // not an attribute list: a syntax error later
    const close = matchingParen(text, open);
    if (close < 0) continue;
    const inner = skipBlanks(text, open + 1);
    const innerClose = matchingParen(text, inner);
    if (innerClose < 0) continue;
    const after = lastNonBlankBefore(chars, start);
    for (const item of splitTopLevel(text, inner + 1, innerClose)) {
      const named = /^\s*([A-Za-z_]\w*)\s*(?:\(([\s\S]*)\))?\s*$/.exec(text.slice(item.from, item.to));
      if (!named) continue;
      const at = item.from + (text.slice(item.from, item.to).length - text.slice(item.from, item.to).trimStart().length);
      const { line, column } = position(text, at);
      attributes.push({ name: named[1].replace(/^__(.*)__$/, '$1'), args: named[2]?.trim(), start, end: close + 1, after, line, column });
    }
    for (let k = start; k <= close; k++) if (chars[k] !== '\n') chars[k] = ' ';
    KEYWORD.lastIndex = close + 1;
  }
  return { text: chars.join(''), attributes };
}

/** [start, end) of every string and character literal (comments are already blank). */
function literalRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const quote = text[i];
    if (quote !== '"' && quote !== "'") continue;
    const from = i;
    for (i++; i < text.length && text[i] !== quote && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    ranges.push([from, i + 1]);
  }
  return ranges;
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function lastNonBlankBefore(chars: readonly string[], i: number): number {
  let k = i - 1;
  while (k >= 0 && /\s/.test(chars[k])) k--;
  return k + 1;
}

/** The offset of the `)` closing the `(` at `open`, or -1. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The comma-separated items of text[from, to), commas inside parentheses not counting. */
function splitTopLevel(text: string, from: number, to: number): { from: number; to: number }[] {
  const items: { from: number; to: number }[] = [];
  let depth = 0;
  let itemStart = from;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      items.push({ from: itemStart, to: i });
      itemStart = i + 1;
    }
  }
  items.push({ from: itemStart, to });
  return items;
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
