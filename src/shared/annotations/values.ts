import {
  type Amount, type Comparison, FAULT_KINDS, GC_KINDS, GROWTH_FIGURES, type GrowthComparison, LEAK_CLASS_NAMES, type LeakClassName,
  type GcCountKind, type GrowthFigure, type PageFaultKind,
} from './types';

/** A parsed value, or what is wrong with it (said to the author at the value). */
export type Parsed<T> = { readonly value: T } | { readonly problem: string };

const ok = <T>(value: T): Parsed<T> => ({ value });
const bad = <T>(problem: string): Parsed<T> => ({ problem });

/** The error kinds a run reports (RunErrorKind of runReport.ts, and the kinds of ProgramFault). */
export const ERROR_KINDS = [
  'use-after-free', 'double-free', 'invalid-free', 'heap-buffer-overflow', 'stack-buffer-overflow', 'global-buffer-overflow',
  'null-dereference', 'segfault', 'stack-overflow', 'stack-use-after-return', 'uninitialized-read', 'out-of-memory',
  'abort', 'arithmetic', 'step-limit',
] as const;

const UNITS: Record<string, number> = { '': 1, b: 1, byte: 1, bytes: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** `16 MiB`, `64M`, `512 KiB`, `4096`, `1.5 GiB`: bytes (K, M and G are powers of 1024, as the kernel counts). */
export function parseSize(text: string): Parsed<number> {
  const m = /^(\d[\d,_]*(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) return bad(`'${text}' is not a size (e.g. 16 MiB, 512 KiB, 4096 bytes)`);
  const bytes = Math.round(Number(m[1].replace(/[,_]/g, '')) * unit);
  return Number.isSafeInteger(bytes) ? ok(bytes) : bad(`'${text}' is too large`);
}

/** A whole number written as people write it: `1,000,000`, `1_000`, `64`. */
export function parseCount(text: string): Parsed<number> {
  const t = text.trim();
  if (!/^\d[\d,_]*$/.test(t)) return bad(`'${text}' is not a whole number`);
  const n = Number(t.replace(/[,_]/g, ''));
  return Number.isSafeInteger(n) ? ok(n) : bad(`'${text}' is too large`);
}

/** A memory size in whole pages for RAM or swap (rounded down to 4 KiB, as the CLI's --ram). */
export function parsePages(text: string, least: number, what: string): Parsed<number> {
  const size = parseSize(text);
  if ('problem' in size) return size;
  const pages = Math.floor(size.value / 4096) * 4096;
  if (pages < least) return bad(`${what} needs at least ${least / 1024 ** 2} MiB, got '${text}'`);
  return ok(pages);
}

/** The parts of a list value: separated by commas that are not inside a number (`64,000`), or semicolons. */
function listParts(text: string): string[] {
  return text.split(/;|,(?!\d{3}\b)/).map((s) => s.trim()).filter((s) => s.length > 0);
}

const CLASS_WORDS: Record<string, LeakClassName> = {
  definitely: 'definitely', 'definitely lost': 'definitely', indirectly: 'indirectly', 'indirectly lost': 'indirectly',
  possibly: 'possibly', 'possibly lost': 'possibly', reachable: 'reachable', 'still reachable': 'reachable',
};

/**
 * `none`, or classes with their totals as Valgrind words them:
 * `definitely 64,000 bytes in 1,000 blocks, reachable 0 bytes in 0 blocks` (a class not named is
 * expected to be empty).
 */
export function parseLeakTotals(text: string): Parsed<Record<LeakClassName, Amount>> {
  const amounts = Object.fromEntries(LEAK_CLASS_NAMES.map((c) => [c, { bytes: 0, blocks: 0 }])) as Record<LeakClassName, Amount>;
  if (/^none$/i.test(text.trim())) return ok(amounts);
  const seen = new Set<LeakClassName>();
  for (const part of listParts(text)) {
    const m = /^(definitely(?: lost)?|indirectly(?: lost)?|possibly(?: lost)?|(?:still )?reachable)\s*:?\s+(\d[\d,_]*)\s+bytes?\s+in\s+(\d[\d,_]*)\s+blocks?$/i.exec(part);
    if (!m) return bad(`'${part}' is not '<class> N bytes in M blocks' (classes: definitely, indirectly, possibly, reachable; or 'none')`);
    const cls = CLASS_WORDS[m[1].toLowerCase()];
    if (seen.has(cls)) return bad(`'${cls}' is given twice`);
    seen.add(cls);
    const bytes = parseCount(m[2]);
    const blocks = parseCount(m[3]);
    if ('problem' in bytes) return bytes;
    if ('problem' in blocks) return blocks;
    amounts[cls] = { bytes: bytes.value, blocks: blocks.value };
  }
  return ok(amounts);
}

const COMPARISON = /^(>=|<=|=|>|<)?\s*(.+)$/;

/** `name OP value` parts, the operator `=` when none is written (`scavenge >= 1, mark-sweep 0`). */
function comparisons<N extends string, V>(text: string, names: readonly N[], what: string, value: (v: string) => Parsed<V>):
  Parsed<{ name: N; op: Comparison; value: V }[]> {
  const out: { name: N; op: Comparison; value: V }[] = [];
  const parts = listParts(text);
  if (parts.length === 0) return bad(`name at least one ${what} (${names.join(', ')})`);
  for (const part of parts) {
    const m = /^([A-Za-z][\w-]*)\s*(.*)$/.exec(part);
    const name = names.find((n) => n.toLowerCase() === m?.[1].toLowerCase());
    if (!m || !name) return bad(`'${m?.[1] ?? part}' is not a ${what} (${names.join(', ')})`);
    const c = COMPARISON.exec(m[2].trim());
    if (!c) return bad(`'${part}' needs a value, e.g. '${name} >= 1'`);
    const v = value(c[2]);
    if ('problem' in v) return v;
    out.push({ name, op: (c[1] ?? '=') as Comparison, value: v.value });
  }
  return ok(out);
}

/** `scavenge >= 1, mark-sweep 0, any >= 2`: collections of each kind over the run. */
export function parseGcCounts(text: string): Parsed<{ gc: GcCountKind; op: Comparison; value: number }[]> {
  const r = comparisons(text, GC_KINDS, 'kind of collection', parseCount);
  return 'problem' in r ? r : ok(r.value.map(({ name, op, value }) => ({ gc: name, op, value })));
}

/** `minor >= 256, major >= 1, invalid 0`: page faults over the run. */
export function parseFaultCounts(text: string): Parsed<{ fault: PageFaultKind; op: Comparison; value: number }[]> {
  const r = comparisons(text, FAULT_KINDS, 'kind of page fault', parseCount);
  return 'problem' in r ? r : ok(r.value.map(({ name, op, value }) => ({ fault: name, op, value })));
}

/** `rss >= 8 MiB, heapUsed < 1 MiB, rss > 10 x heapUsed`: growth from the run's start to its end. */
export function parseGrowth(text: string): Parsed<GrowthComparison[]> {
  const r = comparisons<GrowthFigure, GrowthComparison['value']>(text, GROWTH_FIGURES, 'memory figure', (v) => {
    const times = /^(?:(\d+(?:\.\d+)?)\s*[x×*]\s*)?([A-Za-z]+)$/.exec(v.trim());
    const figure = GROWTH_FIGURES.find((f) => f.toLowerCase() === times?.[2].toLowerCase());
    if (times && figure) return ok({ figure, times: times[1] ? Number(times[1]) : 1 });
    const size = parseSize(v);
    return 'problem' in size ? bad(`'${v}' is neither a size (8 MiB) nor a figure (${GROWTH_FIGURES.join(', ')})`) : ok({ bytes: size.value });
  });
  return 'problem' in r ? r : ok(r.value.map(({ name, op, value }) => ({ figure: name, op, value })));
}

export function errorKindProblem(kind: string): string | undefined {
  return (ERROR_KINDS as readonly string[]).includes(kind) ? undefined : `unknown error kind '${kind}' (one of: ${ERROR_KINDS.join(', ')})`;
}

export function compare(actual: number, op: Comparison, expected: number): boolean {
  switch (op) {
    case '=': return actual === expected;
    case '>=': return actual >= expected;
    case '<=': return actual <= expected;
    case '>': return actual > expected;
    case '<': return actual < expected;
  }
}

/** Backslash escapes an author may use in one line of expected output: \t, \\, and \s for a trailing space. */
export function unescapeLine(text: string): string {
  return text.replace(/\\([tns\\])/g, (_all, c: string) => ({ t: '\t', n: '\n', s: ' ', '\\': '\\' })[c] as string);
}
