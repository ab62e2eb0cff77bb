import { type CounterSample, type CounterSeries, MAX_COUNTER_SAMPLES } from '../shared/viewRequests';

/**
 * The memory counters across the steps run so far, for the counters chart: one sample every
 * `stride` statements and one at every stop. When more than MAX_COUNTER_SAMPLES are kept, every
 * other one is dropped and the stride doubles, so a run of ten million statements keeps a
 * couple of thousand samples and costs a few thousand looks at the counters. The counts in a
 * sample are cumulative (faults, brk and mmap calls, errors): the chart marks where they grow.
 *
 * Samples are kept by step. The program is deterministic, so a step already sampled has the same
 * figures when a replay passes it again; only an edit (a debugger writing memory) changes the
 * future, and then the samples after it are dropped.
 */
export class CounterHistory {
  private readonly samples: CounterSample[] = [];
  private stride = 1;

  constructor(private readonly max = MAX_COUNTER_SAMPLES) {}

  /** The last step sampled (-1 before any). */
  get lastStep(): number {
    return this.samples.length ? this.samples[this.samples.length - 1].step : -1;
  }

  /** The step at which the next sample is due, from `step` on. */
  nextDue(step: number): number {
    const from = Math.max(step, this.lastStep);
    return (Math.floor(from / this.stride) + 1) * this.stride;
  }

  /** Keeps `sample` for `step` unless that step is already known; `atStop` samples are kept whatever the stride. */
  record(step: number, sample: () => Omit<CounterSample, 'step'>, atStop = false): void {
    if (step <= this.lastStep) return;
    if (!atStop && step % this.stride !== 0) return;
    this.samples.push({ step, ...sample() });
    if (this.samples.length > this.max) this.thin();
  }

  /** Forgets the samples after `step` (the program's future changed). */
  truncateAfter(step: number): void {
    while (this.samples.length && this.samples[this.samples.length - 1].step > step) this.samples.pop();
  }

  view(currentStep: number): CounterSeries {
    return { samples: [...this.samples], currentStep, stride: this.stride };
  }

  /** Drops every other sample (keeping the first and last), doubling the stride. */
  private thin(): void {
    const last = this.samples[this.samples.length - 1];
    const kept = this.samples.filter((_s, i) => i % 2 === 0);
    if (kept[kept.length - 1] !== last) kept.push(last);
    this.samples.length = 0;
    this.samples.push(...kept);
    this.stride *= 2;
  }
}
