import { type Diagnostic, hasErrors } from '../../../shared/diagnostics';
import { type AllocatorName, DEFAULT_ALLOCATOR } from '../../../shared/allocators';
import { type Annotations, parseAnnotations } from '../../../shared/annotations';
import { allocatorFactory } from '../../../engine/heap/allocators';
import type { MemoryError } from '../../../shared/memoryIssues';
import type { Snapshot } from '../../../shared/snapshot';
import { Process } from '../../../engine/process';
import type { ProgramOptions } from '../../../engine/program/programOptions';
import type {
  ProgramEnd, ProgramFault, ProgramLocation, ProgramState, ProgramViewRequest, StepDriver, SteppableProgram, WatchedRange, WriteHit,
} from '../../../engine/program/steppableProgram';
import type { CParser } from '../parser';
import { type CompiledProgram, compileProgram } from '../interpreter/compileProgram';
import { initializeImage, loadProgram } from '../interpreter/loadProgram';
import type { LoweredFunction, StatementInfo } from '../interpreter/lower/instructions';
import { newLibcState } from '../interpreter/builtins/libcState';
import { Machine, type MachineController, type RuntimeError } from '../interpreter/vm/machine';
import { ShadowMemory } from '../interpreter/vm/shadowMemory';
import { VmMemory } from '../interpreter/vm/vmMemory';
import { WriteWatch } from '../interpreter/vm/writeWatch';
import { errorLines } from '../../../engine/errors/errorText';
import { buildSnapshot, type SnapshotCache } from './buildSnapshot';
import { answerView } from './answerView';
import { HeapViewCache } from '../../../engine/views/heapIndex';
import type { CounterSample, ViewResponse } from '../../../shared/viewRequests';
import { type MachineState, restoreMachineState, saveMachineState } from './machineState';

const NO_DRIVER: StepDriver = { shouldPause: () => false, output: () => undefined };

/**
 * A C file as a steppable program: the compiled program, loaded into a simulated process and run
 * by the C virtual machine. The machine consults this object at the statements it was told to
 * check, and this object asks the session's driver.
 */
export class CProgram implements SteppableProgram, MachineController {
  readonly language = 'c';
  readonly source: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly statementLines = new Set<number>();
  driver: StepDriver = NO_DRIVER;
  private readonly machine?: Machine;
  private main?: LoweredFunction;
  /** Immutable program code and frame layouts: shared by saved states, never copied. */
  private readonly shared = new WeakSet<object>();
  /** True while the machine's run loop is executing (a state saved then has its pc one ahead). */
  private inRunLoop = false;
  private readonly writes = new WriteWatch();
  /** The statement the machine is asking about, during shouldPause (its pc is already past the Stmt). */
  private asking: StatementInfo | undefined;
  /** The heap's index for the views, kept while the heap does not change (never part of the program's state). */
  private readonly views: SnapshotCache = { heap: new HeapViewCache() };

  /** The C library's allocator this run uses (options, then the file's annotation, then the default). */
  readonly allocator: AllocatorName;

  private constructor(readonly compiled: CompiledProgram, private readonly options: ProgramOptions, annotations: Annotations) {
    this.source = compiled.source;
    this.diagnostics = [...compiled.diagnostics, ...annotations.diagnostics];
    this.allocator = options.allocator ?? annotations.settings.allocator ?? options.defaultAllocator ?? DEFAULT_ALLOCATOR;
    if (!compiled.checked || hasErrors(annotations.diagnostics)) return;
    const process = this.startProcess();
    const mem = new VmMemory(process.mmu, new ShadowMemory());
    const loaded = loadProgram(compiled, process, mem);
    const machine = new Machine(process, loaded.functions, loaded.libraryByAddress, this, mem);
    // The heap's peak is dated by statement; the closure is over the machine, which saved states keep.
    process.allocator.clock = () => machine.steps;
    if (options.memoryChecks !== false) machine.enableChecks(options.keepGoing ?? false);
    machine.sourceName = compiled.source;
    for (const fn of compiled.library.values()) machine.libraryAddresses.set(fn.name, fn.address);
    machine.libc = newLibcState(new TextEncoder().encode(options.stdin ?? ''));
    for (const fn of loaded.functions.values()) {
      for (const s of fn.statements) this.statementLines.add(s.line);
      this.shared.add(fn).add(fn.spec).add(fn.spec.layout);
    }
    this.shared.add(process.image.program);
    this.machine = machine;
    this.main = loaded.main;
    this.writes.onHit = () => {
      machine.nextCheck = 0;
    };
    machine.start(loaded.main);
  }

  static create(parser: CParser, text: string, source: string, options: ProgramOptions = {}): CProgram {
    return new CProgram(compileProgram(parser, text, source), options, parseAnnotations(text));
  }

  get runnable(): boolean {
    return this.machine !== undefined;
  }

  /** The C virtual machine (undefined when the program has errors), for reports and tests. */
  get vm(): Machine | undefined {
    return this.machine;
  }

  /** The memory errors found so far (the run stops at the first unless keepGoing). */
  get memoryErrors(): readonly MemoryError[] {
    return this.machine?.checker?.errors ?? [];
  }

  /** The run-time error that ended the program, if one did. */
  get error(): RuntimeError | undefined {
    return this.machine?.error;
  }

