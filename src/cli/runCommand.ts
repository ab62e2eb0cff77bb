import { CProgram } from '../lang/c/program/cProgram';
import { Session } from '../session/session';
import type { CParser } from '../lang/c/parser';
import { formatDiagnostic, hasErrors } from '../shared/diagnostics';
import { RUN_REPORT_VERSION, type RunError, type RunReport } from '../shared/runReport';
import type { CommandOutput } from './mapsCommand';
import { errorLines } from '../engine/errors/errorText';
import { leakLines } from '../engine/leaks/leakText';
import { leakReport } from '../lang/c/interpreter/vm/heapLeaks';
import type { AllocatorName } from '../shared/allocators';

export interface RunOptions {
  readonly json: boolean;
  readonly stdin?: string;
  readonly maxSteps?: number;
  /** Go on after a memory error, as the unchecked program would (default: stop at the first). */
  readonly keepGoing?: boolean;
  /** The C allocator (default: the file's annotation, else glibc). */
  readonly allocator?: AllocatorName;
  /** --json lists every block of each loss record, not only the first BLOCKS_PER_RECORD. */
  readonly allBlocks?: boolean;
}

/** Blocks of each loss record that --json lists (the records themselves are always complete). */
export const BLOCKS_PER_RECORD = 10;

/**
 * `memory-atlas run FILE`: runs the program at full speed on the simulated process. Text mode
 * prints the program's stdout and stderr as they are, then a short report on stderr (as
 * Valgrind does, `==pid==` prefixed); the exit status is the program's (128 + signal when a
 * signal ended it). `--json` prints one RunReport instead.
 */
export function runCommand(parser: CParser, text: string, file: string, options: RunOptions): CommandOutput {
  const sessionOptions = { stdin: options.stdin, maxSteps: options.maxSteps, noCheckpoints: true, keepGoing: options.keepGoing, allocator: options.allocator };
  const session = new Session(CProgram.create(parser, text, file, sessionOptions), sessionOptions);
  const diagnostics = session.diagnostics.map((d) => formatDiagnostic(file, d) + '\n').join('');
  if (hasErrors(session.diagnostics)) {
    if (options.json) return { stdout: JSON.stringify(reportOf(session, file, options), null, 2) + '\n', stderr: '', exitCode: 1 };
    return { stdout: '', stderr: diagnostics, exitCode: 1 };
  }
  session.run();
  const report = reportOf(session, file, options);
  const vm = session.program.vm!;
  const exitCode = report.exitCode ?? (vm.termination?.shellStatus ?? 1);
  if (options.json) return { stdout: JSON.stringify(report, null, 2) + '\n', stderr: '', exitCode };
  return { stdout: report.stdout, stderr: diagnostics + report.stderr + formatReport(report, vm.process.kernel.getpid(), vm.error?.halted === true), exitCode };
}

export function reportOf(session: Session<CProgram>, file: string, options: Pick<RunOptions, 'allBlocks'> = {}): RunReport {
  const vm = session.program.vm;
  const end = session.lastEvent;
  // Every memory error found, then what ended the run if it was something else (abort, SIGFPE).
  const errors: RunError[] = [...session.program.memoryErrors];
  if (vm?.error) {
    const { range: _range, halted: _halted, ...e } = vm.error;
    if (!errors.some((x) => x.kind === e.kind && x.line === e.line && x.column === e.column)) errors.push(e);
  }
  if (end.kind === 'stopped' && end.reason === 'step-limit') errors.push({ kind: 'step-limit', line: end.line, message: end.message ?? 'step limit reached' });
  const counters = vm?.process.counters();
  const allocator = vm?.process.allocator;
  // The kernel's share only: a running counter, not a walk over a million chunks.
  const heap = allocator?.kernelBytes?.() ?? allocator?.stats();
  const perRecord = options.allBlocks ? null : BLOCKS_PER_RECORD;
  const activity = allocator?.activity;
  return {
    version: RUN_REPORT_VERSION,
    source: file,
    stdout: vm?.stdout ?? '',
    stderr: vm?.stderr ?? '',
    exitCode: end.kind === 'exited' ? end.code : null,
    signal: end.kind === 'exited' ? end.signal ?? null : null,
    steps: session.steps,
    diagnostics: session.diagnostics,
    errors,
    // Memcheck checks for leaks when the process ends, however it ends.
    ...(vm?.ended ? { leaks: { ...leakReport(vm, true, perRecord ?? Infinity), blocksPerRecord: perRecord, ...(vm.error?.halted ? { stoppedAtError: true as const } : {}) } } : {}),
    faults: { minor: counters?.minorFaults ?? 0, major: counters?.majorFaults ?? 0, invalid: counters?.invalidFaults ?? 0 },
    memory: {
      vsz: counters?.vszBytes ?? 0, rss: counters?.rssBytes ?? 0, peakRss: counters?.peakRssBytes ?? 0,
      heapBytes: heap ? heap.brkBytes + heap.mmapBytes : 0,
    },
    ...(activity ? { heap: { allocator: session.program.allocator, label: vm!.process.allocator.name, activity: { ...activity } } } : {}),
  };
}

function formatReport(r: RunReport, pid: number, halted: boolean): string {
  const p = `==${pid}==`;
  const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
  const lines = [''];
  for (const e of r.errors) for (const line of errorLines(e)) lines.push(`${p} ${line}`);
  if (r.leaks) for (const line of leakLines(r.leaks)) lines.push(`${p} ${line}`);
  const memory = r.errors.filter((e) => e.kind !== 'abort' && e.kind !== 'arithmetic' && e.kind !== 'step-limit').length;
  if (memory > 0) lines.push(`${p} ${memory} memory error${memory === 1 ? '' : 's'}${halted ? ' (the run stopped at the first; --keep-going goes on as the program would)' : ''}`);
  // A step is one C statement executed (the unit of stepping and of --max-steps).
  lines.push(`${p} ${r.exitCode !== null ? `exited with status ${r.exitCode}` : `killed by ${r.signal}`} after ${r.steps.toLocaleString('en-US')} step${r.steps === 1 ? '' : 's'} (C statements executed)`);
  lines.push(`${p} page faults: ${r.faults.minor} minor, ${r.faults.major} major, ${r.faults.invalid} invalid`);
  lines.push(`${p} memory: VSZ ${kib(r.memory.vsz)}, RSS ${kib(r.memory.rss)} (peak ${kib(r.memory.peakRss)}), heap ${kib(r.memory.heapBytes)} from the kernel`);
  if (r.heap) {
    const a = r.heap.activity;
    const failed = a.failedRequests > 0 ? `, ${a.failedRequests} failed request${a.failedRequests === 1 ? '' : 's'}` : '';
    lines.push(`${p} allocator: ${r.heap.label}, ${a.brkCalls} brk and ${a.mmapCalls} mmap calls, at most ${a.peakRequestedBytes.toLocaleString('en-US')} bytes requested at once${failed}`);
  }
  return lines.join('\n') + '\n';
}
