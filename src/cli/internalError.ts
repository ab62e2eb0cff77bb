import type { CSession } from '../engine/session/cSession';
import type { InternalError } from '../shared/runReport';

/**
 * Where the run was when Memory Atlas failed: the step count and the statement being executed
 * (read defensively: the failure may have left the machine half-way through an instruction).
 */
export function internalErrorSite(e: unknown, session: CSession | undefined, phase: InternalError['phase']): InternalError {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const step = session?.steps ?? 0;
  let line: number | undefined;
  let functionName: string | undefined;
  try {
    const vm = session?.vm;
    line = vm?.currentStatement()?.line;
    functionName = vm?.acts[vm.acts.length - 1]?.fn.name;
  } catch {
    // The machine cannot say where it was: the step count alone still places the failure.
  }
  return { message, step, phase, ...(line !== undefined ? { line } : {}), ...(functionName ? { functionName } : {}) };
}
