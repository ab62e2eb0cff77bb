import { runJsCommand } from '../../../src/cli/runJsCommand';
import { JsProgram } from '../../../src/lang/js/program/jsProgram';
import { Session } from '../../../src/session/session';
import type { RunReport } from '../../../src/shared/runReport';
import { FUZZ_LIMITS } from '../c/cTarget';
import type { Mutant } from '../mutator';
import type { Outcome } from '../outcome';

/**
 * A JavaScript mutant through everything a user can do with a file: `run --json` and `run` in
 * text (under the fuzz tier's small step and memory limits), and a debugging session (steps with
 * a snapshot and the debugger's frames and scopes at each stop, steps back, which replay from the
 * start, continue, reverse-continue). Any exception, and any internal error a command reports, is
 * a crash.
 */
export function checkJsMutant(mutant: Mutant, variant: number): Outcome {
  const started = Date.now();
  const ms = () => Date.now() - started;
  let phase = 'memory-atlas run --json';
  try {
    const out = runJsCommand(mutant.text, 'mutant.js', { json: true, ...FUZZ_LIMITS });
    const report = JSON.parse(out.stdout) as RunReport;
    if (report.internalError) return { kind: 'crash', detail: `internal error while ${report.internalError.phase} at line ${report.internalError.line ?? '?'}: ${report.internalError.message}`, ms: ms() };
    if (report.diagnostics.some((d) => d.severity === 'error')) return { kind: 'diagnostics', ms: ms() };
    if (variant % 4 === 2) {
      phase = 'memory-atlas run (text)';
      const text = runJsCommand(mutant.text, 'mutant.js', { json: false, ...FUZZ_LIMITS });
      if (text.exitCode === 70) return { kind: 'crash', detail: text.stderr.trim().split('\n').pop() ?? '', ms: ms() };
    }
    if (variant % 4 === 3) {
      phase = 'a debugging session (step, snapshot, scopes, step back, continue)';
      debugSession(mutant);
    }
    const end = report.exitCode !== null ? `exit ${report.exitCode}` : report.signal ?? 'step limit';
    return { kind: 'ran', ms: ms(), end, errors: report.errors.map((e) => `${e.kind}@${e.line}`) };
  } catch (e) {
    return { kind: 'crash', detail: `${phase}: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e)}`, ms: ms() };
  }
}

function debugSession(mutant: Mutant): void {
  // Fewer steps than a run: each step back replays the program from its start.
  const options = { ...FUZZ_LIMITS, maxSteps: 20_000 };
  const session = new Session(JsProgram.create(mutant.text, 'mutant.js', options), options);
  if (session.state === 'invalid') return;
  const look = () => {
    session.snapshot();
    const inspector = session.program.inspector;
    for (let frame = 0; frame < Math.min(2, inspector.frames().length); frame++) for (const scope of inspector.scopes(frame)) for (const v of scope.values.slice(0, 10)) if (v.children) inspector.children(v.children);
  };
  for (let i = 0; i < 25 && session.state === 'paused'; i++) {
    session.stepIn();
    look();
  }
  for (let i = 0; i < 4; i++) session.stepBack();
  look();
  session.stepOver();
  session.continue();
  session.snapshot();
  session.reverseContinue();
  session.snapshot();
}
