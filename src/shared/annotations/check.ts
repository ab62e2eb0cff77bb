import type { Amount, Expectation, GcCountKind, GrowthComparison, GrowthFigure, LeakClassName, PageFaultKind } from './types';
import { LEAK_CLASS_NAMES } from './types';
import { compare } from './values';

/** The memory figures of a moment of the run (bytes); a language fills those it has. */
export type MemoryFigures = Partial<Record<GrowthFigure, number>>;

/**
 * What a run did, as far as the expectations look: built by the session layer
 * (src/session/annotatedRun.ts) from any language's program, checked here.
 */
export interface RunOutcome {
  readonly stdout: string;
  /** How it ended; undefined when it did not (the step limit stopped it). */
  readonly exit?: { readonly code: number | null; readonly signal?: string };
  readonly errors: readonly { readonly kind: string; readonly line: number }[];
  /** Leak totals at the end (C); undefined for a run that did not end or has no C heap. */
  readonly leaks?: Readonly<Record<LeakClassName, Amount>>;
  /** Page faults over the whole run, as the report counts them. */
  readonly faults: Readonly<Record<PageFaultKind, number>>;
  readonly start: MemoryFigures;
  readonly end: MemoryFigures;
  /** Collections of each kind (a language without a collector: undefined). */
  readonly gc?: Readonly<Partial<Record<Exclude<GcCountKind, 'any'>, number>>>;
}

export interface ExpectationResult {
  readonly expectation: Expectation;
  readonly ok: boolean;
  /** What was expected and what happened, in words. */
  readonly message: string;
}

const bytes = (n: number) => `${n.toLocaleString('en-US')} byte${n === 1 ? '' : 's'}`;
const blocks = (n: number) => `${n.toLocaleString('en-US')} block${n === 1 ? '' : 's'}`;

export function leakText(amounts: Readonly<Record<LeakClassName, Amount>>): string {
  const parts = LEAK_CLASS_NAMES.filter((c) => amounts[c].blocks > 0 || amounts[c].bytes > 0).map((c) => `${c} ${bytes(amounts[c].bytes)} in ${blocks(amounts[c].blocks)}`);
  return parts.length ? parts.join(', ') : 'none';
}

/**
 * Checks the run-level expectations (everything but the `*-after` ones, which the run checks
 * when it passes their line). A file with any expectation is also checked for errors it did not
 * list: its run must make exactly the errors its `expect-error` lines name.
 */
