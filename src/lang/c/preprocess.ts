import type { Diagnostic } from '../../shared/diagnostics';
import { rangeAt } from '../../shared/diagnostics';
import { type SourceAttribute, extractAttributes } from './attributes/extractAttributes';
import { evaluatePpCondition } from './preprocessorCondition';
import { type PpToken, blankComments, tokenizeLine, tokensToText } from './preprocessorTokens';
import { PREDEFINED_FUNCTION_MACROS, PREDEFINED_MACROS, STANDARD_HEADERS } from './standardHeaders';

/**
 * The C preprocessor (C11 6.10) for single-file programs: #include of the standard headers,
 * object-like and function-like #define (with # and ##), #undef, #if/#ifdef/#ifndef/#elif/#else/
 * #endif with `defined`, #error, #line (it renumbers __LINE__ and __FILE__ only: diagnostics keep
 * naming lines of the user's file), `#pragma push_macro`/`pop_macro`; other pragmas are ignored.
 *
 * The output has exactly one line per input line (directives and skipped lines become empty
 * lines, continued lines are joined onto their first line), so every line number a later stage
 * reports is a line of the user's file. Columns are exact on every line where no macro expanded.
 */
export interface Macro {
  readonly name: string;
  /** undefined for object-like macros. */
  readonly params?: readonly string[];
  readonly variadic?: boolean;
  readonly body: readonly PpToken[];
}

export interface PreprocessResult {
  readonly text: string;
  readonly diagnostics: Diagnostic[];
  readonly includes: readonly { header: string; line: number }[];
  /** Typedef names the included headers declare, with the C type each stands for. */
  readonly typedefs: ReadonlyMap<string, string>;
  /** Structs the included headers declare: tag and members (see HeaderContents.records). */
  readonly records: ReadonlyMap<string, string>;
  /** Lines on which at least one macro was expanded (their columns may have moved). */
  readonly expandedLines: ReadonlySet<number>;
  /** Every `__attribute__((...))`, blanked out of `text` (see extractAttributes). */
  readonly attributes: readonly SourceAttribute[];
}

interface Conditional {
  /** Some branch of this #if chain was already taken. */
  taken: boolean;
  /** The current branch is being compiled. */
  active: boolean;
  /** The enclosing region was active. */
  parentActive: boolean;
  line: number;
}

