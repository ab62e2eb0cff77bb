import { allocatorNameProblem, type AllocatorName } from '../allocators';
import { type Diagnostic, rangeAt } from '../diagnostics';
import { scanSourceLines } from './sourceComments';
import {
  type Annotations, COLLECTOR_SETTINGS, type CollectorSetting, type Expectation, type Milestone, type Narration, PANEL_VIEWS, type PanelView, type Question, type RunSettings,
} from './types';
import {
  type Parsed, errorKindProblem, parseCount, parseFaultCounts, parseGcCounts, parseGrowth, parseLeakTotals, parsePages, unescapeLine,
} from './values';

export * from './types';
export { judgeAnswer, type Judgement } from './judge';

/**
 * Annotations: what a snippet's comments tell Memory Atlas, in C and JavaScript alike. Each is
 * `@atlas key: value` at the start of a comment (a `//` comment, after code too, a `/* *\/`
 * comment, or a line of a block comment, a leading `*` allowed). The format is documented in the
 * README ("Annotated snippets") and in this folder's README.
 *
 * A line-bound annotation (narration, a question, an error expectation) belongs to the line it
 * trails, or, on a line of its own, to the next line that holds code.
 */
export const ANNOTATION_KEYS = [
  'allocator', 'collector', 'ram', 'swap', 'step-limit', 'view', 'title',
  'say', 'at-exit',
  'ask', 'ask-when', 'choice', 'correct', 'accept', 'reveal',
  'expect-stdout', 'expect-exit', 'expect-leaks', 'expect-leaks-after', 'expect-error', 'expect-gc', 'expect-growth', 'expect-growth-after', 'expect-faults', 'expect-after',
  'done',
] as const;

type Key = (typeof ANNOTATION_KEYS)[number];
type SettingKey = 'allocator' | 'collector' | 'ram' | 'swap' | 'step-limit' | 'view' | 'title';
const ONCE: readonly Key[] = ['allocator', 'collector', 'ram', 'swap', 'step-limit', 'view', 'title', 'expect-exit', 'expect-leaks', 'expect-gc', 'expect-growth', 'expect-faults'];

/** `@atlas` at the start of a comment's text; then ` key: value`. */
const ANNOTATION = /^(\s*\*?\s*)@atlas\b(.*)$/;
const KEY_VALUE = /^(\s+)([A-Za-z][\w-]*)\s*:\s*(.*?)\s*(?:\*\/\s*)?$/;

interface Raw {
  readonly key: Key;
  readonly value: string;
  readonly line: number;
  /** The line it is bound to (0: no code follows). */
  readonly bound: number;
  readonly keyColumn: number;
  readonly valueColumn: number;
}

