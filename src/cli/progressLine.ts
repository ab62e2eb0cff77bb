import { groupDigits } from '../shared/groupDigits';

/** Where progress goes: the CLI's stderr (process.stderr), and only when it is a terminal. */
export interface ProgressTerminal {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Quiet for the first second: a short run should print nothing but its output and report. */
const FIRST_AFTER_MS = 1000;
const EVERY_MS = 250;

/**
 * One line on a terminal's stderr that says how far a long `memory-atlas run` is (the run
 * prints its output and report only at the end), rewritten in place and erased when it ends.
 * A pipe or file gets nothing, so redirected output stays exactly the program's and the report's.
 */
export class ProgressLine {
  private readonly startedAt: number;
  private shownAt = -Infinity;
  private shown = false;

  constructor(private readonly terminal: ProgressTerminal, private readonly now: () => number = () => Date.now()) {
    this.startedAt = now();
  }

  get enabled(): boolean {
    return this.terminal.isTTY === true;
  }

  /** After a slice of the run: `steps` statements executed so far. */
  update(steps: number): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.startedAt < FIRST_AFTER_MS || t - this.shownAt < EVERY_MS) return;
    this.shownAt = t;
    this.shown = true;
    const seconds = Math.floor((t - this.startedAt) / 1000);
    this.terminal.write(`\r\x1b[Kmemory-atlas: running, ${groupDigits(steps)} steps (C statements) after ${seconds} s…`);
  }

  /** Erases the line before the output and report are printed. */
  end(): void {
    if (this.shown) this.terminal.write('\r\x1b[K');
    this.shown = false;
  }
}