export function preprocess(source: string, fileName = 'program.c'): PreprocessResult {
  const macros = new Map<string, Macro>();
  for (const [name, text] of Object.entries(PREDEFINED_MACROS)) macros.set(name, objectMacro(name, text));
  const diagnostics: Diagnostic[] = [];
  const includes: { header: string; line: number }[] = [];
  const typedefs = new Map<string, string>();
  const records = new Map<string, string>();
  const expandedLines = new Set<number>();
  const stack: Conditional[] = [];
  const isActive = () => stack.length === 0 || stack[stack.length - 1].active;
  /** What #line added to the physical line number, and the name it gave the file. */
  let lineOffset = 0;
  let presumedFile = fileName;
  /** `#pragma push_macro("X")` saves X's definition (or its absence) per name, popped in reverse. */
  const pushedMacros = new Map<string, (Macro | undefined)[]>();
  for (const [head, text] of Object.entries(PREDEFINED_FUNCTION_MACROS)) define(`${head} ${text}`, 0, 0);

  const physical = source.split('\n');
  const out: string[] = [];
  let inBlockComment = false;

  for (let i = 0; i < physical.length; i++) {
    const lineNo = i + 1;
    // Join backslash-continued lines; the lines they swallow become empty below.
    let logical = physical[i];
    let extra = 0;
    while (/\\\r?$/.test(logical) && i + extra + 1 < physical.length) {
      logical = logical.replace(/\\\r?$/, '') + physical[i + extra + 1];
      extra++;
    }
    const blanked = blankComments(logical, inBlockComment);
    const wasInComment = inBlockComment;
    inBlockComment = blanked.inBlockComment;
    const text = blanked.text;
    const directive = !wasInComment || text.trimStart() !== text ? /^\s*#\s*(\w*)(.*)$/.exec(text) : null;

    if (directive) {
      handleDirective(directive[1], directive[2], lineNo, text.indexOf('#') + 1);
      out.push('');
    } else if (!isActive()) {
      out.push('');
    } else {
      const tokens = tokenizeLine(text);
      const expanded = expand(tokens, new Set(), lineNo);
      const result = tokensToText(expanded);
      if (result !== text) expandedLines.add(lineNo);
      out.push(result);
    }
    for (let k = 0; k < extra; k++) out.push('');
    i += extra;
  }
  for (const open of stack) {
    diagnostics.push(error(open.line, 1, 2, 'unterminated #if: this conditional has no matching #endif'));
  }
  const { text, attributes } = extractAttributes(out.join('\n'));
  return { text, diagnostics, includes, typedefs, records, expandedLines, attributes };

  function handleDirective(name: string, rest: string, line: number, column: number): void {
    switch (name) {
      case 'ifdef':
      case 'ifndef': {
        const id = /^\s*([A-Za-z_]\w*)/.exec(rest)?.[1];
        if (!id && isActive()) diagnostics.push(error(line, column, column + name.length + 1, `#${name} needs a macro name`));
        const defined = id ? macros.has(id) : false;
        pushConditional(name === 'ifdef' ? defined : !defined, line);
        return;
      }
      case 'if':
        pushConditional(isActive() ? condition(rest, line, column) : false, line);
        return;
      case 'elif': {
        const top = stack[stack.length - 1];
        if (!top) { diagnostics.push(error(line, column, column + 5, '#elif without #if')); return; }
        const take = top.parentActive && !top.taken && condition(rest, line, column);
        top.active = take;
        top.taken ||= take;
        return;
      }
      case 'else': {
        const top = stack[stack.length - 1];
        if (!top) { diagnostics.push(error(line, column, column + 5, '#else without #if')); return; }
        top.active = top.parentActive && !top.taken;
        top.taken = true;
        return;
      }
      case 'endif':
        if (!stack.pop()) diagnostics.push(error(line, column, column + 6, '#endif without #if'));
        return;
    }
    if (!isActive()) return;
    switch (name) {
      case 'include': return include(rest, line, column);
      case 'define': return define(rest, line, column);
      case 'undef': {
        const id = /^\s*([A-Za-z_]\w*)/.exec(rest)?.[1];
        if (id) macros.delete(id);
        return;
      }
      case 'error':
        diagnostics.push(error(line, column, column + 6 + rest.length, `#error${rest}`));
        return;
      case 'warning':
        diagnostics.push({ ...error(line, column, column + 8 + rest.length, `#warning${rest}`), severity: 'warning' });
        return;
      case 'pragma': return pragma(rest);
      case 'line': return lineDirective(rest, line, column);
      case '':
        return;
      default:
        diagnostics.push(error(line, column, column + 1 + name.length, `unknown preprocessing directive '#${name}'`));
    }
  }

  /** push_macro/pop_macro as gcc has them; every other pragma has no effect on this machine. */
  function pragma(rest: string): void {
    const m = /^\s*(push_macro|pop_macro)\s*\(\s*"([A-Za-z_]\w*)"\s*\)/.exec(rest);
    if (!m) return;
    const saved = pushedMacros.get(m[2]) ?? [];
    pushedMacros.set(m[2], saved);
    if (m[1] === 'push_macro') { saved.push(macros.get(m[2])); return; }
    if (saved.length === 0) return; // gcc ignores a pop with nothing pushed
    const macro = saved.pop();
    if (macro) macros.set(m[2], macro);
    else macros.delete(m[2]);
  }

  /** `#line N ["file"]` (C11 6.10.4), its operands macro-expanded: the next line is line N. */
  function lineDirective(rest: string, line: number, column: number): void {
    const tokens = expand(tokenizeLine(rest), new Set(), line).filter((t) => t.kind !== 'space');
    const target = tokens[0]?.kind === 'number' && /^[0-9]+$/.test(tokens[0].text) ? Number(tokens[0].text) : undefined;
    if (target === undefined || (tokens[1] && tokens[1].kind !== 'string') || tokens.length > 2) {
      diagnostics.push(error(line, column, column + 5 + rest.length, '#line expects a line number and an optional "file name"'));
      return;
    }
    lineOffset = target - (line + 1);
    // The name as written between its quotes (escapes in a file name are left as they are).
    if (tokens[1]) presumedFile = tokens[1].text.slice(1, -1);
  }

  function pushConditional(active: boolean, line: number): void {
    const parentActive = isActive();
    stack.push({ taken: parentActive && active, active: parentActive && active, parentActive, line });
  }

  function condition(rest: string, line: number, column: number): boolean {
    // `defined X` and `defined(X)` are evaluated before macro expansion (C11 6.10.1p4).
    const withDefined = rest.replace(/\bdefined\s*(\(\s*([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))/g,
      (_m, _g, a?: string, b?: string) => (macros.has((a ?? b) as string) ? ' 1 ' : ' 0 '));
    const tokens = expand(tokenizeLine(withDefined), new Set(), line);
    const result = evaluatePpCondition(tokens);
    if (typeof result === 'string') {
      diagnostics.push(error(line, column, column + 3 + rest.length, `invalid #if expression: ${result}`));
      return false;
    }
    return result !== 0n;
  }

  function include(rest: string, line: number, column: number): void {
    const m = /^\s*[<"]([^>"]+)[>"]/.exec(rest);
    if (!m) {
      diagnostics.push(error(line, column, column + 8 + rest.length, '#include expects <header.h> or "header.h"'));
      return;
    }
    const header = m[1];
    const contents = STANDARD_HEADERS[header];
    if (!contents) {
      const start = column + rest.indexOf(m[0]) + 8 + (m[0].length - m[0].trimStart().length);
      diagnostics.push({
        ...error(line, start, start + header.length + 2,
          `cannot include '${header}': programs run on the simulated machine are single files that may include the standard headers (${Object.keys(STANDARD_HEADERS).slice(0, 6).join(', ')}, ...)`),
        code: 'unsupported',
      });
      return;
    }
    includes.push({ header, line });
    for (const [name, text] of Object.entries(contents.macros ?? {})) macros.set(name, objectMacro(name, text));
    // Function-like ones are written as their #define would be: `va_arg(v, T)`.
    for (const [head, text] of Object.entries(contents.functionMacros ?? {})) define(`${head} ${text}`, line, column);
    for (const [tag, members] of Object.entries(contents.records ?? {})) records.set(tag, members);
    for (const [name, type] of Object.entries(contents.typedefs ?? {})) typedefs.set(name, type);
  }

  function define(rest: string, line: number, column: number): void {
    const m = /^\s*([A-Za-z_]\w*)(\()?/.exec(rest);
    if (!m) {
      diagnostics.push(error(line, column, column + 7 + rest.length, 'macro names must be identifiers'));
      return;
    }
    const name = m[1];
    if (!m[2]) {
      macros.set(name, { name, body: trimSpaces(tokenizeLine(rest.slice(m[0].length))) });
      return;
    }
    const close = rest.indexOf(')', m[0].length);
    if (close < 0) {
      diagnostics.push(error(line, column, column + 7 + rest.length, `missing ')' in the parameter list of macro '${name}'`));
      return;
    }
    const rawParams = rest.slice(m[0].length, close).split(',').map((p) => p.trim()).filter((p) => p.length > 0);
    const variadic = rawParams[rawParams.length - 1] === '...';
    const params = variadic ? [...rawParams.slice(0, -1), '__VA_ARGS__'] : rawParams;
    macros.set(name, { name, params, variadic, body: trimSpaces(tokenizeLine(rest.slice(close + 1))) });
  }

  /** Expands macros in a token list; `disabled` holds the macros being expanded (no recursion). */
  function expand(tokens: readonly PpToken[], disabled: ReadonlySet<string>, line: number): PpToken[] {
    const result: PpToken[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind !== 'ident' || disabled.has(t.text)) { result.push(t); continue; }
      if (t.text === '__LINE__') { result.push({ kind: 'number', text: String(line + lineOffset) }); continue; }
      if (t.text === '__FILE__') { result.push({ kind: 'string', text: JSON.stringify(presumedFile) }); continue; }
      const macro = macros.get(t.text);
      if (!macro) { result.push(t); continue; }
      const inner = new Set(disabled).add(macro.name);
      if (!macro.params) {
        if (rescanWithRest(expand(macro.body, inner, line), i + 1)) break;
        continue;
      }
      let open = i + 1;
      while (tokens[open]?.kind === 'space') open++;
      if (tokens[open]?.text !== '(') { result.push(t); continue; }
      const call = collectArguments(tokens, open);
      if (!call) {
        diagnostics.push(error(line, 1, 2, `unterminated call of macro '${macro.name}' (arguments must be on one line)`));
        result.push(...tokens.slice(i));
        break;
      }
      if (rescanWithRest(expand(substitute(macro, call.args, disabled, line), inner, line), call.end + 1)) break;
      i = call.end;
    }
    return result;

    /**
     * Appends an expansion. When it ends in the name of a function-like macro and the rest of the
     * line opens a parenthesis, the rescan goes on into the rest (C11 6.10.3.4p1): `CAT(A,B)(x)`
     * makes `AB(x)`, a call. Returns true when the rest was consumed that way.
     */
    function rescanWithRest(expansion: PpToken[], restStart: number): boolean {
      const last = expansion[expansion.length - 1];
      let open = restStart;
      while (tokens[open]?.kind === 'space') open++;
      const callsOn = last?.kind === 'ident' && !disabled.has(last.text) && macros.get(last.text)?.params !== undefined
        && tokens[open]?.text === '(';
      if (!callsOn) { result.push(...expansion); return false; }
      result.push(...expansion.slice(0, -1), ...expand([last, ...tokens.slice(restStart)], disabled, line));
      return true;
    }
  }

  function substitute(macro: Macro, args: PpToken[][], disabled: ReadonlySet<string>, line: number): PpToken[] {
    const params = macro.params ?? [];
    const argFor = (name: string): PpToken[] | undefined => {
      const index = params.indexOf(name);
      if (index < 0) return undefined;
      if (macro.variadic && index === params.length - 1) {
        return args.slice(index).flatMap((a, k) => (k === 0 ? a : [{ kind: 'punct', text: ',' } as PpToken, { kind: 'space', text: ' ' } as PpToken, ...a]));
      }
      return args[index] ?? [];
    };
    const body = macro.body;
    const out: PpToken[] = [];
    for (let k = 0; k < body.length; k++) {
      const t = body[k];
      if (t.text === '#' && body[nextNonSpace(body, k)]?.kind === 'ident' && argFor(body[nextNonSpace(body, k)].text)) {
        const j = nextNonSpace(body, k);
        out.push({ kind: 'string', text: JSON.stringify(tokensToText(trimSpaces(argFor(body[j].text) ?? [])).replace(/\s+/g, ' ')) });
        k = j;
        continue;
      }
      const arg = t.kind === 'ident' ? argFor(t.text) : undefined;
      if (!arg) { out.push(t); continue; }
      const pasted = body[prevNonSpace(body, k)]?.text === '##' || body[nextNonSpace(body, k)]?.text === '##';
      // An empty argument next to ## is a placemarker (C11 6.10.3.3p2): `+ ## <empty>` then `+`
      // pastes `+` with nothing, not with the `+` after it.
      if (pasted) out.push(...(trimSpaces(arg).length > 0 ? trimSpaces(arg) : [PLACEMARKER]));
      else out.push(...expand(arg, disabled, line));
    }
    return paste(out).filter((t) => t !== PLACEMARKER);
  }
}

const PLACEMARKER: PpToken = { kind: 'punct', text: '' };

/** Applies the ## operator: joins the tokens on both sides into one and re-tokenizes it. */
function paste(tokens: PpToken[]): PpToken[] {
  const out: PpToken[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].text !== '##') { out.push(tokens[k]); continue; }
    while (out.length && out[out.length - 1].kind === 'space') out.pop();
    let j = k + 1;
    while (tokens[j]?.kind === 'space') j++;
    const left = out.pop();
    out.push(...tokenizeLine((left?.text ?? '') + (tokens[j]?.text ?? '')));
    k = j;
  }
  return out;
}

