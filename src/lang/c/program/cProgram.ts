import { type Diagnostic, type SourceRange, hasErrors } from '../../../shared/diagnostics';
import { type AllocatorName, DEFAULT_ALLOCATOR } from '../../../shared/allocators';
import { type Annotations, parseAnnotations } from '../../../shared/annotations';
import { allocatorFactory } from '../../../engine/heap/allocators';
import type { MemoryError } from '../../../shared/memoryIssues';
import type { Snapshot } from '../../../shared/snapshot';
import { Process } from '../../../engine/process';
import type { ProgramOptions } from '../../../engine/program/programOptions';
import type {
  ProgramEnd, ProgramFault, ProgramLocation, ProgramState, ProgramViewRequest, SourceMark, StepInTarget, SummaryLine, StepDriver, SteppableProgram, WatchedRange, WriteHit,
} from '../../../engine/program/steppableProgram';
import type { CParser } from '../parser';
import { type CompiledProgram, compileProgram } from '../interpreter/compileProgram';
import { initializeImage, loadProgram } from '../interpreter/loadProgram';
import { type LoweredFunction, Op, type StatementInfo } from '../interpreter/lower/instructions';
import { newLibcState } from '../interpreter/builtins/libcState';
import { Machine, type MachineController, type RuntimeError } from '../interpreter/vm/machine';
import { ShadowMemory } from '../interpreter/vm/shadowMemory';
import { VmMemory } from '../interpreter/vm/vmMemory';
import { WriteWatch } from '../interpreter/vm/writeWatch';
import { errorLines } from '../../../engine/errors/errorText';
import { answerView } from './answerView';
import { HeapViewCache } from '../../../engine/views/heapIndex';
import type { CounterSample, ViewResponse } from '../../../shared/viewRequests';
import { siteText } from '../../../engine/errors/describeAccess';
import { leakReport } from '../interpreter/vm/heapLeaks';
import { leakLines } from '../../../engine/leaks/leakText';
import { peekMemory } from '../../../engine/memory/peekMemory';
import { MemoryFault } from '../../../engine/memory/memoryFault';
import { buildSnapshot, type SnapshotCache } from './buildSnapshot';
import { CInspector } from './inspect/cInspector';
import type { ProgramInspector } from '../../../engine/program/programInspector';
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

  private inspectorOf?: CInspector;
  /** The C library's allocator this run uses (options, then the file's annotation, then the default). */
  readonly allocator: AllocatorName;

  private constructor(
    readonly compiled: CompiledProgram,
    private readonly options: ProgramOptions,
    annotations: Annotations,
    private readonly parser: CParser,
    /** The source's lines, as written (labels of step-in targets). */
    private readonly lines: readonly string[],
  ) {
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
    machine.libc = newLibcState(new TextEncoder().encode(options.stdin ?? ''), options.stdoutIsTerminal ?? false);
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
    // The statement executing now (not the next Stmt the pc may already point at).
    this.writes.lineNow = () => {
      const a = machine.acts[machine.acts.length - 1];
      return a?.fn.statements[a.stmt]?.line;
    };
    machine.start(loaded.main);
  }

  static create(parser: CParser, text: string, source: string, options: ProgramOptions = {}): CProgram {
    return new CProgram(compileProgram(parser, text, source), options, parseAnnotations(text), parser, text.split('\n'));
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
    const leaks = m.ended ? this.leakFaults(m) : [];
    const found: ProgramFault[] = this.memoryErrors.map((e) => ({ kind: e.kind, line: e.line, step: e.step ?? m.steps, text: errorLines(e) }));
    // What ended the run when it was not a memory error (abort, SIGFPE, an unsupported call).
    const e = m.error;
    if (e && !this.memoryErrors.some((x) => x.kind === e.kind && x.line === e.line && x.column === e.column)) {
      const { range: _range, halted: _halted, ...error } = e;
      found.push({ kind: e.kind, line: e.line, step: m.steps, text: errorLines(error) });
    }
    return [...found, ...leaks];
  }

  summary(): readonly SummaryLine[] {
    const m = this.vmOrThrow();
    const out: SummaryLine[] = [];
    for (const f of this.faults()) {
      if (f.kind === 'leak') continue;
      f.text.forEach((text, i) => out.push({ text, ...(i === 0 ? { line: f.line } : {}) }));
    }
    if (m.ended) {
      for (const text of leakLines(leakReport(m, true))) {
        // A loss record names the line that lost its block's last pointer, else where it was allocated.
        const line = /last pointer went at line (\d+)/.exec(text)?.[1] ?? /allocated at line (\d+)/.exec(text)?.[1];
        out.push({ text, ...(line ? { line: Number(line) } : {}) });
      }
    }
    const c = m.process.counters();
    const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
    out.push({ text: `page faults: ${c.minorFaults} minor, ${c.majorFaults} major, ${c.invalidFaults} invalid` });
    out.push({ text: `memory: VSZ ${kib(c.vszBytes)}, RSS ${kib(c.rssBytes)} (peak ${kib(c.peakRssBytes)})` });
    return out;
  }

  statementPositions(startLine: number, endLine: number): readonly { readonly line: number; readonly column: number }[] {
    const out: { line: number; column: number }[] = [];
    for (const fn of this.vmOrThrow().functions.values()) {
      for (const s of fn.statements) if (s.line >= startLine && s.line <= endLine) out.push({ line: s.line, column: s.range.startColumn });
    }
    return out.sort((a, b) => a.line - b.line || a.column - b.column).filter((p, i, all) => i === 0 || p.line !== all[i - 1].line || p.column !== all[i - 1].column);
  }

  heapMarks(): { readonly allocation?: SourceMark; readonly free?: SourceMark } {
    const m = this.machine;
    if (!m) return {};
    const { allocated, freed } = m.blocks.latest();
    const hex = (n: number) => `0x${n.toString(16)}`;
    return {
      ...(allocated ? { allocation: { line: allocated.allocatedAt.line, text: `last allocation: ${allocated.size} bytes at ${hex(allocated.ptr)}${allocated.freedAt ? ' (freed since)' : ''}` } } : {}),
      ...(freed?.freedAt ? { free: { line: freed.freedAt.line, text: `last free: the ${freed.size}-byte block at ${hex(freed.ptr)}` } } : {}),
    };
  }

  stepInTargets(): readonly StepInTarget[] {
    const m = this.machine;
    const a = m?.acts[m.acts.length - 1];
    if (!a) return [];
    const out: StepInTarget[] = [];
    // The statement's instructions: from its Stmt (where the machine is paused, or just ahead at
    // main's entry) to the next one.
    let start = a.pc;
    while (start < a.fn.code.length && a.fn.code[start].op !== Op.Stmt) start++;
    for (let pc = start + 1; pc < a.fn.code.length; pc++) {
      const ins = a.fn.code[pc];
      if (ins.op === Op.Stmt) break;
      if (ins.op === Op.Call && ins.direct) out.push({ label: this.sourceText(ins.range) ?? `${ins.direct.name}()`, functionName: ins.direct.name, line: ins.line });
    }
    return out;
  }

  private counted = 0;

  get callsCounted(): number {
    return this.counted;
  }

  countCalls(functionName: string | undefined, depth: number): void {
    const m = this.vmOrThrow();
    this.counted = 0;
    m.onEnter = functionName === undefined ? undefined : (fn, newDepth) => {
      if (fn.name === functionName && newDepth === depth) this.counted++;
    };
  }

  /** The source text of a one-line range (a call as written). */
  private sourceText(range: SourceRange | undefined): string | undefined {
    if (!range || range.startLine !== range.endLine) return undefined;
    return this.lines[range.startLine - 1]?.slice(range.startColumn - 1, range.endColumn - 1);
  }

  functionLine(name: string): number | undefined {
    return this.machine?.functions.get(name)?.statements[0]?.line;
  }

  private leakCache?: { readonly steps: number; readonly faults: readonly ProgramFault[] };

  /**
   * After the end: each definitely lost block as a fault at the statement that dropped its last
   * pointer (a debugger stopping on leaks goes back to just before it), in the order they were lost.
   */
  private leakFaults(m: Machine): readonly ProgramFault[] {
    if (this.leakCache?.steps === m.steps) return this.leakCache.faults;
    const report = leakReport(m, true);
    const faults = report.stoppedAtError ? [] : report.blocks
      .filter((b) => b.class === 'definitely-lost' && b.lostAt)
      .sort((a, b) => a.lostAt!.step - b.lostAt!.step)
      .map((b) => ({
        kind: 'leak', line: b.lostAt!.line, step: b.lostAt!.step,
        text: [`leak: the last pointer to the ${b.size}-byte block at ${b.address} (allocated at ${siteText(b.allocatedAt)}) is lost here: it is definitely lost${b.indirect?.blocks ? `, with ${b.indirect.bytes} bytes in ${b.indirect.blocks} blocks only it points to` : ''}`],
      }));
    this.leakCache = { steps: m.steps, faults };
    return faults;
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
    this.leakCache = undefined;
    restoreMachineState(this.vmOrThrow(), state as MachineState, (o) => this.shared.has(o));
  }

  restart(): void {
    this.leakCache = undefined;
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
    m.libc = newLibcState(new TextEncoder().encode(this.options.stdin ?? ''), this.options.stdoutIsTerminal ?? false);
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

  get inspector(): ProgramInspector {
    const m = this.vmOrThrow();
    this.inspectorOf ??= new CInspector(m, this.compiled, this.parser, (address, bytes) => this.debuggerWrite(address, bytes), () => this.asking ?? m.currentStatement());
    return this.inspectorOf;
  }

  /**
   * Bytes written into the process as a debugger writes them (ptrace's POKEDATA): past page
   * protections, not a store of the program (no checks, no data breakpoint), but the bytes are
   * defined from now on and the leak tracking sees the pointers they may hold.
   */
  debuggerWrite(address: number, bytes: Uint8Array): void {
    const m = this.vmOrThrow();
    if (!peekMemory(m.mem.mmu, address, bytes.length)) throw new MemoryFault(address, 'write', 'unmapped');
    this.leakCache = undefined;
    m.mem.mmu.kernelWrite(address, bytes);
    m.mem.shadow.define(address, bytes.length);
    m.mem.watch?.stored(address, bytes.length);
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
