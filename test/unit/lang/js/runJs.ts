import { JsProgram, type JsProgramOptions } from '../../../../src/lang/js/program/jsProgram';
import { Session } from '../../../../src/session/session';

/** Runs a JavaScript snippet to its end, as `memory-atlas run` does: its output and exit status. */
export function runJs(source: string, options: JsProgramOptions = {}): { stdout: string; stderr: string; code: number | null; steps: number; program: JsProgram } {
  const program = JsProgram.create(source, 'test.js', options);
  if (!program.runnable) throw new Error(`does not run: ${program.diagnostics.map((d) => d.message).join('; ')}`);
  const session = new Session(program, { noCheckpoints: true });
  const end = session.run();
  return { stdout: program.interp!.stdout, stderr: program.interp!.stderr, code: end.kind === 'exited' ? end.code : null, steps: program.steps, program };
}

/** A session stepping through a snippet (with history, as the debugger has it). */
export function stepJs(source: string): Session<JsProgram> {
  const program = JsProgram.create(source, 'test.js');
  if (!program.runnable) throw new Error(`does not run: ${program.diagnostics.map((d) => d.message).join('; ')}`);
  return new Session(program);
}