/** The annotations of a source text, with a diagnostic at the place of each problem. */
export function parseAnnotations(text: string): Annotations {
  const diagnostics: Diagnostic[] = [];
  const raws = collect(text, diagnostics);
  const problem = (r: Raw, message: string, severity: 'error' | 'warning' = 'error', onKey = false) => {
    const start = onKey ? r.keyColumn : r.valueColumn;
    const length = onKey ? r.key.length : Math.max(r.value.length, 1);
    diagnostics.push({ severity, message, range: rangeAt(r.line, start, start + length), code: 'annotation' });
  };
  const take = <T>(r: Raw, parsed: Parsed<T>): T | undefined => {
    if ('problem' in parsed) {
      problem(r, parsed.problem);
      return undefined;
    }
    return parsed.value;
  };

  const settings: { -readonly [K in keyof RunSettings]: RunSettings[K] } = {};
  let title: string | undefined;
  const narration: Narration[] = [];
  const exitNarration: string[] = [];
  const questions: { -readonly [K in keyof Question]: Question[K] }[] = [];
  const expectations: Expectation[] = [];
  const milestones: Milestone[] = [];
  const stdout: string[] = [];
  let stdoutAt = 0;
  const seen = new Set<Key>();
  /** The question its parts attach to: the last `ask`, while no code line came between. */
  let open: (typeof questions)[number] | undefined;

  for (const r of raws) {
    if (ONCE.includes(r.key)) {
      if (seen.has(r.key)) {
        problem(r, `'@atlas ${r.key}' is given again; the first one counts`, 'warning', true);
        continue;
      }
      seen.add(r.key);
    }
    if (open && open.line !== r.bound) open = undefined;
    const bound = (what: string): number | undefined => {
      if (r.bound > 0) return r.bound;
      problem(r, `${what} belongs to a line of code, and none follows it`, 'error', true);
      return undefined;
    };
    switch (r.key) {
      case 'allocator':
      case 'collector':
      case 'ram':
      case 'swap':
      case 'step-limit':
      case 'view':
      case 'title':
        if (r.key === 'title') title = r.value || undefined;
        else applySetting(settings, r.key, r, take, problem);
        break;
      case 'say': {
        const line = bound('narration');
        if (line === undefined || !r.value) break;
        const last = narration[narration.length - 1];
        // Lines of narration written one under the other are one paragraph; a trailing one is its own.
        if (last && last.line === line && r.bound !== r.line && !raws.some((o) => o.line > last.at && o.line < r.line && o.key !== 'say')) {
          narration[narration.length - 1] = { ...last, text: `${last.text} ${r.value}` };
        } else {
          narration.push({ line, text: r.value, at: r.line });
        }
        break;
      }
      case 'at-exit':
        if (r.value) exitNarration.push(r.value);
        break;
      case 'ask': {
        const line = bound('a question');
        if (line === undefined) break;
        if (!r.value) {
          problem(r, "a question needs its text: '@atlas ask: What happens to the block when...?'");
          break;
        }
        open = { id: questions.length, line, at: r.line, prompt: r.value, kind: 'open', choices: [], accept: [], reveal: '' };
        questions.push(open);
        break;
      }
      case 'ask-when':
      case 'choice':
      case 'correct':
      case 'accept':
      case 'reveal':
        if (!open) {
          problem(r, `'@atlas ${r.key}' belongs to a question: write it after '@atlas ask:', before the question's line of code`, 'error', true);
          break;
        }
        if (!r.value) {
          problem(r, `'@atlas ${r.key}' needs a text`);
          break;
        }
        if (r.key === 'ask-when') open.condition = r.value;
        else if (r.key === 'reveal') open.reveal = open.reveal ? `${open.reveal} ${r.value}` : r.value;
        else if (r.key === 'accept') open.accept = [...open.accept, r.value];
        else open.choices = [...open.choices, { text: r.value, correct: r.key === 'correct' }];
        break;
      case 'expect-stdout':
        if (!stdoutAt) stdoutAt = r.line;
        // `<nothing>`: the program prints nothing at all.
        if (r.value !== '<nothing>') stdout.push(unescapeLine(r.value));
        break;
      case 'expect-exit': {
        const signal = /^SIG[A-Z]+$/.test(r.value) ? r.value : undefined;
        const code = signal ? undefined : take(r, parseCount(r.value));
        if (signal || code !== undefined) expectations.push({ kind: 'exit', at: r.line, ...(signal ? { signal } : { code }) });
        break;
      }
      case 'expect-leaks': {
        const amounts = take(r, parseLeakTotals(r.value));
        if (amounts) expectations.push({ kind: 'leaks', at: r.line, amounts });
        break;
      }
      case 'expect-leaks-after': {
        const line = bound('an expectation after a line');
        const amounts = line === undefined ? undefined : take(r, parseLeakTotals(r.value));
        if (line !== undefined && amounts) expectations.push({ kind: 'leaks-after', at: r.line, line, amounts });
        break;
      }
      case 'expect-after': {
        const line = bound('an expectation after a line');
        if (line !== undefined && !r.value) problem(r, "'@atlas expect-after' needs a condition in the program's language, e.g. 'count == 3'");
        else if (line !== undefined) expectations.push({ kind: 'after', at: r.line, line, condition: r.value });
        break;
      }
      case 'expect-error': {
        const wrong = errorKindProblem(r.value);
        if (wrong) {
          problem(r, wrong);
          break;
        }
        const line = bound('an expected error');
        if (line !== undefined) expectations.push({ kind: 'error', at: r.line, line, errorKind: r.value });
        break;
      }
      case 'expect-gc': {
        const counts = take(r, parseGcCounts(r.value));
        if (counts) expectations.push({ kind: 'gc', at: r.line, counts });
        break;
      }
      case 'expect-growth': {
        const comparisons = take(r, parseGrowth(r.value));
        if (comparisons) expectations.push({ kind: 'growth', at: r.line, comparisons });
        break;
      }
      case 'expect-growth-after': {
        const line = bound('an expectation after a line');
        const comparisons = line === undefined ? undefined : take(r, parseGrowth(r.value));
        if (line !== undefined && comparisons) expectations.push({ kind: 'growth-after', at: r.line, line, comparisons });
        break;
      }
      case 'expect-faults': {
        const counts = take(r, parseFaultCounts(r.value));
        if (counts) expectations.push({ kind: 'faults', at: r.line, counts });
        break;
      }
      case 'done': {
        const milestone = take(r, parseMilestone(r.value, r.line));
        if (milestone) milestones.push(milestone);
        break;
      }
    }
  }
  if (stdoutAt) expectations.unshift({ kind: 'stdout', at: stdoutAt, text: stdout.map((l) => `${l}\n`).join('') });
  for (const q of questions) {
    const r = raws.find((x) => x.line === q.at && x.key === 'ask')!;
    if (q.choices.length && q.accept.length) problem(r, "a question takes choices or accepted answers, not both", 'error', true);
    else if (q.choices.length === 1) problem(r, 'a multiple-choice question needs at least two choices', 'error', true);
    else if (q.choices.length && !q.choices.some((c) => c.correct)) problem(r, "mark the right choice with '@atlas correct:' instead of '@atlas choice:'", 'error', true);
    if (!q.reveal) problem(r, "say what happened with '@atlas reveal:' (shown once the line has run)", 'warning', true);
    q.kind = q.choices.length ? 'choice' : q.accept.length ? 'free' : 'open';
  }
  diagnostics.sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn);
  return { settings, ...(title ? { title } : {}), narration, exitNarration, questions, expectations, milestones, diagnostics };
}

