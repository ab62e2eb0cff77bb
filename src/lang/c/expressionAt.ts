/**
 * The C expression a hover over column `at` of a line means: the postfix chain around the name
 * under the cursor (`p->next->value` when on `value`; `p->next` when on `next`), its subscripts
 * (`arr[i]`), and a unary `*` or `&` in front. Undefined over keywords, numbers and blanks.
 */
const IDENT = /[A-Za-z_]\w*/y;
const KEYWORDS = new Set(['if', 'else', 'for', 'while', 'do', 'return', 'switch', 'case', 'break', 'continue', 'sizeof', 'struct', 'union', 'enum', 'typedef', 'static', 'const', 'int', 'char', 'long', 'short', 'unsigned', 'signed', 'void', 'double', 'float', 'goto', 'default', 'extern', 'volatile', 'register', 'inline', '_Bool']);

export function expressionAt(line: string, at: number): { text: string; start: number; end: number } | undefined {
  const word = wordAt(line, at);
  if (!word || KEYWORDS.has(line.slice(word.start, word.end)) || /^\d/.test(line.slice(word.start, word.end))) return undefined;
  // Left: member accesses back to the chain's base (`a->b.` before the hovered name).
  let start = word.start;
  for (;;) {
    const before = line.slice(0, start);
    const access = /(->|\.)\s*$/.exec(before);
    if (!access) break;
    const baseEnd = start - access[0].length;
    const base = chainEndingAt(line, baseEnd);
    if (base === undefined) break;
    start = base;
  }
  // Right: subscripts of the hovered name ([i], [i][j]), then stop (b in a->b->c hovers a->b).
  let end = word.end;
  while (line[end] === '[') {
    const close = matching(line, end);
    if (close < 0) break;
    end = close + 1;
  }
  // A unary * or & right before the chain belongs to it (after an operand it is a product or an and).
  let k = start;
  while (k > 0 && (line[k - 1] === '*' || line[k - 1] === '&')) k--;
  if (k < start) {
    let b = k;
    while (b > 0 && line[b - 1] === ' ') b--;
    if (b === 0 || !/[\w)\]]/.test(line[b - 1])) start = k;
  }
  const text = line.slice(start, end).trim();
  return text ? { text, start, end } : undefined;
}

function wordAt(line: string, at: number): { start: number; end: number } | undefined {
  let start = at;
  while (start > 0 && /\w/.test(line[start - 1])) start--;
  IDENT.lastIndex = start;
  const m = IDENT.exec(line);
  if (!m || m.index !== start || start + m[0].length < at) return undefined;
  return { start, end: start + m[0].length };
}

/** The start of the postfix chain (name, subscripts, member accesses, a parenthesized part) ending at `end`. */
function chainEndingAt(line: string, end: number): number | undefined {
  let i = end;
  while (i > 0 && line[i - 1] === ' ') i--;
  for (;;) {
    if (line[i - 1] === ']' || line[i - 1] === ')') {
      const open = matchingBack(line, i - 1);
      if (open < 0) return undefined;
      i = open;
      if (line[i] === '(') return i;
      continue;
    }
    let j = i;
    while (j > 0 && /\w/.test(line[j - 1])) j--;
    if (j === i) return undefined;
    const access = /(->|\.)\s*$/.exec(line.slice(0, j));
    if (!access) return j;
    i = j - access[0].length;
  }
}

function matching(line: string, open: number): number {
  const pair: Record<string, string> = { '[': ']', '(': ')' };
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    if (line[i] === line[open]) depth++;
    else if (line[i] === pair[line[open]] && --depth === 0) return i;
  }
  return -1;
}

function matchingBack(line: string, close: number): number {
  const pair: Record<string, string> = { ']': '[', ')': '(' };
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (line[i] === line[close]) depth++;
    else if (line[i] === pair[line[close]] && --depth === 0) return i;
  }
  return -1;
}