function collectArguments(tokens: readonly PpToken[], open: number): { args: PpToken[][]; end: number } | undefined {
  const args: PpToken[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') depth++;
    if (t.text === ')') {
      if (depth === 0) {
        const trimmed = args.map(trimSpaces);
        return { args: trimmed.length === 1 && trimmed[0].length === 0 ? [] : trimmed, end: i };
      }
      depth--;
    }
    if (t.text === ',' && depth === 0) args.push([]);
    else args[args.length - 1].push(t);
  }
  return undefined;
}

function nextNonSpace(tokens: readonly PpToken[], k: number): number {
  let j = k + 1;
  while (tokens[j]?.kind === 'space') j++;
  return j;
}

function prevNonSpace(tokens: readonly PpToken[], k: number): number {
  let j = k - 1;
  while (j >= 0 && tokens[j].kind === 'space') j--;
  return j;
}

function trimSpaces(tokens: PpToken[]): PpToken[] {
  let a = 0;
  let b = tokens.length;
  while (a < b && tokens[a].kind === 'space') a++;
  while (b > a && tokens[b - 1].kind === 'space') b--;
  return tokens.slice(a, b);
}

function objectMacro(name: string, text: string): Macro {
  return { name, body: tokenizeLine(text) };
}

function error(line: number, startColumn: number, endColumn: number, message: string): Diagnostic {
  return { severity: 'error', message, range: rangeAt(line, startColumn, endColumn), code: 'preprocessor' };
}
