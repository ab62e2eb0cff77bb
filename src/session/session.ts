import type { Diagnostic } from '../shared/diagnostics';
import type { Snapshot } from '../shared/snapshot';
import type { ProgramOptions } from '../engine/program/programOptions';
import type { CollectionStart, ProgramFault, StepDriver, SteppableProgram, WatchedRange, WriteHit } from '../engine/program/steppableProgram';
import { collectionAfter, collectionMessage, collectionStarting } from './collectionStops';
import { History } from './history';
import type { CollectionStop, SessionEvent, SessionListener, StopEvent, StopReason, StoppedEvent } from './sessionEvents';
import { SliceClock } from './sliceClock';
import { CounterHistory } from './counterSeries';
import { parseHitCondition } from './hitCondition';
import { isInspectionError } from '../engine/program/programInspector';

export const DEFAULT_MAX_STEPS = 10_000_000;

export interface SessionOptions extends ProgramOptions {
  /** Steps (statements) a command may run before it stops with reason 'step-limit'. Default 10 million. */
  readonly maxSteps?: number;
  /** Statements between saved states for stepping back (doubles as the history grows). Default 1000. */
  readonly checkpointInterval?: number;
  /** Keep no history (a full-speed headless run): stepping back is then a replay from the start. */
  readonly noCheckpoints?: boolean;
  /**
   * Save exactly every `checkpointInterval` statements, however long a save takes (by default slow
   * saves space the next ones out, which depends on the machine's speed; tests that count states need
   * the same ones everywhere).
   */
  readonly checkpointsByCount?: boolean;
}

/** How far a step goes: one statement (a `for` header's parts are three), or to the next line. */
export type Granularity = 'statement' | 'line';

/** Everything the user can ask a session to do; each ends in a stop or the program's end. */
export type Command =
  | { readonly kind: 'step-in' | 'step-over' | 'step-out'; readonly granularity?: Granularity }
  /** Into one of the calls the statement makes (an index into the program's stepInTargets()). */
  | { readonly kind: 'step-in-target'; readonly target: number }
  | { readonly kind: 'continue' | 'run' | 'reverse-continue' }
  /**
   * `previous-statement` (the default): exactly one statement back, into a call that just
   * returned. `previous-stop`: back to where the last step started (undoing a step over lands
   * before the call, not inside it), or with no step to undo, to the previous statement of this
   * function: what a user stepping in the editor expects.
   */
  | { readonly kind: 'step-back'; readonly to?: 'previous-statement' | 'previous-stop' }
  | { readonly kind: 'run-to-line'; readonly line: number }
  /** To the state after exactly `step` statements (back or forward). */
  | { readonly kind: 'go-to-step'; readonly step: number };

/** A line breakpoint as the editor sets it: a condition, a hit count, or a message to log instead of stopping. */
export interface BreakpointSpec {
  readonly line: number;
  readonly condition?: string;
  readonly hitCondition?: string;
  /** Logged (with `{expression}` parts evaluated) instead of stopping: a logpoint. */
  readonly logMessage?: string;
}

/** Where a requested breakpoint went: the line it asked for, or the next line with a statement. */
export interface PlacedBreakpoint {
  readonly requested: number;
  /** Undefined when no statement follows the line (then `message` says why). */
  readonly line?: number;
  readonly message?: string;
}

interface LineBreakpoint {
  readonly spec: BreakpointSpec;
  readonly hitTest?: (hits: number) => boolean;
  hits: number;
}

/** How far a breakpoint may move down to the next line that holds a statement (a comment, a declaration without code). */
const MAX_BREAKPOINT_SHIFT = 20;

/** Where a breakpoint asked for on `line` stops: that line, or the next one with a statement (undefined: none close enough). */
export function breakpointLine(statementLines: ReadonlySet<number>, line: number): number | undefined {
  for (let l = line; l < line + MAX_BREAKPOINT_SHIFT; l++) if (statementLines.has(l)) return l;
  return statementLines.has(line + MAX_BREAKPOINT_SHIFT) ? line + MAX_BREAKPOINT_SHIFT : undefined;
}

