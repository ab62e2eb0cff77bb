import { runCommand } from '../../../src/cli/runCommand';
import type { CParser } from '../../../src/lang/c/parser';
import { CProgram } from '../../../src/lang/c/program/cProgram';
import { describeCProgram } from '../../../src/lang/c/program/describeCProgram';
import { Session } from '../../../src/session/session';
import type { RunReport } from '../../../src/shared/runReport';
import type { Mutant } from '../mutator';
import type { Outcome } from '../outcome';

/** Small limits: a mutant is a snippet, and an endless loop or runaway allocation must end fast. */
export const FUZZ_LIMITS = { maxSteps: 200_000, ramBytes: 8 << 20, swapBytes: 8 << 20 };

/**
 * A C mutant through everything a user can do with a file: the editor's analysis (the panel's
 * process image), a headless run with its report (text and JSON, stopping at the first error or
 * going on), and a debugging session (steps with a snapshot at each stop, steps back, continue).
 * Any exception, and any internal error a command reports, is a crash.
 */
export function checkCMutant(parser: CParser, mutant: Mutant, variant: number): Outcome {
  const started = Date.now();
  const ms = () => Date.now() - started;
  let phase = 'the editor analysis (describeCProgram)';
  try {
    describeCProgram(parser, mutant.text, 'mutant.c');
    phase = 'memory-atlas run --json';
    const keepGoing = variant % 2 === 1;
    const out = runCommand(parser, mutant.text, 'mutant.c', { json: true, stdin: mutant.stdin, keepGoing, ...FUZZ_LIMITS });
    const report = JSON.parse(out.stdout) as RunReport;
    if (report.internalError) return { kind: 'crash', detail: `internal error while ${report.internalError.phase} at line ${report.internalError.line ?? '?'}: ${report.internalError.message}`, ms: ms() };
    if (report.diagnostics.some((d) => d.severity === 'error')) return { kind: 'diagnostics', ms: ms() };
    if (variant % 4 === 2) {
      phase = 'memory-atlas run (text)';
      const text = runCommand(parser, mutant.text, 'mutant.c', { json: false, stdin: mutant.stdin, keepGoing, ...FUZZ_LIMITS });
      if (text.exitCode === 70) return { kind: 'crash', detail: text.stderr.trim().split('\n').pop() ?? '', ms: ms() };
    }
    if (variant % 4 === 3) {
      phase = 'a debugging session (step, snapshot, step back, continue)';
      debugSession(parser, mutant, keepGoing);
    }
    const end = report.exitCode !== null ? `exit ${report.exitCode}` : report.signal ?? 'step limit';
    return { kind: 'ran', ms: ms(), end, errors: report.errors.map((e) => `${e.kind}@${e.line}`) };
  } catch (e) {
    return { kind: 'crash', detail: `${phase}: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e)}`, ms: ms() };
  }
}

function debugSession(parser: CParser, mutant: Mutant, keepGoing: boolean): void {
  const options = { stdin: mutant.stdin, keepGoing, checkpointInterval: 16, ...FUZZ_LIMITS, maxSteps: 20_000 };
  const session = new Session(CProgram.create(parser, mutant.text, 'mutant.c', options), options);
  if (session.state === 'invalid') return;
  for (let i = 0; i < 25 && session.state === 'paused'; i++) {
    session.stepIn();
    session.snapshot();
  }
  for (let i = 0; i < 8; i++) session.stepBack();
  session.snapshot();
  session.stepOver();
  session.continue();
  session.snapshot();
  session.reverseContinue();
  session.snapshot();
}
