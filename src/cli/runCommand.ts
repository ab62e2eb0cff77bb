import { CProgram } from '../lang/c/program/cProgram';
import { Session } from '../session/session';
import { withAnnotatedSettings } from '../session/openSession';
import { parseAnnotations } from '../shared/annotations';
import type { CParser } from '../lang/c/parser';
import { type Diagnostic, formatDiagnostic, hasErrors } from '../shared/diagnostics';
import { type InternalError, type RunError, type RunReport, INTERNAL_ERROR_STATUS, RUN_REPORT_VERSION, internalErrorText } from '../shared/runReport';
import { internalErrorSite } from '../engine/program/internalError';
import type { CommandOutput } from './mapsCommand';
import { errorLines } from '../engine/errors/errorText';
import { leakLines } from '../engine/leaks/leakText';
import { leakReport } from '../lang/c/interpreter/vm/heapLeaks';
import type { AllocatorName } from '../shared/allocators';
import { groupDigits } from '../shared/groupDigits';
import type { ProgressLine } from './progressLine';

export interface RunOptions {
  readonly json: boolean;
  readonly stdin?: string;
  readonly maxSteps?: number;
  readonly ramBytes?: number;
  readonly swapBytes?: number;
  /** Go on after a memory error, as the unchecked program would (default: stop at the first). */
  readonly keepGoing?: boolean;
  /** The C allocator (default: the file's annotation, else glibc). */
  readonly allocator?: AllocatorName;
  /** What reading the file found (an encoding warning), reported before the program's own. */
  readonly inputDiagnostics?: readonly Diagnostic[];
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
  const prepared = prepareRun(parser, text, file, options);
  if (!isPrepared(prepared)) return prepared;
  try {
    prepared.session.run();
  } catch (e) {
    return prepared.failed(e);
  }
  return prepared.finish();
}

/**
 * The same run, in slices (Session.begin) so that `progress` can say how far it is between
 * them: what `memory-atlas run` does when its stderr is a terminal.
 */
export async function runCommandWithProgress(parser: CParser, text: string, file: string, options: RunOptions, progress: ProgressLine): Promise<CommandOutput> {
  const prepared = prepareRun(parser, text, file, options);
  if (!isPrepared(prepared)) return prepared;
  try {
    await prepared.session.begin({ kind: 'run' }, () => progress.update(prepared.session.steps));
  } catch (e) {
    return prepared.failed(e);
  } finally {
    progress.end();
  }
  return prepared.finish();
}

interface PreparedRun {
  readonly session: Session<CProgram>;
  /** The output once the run has ended. */
  finish(): CommandOutput;
  /** The output after an internal error while running. */
  failed(e: unknown): CommandOutput;
}

function isPrepared(p: PreparedRun | CommandOutput): p is PreparedRun {
  return 'session' in p;
}

/** Compiles the file into a session ready to run, or the output of a file that cannot run. */
function prepareRun(parser: CParser, text: string, file: string, options: RunOptions): PreparedRun | CommandOutput {
  let session: Session<CProgram> | undefined;
  let phase: InternalError['phase'] = 'compiling';
  try {
    // The file's '@atlas ram:', 'swap:' and 'step-limit:' apply where no option says otherwise.
    const sessionOptions = withAnnotatedSettings({ stdin: options.stdin, maxSteps: options.maxSteps, ramBytes: options.ramBytes, swapBytes: options.swapBytes, noCheckpoints: true, keepGoing: options.keepGoing, allocator: options.allocator }, parseAnnotations(text));
    session = new Session(CProgram.create(parser, text, file, sessionOptions), sessionOptions);
    const input = options.inputDiagnostics ?? [];
    const diagnostics = [...input, ...session.diagnostics].map((d) => formatDiagnostic(file, d) + '\n').join('');
    if (hasErrors(session.diagnostics)) {
      phase = 'report';
      if (options.json) return { stdout: JSON.stringify(reportOf(session, file, options, input), null, 2) + '\n', stderr: '', exitCode: 1 };
      return { stdout: '', stderr: diagnostics, exitCode: 1 };
    }
    const running = session;
    return {
      session: running,
      failed: (e) => internalErrorOutput(internalErrorSite(e, running.program, 'running'), running, file, options),
      finish: () => {
        try {
          const report = reportOf(running, file, options, input);
          const vm = running.program.vm!;
          const exitCode = report.exitCode ?? (vm.termination?.shellStatus ?? 1);
          if (options.json) return { stdout: JSON.stringify(report, null, 2) + '\n', stderr: '', exitCode };
          return { stdout: report.stdout, stderr: diagnostics + report.stderr + formatReport(report, vm.process.kernel.getpid(), vm.error?.halted === true), exitCode };
        } catch (e) {
          return internalErrorOutput(internalErrorSite(e, running.program, 'report'), running, file, options);
        }
      },
    };
  } catch (e) {
    return internalErrorOutput(internalErrorSite(e, session?.program, phase), session, file, options);
  }
}