/** Where a step started: line granularity stops when either changes. */
interface LineMark {
  readonly line: number;
  readonly depth: number;
}

/** A place found while replaying the past, to go back to. */
interface Found {
  /** Statements executed at that place. */
  readonly position: number;
  readonly reason: StopReason;
  readonly writes?: readonly WriteHit[];
  readonly fault?: ProgramFault;
  readonly breakpointLines?: readonly number[];
}

/** What the current drive waits for; the program consults the session at statements it must check. */
type Mode =
  | { readonly kind: 'step-in'; readonly from?: LineMark }
  | { readonly kind: 'step-over'; readonly depth: number; readonly from?: LineMark }
  | { readonly kind: 'step-out'; readonly depth: number }
  /** Until the `occurrence`-th entry (1-based) into `functionName` one call deeper, or the statement's end. */
  | { readonly kind: 'step-in-target'; readonly depth: number; readonly functionName: string; readonly occurrence: number }
  | { readonly kind: 'continue' }
  | { readonly kind: 'to-line'; readonly line: number }
  | { readonly kind: 'run' }
  /** Replay to exactly `target` statements (stepping back, going to a step). */
  | { readonly kind: 'replay'; readonly target: number }
  /** Replay up to `until`, noting the places reverse-continue may stop at. */
  | { readonly kind: 'scan'; readonly until: number; readonly found: Found[] }
  /** Replay up to `until`, noting the last place at a depth of at most `depth` (step back). */
  | { readonly kind: 'scan-depth'; readonly until: number; readonly depth: number; last: number };

/** What a stop says beyond its reason. */
type StopDetail = Pick<StoppedEvent, 'writes' | 'fault' | 'breakpointLines' | 'message' | 'collection'>;

type DriveOutcome = 'paused' | 'ended' | 'interrupted';

/** A command as a generator: each `yield` is a slice boundary where the event loop may run. */
type Operation = Generator<void, StopEvent, void>;

/**
 * One program on one simulated machine, driven statement by statement, for any language: the
 * program (src/lang/*) runs and describes itself; the session adds what a debugger adds — stepping
 * policy (in, over, out, by statement or line), breakpoints, data breakpoints, stops on faults,
 * a history of saved states for stepping back by restore-and-replay, and time slicing.
 *
 * Every command exists twice: synchronous (`stepIn()`, for the command line and tests: it runs
 * to the stop) and sliced (`begin(command)`, for the editor: it runs in slices of about 20 ms,
 * yielding to the event loop between them, and `pause()` stops it at the next statement).
 */
export class Session<P extends SteppableProgram = SteppableProgram> implements StepDriver {
  readonly diagnostics: readonly Diagnostic[];
  private readonly listeners = new Set<SessionListener>();
  private readonly history?: History;
  private readonly maxSteps: number;
  private mode: Mode = { kind: 'continue' };
  private stopReason: StopReason = 'step';
  private stopDetail: StopDetail = {};
  private stepLimitAt = Infinity;
  /** The step from which saved states are due (where the current forward run started). */
  private historyBase = 0;
  /** When the last state was saved, and at which step: how fast the program runs between saves. */
  private lastSave = { at: performance.now(), steps: 0 };
  /** Saves are spaced by their cost unless the options ask for a fixed count (see checkpointsByCount). */
  private savesSpacedByCost = true;
  private lineBreakpoints = new Map<number, LineBreakpoint>();
  private faultKinds = new Set<string>();
  /** Stop where a garbage collection starts (languages with a managed heap). */
  private gcStops = false;
  /** Stopped where a collection started, or stepping through its units: Step In does the next unit. */
  private inCollection?: CollectionStop;
  /** Faults at or before this step are known (stopped at, or before where this drive started). */
  private faultFloor = 0;
  private lastStop: StopEvent;
  /** Where each step since the last other command started: step back to the previous stop undoes them. */
  private readonly trail: number[] = [];
  private readonly clock = new SliceClock();
  private sliceEnd = Infinity;
  /** The program stopped because its slice was used up, not for the mode. */
  private sliceDue = false;
  private running = false;
  private interruptRequested = false;
  /** The memory counters over the steps so far (the counters chart), when the program can give them. */
  readonly counters = new CounterHistory();

