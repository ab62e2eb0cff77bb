import type { Diagnostic } from '../../shared/diagnostics';
import type { MemoryError } from '../../shared/memoryIssues';
import { Process } from '../process';
import type { CParser } from '../../lang/c/parser';
import { type CompiledProgram, compileProgram } from '../../lang/c/interpreter/compileProgram';
import { initializeImage, loadProgram } from '../../lang/c/interpreter/loadProgram';
import type { LoweredFunction } from '../../lang/c/interpreter/lower/instructions';
import { newLibcState } from '../../lang/c/interpreter/builtins/libcState';
import type { StatementInfo } from '../../lang/c/interpreter/lower/instructions';
import { Machine, type MachineController, type RuntimeError } from '../../lang/c/interpreter/vm/machine';
import { ShadowMemory } from '../../lang/c/interpreter/vm/shadowMemory';
import { VmMemory } from '../../lang/c/interpreter/vm/vmMemory';
import { Checkpoints } from './checkpoints';
import type { Session, SessionOptions } from './session';
import type { SessionEvent, SessionListener, StopEvent, StopReason } from './sessionEvents';
import { type Snapshot, buildSnapshot } from './snapshot';

export const DEFAULT_MAX_STEPS = 10_000_000;

/** What the current command waits for; the machine consults it at statements it must check. */
type Mode =
  | { readonly kind: 'step-in' }
  | { readonly kind: 'step-over'; readonly depth: number }
  | { readonly kind: 'step-out'; readonly depth: number }
  | { readonly kind: 'continue' }
  | { readonly kind: 'line'; readonly line: number }
  | { readonly kind: 'run' }
  /** Replay to exactly `target` statements (stepping back). */
  | { readonly kind: 'replay'; readonly target: number }
  /** Replay up to `until`, noting the breakpoints reached on the way (reverse-continue). */
  | { readonly kind: 'scan'; readonly until: number; readonly hits: number[] };

/**
 * A C program on a simulated process, as a Session. The machine runs until this controller says
 * stop; the controller also takes the checkpoints that stepping back restores.
 */
export class CSession implements Session, MachineController {
  readonly diagnostics: readonly Diagnostic[];
  private readonly machine?: Machine;
  private readonly listeners = new Set<SessionListener>();
  private readonly checkpoints?: Checkpoints;
  private mode: Mode = { kind: 'continue' };
  private stopReason: StopReason = 'step';
  private stepLimitAt = Infinity;
  private readonly maxSteps: number;
  private readonly statementLines = new Set<number>();
  private breakpointLines: number[] = [];
  private lastStop: StopEvent;
  private main?: LoweredFunction;

  private constructor(readonly program: CompiledProgram, private readonly options: SessionOptions) {
    this.diagnostics = program.diagnostics;
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    if (!program.checked) {
      this.lastStop = { kind: 'exited', code: null, message: 'the program has errors and cannot run', steps: 0 };
      return;
    }
    const process = this.startProcess();
    const mem = new VmMemory(process.mmu, new ShadowMemory());
    const loaded = loadProgram(program, process, mem);
    const machine = new Machine(process, loaded.functions, loaded.libraryByAddress, this, mem);
    if (options.memoryChecks !== false) machine.enableChecks(options.keepGoing ?? false);
    machine.sourceName = program.source;
    for (const fn of program.library.values()) machine.libraryAddresses.set(fn.name, fn.address);
    machine.libc = newLibcState(new TextEncoder().encode(options.stdin ?? ''));
    for (const fn of loaded.functions.values()) for (const s of fn.statements) this.statementLines.add(s.line);
    this.machine = machine;
    // Immutable program code and frame layouts are shared by checkpoints, not copied.
    const shared = new WeakSet<object>([...loaded.functions.values(), ...[...loaded.functions.values()].flatMap((f) => [f.spec, f.spec.layout]), process.image.program]);
    this.main = loaded.main;
    machine.start(loaded.main);
    const entry = machine.currentStatement();
    this.lastStop = this.stopped('entry', entry);
    if (!options.noCheckpoints) {
      this.checkpoints = new Checkpoints(options.checkpointInterval ?? 1000, (o) => shared.has(o));
      this.checkpoints.take(machine, 0);
    }
  }

  static create(parser: CParser, text: string, source: string, options: SessionOptions = {}): CSession {
    return new CSession(compileProgram(parser, text, source), options);
  }

  get state(): 'paused' | 'exited' | 'invalid' {
    if (!this.machine) return 'invalid';
    return this.machine.ended ? 'exited' : 'paused';
  }

  get steps(): number {
    return this.machine?.steps ?? 0;
  }