/**
 * A defect of Memory Atlas itself (an exception no program should be able to cause), caught at
 * the command's boundary: what the program printed is kept, and the error says where the run was.
 */
function internalErrorOutput(where: InternalError, session: Session<CProgram> | undefined, file: string, options: RunOptions): CommandOutput {
  const stdout = session?.program.vm?.stdout ?? '';
  const stderr = session?.program.vm?.stderr ?? '';
  if (options.json) {
    const diagnostics = [...(options.inputDiagnostics ?? []), ...(session?.diagnostics ?? [])];
    const report: RunReport = { ...emptyReport(file), stdout, stderr, steps: where.step, diagnostics, internalError: where };
    return { stdout: JSON.stringify(report, null, 2) + '\n', stderr: '', exitCode: INTERNAL_ERROR_STATUS };
  }
  return { stdout, stderr: stderr + `memory-atlas: ${internalErrorText(where)}\n`, exitCode: INTERNAL_ERROR_STATUS };
}

export function reportOf(session: Session<CProgram>, file: string, options: Pick<RunOptions, 'allBlocks'> = {}, inputDiagnostics: readonly Diagnostic[] = []): RunReport {
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
    diagnostics: [...inputDiagnostics, ...session.diagnostics],
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

function emptyReport(file: string): RunReport {
  return {
    version: RUN_REPORT_VERSION, source: file, stdout: '', stderr: '', exitCode: null, signal: null, steps: 0, diagnostics: [], errors: [],
    faults: { minor: 0, major: 0, invalid: 0 }, memory: { vsz: 0, rss: 0, peakRss: 0, heapBytes: 0 },
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
  const end = r.exitCode !== null ? `exited with status ${r.exitCode}` : r.signal !== null ? `killed by ${r.signal}` : 'stopped (it had not ended)';
  lines.push(`${p} ${end} after ${groupDigits(r.steps)} step${r.steps === 1 ? '' : 's'} (C statements executed)`);
  lines.push(`${p} page faults: ${r.faults.minor} minor, ${r.faults.major} major, ${r.faults.invalid} invalid`);
  lines.push(`${p} memory: VSZ ${kib(r.memory.vsz)}, RSS ${kib(r.memory.rss)} (peak ${kib(r.memory.peakRss)}), heap ${kib(r.memory.heapBytes)} from the kernel`);
  if (r.heap) {
    const a = r.heap.activity;
    const failed = a.failedRequests > 0 ? `, ${a.failedRequests} failed request${a.failedRequests === 1 ? '' : 's'}` : '';
    lines.push(`${p} allocator: ${r.heap.label}, ${a.brkCalls} brk and ${a.mmapCalls} mmap calls, at most ${groupDigits(a.peakRequestedBytes)} bytes requested at once${failed}`);
  }
  return lines.join('\n') + '\n';
}