function applySetting(
  settings: { -readonly [K in keyof RunSettings]: RunSettings[K] },
  key: Exclude<SettingKey, 'title'>,
  r: Raw,
  take: <T>(r: Raw, parsed: Parsed<T>) => T | undefined,
  problem: (r: Raw, message: string) => void,
): void {
  switch (key) {
    case 'allocator': {
      const wrong = allocatorNameProblem(r.value);
      if (wrong) problem(r, wrong);
      else settings.allocator = r.value as AllocatorName;
      break;
    }
    case 'collector':
      if ((COLLECTOR_SETTINGS as readonly string[]).includes(r.value)) settings.collector = r.value as CollectorSetting;
      else problem(r, `unknown collector '${r.value}' (one of: ${COLLECTOR_SETTINGS.join(', ')})`);
      break;
    case 'ram':
      settings.ramBytes = take(r, parsePages(r.value, 1024 ** 2, 'RAM'));
      break;
    case 'swap':
      settings.swapBytes = take(r, parsePages(r.value, 0, 'swap'));
      break;
    case 'view': {
      const views = r.value.split(',').map((v) => v.trim()).filter(Boolean);
      const wrong = views.find((v) => !(PANEL_VIEWS as readonly string[]).includes(v));
      if (wrong !== undefined || views.length === 0 || views.length > 2) problem(r, `'${wrong ?? r.value}' is not one or two of the panel's views (${PANEL_VIEWS.join(', ')})`);
      else settings.views = views as PanelView[];
      break;
    }
    case 'step-limit': {
      const n = take(r, parseCount(r.value));
      if (n === 0) problem(r, 'the step limit must be at least 1');
      else if (n !== undefined) settings.stepLimit = n;
      break;
    }
  }
  for (const k of Object.keys(settings) as (keyof RunSettings)[]) if (settings[k] === undefined) delete settings[k];
}

