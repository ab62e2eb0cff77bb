import type * as acorn from 'acorn';
import { type Diagnostic, hasErrors } from '../../../shared/diagnostics';
import { type Annotations, parseAnnotations } from '../../../shared/annotations';
import type { Snapshot } from '../../../shared/snapshot';
import type { CollectorMode } from '../../../shared/gcReport';
import type { CounterSample, ViewResponse } from '../../../shared/viewRequests';
import type { ProgramOptions } from '../../../engine/program/programOptions';
import type {
  CollectionUnit, ManagedMemoryReading, ProgramEnd, ProgramFault, ProgramLocation, ProgramState, ProgramViewRequest, SourceMark, StepDriver, StepInTarget, SteppableProgram, SummaryLine, WatchedRange, WriteHit,
} from '../../../engine/program/steppableProgram';
import type { ProgramInspector } from '../../../engine/program/programInspector';
import { Interp } from '../interp/interp';
import { JsThrow, type Signal } from '../interp/values';
import { createRealm } from '../builtins/realm';
import { ProcessExit } from '../builtins/hostBuiltins';
import { parseProgram, rangeOf } from '../parse/parseProgram';
import { stepNodes } from './stepNodes';
import { runScript } from './runScript';
import { rejectionText, uncaughtErrorText } from './uncaughtError';
import { stepInTargetsOf } from './stepInTargets';
import { JsInspector } from './jsInspector';
import { ownProperty } from '../interp/objectModel';
import { JsMachine } from './jsMachine';
import { thrownByProgram } from '../interp/hostLimits';
import { groupDigits } from '../../../shared/groupDigits';
import { HeapOutOfMemory } from '../../../engine/managedHeap';
import { children } from '../interp/analysis';

/** A JavaScript run's options: the machine's, and how its managed heap is collected. */
export interface JsProgramOptions extends ProgramOptions {
  readonly collector?: CollectorMode;
}

const NO_DRIVER: StepDriver = { shouldPause: () => false, output: () => undefined };

/** How the run ended, once it has. */
interface Ending {
  readonly code: number | null;
  readonly signal?: string;
  readonly message?: string;
  /** An uncaught exception or rejection, as a fault the debugger can stop before. */
  readonly fault?: ProgramFault;
}

/**
 * A JavaScript file as a steppable program: parsed by acorn, run by the interpreter in
 * src/lang/js/interp (a generator per evaluator, so it stops before any statement and a
 * generator or async function can suspend), on a simulated process whose managed heap holds
 * the program's objects. Deterministic (simulated time, a seeded Math.random), so stepping back
 * is a replay from the start: saved states are the entry state only.
 */
export class JsProgram implements SteppableProgram {
  readonly language = 'js';
  readonly diagnostics: readonly Diagnostic[];
  readonly statementLines = new Set<number>();
  driver: StepDriver = NO_DRIVER;
  private readonly program?: acorn.Program;
  /** How this run's managed heap is collected. */
  readonly collector: CollectorMode;
  private machine!: JsMachine;
  private top!: Generator<Signal, void, unknown>;
  private ending?: Ending;
  private asking = false;
  /** True while the evaluator is run up to the first statement (every statement pauses then). */
  private priming = false;
  private inspectorOf?: JsInspector;
  private quietFlag = false;
  private nextCheckValue = 0;
  private breakpointLines: Uint8Array = new Uint8Array(0);
  private counting?: { readonly name: string; readonly depth: number };
  private counted = 0;

  private constructor(
    private readonly text: string,
    readonly source: string,
    private readonly options: JsProgramOptions,
    annotations: Annotations,
  ) {
    const parsed = parseProgram(text);
    this.diagnostics = [...parsed.diagnostics, ...annotations.diagnostics];
    // The options (a CLI flag, a launch setting) over the file's '@atlas collector:', else V8's generations.
    this.collector = options.collector ?? annotations.settings.collector ?? 'generational';
    if (!parsed.program || hasErrors(this.diagnostics)) return;
    this.program = parsed.program;
    for (const n of stepNodes(parsed.program)) this.statementLines.add(n.loc!.start.line);
    this.start();
  }

  static create(text: string, source: string, options: JsProgramOptions = {}): JsProgram {
    return new JsProgram(text, source, options, parseAnnotations(text));
  }

  /** The interpreter (for tests and reports); undefined when the file cannot run. */
  get interp(): Interp | undefined {
    return this.program ? this.machine.it : undefined;
  }

  get jsMachine(): JsMachine {
    return this.machine;
  }

  private start(): void {
    this.machine = new JsMachine(this.source, this.text, this.options, this.collector);
    const it = this.machine.it;
    it.nextCheck = this.nextCheckValue;
    it.breakpoints = this.breakpointLines;
    it.askPause = () => {
      if (this.priming) return true;
      this.asking = true;
      try {
        return this.driver.shouldPause();
      } finally {
        this.asking = false;
      }
    };
    it.askGcPause = () => {
      const progress = this.machine.heap.progress;
      if (this.priming || !progress || !this.driver.collectionStarts) return false;
      return this.driver.collectionStarts({ kind: progress.kind, reason: progress.reason });
    };
    it.onOutput = (stream, text) => {
      if (!this.quietFlag) this.driver.output(stream, text);
    };
    if (this.counting) this.countCalls(this.counting.name, this.counting.depth);
    createRealm(it);
    this.machine.attachHeap();
    this.ending = undefined;
    this.top = runScript(it, this.program!);
    this.primeAtFirstStatement();
  }