export function checkRunExpectations(expectations: readonly Expectation[], outcome: RunOutcome): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  const result = (expectation: Expectation, ok: boolean, message: string) => results.push({ expectation, ok, message });
  for (const e of expectations) {
    switch (e.kind) {
      case 'stdout':
        result(e, outcome.stdout === e.text, outcome.stdout === e.text ? (e.text ? `stdout: the ${plural(e.text.split('\n').length - 1, 'line')} expected` : 'stdout: nothing, as expected') : `stdout differs: expected ${JSON.stringify(e.text)}, got ${JSON.stringify(outcome.stdout)}`);
        break;
      case 'exit': {
        const x = outcome.exit;
        const actual = !x ? 'it did not end' : x.signal ? `killed by ${x.signal}` : `exit status ${x.code}`;
        const expected = e.signal ? `killed by ${e.signal}` : `exit status ${e.code}`;
        result(e, actual === expected, actual === expected ? expected : `expected ${expected}, got ${actual}`);
        break;
      }
      case 'leaks': {
        if (!outcome.leaks) {
          result(e, false, 'the run did not end, so its blocks were never checked for leaks');
          break;
        }
        const same = LEAK_CLASS_NAMES.every((c) => outcome.leaks![c].bytes === e.amounts[c].bytes && outcome.leaks![c].blocks === e.amounts[c].blocks);
        result(e, same, same ? `leaks: ${leakText(e.amounts)}` : `leaks: expected ${leakText(e.amounts)}, got ${leakText(outcome.leaks)}`);
        break;
      }
      case 'error': {
        const hit = outcome.errors.some((x) => x.kind === e.errorKind && x.line === e.line);
        result(e, hit, hit ? `${e.errorKind} at line ${e.line}` : `expected ${e.errorKind} at line ${e.line}, got ${errorList(outcome.errors)}`);
        break;
      }
      case 'gc': {
        const gc = outcome.gc;
        const wrong = e.counts.map(({ gc: kind, op, value }) => {
          const actual = !gc ? undefined : kind === 'any' ? Object.values(gc).reduce((a, b) => a + (b ?? 0), 0) : gc[kind] ?? 0;
          return actual !== undefined && compare(actual, op, value) ? undefined : `${kind} ${op} ${value} (got ${actual ?? 'no collector'})`;
        }).filter((w): w is string => w !== undefined);
        result(e, wrong.length === 0, wrong.length ? `collections: ${wrong.join(', ')}` : `collections: ${e.counts.map((c) => `${c.gc} ${c.op} ${c.value}`).join(', ')}`);
        break;
      }
      case 'growth': {
        const g = growthResult(e.comparisons, outcome.start, outcome.end);
        result(e, g.ok, g.message);
        break;
      }
      case 'faults': {
        const wrong = e.counts.filter(({ fault, op, value }) => !compare(outcome.faults[fault], op, value)).map(({ fault, op, value }) => `${fault} ${op} ${value} (got ${outcome.faults[fault]})`);
        result(e, wrong.length === 0, wrong.length ? `page faults: ${wrong.join(', ')}` : `page faults: ${e.counts.map((c) => `${c.fault} ${outcome.faults[c.fault]}`).join(', ')}`);
        break;
      }
      case 'leaks-after':
      case 'growth-after':
      case 'after':
        break;
    }
  }
  if (expectations.length > 0) {
    const listed = expectations.filter((e): e is Extract<Expectation, { kind: 'error' }> => e.kind === 'error');
    const unlisted = outcome.errors.filter((x) => !listed.some((e) => e.errorKind === x.kind && e.line === x.line));
    if (unlisted.length) {
      results.push({ expectation: { kind: 'error', at: 0, line: unlisted[0].line, errorKind: unlisted[0].kind }, ok: false, message: `the run made errors no 'expect-error' names: ${errorList(unlisted)}` });
    }
  }
  return results;
}

/** Growth of each figure from `start` to `now`, against a size or another figure's growth. */
export function growthResult(comparisons: readonly GrowthComparison[], start: MemoryFigures, now: MemoryFigures): { ok: boolean; message: string } {
  const growth = (f: GrowthFigure) => (now[f] !== undefined && start[f] !== undefined ? now[f]! - start[f]! : undefined);
  const wrong: string[] = [];
  const said: string[] = [];
  for (const c of comparisons) {
    const actual = growth(c.figure);
    const target = 'bytes' in c.value ? c.value.bytes : (growth(c.value.figure) ?? NaN) * c.value.times;
    const against = 'bytes' in c.value ? bytes(c.value.bytes) : `${c.value.times === 1 ? '' : `${c.value.times} x `}${c.value.figure} (${Number.isNaN(target) ? 'not measured' : bytes(target)})`;
    const text = `${c.figure} grew ${actual === undefined ? 'by an unmeasured amount' : bytes(actual)}, expected ${c.op} ${against}`;
    if (actual === undefined || Number.isNaN(target) || !compare(actual, c.op, target)) wrong.push(text);
    else said.push(text);
  }
  return { ok: wrong.length === 0, message: wrong.length ? wrong.join('; ') : said.join('; ') };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function errorList(errors: RunOutcome['errors']): string {
  return errors.length ? errors.map((x) => `${x.kind} at line ${x.line}`).join(', ') : 'no error';
}