  /** Checkpoints held for stepping back (0 without history). */
  get checkpointCount(): number {
    return this.checkpoints?.count ?? 0;
  }

  /** The memory errors found so far (the run stops at the first unless keepGoing). */
  get memoryErrors(): readonly MemoryError[] {
    return this.machine?.checker?.errors ?? [];
  }

  /** The run-time error that ended the program, if one did. */
  get error(): RuntimeError | undefined {
    return this.machine?.error;
  }

  /** The underlying machine, for reports and tests. */
  get vm(): Machine | undefined {
    return this.machine;
  }

  /** The event of the last stop (`entry` before any command). */
  get lastEvent(): StopEvent {
    return this.lastStop;
  }

  onEvent(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setBreakpoints(lines: readonly number[]): number[] {
    this.breakpointLines = lines.filter((l) => this.statementLines.has(l));
    return [...this.breakpointLines];
  }

  stepIn(): StopEvent {
    return this.resume({ kind: 'step-in' });
  }

  stepOver(): StopEvent {
    return this.resume({ kind: 'step-over', depth: this.machine?.depth ?? 0 });
  }

  stepOut(): StopEvent {
    return this.resume({ kind: 'step-out', depth: this.machine?.depth ?? 0 });
  }

  continue(): StopEvent {
    return this.resume({ kind: 'continue' });
  }

  runToLine(line: number): StopEvent {
    return this.resume({ kind: 'line', line });
  }

  run(): StopEvent {
    return this.resume({ kind: 'run' });
  }

  stepBack(): StopEvent {
    const m = this.machine;
    if (!m) return this.lastStop;
    return this.goTo(Math.max(0, m.steps - 1), m.steps <= 1 ? 'entry' : 'step');
  }

  reverseContinue(): StopEvent {
    const m = this.machine;
    if (!m || !this.checkpoints) return this.lastStop;
    const now = m.steps;
    if (this.breakpointLines.length) {
      const checkpoints = this.checkpoints.allBefore(now);
      for (let i = 0; i < checkpoints.length; i++) {
        const until = i === 0 ? now : checkpoints[i - 1].steps;
        const hits: number[] = [];
        this.checkpoints.restore(m, checkpoints[i]);
        // The machine resumes past the statement it is paused at without asking: note it here.
        const here = m.currentStatement();
        if (here && this.breakpointLines.includes(here.line) && m.steps < until) hits.push(m.steps);
        if (m.steps < until) this.drive({ kind: 'scan', until, hits }, true);
        const before = hits.filter((s) => s < now);
        if (before.length) return this.goTo(before[before.length - 1], 'breakpoint');
      }
    }
    return this.goTo(0, 'entry');
  }

  snapshot(): Snapshot {
    if (!this.machine) throw new Error('the program has errors and cannot run');
    return buildSnapshot(this.machine);
  }

  // ---- MachineController ----

  shouldPause(m: Machine, stmt: StatementInfo): boolean {
    const mode = this.mode;
    if (this.checkpoints && mode.kind !== 'replay' && mode.kind !== 'scan' && m.steps >= this.checkpoints.nextDue(this.checkpointBase)) {
      this.checkpoints.take(m, 1);
      this.checkpointBase = m.steps;
    }
    if (m.steps >= this.stepLimitAt) {
      this.stopReason = 'step-limit';
      return true;
    }
    switch (mode.kind) {
      case 'replay':
        if (m.steps >= mode.target) return this.pause('step');
        break;
      case 'scan':
        if (m.steps >= mode.until) return true;
        if (m.breakpoints[stmt.line] === 1) mode.hits.push(m.steps);
        break;
      case 'step-in':
        return this.pause('step');
      case 'step-over':
        if (m.depth <= mode.depth) return this.pause('step');
        break;
      case 'step-out':
        if (m.depth < mode.depth) return this.pause('step');
        break;
      case 'line':
        if (stmt.line === mode.line) return this.pause('step');
        break;
      default:
        break;
    }
    if (mode.kind !== 'run' && mode.kind !== 'replay' && mode.kind !== 'scan' && m.breakpoints[stmt.line] === 1 && this.breakpointLines.includes(stmt.line)) {
      return this.pause('breakpoint');
    }
    this.arm(m);
    return false;
  }

  output(stream: 'stdout' | 'stderr', text: string): void {
    this.emit({ kind: 'output', stream, text });
  }

  // ---- running ----

  private checkpointBase = 0;

  private pause(reason: StopReason): boolean {
    this.stopReason = reason;
    return true;
  }

  /** When the machine must ask next: every statement while stepping, else at the next due event. */
  private arm(m: Machine): void {
    const mode = this.mode;
    let next = this.stepLimitAt;
    if (mode.kind === 'step-in' || mode.kind === 'step-over' || mode.kind === 'step-out') next = m.steps + 1;
    if (mode.kind === 'replay') next = Math.min(next, mode.target);
    if (mode.kind === 'scan') next = Math.min(next, mode.until);
    if (this.checkpoints && mode.kind !== 'replay' && mode.kind !== 'scan') next = Math.min(next, this.checkpoints.nextDue(this.checkpointBase));
    m.nextCheck = next;
  }

  private resume(mode: Mode): StopEvent {
    const m = this.machine;
    if (!m || m.ended) return this.lastStop;
    // Running forward from a point in the past discards the checkpoints of the old future.
    this.checkpoints?.truncateAfter(m.steps);
    this.checkpointBase = m.steps;
    const outcome = this.drive(mode, false);
    this.lastStop = outcome === 'ended' ? this.exited() : this.stopped(this.stopReason, m.currentStatement());
    this.emit(this.lastStop);
    return this.lastStop;
  }

  /** Runs the machine under `mode`; replays are quiet (their output is already known). */
  private drive(mode: Mode, quiet: boolean): 'paused' | 'ended' {
    const m = this.machine!;
    this.mode = mode;
    this.stopReason = 'step';
    this.stepLimitAt = mode.kind === 'replay' || mode.kind === 'scan' ? Infinity : m.steps + this.maxSteps;
    m.quiet = quiet;
    m.breakpoints = this.breakpointArray(mode);
    this.arm(m);
    try {
      return m.run();
    } finally {
      m.quiet = false;
    }
  }

  private breakpointArray(mode: Mode): Uint8Array {
    if (mode.kind === 'run' || mode.kind === 'replay') return new Uint8Array(0);
    const lines = mode.kind === 'line' ? [...this.breakpointLines, mode.line] : this.breakpointLines;
    const array = new Uint8Array(Math.max(0, ...lines) + 1);
    for (const l of lines) array[l] = 1;
    return array;
  }

  /** Restores the state after exactly `target` statements: nearest checkpoint, then replay. */
  private goTo(target: number, reason: StopReason): StopEvent {
    const m = this.machine!;
    if (this.checkpoints) {
      const checkpoint = this.checkpoints.before(target)!;
      this.checkpoints.restore(m, checkpoint);
    } else {
      this.restart();
    }
    if (m.steps < target) this.drive({ kind: 'replay', target }, true);
    this.lastStop = m.ended ? this.exited() : this.stopped(reason, m.currentStatement());
    this.emit(this.lastStop);
    return this.lastStop;
  }

  /** Without checkpoints, going back means running again from the start. */
  private restart(): void {
    const m = this.machine!;
    const process = this.startProcess();
    m.process = process;
    m.mem.mmu = process.mmu;
    m.mem.shadow = new ShadowMemory();
    initializeImage(this.program, process, m.mem);
    m.watchHeap(process);
    m.blocks.rewind(0);
    m.checker?.restart();
    m.acts = [];
    m.natives = [];
    m.libc = newLibcState(new TextEncoder().encode(this.options.stdin ?? ''));
    m.stdout = '';
    m.stderr = '';
    m.steps = 0;
    m.termination = undefined;
    m.error = undefined;
    m.start(this.main!);
    m.leakWatch.rewind(0);
  }

  private startProcess(): Process {
    const o = this.options;
    return Process.start(this.program.description, { argv: o.argv, ramBytes: o.ramBytes, swapBytes: o.swapBytes });
  }

  private stopped(reason: StopReason, statement: StatementInfo | undefined): StopEvent {
    const m = this.machine!;
    const top = m.acts[m.acts.length - 1];
    return {
      kind: 'stopped', reason, line: statement?.line ?? 0,
      range: statement?.range ?? { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 },
      functionName: top?.fn.name ?? '', steps: m.steps,
      message: reason === 'step-limit' ? `stopped after ${this.maxSteps} steps (the step limit): the program may be in an endless loop; the state is kept` : undefined,
    };
  }

  private exited(): StopEvent {
    const m = this.machine!;
    const t = m.termination!;
    if (t.kind === 'exit') {
      // A memory error that stopped the run ends it with _exit(1), as a sanitizer build does: say which.
      const halted = m.error?.halted ? { message: `${m.error.kind} at line ${m.error.line}: ${m.error.message}` } : {};
      return { kind: 'exited', code: t.status, ...halted, steps: m.steps };
    }
    return { kind: 'exited', code: null, signal: t.signal, message: m.error?.message ?? t.message, steps: m.steps };
  }

  private emit(event: SessionEvent): void {
    for (const l of this.listeners) l(event);
  }
}