  /**
   * Runs the script up to its first statement without executing it (hoisting and the top-level
   * frame are set up), so that the entry stop has a line, a frame and the module's variables,
   * as C's entry stop is at main's first statement.
   */
  private primeAtFirstStatement(): void {
    const it = this.machine.it;
    const check = it.nextCheck;
    this.priming = true;
    it.nextCheck = 0;
    try {
      this.advance();
    } finally {
      this.priming = false;
      it.nextCheck = check;
    }
  }

  private get it(): Interp {
    if (!this.program) throw new Error('the program has errors and cannot run');
    return this.machine.it;
  }

  get runnable(): boolean {
    return this.program !== undefined;
  }

  get steps(): number {
    return this.program ? this.it.steps : 0;
  }

  get depth(): number {
    return this.program && !this.ending ? this.it.frames.length : 0;
  }

  get ended(): boolean {
    return !this.program || this.ending !== undefined;
  }

  get nextCheck(): number {
    return this.it.nextCheck;
  }

  set nextCheck(step: number) {
    this.nextCheckValue = step;
    this.it.nextCheck = step;
  }

  get breakpoints(): Uint8Array {
    return this.it.breakpoints;
  }

  set breakpoints(lines: Uint8Array) {
    this.breakpointLines = lines;
    this.it.breakpoints = lines;
  }

  get quiet(): boolean {
    return this.quietFlag;
  }

  set quiet(q: boolean) {
    this.quietFlag = q;
  }

  run(): 'paused' | 'ended' {
    return this.ending ? 'ended' : this.advance();
  }

  /** Resumes the script's evaluator until it pauses at a statement or the run ends. */
  private advance(): 'paused' | 'ended' {
    const it = this.it;
    try {
      const r = this.top.next();
      if (!r.done) return 'paused';
      this.finish();
    } catch (e) {
      const thrown = thrownByProgram(it, e);
      if (thrown) this.uncaught(thrown);
      else if (e instanceof ProcessExit) this.ending = { code: e.code };
      else if (e instanceof HeapOutOfMemory) this.outOfMemory(e);
      else throw e;
    }
    return 'ended';
  }

  /** The script and the event loop are done: an unhandled rejection may still end it with status 1. */
  private finish(): void {
    const it = this.it;
    const fatal = it.loop.fatalRejection;
    if (fatal) {
      it.write('stderr', rejectionText(it, fatal.reason));
      this.ending = { code: 1, message: 'a promise was rejected and nothing handled it', fault: this.faultHere('unhandled-rejection', ['unhandled promise rejection']) };
      return;
    }
    const code = ownProperty(it.global.props.get('process')?.value as never, 'exitCode')?.value;
    this.ending = { code: typeof code === 'number' ? code : 0 };
  }

  private uncaught(e: JsThrow): void {
    const it = this.it;
    const node = it.current;
    const line = e.line ?? node?.loc?.start.line;
    const column = e.column ?? (node?.loc ? node.loc.start.column + 1 : undefined);
    const text = uncaughtErrorText(it, e.value, line, column);
    it.write('stderr', text);
    const headline = text.split('\n').find((l, i) => i > 2 && l.length > 0) ?? 'uncaught exception';
    this.ending = { code: 1, message: `uncaught exception: ${headline}`, fault: this.faultHere('uncaught-exception', [`uncaught exception at line ${line ?? '?'}: ${headline}`]) };
  }

  /**
   * The simulated RAM + swap cannot hold the heap any more: node's fatal out-of-memory (V8 aborts
   * the process, SIGABRT), with what the simulated kernel refused. The heap stays as it was for
   * the snapshot and the debugger.
   */
  private outOfMemory(e: HeapOutOfMemory): void {
    const it = this.it;
    const limit = this.machine.process.kernel.commitLimit;
    const why = `${e.message.replace(/^JavaScript heap out of memory: /, '')}: the heap asked for ${groupDigits(e.requestedBytes)} bytes more${Number.isFinite(limit) ? `, the simulated RAM + swap is ${groupDigits(Math.round(limit / 1048576))} MiB` : ''}`;
    it.write('stderr', `\nFATAL ERROR: Allocation failed - JavaScript heap out of memory\n(Memory Atlas: ${why})\n`);
    const line = it.current?.loc?.start.line;
    this.ending = { code: null, signal: 'SIGABRT', message: 'JavaScript heap out of memory', fault: this.faultHere('out-of-memory', [`JavaScript heap out of memory at line ${line ?? '?'}: ${e.message}`]) };
  }

