import type { ProgramState } from '../engine/program/steppableProgram';

/**
 * Saved program states for stepping back: one every `interval` statements, and deterministic
 * replay from the nearest one before the target. The number kept is bounded: when it overflows,
 * every other one is dropped and the interval doubles, so a long run keeps a logarithmic history
 * and a step back replays at most `interval` statements.
 */
/** A save slower than this (about a frame of the editor) is worth spacing out. */
const SLOW_SAVE_MS = 20;
/** Saving may take at most 1 / SAVE_SHARE_INVERSE of the running time. */
const SAVE_SHARE_INVERSE = 10;

export class History {
  private readonly list: ProgramState[] = [];
  /** Statements to run at least before the next save, when saves have become slow (see noteSave). */
  private minGap = 0;

  constructor(private interval: number, private readonly max = 48) {}

  get count(): number {
    return this.list.length;
  }

  /** The step count at which the next state is due. */
  nextDue(after: number): number {
    return Math.max((Math.floor(after / this.interval) + 1) * this.interval, after + this.minGap);
  }

  /**
   * How long the last save took (ms), and the run before it (ms and statements). A state's size
   * grows with the program's (a recursion a million deep copies its frames at every save), so a
   * save slower than SLOW_SAVE_MS spaces the next ones out until saving costs at most a tenth of
   * the run; stepping back then replays further, at full speed, and finds the same states.
   */
  noteSave(costMs: number, runMs: number, steps: number): void {
    if (costMs < SLOW_SAVE_MS || steps <= 0) {
      this.minGap = 0;
      return;
    }
    const stepsPerMs = steps / Math.max(runMs, 1);
    this.minGap = Math.ceil(costMs * SAVE_SHARE_INVERSE * stepsPerMs);
  }

  /** Keeps a state (ignored when one at or after its step is already kept). */
  add(state: ProgramState): void {
    const last = this.list[this.list.length - 1];
    if (last && last.steps >= state.steps) return;
    this.list.push(state);
    if (this.list.length > this.max) {
      const kept = this.list.filter((_c, i) => i === 0 || i % 2 === 0);
      this.list.length = 0;
      this.list.push(...kept);
      this.interval *= 2;
    }
  }

  /** The step of the latest state kept (-1 when none). */
  get lastStep(): number {
    return this.list.length ? this.list[this.list.length - 1].steps : -1;
  }

  /** The latest state at or before `steps`. */
  before(steps: number): ProgramState | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i].steps <= steps) return this.list[i];
    return undefined;
  }

  /** States at or before `steps`, latest first (reverse-continue scans them in turn). */
  allBefore(steps: number): ProgramState[] {
    return this.list.filter((c) => c.steps <= steps).reverse();
  }

  /** Forgets states after `steps` (the future is recomputed from here). */
  truncateAfter(steps: number): void {
    while (this.list.length && this.list[this.list.length - 1].steps > steps) this.list.pop();
  }
}