  get steps(): number {
    return this.machine?.steps ?? 0;
  }

  get depth(): number {
    return this.machine?.depth ?? 0;
  }

  get ended(): boolean {
    return this.machine?.ended ?? true;
  }

  get nextCheck(): number {
    return this.vmOrThrow().nextCheck;
  }

  set nextCheck(step: number) {
    this.vmOrThrow().nextCheck = step;
  }

  get breakpoints(): Uint8Array {
    return this.vmOrThrow().breakpoints;
  }

  set breakpoints(lines: Uint8Array) {
    this.vmOrThrow().breakpoints = lines;
  }

  get quiet(): boolean {
    return this.vmOrThrow().quiet;
  }

  set quiet(quiet: boolean) {
    this.vmOrThrow().quiet = quiet;
  }

  run(): 'paused' | 'ended' {
    const m = this.vmOrThrow();
    this.inRunLoop = true;
    try {
      return m.run();
    } catch (e) {
      // A defect of the interpreter escaped the machine: remember the statement it was executing,
      // which location() then reports (the boundary that catches the error names it).
      this.failedAt = m.executingStatement();
      throw e;
    } finally {
      this.inRunLoop = false;
    }
  }

  private failedAt: StatementInfo | undefined;

  location(): ProgramLocation | undefined {
    const m = this.machine;
    if (!m) return undefined;
    const statement = this.asking ?? this.failedAt ?? m.currentStatement();
    if (!statement) return undefined;
    return { line: statement.line, range: statement.range, functionName: m.acts[m.acts.length - 1]?.fn.name ?? '' };
  }

  faults(): readonly ProgramFault[] {
    const m = this.machine;
    if (!m) return [];
    const found: ProgramFault[] = this.memoryErrors.map((e) => ({ kind: e.kind, line: e.line, step: e.step ?? m.steps, text: errorLines(e) }));
    // What ended the run when it was not a memory error (abort, SIGFPE, an unsupported call).
    const e = m.error;
    if (e && !this.memoryErrors.some((x) => x.kind === e.kind && x.line === e.line && x.column === e.column)) {
      const { range: _range, halted: _halted, ...error } = e;
      found.push({ kind: e.kind, line: e.line, step: m.steps, text: errorLines(error) });
    }
    return found;
  }

  end(): ProgramEnd {
    const m = this.vmOrThrow();
    const t = m.termination;
    if (!t) throw new Error('the program has not ended');
    if (t.kind === 'exit') {
      // A memory error that stopped the run ends it with _exit(1), as a sanitizer build does: say which.
      return { code: t.status, ...(m.error?.halted ? { message: `${m.error.kind} at line ${m.error.line}: ${m.error.message}` } : {}) };
    }
    return { code: null, signal: t.signal, message: m.error?.message ?? t.message };
  }

  saveState(): ProgramState | undefined {
    return saveMachineState(this.vmOrThrow(), this.inRunLoop ? 1 : 0, (o) => this.shared.has(o));
  }

  restoreState(state: ProgramState): void {
    restoreMachineState(this.vmOrThrow(), state as MachineState, (o) => this.shared.has(o));
  }

  restart(): void {
    const m = this.vmOrThrow();
    const process = this.startProcess();
    m.process = process;
    process.allocator.clock = () => m.steps;
    m.mem.mmu = process.mmu;
    m.mem.shadow = new ShadowMemory();
    initializeImage(this.compiled, process, m.mem);
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

  watchWrites(ranges: readonly WatchedRange[]): void {
    this.writes.set(ranges);
    this.vmOrThrow().mem.writeWatch = ranges.length ? this.writes : undefined;
  }

  takeWriteHits(): WriteHit[] {
    return this.writes.take();
  }

  snapshot(): Snapshot {
    return buildSnapshot(this.vmOrThrow(), this.views);
  }

  answerView(request: ProgramViewRequest): ViewResponse {
    return answerView(this.vmOrThrow(), this.views, request);
  }

  counterSample(): Omit<CounterSample, 'step'> {
    const m = this.vmOrThrow();
    const c = m.process.counters();
    return {
      rssBytes: c.rssBytes, vszBytes: c.vszBytes, heapInUseBytes: m.blocks.liveBytes,
      minorFaults: c.minorFaults, majorFaults: c.majorFaults, invalidFaults: c.invalidFaults,
      brkCalls: c.brkCalls, mmapCalls: c.mmapCalls, errors: m.checker?.errors.length ?? 0,
    };
  }

  // ---- MachineController ----

  shouldPause(_machine: Machine, stmt: StatementInfo): boolean {
    this.asking = stmt;
    try {
      return this.driver.shouldPause();
    } finally {
      this.asking = undefined;
    }
  }

  output(stream: 'stdout' | 'stderr', text: string): void {
    this.driver.output(stream, text);
  }

  errorRecorded(machine: Machine): void {
    machine.nextCheck = 0;
  }

  private vmOrThrow(): Machine {
    if (!this.machine) throw new Error('the program has errors and cannot run');
    return this.machine;
  }

  private startProcess(): Process {
    const o = this.options;
    return Process.start(this.compiled.description, { argv: o.argv, ramBytes: o.ramBytes, swapBytes: o.swapBytes, allocator: allocatorFactory(this.allocator) });
  }
}