  private faultHere(kind: string, text: string[]): ProgramFault {
    const it = this.it;
    return { kind, line: it.current?.loc?.start.line ?? 0, step: it.steps, text };
  }

  location(): ProgramLocation | undefined {
    if (!this.program) return undefined;
    const it = this.it;
    const node = it.current;
    if (!node) return undefined;
    const frame = it.topFrame;
    return { line: node.loc!.start.line, range: rangeOf(node), functionName: frame?.name ?? '' };
  }

  faults(): readonly ProgramFault[] {
    return this.ending?.fault ? [this.ending.fault] : [];
  }

  end(): ProgramEnd {
    if (!this.ending) throw new Error('the program has not ended');
    return { code: this.ending.code, ...(this.ending.signal ? { signal: this.ending.signal } : {}), ...(this.ending.message ? { message: this.ending.message } : {}) };
  }

  summary(): readonly SummaryLine[] {
    return this.machine.summaryLines(this.faults());
  }

  statementPositions(startLine: number, endLine: number): readonly { readonly line: number; readonly column: number }[] {
    if (!this.program) return [];
    const out = stepNodes(this.program).filter((n) => n.loc!.start.line >= startLine && n.loc!.start.line <= endLine).map((n) => ({ line: n.loc!.start.line, column: n.loc!.start.column + 1 }));
    return out.sort((a, b) => a.line - b.line || a.column - b.column).filter((p, i, all) => i === 0 || p.line !== all[i - 1].line || p.column !== all[i - 1].column);
  }

  heapMarks(): { readonly allocation?: SourceMark; readonly free?: SourceMark } {
    return this.machine.heapMarks();
  }

  stepInTargets(): readonly StepInTarget[] {
    const node = this.program ? this.it.current : undefined;
    return node ? stepInTargetsOf(this.it, node) : [];
  }

  countCalls(functionName: string | undefined, depth: number): void {
    this.counted = 0;
    this.counting = functionName === undefined ? undefined : { name: functionName, depth };
    this.it.onEnter = functionName === undefined ? undefined : (name, newDepth) => {
      if (name === functionName && newDepth === depth) this.counted++;
    };
  }

  get callsCounted(): number {
    return this.counted;
  }

  functionLine(name: string): number | undefined {
    if (!this.program) return undefined;
    const stack: acorn.Node[] = [this.program];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'FunctionDeclaration' && (n as acorn.FunctionDeclaration).id.name === name) {
        const body = (n as acorn.FunctionDeclaration).body.body;
        return body[0]?.loc?.start.line;
      }
      stack.push(...children(n));
    }
    return undefined;
  }

  /** Only the entry state is kept: stepping back replays from the start (the run is deterministic). */
  saveState(): ProgramState | undefined {
    return this.steps === 0 && !this.ending ? { steps: 0 } : undefined;
  }

  restoreState(state: ProgramState): void {
    if (state.steps !== 0) throw new Error('a JavaScript program restores only its entry state');
    this.restart();
  }

  restart(): void {
    this.inspectorOf = undefined;
    this.start();
  }

  watchWrites(_ranges: readonly WatchedRange[]): void {
    // Data breakpoints watch byte ranges of C objects; JavaScript values are not stored as bytes here.
  }

  takeWriteHits(): WriteHit[] {
    return [];
  }

  snapshot(): Snapshot {
    return this.machine.snapshot(this.ending !== undefined);
  }

  managedMemory(): ManagedMemoryReading {
    return this.machine.managedMemory();
  }

  answerView(request: ProgramViewRequest): ViewResponse {
    return this.machine.answerView(request);
  }

  collectionUnit(): CollectionUnit | undefined {
    const unit = this.program && !this.ending ? this.machine.heap.safepointUnit() : undefined;
    if (!unit) return undefined;
    const p = unit.progress;
    const kind = unit.event?.kind ?? p?.kind ?? 'scavenge';
    const units = unit.event?.pauseSteps ?? p?.steps ?? 0;
    if (unit.event) return { kind, phase: 'done', units, finished: unit.event };
    return { kind, phase: p?.phase ?? 'done', units, ...(unit.last ? { continuesIncrementally: true } : {}) };
  }

  /** The process's counters; the heap in use is the managed heap's (heapUsed) plus the C heap's (Buffers' payloads). */
  counterSample(): Omit<CounterSample, 'step'> {
    const c = this.machine.process.counters();
    const u = this.machine.heap.usage();
    return {
      rssBytes: c.rssBytes, vszBytes: c.vszBytes, heapInUseBytes: u.heapUsed + u.external,
      minorFaults: c.minorFaults, majorFaults: c.majorFaults, invalidFaults: c.invalidFaults,
      brkCalls: c.brkCalls, mmapCalls: c.mmapCalls, errors: 0,
      managed: { heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external },
    };
  }

  get inspector(): ProgramInspector {
    this.inspectorOf ??= new JsInspector(this.it, this.machine);
    return this.inspectorOf;
  }

  /** True while the driver is being asked (a state saved then is taken before the statement). */
  get askingDriver(): boolean {
    return this.asking;
  }
}