/**
 * Runs of two or more consecutive lines that are nothing but `@atlas` comments (1-based, first and
 * last): the editor folds them when a bundled example opens, so that a question's right answer
 * is not in sight while the learner predicts.
 */
export function annotationBlocks(text: string): { start: number; end: number }[] {
  const lines = scanSourceLines(text);
  const blocks: { start: number; end: number }[] = [];
  let start = 0;
  lines.forEach((l, i) => {
    const only = !l.hasCode && l.comments.length > 0 && l.comments.every((c) => ANNOTATION.test(c.text));
    if (only && !start) start = i + 1;
    if (!only && start) {
      if (i - start >= 1) blocks.push({ start, end: i });
      start = 0;
    }
  });
  if (start && lines.length - start >= 1) blocks.push({ start, end: lines.length });
  return blocks;
}

/** `ID when end|clean|answered|error KIND`. */
function parseMilestone(value: string, line: number): Parsed<Milestone> {
  const m = /^([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)*)\s+when\s+(end|clean|answered|error\s+(\S+))$/.exec(value);
  if (!m) return { problem: `'${value}' is not 'ID when end', 'when clean', 'when answered' or 'when error KIND' (ID: letters, digits and dots, e.g. forgottenFree.fixed)` };
  if (m[3] !== undefined) {
    const wrong = errorKindProblem(m[3]);
    return wrong ? { problem: wrong } : { value: { id: m[1], at: line, when: { kind: 'error', errorKind: m[3] } } };
  }
  return { value: { id: m[1], at: line, when: { kind: m[2] as 'end' | 'clean' | 'answered' } } };
}

/** Every `@atlas` comment, with its key, value, columns and the line it is bound to. */
function collect(text: string, diagnostics: Diagnostic[]): Raw[] {
  const lines = scanSourceLines(text);
  // nextCode[i]: the first line at or after i (0-based) that holds code, as a 1-based line; 0 for none.
  const nextCode = new Array<number>(lines.length + 1).fill(0);
  for (let i = lines.length - 1; i >= 0; i--) nextCode[i] = lines[i].hasCode ? i + 1 : nextCode[i + 1];
  const raws: Raw[] = [];
  lines.forEach((source, i) => {
    for (const piece of source.comments) {
      const m = ANNOTATION.exec(piece.text);
      if (!m) continue;
      const line = i + 1;
      const atColumn = piece.column + m[1].length;
      const kv = KEY_VALUE.exec(m[2]);
      if (!kv) {
        diagnostics.push({ severity: 'error', message: "an annotation is '@atlas key: value', e.g. '@atlas say: malloc hands back 64 bytes'", range: rangeAt(line, atColumn, atColumn + 6), code: 'annotation' });
        continue;
      }
      const key = kv[2];
      const value = kv[3];
      const keyColumn = atColumn + 6 + kv[1].length;
      const valueColumn = atColumn + 6 + m[2].indexOf(value, kv[1].length + key.length);
      if (!(ANNOTATION_KEYS as readonly string[]).includes(key)) {
        diagnostics.push({
          severity: 'warning',
          message: `unknown annotation '@atlas ${key}' (this version knows: ${ANNOTATION_KEYS.join(', ')}); it is ignored`,
          range: rangeAt(line, keyColumn, keyColumn + key.length),
          code: 'annotation',
        });
        continue;
      }
      raws.push({ key: key as Key, value, line, bound: nextCode[i], keyColumn, valueColumn });
    }
  });
  return raws;
}
