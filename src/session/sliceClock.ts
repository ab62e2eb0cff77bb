/** The wall-clock time one slice of a sliced command should take (the host must stay responsive). */
const TARGET_MS = 20;
const MIN_STEPS = 500;
const MAX_STEPS = 5_000_000;

/**
 * How many statements the next slice runs: measured, not guessed. After each slice the count is
 * scaled so that a slice takes about 20 ms (a statement may be a `memset` of megabytes or a
 * simple increment), never growing more than fourfold at once so one fast slice cannot make the
 * next one long.
 */
export class SliceClock {
  // Small at first: the first statements of a run are the slowest (nothing is compiled by V8 yet).
  steps = 100;
  private startedAt = 0;

  start(): void {
    this.startedAt = performance.now();
  }

  end(): void {
    const elapsed = performance.now() - this.startedAt;
    const scale = elapsed > 0 ? TARGET_MS / elapsed : 4;
    this.steps = Math.round(Math.min(MAX_STEPS, Math.max(MIN_STEPS, this.steps * Math.min(4, Math.max(0.25, scale)))));
  }
}