  constructor(readonly program: P, options: SessionOptions = {}) {
    this.diagnostics = program.diagnostics;
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.savesSpacedByCost = !options.checkpointsByCount;
    if (!program.runnable) {
      this.lastStop = { kind: 'exited', code: null, message: 'the program has errors and cannot run', steps: 0 };
      return;
    }
    program.driver = this;
    // A program with nothing to run (an empty script, only declarations) has ended before its first stop.
    this.lastStop = program.ended ? this.exited() : this.stopped('entry');
    if (program.counterSample) this.counters.record(program.steps, () => program.counterSample!(), true);
    if (!options.noCheckpoints) {
      this.history = new History(options.checkpointInterval ?? 1000);
      // None when the program ended before its first stop: there is nothing to step back to.
      const entry = program.saveState();
      if (entry) this.history.add(entry);
    }
  }

  /** 'paused' (at a statement), 'running' (a sliced command is under way), 'exited', or 'invalid' (the program has errors). */
  get state(): 'paused' | 'running' | 'exited' | 'invalid' {
    if (!this.program.runnable) return 'invalid';
    if (this.running) return 'running';
    return this.program.ended ? 'exited' : 'paused';
  }

  /** Statements executed so far. */
  get steps(): number {
    return this.program.steps;
  }

  /** Saved states held for stepping back (0 without history). */
  get checkpointCount(): number {
    return this.history?.count ?? 0;
  }

  /** The event of the last stop (`entry` before any command). */
  get lastEvent(): StopEvent {
    return this.lastStop;
  }

