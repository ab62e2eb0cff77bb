import { CProgram } from '../lang/c/program/cProgram';
import { withAnnotatedSettings } from '../session/openSession';
import { parseAnnotations } from '../shared/annotations';
import { Session, type SessionOptions } from '../session/session';
import { compareAllocators } from '../session/compareAllocators';
import type { CParser } from '../lang/c/parser';
import { type Diagnostic, formatDiagnostic, hasErrors } from '../shared/diagnostics';
import type { AllocatorName } from '../shared/allocators';
import type { AllocatorComparison, AllocatorRunFigures } from '../shared/allocatorComparison';
import type { CommandOutput } from './mapsCommand';
import { groupDigits } from '../shared/groupDigits';

export interface CompareOptions {
  readonly json: boolean;
  readonly allocators: readonly AllocatorName[];
  readonly stdin?: string;
  readonly maxSteps?: number;
  readonly keepGoing?: boolean;
  readonly ramBytes?: number;
  readonly swapBytes?: number;
  /** What reading the file found (an encoding warning), reported before the program's own. */
  readonly inputDiagnostics?: readonly Diagnostic[];
}

/**
 * `memory-atlas compare FILE --allocators a,b,c`: the program under each allocator, figures side by
 * side (the heap at the peak of live data, the run's totals), then its output once, with a flag on
 * every allocator under which it printed or ended differently. `--json` prints the AllocatorComparison.
 */
export function compareCommand(parser: CParser, text: string, file: string, options: CompareOptions): CommandOutput {
  const base: SessionOptions = withAnnotatedSettings({
    stdin: options.stdin, maxSteps: options.maxSteps, keepGoing: options.keepGoing, ramBytes: options.ramBytes, swapBytes: options.swapBytes, noCheckpoints: true,
  }, parseAnnotations(text));
  const first = CProgram.create(parser, text, file, base);
  const diagnostics = [...(options.inputDiagnostics ?? []), ...first.diagnostics].map((d) => formatDiagnostic(file, d) + '\n').join('');
  if (hasErrors(first.diagnostics)) return { stdout: '', stderr: diagnostics, exitCode: 1 };
  const comparison = compareAllocators(file, options.allocators, (allocator) => {
    const o = { ...base, allocator };
    return new Session(CProgram.create(parser, text, file, o), o);
  });
  if (options.json) return { stdout: JSON.stringify(comparison, null, 2) + '\n', stderr: diagnostics, exitCode: 0 };
  return { stdout: formatComparison(comparison), stderr: diagnostics, exitCode: 0 };
}

type Row = readonly [label: string, value: (r: AllocatorRunFigures) => string];

const bytes = groupDigits;

const MOMENT_ROWS: readonly Row[] = [
  ['step, line', (r) => `${groupDigits(r.at.step)}, ${r.at.line ?? '-'}`],
  ['requested (live)', (r) => bytes(r.heap.requestedBytes)],
  ['from the kernel', (r) => bytes(r.heap.kernelBytes)],
  ['internal fragmentation', (r) => bytes(r.heap.internalFragmentationBytes)],
  ['external fragmentation', (r) => bytes(r.heap.externalFragmentationBytes)],
  ['largest free block', (r) => bytes(r.heap.largestFreeBlock)],
];

const RUN_ROWS: readonly Row[] = [
  ['most requested at once', (r) => bytes(r.run.peakRequestedBytes)],
  ['most from the kernel', (r) => bytes(r.run.peakKernelBytes)],
  ['brk calls', (r) => String(r.run.brkCalls)],
  ['mmap / munmap calls', (r) => `${r.run.mmapCalls} / ${r.run.munmapCalls}`],
  ['page faults (minor)', (r) => String(r.run.minorFaults)],
  ['failed requests', (r) => String(r.run.failedRequests)],
  ['memory errors', (r) => String(r.errors.length)],
];

/** The table, allocators as columns, then the output and the differences. */
export function formatComparison(c: AllocatorComparison): string {
  const names = c.runs.map((r) => r.allocator);
  const atPeak = c.runs.every((r) => r.at.kind === 'peak');
  const sections: [string, readonly Row[]][] = [
    [atPeak ? 'at the peak of live data' : 'at the end (no block was ever live)', MOMENT_ROWS],
    ['over the whole run', RUN_ROWS],
  ];
  const cells = sections.map(([title, rows]) => [title, rows.map(([label, value]) => [label, ...c.runs.map(value)])] as const);
  const labelWidth = Math.max(...cells.flatMap(([title, rows]) => [title.length, ...rows.map((r) => r[0].length + 2)]));
  const widths = names.map((n, i) => Math.max(n.length, ...cells.flatMap(([, rows]) => rows.map((r) => r[i + 1].length))));
  const line = (label: string, values: readonly string[]) => (label.padEnd(labelWidth) + values.map((v, i) => '  ' + v.padStart(widths[i])).join('')).trimEnd();
  const out = [`${c.source} under ${names.join(', ')} (bytes)`, '', line('', names)];
  for (const [title, rows] of cells) {
    out.push(title);
    for (const [label, ...values] of rows) out.push(line('  ' + label, values));
  }
  out.push('');
  const differing = c.runs.filter((r) => r.difference);
  const reference = c.runs[0].allocator;
  out.push(differing.length === 0 ? 'output (the same under every allocator):' : `output under ${reference}:`);
  out.push(c.stdout.endsWith('\n') || c.stdout === '' ? c.stdout.slice(0, -1) : c.stdout);
  if (c.stderr) out.push(`stderr under ${reference}:`, c.stderr.replace(/\n$/, ''));
  for (const r of differing) {
    const d = r.difference!;
    const where = d.stream === 'exit' ? 'it ends differently' : `${d.stream} differs at line ${d.line}`;
    out.push(`!! under ${r.allocator} ${where}: ${JSON.stringify(d.actual)} (${reference}: ${JSON.stringify(d.reference)})`);
  }
  for (const r of c.runs) for (const e of r.errors.slice(0, 3)) out.push(`!! under ${r.allocator}: ${e.kind} at line ${e.line}: ${e.message}`);
  return out.join('\n') + '\n';
}
