import type { Interp } from './interp';
import type { Frame } from './frames';
import { type Eval, JsObject, type JsValue } from './values';

/** A job waiting to run, with the values (and suspended frame) it keeps alive: roots for the heap. */
export interface Job {
  readonly run: () => Eval<void>;
  readonly holds: readonly JsValue[];
  readonly frame?: Frame;
}

export interface Timer {
  readonly id: number;
  /** Simulated time it is due at, in ms. */
  at: number;
  readonly seq: number;
  readonly callback: JsValue;
  readonly args: readonly JsValue[];
  /** setInterval's period (undefined for setTimeout). */
  readonly interval?: number;
  /** The Timeout object the program got back. */
  readonly handle: JsObject;
  readonly kind: 'timeout' | 'interval' | 'immediate';
}

/**
 * Node's event loop on simulated time: after the script, process.nextTick callbacks then
 * promise jobs (microtasks) run to exhaustion; then the loop takes due timers in the order of
 * their due time (and creation), draining the microtasks after each callback as node ≥ 11 does,
 * then setImmediate callbacks; time jumps to the next timer when nothing else is left to do.
 */
export class EventLoop {
  readonly microtasks: Job[] = [];
  readonly ticks: Job[] = [];
  timers: Timer[] = [];
  immediates: Timer[] = [];
  now = 0;
  private seq = 0;
  nextId = 1;
  /** Rejected promises no handler was attached to yet (checked after each microtask checkpoint). */
  readonly unhandled = new Set<JsObject>();
  /** Set by the uncaught-rejection check: the reason the process dies with. */
  fatalRejection?: { readonly promise: JsObject; readonly reason: JsValue };

  constructor(private readonly it: Interp) {}

  enqueueMicrotask(run: () => Eval<void>, holds: readonly JsValue[], frame?: Frame): void {
    this.microtasks.push({ run, holds, frame });
  }

  enqueueTick(run: () => Eval<void>, holds: readonly JsValue[]): void {
    this.ticks.push({ run, holds });
  }

  noteRejection(p: JsObject): void {
    this.unhandled.add(p);
  }

  forgetRejection(p: JsObject): void {
    this.unhandled.delete(p);
  }

  addTimer(kind: Timer['kind'], callback: JsValue, delay: number, args: readonly JsValue[], handle: JsObject): Timer {
    // Node clamps delays below 1 ms (and above 2^31 - 1) to 1 ms.
    const ms = kind === 'immediate' ? 0 : !(delay >= 1 && delay <= 2147483647) ? 1 : Math.floor(delay);
    const t: Timer = { id: this.nextId++, at: this.now + ms, seq: this.seq++, callback, args, handle, kind, ...(kind === 'interval' ? { interval: ms } : {}) };
    if (kind === 'immediate') this.immediates.push(t);
    else this.timers.push(t);
    return t;
  }

  clearTimer(handle: JsValue): void {
    const keep = (t: Timer) => t.handle !== handle && !(typeof handle === 'number' && t.id === handle);
    this.timers = this.timers.filter(keep);
    this.immediates = this.immediates.filter(keep);
  }

  /** process.nextTick callbacks, then microtasks, until both queues are empty; then the unhandled-rejection check. */
  *drain(): Eval<void> {
    for (;;) {
      if (this.ticks.length === 0 && this.microtasks.length === 0) this.it.clearKeptObjects();
      const job = this.ticks.shift() ?? this.microtasks.shift();
      if (!job) break;
      this.it.dropLooseTemps();
      // Out of the queue, what the job holds is held by the job running.
      for (const v of job.holds) this.it.hold(v);
      yield* job.run();
    }
    for (const p of this.unhandled) {
      this.unhandled.delete(p);
      this.fatalRejection = { promise: p, reason: p.promise!.result };
      return;
    }
  }

  /** Runs the loop until nothing is left (or a rejection nobody handles ends the process). */
  *run(callTimer: (t: Timer) => Eval<void>): Eval<void> {
    yield* this.drain();
    while (!this.fatalRejection) {
      const due = this.nextDue();
      if (!due && this.immediates.length === 0) return;
      if (due && this.immediates.length === 0) this.now = Math.max(this.now, due.at);
      // Timers phase: every timer due by now, earliest first.
      for (let t = this.nextDue(); t && t.at <= this.now && !this.fatalRejection; t = this.nextDue()) {
        if (t.interval !== undefined) t.at = this.now + t.interval;
        else this.timers = this.timers.filter((x) => x !== t);
        if (t.interval !== undefined) this.timers = [...this.timers.filter((x) => x !== t), { ...t, seq: this.seq++ }];
        this.it.dropLooseTemps();
        for (const v of [t.callback, t.handle, ...t.args]) this.it.hold(v);
        yield* callTimer(t);
        yield* this.drain();
      }
      // Check phase: the immediates queued before it began.
      const immediates = this.immediates;
      this.immediates = [];
      for (const t of immediates) {
        if (this.fatalRejection) return;
        this.it.dropLooseTemps();
        for (const v of [t.callback, t.handle, ...t.args]) this.it.hold(v);
        yield* callTimer(t);
        yield* this.drain();
      }
    }
  }

  private nextDue(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }

  /** Values the pending work keeps alive (roots for the heap). */
  *roots(): Generator<{ readonly value: JsValue; readonly kind: 'timer' | 'microtask'; readonly name: string }> {
    for (const t of [...this.timers, ...this.immediates]) {
      const name = `${t.kind === 'interval' ? 'setInterval' : t.kind === 'immediate' ? 'setImmediate' : 'setTimeout'} #${t.id}`;
      yield { value: t.callback, kind: 'timer', name };
      yield { value: t.handle, kind: 'timer', name };
      for (const a of t.args) yield { value: a, kind: 'timer', name };
    }
    for (const j of [...this.ticks, ...this.microtasks]) for (const v of j.holds) yield { value: v, kind: 'microtask', name: 'microtask queue' };
  }

  /** Frames of async functions a queued job will resume. */
  *heldFrames(): Generator<Frame> {
    for (const j of this.microtasks) if (j.frame) yield j.frame;
  }
}

export { JsObject };
