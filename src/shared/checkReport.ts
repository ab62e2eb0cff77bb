import type { Diagnostic } from './diagnostics';

/** `memory-atlas check FILE... --json`: what each file's annotations promise, and whether its run keeps it. */
export const CHECK_REPORT_VERSION = 1;

export interface CheckReport {
  readonly version: typeof CHECK_REPORT_VERSION;
  readonly files: readonly CheckedFile[];
  /** Every expectation held and nothing was unreached in every file. */
  readonly ok: boolean;
}

export interface CheckedFile {
  readonly source: string;
  /** Problems with the file or its annotations (an error means it was not run). */
  readonly diagnostics: readonly Diagnostic[];
  /** One per expectation, in the file's order; `at` is the annotation's line (0: the run's own check for unlisted errors). */
  readonly results: readonly { readonly at: number; readonly kind: string; readonly ok: boolean; readonly message: string }[];
  /** Narration and questions the run never reached. */
  readonly unreached: readonly { readonly at: number; readonly line: number; readonly what: 'narration' | 'question' }[];
  readonly interpolationProblems: readonly { readonly at: number; readonly expression: string; readonly error: string }[];
}
