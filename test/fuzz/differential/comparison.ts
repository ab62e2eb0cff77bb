/**
 * What a differential check found for one mutant, against gcc (plain, -fsanitize=address) and
 * Valgrind Memcheck. 'skipped' says why no comparison was possible (gcc rejects the program, it
 * times out natively, the simulation hit its step limit...).
 */
export interface Comparison {
  /** 'known-limit': they differ, for a reason src/engine/errors/README.md lists (the class says which). */
  readonly verdict: 'same' | 'disagree' | 'known-limit' | 'skipped';
  /** A stable class for counting ('output differs', 'asan use-after-free, ours none'...). */
  readonly class: string;
  /** The specifics: lines, kinds, the first differing output line. */
  readonly detail?: string;
  /** Which tools reported an error, and which kinds: for the summary. */
  readonly tools?: { readonly asan?: string; readonly memcheck?: string; readonly ours?: string };
}
