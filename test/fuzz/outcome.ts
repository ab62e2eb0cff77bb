/**
 * How Memory Atlas answered one mutant. 'diagnostics' and 'ran' are the two good answers (the
 * program cannot run and says why; it ran and has a report); everything else is a defect.
 */
export type OutcomeKind =
  | 'diagnostics'
  | 'ran'
  /** An exception escaped, or a command answered with an internal error. */
  | 'crash'
  /** The mutant took longer than the campaign allows (a hang). */
  | 'hang'
  /** The host ran out of memory on it. */
  | 'host-oom';

export interface Outcome {
  readonly kind: OutcomeKind;
  /** For a defect: what failed, where (the first lines of the error, and the phase). */
  readonly detail?: string;
  /** Wall-clock milliseconds. */
  readonly ms: number;
  /** For 'ran': how it ended (exit 0, SIGSEGV, step limit...) and the memory errors found. */
  readonly end?: string;
  readonly errors?: readonly string[];
}

export const isDefect = (o: Outcome): boolean => o.kind === 'crash' || o.kind === 'hang' || o.kind === 'host-oom';

/** A short stable name for a defect, so that the same bug found twice is counted once. */
export function defectSignature(o: Outcome): string {
  const first = (o.detail ?? '').split('\n')[0].replace(/0x[0-9a-f]+/g, '0x…').replace(/\d+/g, 'N');
  return `${o.kind}: ${first}`.slice(0, 200);
}
