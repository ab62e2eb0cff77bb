import type { ProgramState } from '../engine/program/steppableProgram';

/**
 * Saved program states for stepping back: one every `interval` statements, and deterministic
 * replay from the nearest one before the target. The number kept is bounded: when it overflows,
 * every other one is dropped and the interval doubles, so a long run keeps a logarithmic history
 * and a step back replays at most `interval` statements.
 */
export class History {
  private readonly list: ProgramState[] = [];

  constructor(private interval: number, private readonly max = 48) {}

  get count(): number {
    return this.list.length;
  }

  /** The step count at which the next state is due. */
  nextDue(after: number): number {
    return (Math.floor(after / this.interval) + 1) * this.interval;
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
