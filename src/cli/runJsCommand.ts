import { JsProgram } from '../lang/js/program/jsProgram';
import { Session } from '../session/session';
import { withAnnotatedSettings } from '../session/openSession';
import { parseAnnotations } from '../shared/annotations';
import { type Diagnostic, formatDiagnostic, hasErrors } from '../shared/diagnostics';
import { type InternalError, type RunError, type RunReport, INTERNAL_ERROR_STATUS, RUN_REPORT_VERSION, internalErrorText } from '../shared/runReport';
import type { CollectorMode } from '../shared/gcReport';
import { internalErrorSite } from '../engine/program/internalError';
import { groupDigits } from '../shared/groupDigits';
import type { CommandOutput } from './mapsCommand';

export interface RunJsOptions {
  readonly json: boolean;
  readonly maxSteps?: number;
  readonly ramBytes?: number;
  readonly swapBytes?: number;
  readonly gc?: CollectorMode;
  readonly inputDiagnostics?: readonly Diagnostic[];
}

/**
 * `memory-atlas run FILE.js`: the program runs as node would run it (its stdout and stderr as
 * they are, the exit status node gives: 1 after an uncaught exception), then a short report on
 * stderr; `--json` prints one RunReport with the JavaScript fields.
 */
export function runJsCommand(text: string, file: string, options: RunJsOptions): CommandOutput {
  let session: Session<JsProgram> | undefined;
  let phase: InternalError['phase'] = 'compiling';
  try {
    const sessionOptions = withAnnotatedSettings({ maxSteps: options.maxSteps, ramBytes: options.ramBytes, swapBytes: options.swapBytes, noCheckpoints: true }, parseAnnotations(text));
    session = new Session(JsProgram.create(text, file, { ...sessionOptions, ...(options.gc ? { collector: options.gc } : {}) }), sessionOptions);
    const input = options.inputDiagnostics ?? [];
    const diagnostics = [...input, ...session.diagnostics].map((d) => formatDiagnostic(file, d) + '\n').join('');
    if (hasErrors(session.diagnostics)) {
      phase = 'report';
      if (options.json) return { stdout: JSON.stringify(jsReportOf(session, file, input), null, 2) + '\n', stderr: '', exitCode: 1 };
      return { stdout: '', stderr: diagnostics, exitCode: 1 };
    }
    phase = 'running';
    session.run();
    phase = 'report';
    const report = jsReportOf(session, file, input);
    // A signal (V8's abort on a heap out of memory) is 128 + its number, as a shell reports it; a run stopped short is 1.
    const exitCode = report.exitCode ?? (report.signal === 'SIGABRT' ? 134 : 1);
    if (options.json) return { stdout: JSON.stringify(report, null, 2) + '\n', stderr: '', exitCode };
    return { stdout: report.stdout, stderr: diagnostics + report.stderr + formatJsReport(report), exitCode };
  } catch (e) {
    const where = internalErrorSite(e, session?.program, phase);
    const it = session?.program.interp;
    if (options.json) {
      const report: RunReport = { ...emptyReport(file), stdout: it?.stdout ?? '', stderr: it?.stderr ?? '', steps: where.step, internalError: where };
      return { stdout: JSON.stringify(report, null, 2) + '\n', stderr: '', exitCode: INTERNAL_ERROR_STATUS };
    }
    return { stdout: it?.stdout ?? '', stderr: (it?.stderr ?? '') + `memory-atlas: ${internalErrorText(where)}\n`, exitCode: INTERNAL_ERROR_STATUS };
  }
}

export function jsReportOf(session: Session<JsProgram>, file: string, inputDiagnostics: readonly Diagnostic[] = []): RunReport {
  const program = session.program;
  const it = program.interp;
  const end = session.lastEvent;
  const errors: RunError[] = [];
  for (const f of program.faults()) errors.push({ kind: f.kind === 'out-of-memory' ? 'out-of-memory' : 'unsupported', line: f.line, message: f.text[0] ?? f.kind });
  if (end.kind === 'stopped' && end.reason === 'step-limit') errors.push({ kind: 'step-limit', line: end.line, message: end.message ?? 'step limit reached' });
  const machine = program.runnable ? program.jsMachine : undefined;
  const counters = machine?.process.counters();
  const heap = machine?.process.allocator.kernelBytes?.();
  const usage = it?.heap.usage();
  return {
    ...emptyReport(file),
    stdout: it?.stdout ?? '',
    stderr: it?.stderr ?? '',
    exitCode: end.kind === 'exited' ? end.code : null,
    signal: end.kind === 'exited' ? end.signal ?? null : null,
    steps: session.steps,
    diagnostics: [...inputDiagnostics, ...session.diagnostics],
    errors: errors.filter((e) => e.message !== 'uncaught'),
    faults: { minor: counters?.minorFaults ?? 0, major: counters?.majorFaults ?? 0, invalid: counters?.invalidFaults ?? 0 },
    memory: { vsz: counters?.vszBytes ?? 0, rss: counters?.rssBytes ?? 0, peakRss: counters?.peakRssBytes ?? 0, heapBytes: heap ? heap.brkBytes + heap.mmapBytes : 0 },
    gc: machine?.gcEvents() ?? [],
    ...(usage ? { managedMemory: usage } : {}),
  };
}

function emptyReport(file: string): RunReport {
  return {
    version: RUN_REPORT_VERSION, language: 'js', source: file, stdout: '', stderr: '', exitCode: null, signal: null, steps: 0, diagnostics: [], errors: [],
    faults: { minor: 0, major: 0, invalid: 0 }, memory: { vsz: 0, rss: 0, peakRss: 0, heapBytes: 0 },
  };
}

function formatJsReport(r: RunReport): string {
  const p = '==4242==';
  const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
  const lines = [''];
  const end = r.exitCode !== null ? `exited with status ${r.exitCode}` : r.signal ? `killed by ${r.signal}` : 'stopped (it had not ended)';
  lines.push(`${p} ${end} after ${groupDigits(r.steps)} step${r.steps === 1 ? '' : 's'} (JavaScript statements executed)`);
  for (const e of r.errors) if (e.kind === 'step-limit') lines.push(`${p} ${e.message}`);
  if (r.gc && r.gc.length) {
    const freed = r.gc.reduce((n, g) => n + g.freedBytes, 0);
    const promoted = r.gc.reduce((n, g) => n + g.promotedBytes, 0);
    lines.push(`${p} gc: ${r.gc.length} collection${r.gc.length === 1 ? '' : 's'}, ${groupDigits(freed)} bytes freed, ${groupDigits(promoted)} promoted`);
  }
  if (r.managedMemory) {
    const m = r.managedMemory;
    lines.push(`${p} memoryUsage: rss ${kib(m.rss)}, heapTotal ${kib(m.heapTotal)}, heapUsed ${kib(m.heapUsed)}, external ${kib(m.external)}, arrayBuffers ${kib(m.arrayBuffers)}`);
  }
  lines.push(`${p} page faults: ${r.faults.minor} minor, ${r.faults.major} major, ${r.faults.invalid} invalid`);
  lines.push(`${p} memory: VSZ ${kib(r.memory.vsz)}, RSS ${kib(r.memory.rss)} (peak ${kib(r.memory.peakRss)})`);
  return lines.join('\n') + '\n';
}
