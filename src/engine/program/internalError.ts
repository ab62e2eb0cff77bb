import type { SteppableProgram } from './steppableProgram';
import type { InternalError } from '../../shared/runReport';

/**
 * Where the run was when Memory Atlas failed: the step count and the statement being executed
 * (read defensively: the failure may have left the program half-way through an instruction).
 */
export function internalErrorSite(e: unknown, program: SteppableProgram | undefined, phase: InternalError['phase']): InternalError {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  let step = 0;
  let line: number | undefined;
  let functionName: string | undefined;
  try {
    if (program?.runnable) {
      step = program.steps;
      const here = program.location();
      line = here?.line;
      functionName = here?.functionName || undefined;
    }
  } catch {
    // The program cannot say where it was: the step count alone still places the failure.
  }
  return { message, step, phase, ...(line !== undefined ? { line } : {}), ...(functionName ? { functionName } : {}) };
}