  onEvent(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sets plain breakpoints on lines; returns the lines that hold a statement (the verified ones). */
  setBreakpoints(lines: readonly number[]): number[] {
    return this.placeBreakpoints(lines.map((line) => ({ line }))).filter((p) => p.line === p.requested).map((p) => p.requested);
  }

  /**
   * Replaces every line breakpoint. One on a line without a statement moves to the next line
   * that has one (as a compiler's line table moves it); a bad hit condition is refused.
   */
  placeBreakpoints(specs: readonly BreakpointSpec[]): PlacedBreakpoint[] {
    const lines = this.program.runnable ? this.program.statementLines : new Set<number>();
    this.lineBreakpoints = new Map();
    return specs.map((spec) => {
      const line = breakpointLine(lines, spec.line);
      if (line === undefined) return { requested: spec.line, message: 'no statement on or after this line' };
      const hitTest = spec.hitCondition ? parseHitCondition(spec.hitCondition) : undefined;
      if (spec.hitCondition && !hitTest) return { requested: spec.line, message: `the hit count '${spec.hitCondition}' is not N, =N, >N, >=N, <N, <=N or %N` };
      this.lineBreakpoints.set(line, { spec: { ...spec, line }, hitTest, hits: 0 });
      return { requested: spec.line, line };
    });
  }

  /** Data breakpoints: stop after a statement that stores into one of these ranges. */
  setDataBreakpoints(ranges: readonly WatchedRange[]): void {
    if (this.program.runnable) this.program.watchWrites(ranges);
  }

  /** The fault kinds to stop at (just before the faulting statement); '*' stops at every fault. */
  setFaultStops(kinds: readonly string[]): void {
    this.faultKinds = new Set(kinds);
  }

  /**
   * Stop where a garbage collection starts, before its work; Step In then does that work one unit
   * at a time (a root, an object copied or marked, a page swept) and any other command finishes it.
   */
  setGcStops(on: boolean): void {
    this.gcStops = on;
  }

  // ---- commands, run to their stop ----

  stepIn(granularity?: Granularity): StopEvent {
    return this.runNow({ kind: 'step-in', granularity });
  }

  stepOver(granularity?: Granularity): StopEvent {
    return this.runNow({ kind: 'step-over', granularity });
  }

  stepOut(): StopEvent {
    return this.runNow({ kind: 'step-out' });
  }

  continue(): StopEvent {
    return this.runNow({ kind: 'continue' });
  }

  /** Runs until a statement of `line` is reached (breakpoints still stop it). */
  runToLine(line: number): StopEvent {
    return this.runNow({ kind: 'run-to-line', line });
  }

  /** Runs at full speed to the end (or the step limit), ignoring breakpoints. */
  run(): StopEvent {
    return this.runNow({ kind: 'run' });
  }

  /** One statement back (see Command for `previous-stop`). */
  stepBack(to?: 'previous-statement' | 'previous-stop'): StopEvent {
    return this.runNow({ kind: 'step-back', to });
  }

  /** Back to the last breakpoint, data breakpoint or fault stop before now (or the start). */
  reverseContinue(): StopEvent {
    return this.runNow({ kind: 'reverse-continue' });
  }

  goToStep(step: number): StopEvent {
    return this.runNow({ kind: 'go-to-step', step });
  }

  /** Runs a command to its stop without yielding (headless runs). */
  runNow(command: Command): StopEvent {
    if (this.running) throw new SessionBusy();
    const op = this.operation(command);
    for (;;) {
      const r = op.next();
      if (r.done) return r.value;
    }
  }

  // ---- commands in slices ----

  /**
   * Runs a command in slices, yielding to the event loop between them so that the host stays
   * responsive (each slice is sized to take about 20 ms); `pause()` ends it at the next slice
   * boundary, stopped before a statement. `afterSlice` is called between slices (a progress line).
   */
  async begin(command: Command, afterSlice?: () => void): Promise<StopEvent> {
    if (this.running) throw new SessionBusy();
    this.running = true;
    this.interruptRequested = false;
    const op = this.operation(command);
    try {
      // The caller (a request handler) gets its turn back before the first slice runs.
      await new Promise<void>((resolve) => setImmediate(resolve));
      for (;;) {
        this.clock.start();
        const r = op.next();
        this.clock.end();
        if (r.done) return r.value;
        afterSlice?.();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
      this.sliceEnd = Infinity;
    }
  }

  /** Stops a sliced command at its next slice boundary (it then stops with reason 'pause'). */
  pause(): void {
    if (this.running) this.interruptRequested = true;
  }

  /** The machine as the views show it; built only when asked, never while running. */
  snapshot(): Snapshot {
    if (!this.program.runnable) throw new Error('the program has errors and cannot run');
    return this.program.snapshot();
  }

  /**
   * Changes the program's state (a debugger writing a variable or memory): the future recorded
   * from here on no longer holds, and the changed state becomes a saved state of its own so that
   * stepping back to here (or replaying through here) keeps the change.
   */
  edit<T>(change: () => T): T {
    if (this.running) throw new SessionBusy();
    const result = change();
    const p = this.program;
    this.counters.truncateAfter(p.steps - 1);
    if (this.history) {
      this.history.truncateAfter(p.steps - 1);
      const state = p.saveState();
      if (state) this.history.add(state);
    }
    return result;
  }

  // ---- StepDriver: the program asks at the statements it was told to check ----

  shouldPause(): boolean {
    const p = this.program;
    const mode = this.mode;
    if (p.counterSample) this.counters.record(p.steps, () => p.counterSample!());
    const forward = mode.kind !== 'replay' && mode.kind !== 'scan' && mode.kind !== 'scan-depth';
    if (this.history && forward && p.steps >= this.history.nextDue(this.historyBase)) {
      const began = performance.now();
      const state = p.saveState();
      if (state) {
        const ended = performance.now();
        this.history.add(state);
        if (this.savesSpacedByCost) this.history.noteSave(ended - began, began - this.lastSave.at, p.steps - this.lastSave.steps);
        this.lastSave = { at: ended, steps: p.steps };
        this.historyBase = p.steps;
      }
    }
    const writes = p.takeWriteHits();
    if (p.steps >= this.stepLimitAt) return this.stopFor('step-limit');
    switch (mode.kind) {
      case 'replay':
        if (p.steps >= mode.target) return this.stopFor('step');
        break;
      case 'scan':
        // Stores noted now were made by the statement just run, which lies before `until`.
        if (writes.length) mode.found.push({ position: p.steps - 1, reason: 'data-breakpoint', writes });
        if (p.steps >= mode.until) return true;
        this.noteScanned(mode.found);
        break;
      case 'scan-depth':
        if (p.steps >= mode.until) return true;
        if (p.depth <= mode.depth) mode.last = p.steps;
        break;
      case 'step-in':
        if (!mode.from || this.leftLine(mode.from)) return this.stopFor('step');
        break;
      case 'step-over':
        if (p.depth < mode.depth || (p.depth === mode.depth && (!mode.from || this.leftLine(mode.from)))) return this.stopFor('step');
        break;
      case 'step-out':
        if (p.depth < mode.depth) return this.stopFor('step');
        break;
      case 'step-in-target':
        // The program counts the calls into the target; the first statement after the n-th is its entry.
        if (p.depth <= mode.depth) return this.stopFor('step');
        if (p.callsCounted >= mode.occurrence && p.depth === mode.depth + 1 && p.location()?.functionName === mode.functionName) return this.stopFor('step');
        break;
      case 'to-line':
        if (p.location()?.line === mode.line) return this.stopFor('step');
        break;
      default:
        break;
    }
    if (forward && mode.kind !== 'run') {
      const fault = this.newFault();
      if (fault) return this.stopFor('exception', { fault });
      if (writes.length) return this.stopFor('data-breakpoint', { writes });
        const line = this.breakpointHere(true);
      if (line !== undefined) return this.stopFor('breakpoint', { breakpointLines: [line], ...this.conditionMessage });
    }
    if (p.steps >= this.sliceEnd) {
      this.sliceDue = true;
      return true;
    }
    this.arm();
    return false;
  }

  output(stream: 'stdout' | 'stderr', text: string): void {
    this.emit({ kind: 'output', stream, text });
  }

  collectionStarts(start: CollectionStart): boolean {
    const kind = this.mode.kind;
    // Replays and scans go through collections silently; a run ignores every stop.
    if (!this.gcStops || kind === 'replay' || kind === 'scan' || kind === 'scan-depth' || kind === 'run') return false;
    const collection = collectionStarting(start);
    this.inCollection = collection;
    return this.stopFor('gc', { collection, message: collectionMessage(collection) });
  }

  // ---- operations ----

  private *operation(command: Command): Operation {
    const p = this.program;
    if (!p.runnable) return this.lastStop;
    const collection = this.inCollection;
    this.inCollection = undefined;
    // Stopped in a collection: Step In does its next unit; anything else (or no unit left) goes on from the statement.
    if (collection && command.kind === 'step-in' && !p.ended) {
      const unit = p.collectionUnit?.();
      if (unit) {
        this.inCollection = collectionAfter(collection, unit);
        return this.finish(this.stopped('gc', { collection: this.inCollection, message: collectionMessage(this.inCollection) }));
      }
    }
    if (command.kind === 'step-in' || command.kind === 'step-over' || command.kind === 'step-out' || command.kind === 'step-in-target') {
      const origin = p.steps;
      const stop = yield* this.stepOp(command);
      if (stop.steps > origin) this.trail.push(origin);
      return stop;
    }
    if (command.kind === 'step-back' && command.to === 'previous-stop') {
      const origin = this.trail.pop();
      if (origin !== undefined && origin < p.steps) return yield* this.goTo(origin, origin === 0 ? 'entry' : 'step');
      this.trail.length = 0;
      return yield* this.stepBackOp(true);
    }
    this.trail.length = 0;
    switch (command.kind) {
      case 'continue':
        return yield* this.resume({ kind: 'continue' });
      case 'run-to-line':
        return yield* this.resume({ kind: 'to-line', line: command.line });
      case 'run':
        return yield* this.resume({ kind: 'run' });
      case 'step-back':
        return yield* this.stepBackOp(false);
      case 'reverse-continue':
        return yield* this.reverseContinueOp();
      case 'go-to-step':
        return yield* this.goToStepOp(command.step);
    }
  }

  private *stepOp(command: Extract<Command, { kind: 'step-in' | 'step-over' | 'step-out' | 'step-in-target' }>): Operation {
    const p = this.program;
    if (command.kind === 'step-in-target') {
      const targets = p.stepInTargets();
      const target = targets[command.target];
      if (!target) return yield* this.resume({ kind: 'step-in' });
      const occurrence = targets.slice(0, command.target + 1).filter((t) => t.functionName === target.functionName).length;
      p.countCalls(target.functionName, p.depth + 1);
      try {
        return yield* this.resume({ kind: 'step-in-target', depth: p.depth, functionName: target.functionName, occurrence });
      } finally {
        p.countCalls(undefined, 0);
      }
    }
    const line = p.location()?.line;
    const from = command.granularity === 'line' && line !== undefined ? { line, depth: p.depth } : undefined;
    switch (command.kind) {
      case 'step-in':
        return yield* this.resume({ kind: 'step-in', from });
      case 'step-over':
        return yield* this.resume({ kind: 'step-over', depth: p.depth, from });
      case 'step-out':
        return yield* this.resume({ kind: 'step-out', depth: p.depth });
    }
  }

  private *resume(mode: Mode): Operation {
    const p = this.program;
    if (p.ended) return this.lastStop;
    // Running forward from a point in the past discards the saved states of the old future.
    this.history?.truncateAfter(p.steps);
    this.historyBase = p.steps;
    // Stopped just before a fault, going on runs into it without stopping there again.
    const last = this.lastStop;
    this.faultFloor = last.kind === 'stopped' && last.reason === 'exception' && last.fault ? Math.max(p.steps, last.fault.step) : p.steps;
    const outcome = yield* this.drive(mode, false);
    if (outcome === 'ended') {
      const fault = this.newFault();
      // A fault that ended the program: stop just before the statement that causes it, alive.
      if (fault) return yield* this.goTo(fault.step - 1, 'exception', { fault });
      return this.finish(this.exited());
    }
    const fault = this.stopDetail.fault;
    if (this.stopReason === 'exception' && fault) return yield* this.goTo(fault.step - 1, 'exception', { fault });
    return this.finish(this.stopped(outcome === 'interrupted' ? 'pause' : this.stopReason, this.stopDetail));
  }

  /** One statement back, or (`sameFunction`) back to the previous statement at this depth or shallower. */
  private *stepBackOp(sameFunction: boolean): Operation {
    const p = this.program;
    const now = p.steps;
    if (now === 0) return this.finish(this.stopped('entry'));
    if (p.ended || !sameFunction) return yield* this.goTo(now - 1, now === 1 ? 'entry' : 'step');
    // The latest place before now at this depth or shallower, found by replaying from the
    // saved states before now (the latest first).
    const depth = p.depth;
    let until = now;
    for (const saved of this.savedBefore(now - 1)) {
      this.restore(saved);
      const mode: Mode = { kind: 'scan-depth', until, depth, last: -1 };
      if (p.depth <= depth && p.steps < until) mode.last = p.steps;
      if (p.steps < until && (yield* this.drive(mode, true)) === 'interrupted') return this.finish(this.stopped('pause'));
      if (mode.last >= 0) return yield* this.goTo(mode.last, mode.last === 0 ? 'entry' : 'step');
      until = saved;
      yield;
    }
    return yield* this.goTo(0, 'entry');
  }

  private *reverseContinueOp(): Operation {
    const p = this.program;
    const now = p.steps;
    let until = now;
    for (const saved of this.savedBefore(now)) {
      this.restore(saved);
      const found: Found[] = [];
      this.faultFloor = p.steps;
      // The program resumes past the statement it is paused at without asking: note it here.
      if (p.steps < until) {
        p.breakpoints = this.breakpointArray({ kind: 'continue' });
        const line = this.breakpointHere(false);
        if (line !== undefined) found.push({ position: p.steps, reason: 'breakpoint', breakpointLines: [line] });
        if ((yield* this.drive({ kind: 'scan', until, found }, true)) === 'interrupted') return this.finish(this.stopped('pause'));
      }
      const before = found.filter((f) => f.position < now);
      if (before.length) {
        const last = before[before.length - 1];
        return yield* this.goTo(last.position, last.reason, last);
      }
      until = saved;
      yield;
    }
    return yield* this.goTo(0, 'entry');
  }

  private *goToStepOp(step: number): Operation {
    const p = this.program;
    const target = Math.max(0, Math.floor(step));
    if (target < p.steps || p.ended) return yield* this.goTo(target, target === 0 ? 'entry' : 'goto');
    if (target === p.steps) return this.finish(this.stopped('goto'));
    // Forward: run there as the program would, output and saved states included, breakpoints aside.
    this.history?.truncateAfter(p.steps);
    this.historyBase = p.steps;
    const outcome = yield* this.drive({ kind: 'replay', target }, false);
    if (outcome === 'ended') return this.finish(this.exited());
    return this.finish(this.stopped(outcome === 'interrupted' ? 'pause' : 'goto'));
  }

  /** Restores the state after exactly `target` statements: nearest saved state, then replay. */
  private *goTo(target: number, reason: StopReason, detail: StopDetail = {}): Operation {
    const p = this.program;
    this.restore(this.savedBefore(target)[0] ?? 0);
    if (p.steps < target && (yield* this.drive({ kind: 'replay', target }, true)) === 'interrupted') return this.finish(this.stopped('pause'));
    if (p.ended) return this.finish(this.exited());
    return this.finish(this.stopped(reason, detail));
  }

  /** The steps of the saved states at or before `step`, latest first (0 alone without history: a restart). */
  private savedBefore(step: number): number[] {
    if (!this.history) return [0];
    return this.history.allBefore(step).map((s) => s.steps);
  }

  private restore(step: number): void {
    const p = this.program;
    const saved = this.history?.before(step);
    if (saved) p.restoreState(saved);
    else p.restart();
  }

  /**
   * Runs the program under `mode` until it pauses for the mode, ends, or is interrupted at a
   * slice boundary; replays are quiet (their output is already known).
   */
  private *drive(mode: Mode, quiet: boolean): Generator<void, DriveOutcome, void> {
    const p = this.program;
    this.mode = mode;
    this.stepLimitAt = mode.kind === 'replay' || mode.kind === 'scan' || mode.kind === 'scan-depth' ? Infinity : p.steps + this.maxSteps;
    p.quiet = quiet;
    p.breakpoints = this.breakpointArray(mode);
    p.takeWriteHits();
    try {
      for (;;) {
        this.stopReason = 'step';
        this.stopDetail = {};
        this.sliceDue = false;
        if (this.running) this.sliceEnd = p.steps + this.clock.steps;
        this.arm();
        if (p.run() === 'ended') return 'ended';
        if (!this.sliceDue) return 'paused';
        yield;
        if (this.interruptRequested) {
          this.interruptRequested = false;
          return 'interrupted';
        }
      }
    } finally {
      p.quiet = false;
    }
  }

  private stopFor(reason: StopReason, detail: StopDetail = {}): boolean {
    this.stopReason = reason;
    this.stopDetail = detail;
    return true;
  }

  /** When the program must ask next: every statement while stepping or scanning, else at the next due event. */
  private arm(): void {
    const p = this.program;
    const mode = this.mode;
    let next = Math.min(this.stepLimitAt, this.sliceEnd);
    if (mode.kind === 'step-in' || mode.kind === 'step-over' || mode.kind === 'step-out' || mode.kind === 'step-in-target' || mode.kind === 'scan-depth') next = p.steps + 1;
    if (mode.kind === 'replay') next = Math.min(next, mode.target);
    if (mode.kind === 'scan') next = Math.min(next, mode.until);
    if (mode.kind === 'scan-depth') next = Math.min(next, mode.until);
    if (this.history && mode.kind !== 'replay' && mode.kind !== 'scan' && mode.kind !== 'scan-depth') next = Math.min(next, this.history.nextDue(this.historyBase));
    if (p.counterSample && p.steps >= this.counters.lastStep) next = Math.min(next, this.counters.nextDue(p.steps));
    p.nextCheck = next;
  }

  /** While scanning the past: the breakpoints, data breakpoints and faults reverse-continue may stop at. */
  private noteScanned(found: Found[]): void {
    const p = this.program;
    const fault = this.newFault();
    if (fault) found.push({ position: fault.step - 1, reason: 'exception', fault });
    const line = this.breakpointHere(false);
    if (line !== undefined) found.push({ position: p.steps, reason: 'breakpoint', breakpointLines: [line] });
  }

  /** A fault found since the last look that the user asked to stop at. */
  private newFault(): ProgramFault | undefined {
    if (this.faultKinds.size === 0) return undefined;
    const fault = this.program.faults().find((f) => f.step > this.faultFloor && (this.faultKinds.has('*') || this.faultKinds.has(f.kind)));
    if (fault) this.faultFloor = fault.step;
    return fault;
  }

  /** What a breakpoint's condition said when it could not be evaluated (the stop shows it). */
  private conditionMessage: { message?: string } = {};

  /**
   * The line of a breakpoint that stops the program here: its condition holds (or could not be
   * evaluated: then it stops and says why) and, going forward, its hit count is reached. A
   * logpoint logs its message and does not stop.
   */
  private breakpointHere(forward: boolean): number | undefined {
    const p = this.program;
    const line = p.location()?.line;
    if (line === undefined || p.breakpoints[line] !== 1) return undefined;
    const bp = this.lineBreakpoints.get(line);
    if (!bp) return undefined;
    this.conditionMessage = {};
    if (bp.spec.condition) {
      const holds = p.inspector.condition(bp.spec.condition, 0);
      if (isInspectionError(holds)) this.conditionMessage = { message: `the breakpoint's condition '${bp.spec.condition}' could not be evaluated: ${holds.error}` };
      else if (!holds) return undefined;
    }
    if (forward) {
      bp.hits++;
      if (bp.hitTest && !bp.hitTest(bp.hits)) return undefined;
      if (bp.spec.logMessage !== undefined) {
        this.emit({ kind: 'output', stream: 'console', text: this.interpolate(bp.spec.logMessage) + '\n', line });
        return undefined;
      }
    } else if (bp.spec.logMessage !== undefined) {
      return undefined;
    }
    return line;
  }

  /** A logpoint's message with each `{expression}` replaced by its value in the innermost frame. */
  private interpolate(message: string): string {
    return message.replace(/\{([^{}]+)\}/g, (_all, expression: string) => {
      const v = this.program.inspector.evaluate(expression, 0, 'watch');
      return isInspectionError(v) ? `<${v.error}>` : v.value;
    });
  }

  private leftLine(from: LineMark): boolean {
    const p = this.program;
    return p.depth !== from.depth || p.location()?.line !== from.line;
  }

  private breakpointArray(mode: Mode): Uint8Array {
    if (mode.kind === 'run' || mode.kind === 'replay' || mode.kind === 'scan-depth') return new Uint8Array(0);
    const placed = [...this.lineBreakpoints.keys()];
    const lines = mode.kind === 'to-line' ? [...placed, mode.line] : placed;
    const array = new Uint8Array(Math.max(0, ...lines) + 1);
    for (const l of lines) array[l] = 1;
    return array;
  }

  private finish(stop: StopEvent): StopEvent {
    this.lastStop = stop;
    const p = this.program;
    if (p.runnable && p.counterSample) this.counters.record(p.steps, () => p.counterSample!(), true);
    this.emit(stop);
    return stop;
  }

  private stopped(reason: StopReason, detail: StopDetail = {}): StoppedEvent {
    const p = this.program;
    const here = p.location();
    const limit = reason === 'step-limit' ? { message: `stopped after ${this.maxSteps} steps (the step limit): the program may be in an endless loop; the state is kept` } : {};
    return {
      kind: 'stopped', reason, line: here?.line ?? 0,
      range: here?.range ?? { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 },
      functionName: here?.functionName ?? '', steps: p.steps, ...limit, ...detail,
    };
  }

  private exited(): StopEvent {
    const end = this.program.end();
    return { kind: 'exited', code: end.code, ...(end.signal ? { signal: end.signal } : {}), ...(end.message ? { message: end.message } : {}), steps: this.program.steps };
  }

  private emit(event: SessionEvent): void {
    for (const l of this.listeners) l(event);
  }
}

/** A command arrived while a sliced one is still running. */
export class SessionBusy extends Error {
  constructor() {
    super('the program is running: pause it first');
  }
}
