import type { ProgramOptions } from './programOptions';
import type { LanguageId, SteppableProgram } from './steppableProgram';

/**
 * A language the simulated process can run: how to recognise its files and how to turn a file
 * into a steppable program. Each `src/lang/*` provides one; the session layer picks by file name.
 */
export interface Language {
  readonly id: LanguageId;
  /** File name endings, lower case with the dot ('.c'). */
  readonly extensions: readonly string[];
  /** Compiles `text` (named `source` in diagnostics) and loads it at its entry point. */
  open(text: string, source: string, options: ProgramOptions): Promise<SteppableProgram>;
}
