import type { Language } from '../engine/program/language';
import { parseAnnotations } from '../shared/annotations';
import { type CheckReport, type CheckedFile, CHECK_REPORT_VERSION } from '../shared/checkReport';
import { type Diagnostic, formatDiagnostic, hasErrors } from '../shared/diagnostics';
import { openSession, UnknownLanguage } from '../session/openSession';
import { runAnnotated } from '../session/annotatedRun';
import type { CommandOutput } from './mapsCommand';

export interface CheckInput {
  readonly file: string;
  readonly text: string;
  /** What reading the file found (an encoding warning). */
  readonly diagnostics?: readonly Diagnostic[];
}

/**
 * `memory-atlas check FILE...`: runs each annotated snippet to its end and checks what its
 * annotations promise (expect-* lines), and that every narration and question is reached with
 * its {expressions} evaluating there. Exit status 0 when everything holds, 1 otherwise.
 */
export async function checkCommand(languages: readonly Language[], inputs: readonly CheckInput[], json: boolean): Promise<CommandOutput> {
  const files: CheckedFile[] = [];
  for (const input of inputs) files.push(await checkFile(languages, input));
  const ok = files.every(fileOk);
  if (json) {
    const report: CheckReport = { version: CHECK_REPORT_VERSION, files, ok };
    return { stdout: JSON.stringify(report, null, 2) + '\n', stderr: '', exitCode: ok ? 0 : 1 };
  }
  return { stdout: files.map(fileText).join('\n'), stderr: '', exitCode: ok ? 0 : 1 };
}

export async function checkFile(languages: readonly Language[], input: CheckInput): Promise<CheckedFile> {
  const annotations = parseAnnotations(input.text);
  const empty = { results: [], unreached: [], interpolationProblems: [] };
  let session;
  try {
    session = await openSession(languages, input.file, input.text, { noCheckpoints: true });
  } catch (e) {
    if (!(e instanceof UnknownLanguage)) throw e;
    return { source: input.file, diagnostics: [{ severity: 'error', message: e.message, range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 }, code: 'language' }], ...empty };
  }
  const diagnostics = [...(input.diagnostics ?? []), ...session.diagnostics];
  if (hasErrors(diagnostics) || !session.program.runnable) return { source: input.file, diagnostics, ...empty };
  const run = runAnnotated(session, annotations);
  return {
    source: input.file,
    diagnostics,
    results: run.results.map((r) => ({ at: r.expectation.at, kind: r.expectation.kind, ok: r.ok, message: r.message })),
    unreached: run.unreached,
    interpolationProblems: run.interpolationProblems,
  };
}

export function fileOk(f: CheckedFile): boolean {
  return !hasErrors(f.diagnostics) && f.results.every((r) => r.ok) && f.unreached.length === 0 && f.interpolationProblems.length === 0;
}

function fileText(f: CheckedFile): string {
  const name = f.source;
  const lines = [name];
  for (const d of f.diagnostics) lines.push(`  ${formatDiagnostic(name, d)}`);
  for (const r of f.results) lines.push(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.at ? `line ${r.at}: ` : ''}${r.message}`);
  for (const u of f.unreached) lines.push(`  FAIL line ${u.at}: the ${u.what} for line ${u.line} is never reached`);
  for (const p of f.interpolationProblems) lines.push(`  FAIL line ${p.at}: {${p.expression}} does not evaluate where it is shown: ${p.error}`);
  if (!hasErrors(f.diagnostics) && f.results.length === 0 && f.unreached.length === 0) lines.push('  (no expectations: nothing to check)');
  const failed = f.results.filter((r) => !r.ok).length + f.unreached.length + f.interpolationProblems.length;
  lines.push(hasErrors(f.diagnostics) ? '  not run: the file has errors' : failed ? `  ${failed} problem${failed === 1 ? '' : 's'}` : `  all ${f.results.length} expectation${f.results.length === 1 ? '' : 's'} hold`);
  return lines.join('\n') + '\n';
}
