import type { Process } from '../../../../engine/process';
import { MemoryFault } from '../../../../engine/memory/memoryFault';
import { ProcessTerminated, type TerminationReport, reportForSignal } from '../../../../engine/kernel/signals';
import { statementAddress } from '../../../../engine/stack/callStack';
import type { SourceRange } from '../../../../shared/diagnostics';
import type { MemoryError, SiteFrame, SourceSite } from '../../../../shared/memoryIssues';
import type { RunError } from '../../../../shared/runReport';
import { hex } from '../../../../engine/addressSpace/layout';
import { BlockRegistry } from '../../../../engine/heap/blockRegistry';
import { LeakWatch } from './leakWatch';
import type { StaleWord } from './stalePointers';
import { type Activation, type LoweredFunction, Op, type StatementInfo } from '../lower/instructions';
import { storeOf } from '../lower/kindOps';
import type { Value, ValueKind } from '../values/valueKind';
import type { LibraryImpl } from '../builtins/libraryTable';
import { type LibcState, newLibcState } from '../builtins/libcState';
import { MemoryChecker, MemoryErrorStop } from './memoryChecker';
import { ShadowMemory } from './shadowMemory';
import { ArithmeticTrap } from './traps';
import { UnsupportedAtRunTime } from './unsupportedAtRunTime';
import { type Comparison, NativeCall, type ProgramCall } from './nativeCall';
import { LongJump } from './longJump';
import { exitHandlers } from '../builtins/exitHandlers';
import { flushFileStreams } from '../builtins/fileStreams';
import type { Int64 } from '../values/int64';
import { VmMemory } from './vmMemory';
import { variadicCall } from './variadicCall';
import { PAUSED, bodyOf, markTemp } from './functionBody';

/** Sites by call chain (see siteNow): the site of this chain, and the chains one caller longer. */
interface SiteNode {
  site?: SourceSite;
  readonly callers: Map<StatementInfo | undefined, SiteNode>;
}

/** Frames a site (of an allocation, a free, an error) keeps, innermost first. */
export const SITE_FRAMES = 32;

/** A return value that goes to the innermost native frame (a comparator's result). */
const TO_NATIVE = -2;

interface NativeFrame {
  readonly steps: Generator<Comparison | ProgramCall, unknown, number>;
  /** The comparator Comparison steps call. */
  readonly target?: LoweredFunction;
  readonly resultTemp: number;
  readonly finish: (result: unknown) => Value;
}

/** What the machine asks its controller (the Session) at the statements it was told to check. */
export interface MachineController {
  /** True to stop before the statement `stmt` of the innermost activation. */
  shouldPause(machine: Machine, stmt: StatementInfo): boolean;
  output(stream: 'stdout' | 'stderr', text: string): void;
  /** A memory error was recorded (the run may keep going). */
  errorRecorded(machine: Machine): void;
}

/** What ended the run (a memory error, a fault, abort, SIGFPE), where it happened. */
export interface RuntimeError extends RunError {
  readonly range?: SourceRange;
  /** The checker ended the run here (the error is a memory error and the run did not keep going). */
  readonly halted?: true;
}

/**
 * The C virtual machine: one loop over the current function's instructions with an explicit
 * stack of activations (no JS recursion per C call). Everything it needs to continue is data:
 * the activations (function, pc, rbp, temporaries), the step counter, the library's state and
 * the process (memory, kernel, heap, call stack), so a run can stop at any statement and be
 * checkpointed.
 *
 * The loop checks for a pause only at Stmt instructions, and only when the step counter reaches
 * `nextCheck` or the statement's line has a breakpoint: full speed costs two comparisons a
 * statement.
 */
export class Machine {
  readonly mem: VmMemory;
  acts: Activation[] = [];
  steps = 0;
  /** The step count at which the controller is consulted next. */
  nextCheck = Infinity;
  /** Lines with a breakpoint (1) by line number. */
  breakpoints: Uint8Array = new Uint8Array(0);
  libc: LibcState;
  stdout = '';
  stderr = '';
  termination?: TerminationReport;
  error?: RuntimeError;
  /** The source file's name as compiled (what __FILE__ and assert print). */
  sourceName = 'program.c';
  /** Output events are suppressed while replaying (the text is rebuilt, not re-announced). */
  quiet = false;
  private readonly byAddress = new Map<number, LoweredFunction>();
  /** Library functions in the middle of calling back into the program (innermost last). */
  natives: NativeFrame[] = [];
  /** The heap blocks the program holds, with their allocation and free sites. */
  readonly blocks: BlockRegistry;
  /** The step at which each block became unreachable. */
  readonly leakWatch: LeakWatch;
  /** Library entry points by name, for the frames of native calls. */
  libraryAddresses = new Map<string, number>();
  /** ASan's and Memcheck's checks, when the session asked for them (see enableChecks). */
  checker: MemoryChecker | undefined;
  /** Told of every call as it enters its function (the new depth), while a debugger waits for one. */
  onEnter: ((fn: LoweredFunction, depth: number) => void) | undefined;
  /** The function being entered while its frame is built (a fault then is its prologue's). */
  private entering: LoweredFunction | undefined;

  constructor(
    public process: Process,
    readonly functions: ReadonlyMap<string, LoweredFunction>,
    readonly libraryByAddress: ReadonlyMap<number, LibraryImpl>,
    public controller: MachineController,
    mem?: VmMemory,
  ) {
    this.mem = mem ?? new VmMemory(process.mmu, new ShadowMemory());
    this.libc = newLibcState();
    this.blocks = new BlockRegistry(this);
    this.leakWatch = new LeakWatch(this);
    this.mem.watch = this.leakWatch;
    this.watchHeap(process);
    for (const fn of functions.values()) this.byAddress.set(fn.address, fn);
  }

  /** Follows the allocator's events of `process` (at the start, and when a run restarts on a new process). */
  watchHeap(process: Process): void {
    // A closure over the machine, not the registry: checkpoints copy the allocator with its
    // listener, and the copy must keep feeding this machine's registry.
    process.allocator.setListener((e) => {
      // The checker first: it asks the registry about a block before the registry forgets it.
      this.checker?.onHeapEvent(e);
      const ended = e.kind === 'free' ? this.blocks.idAt(e.ptr) : e.kind === 'realloc' ? this.blocks.idAt(e.oldPtr) : 0;
      this.blocks.onHeapEvent(e);
      this.leakWatch.heapEvent(e, ended);
      // A chunk handed out again: the pointers stored for the block freed there are stale now.
      const stale = this.leakWatch.takeNewlyStale();
      if (stale.length > 0) this.checker?.pointersWentStale(stale);
    });
  }

  /**
   * Turns on the memory error checks for this run (after the image is loaded): the poison map
   * starts with the gaps between globals; frames and heap blocks are added as they come.
   */
  enableChecks(keepGoing: boolean): MemoryChecker {
    const checker = new MemoryChecker(this, this.mem, keepGoing);
    this.checker = checker;
    this.mem.checker = checker;
    checker.loadImage();
    return checker;
  }

  get ended(): boolean {
    return this.termination !== undefined;
  }

  get depth(): number {
    return this.acts.length;
  }

  /** Calls main(argc, argv): its frame is built on the stack the kernel prepared. */
  start(main: LoweredFunction): void {
    const argc = this.process.argv.length;
    const argv = this.process.image.stack.argvAddress;
    this.enter(main, [argc, argv, this.process.image.stack.envpAddress], -1);
  }

  /**
   * Runs until the controller asks for a pause (returns 'paused', the innermost activation's pc
   * at a Stmt that has not executed yet) or the process ends ('ended').
   */
  run(): 'paused' | 'ended' {
    if (this.ended) return 'ended';
    let a = this.acts[this.acts.length - 1];
    // Resuming at a Stmt where we paused: execute it without asking again.
    const first = a.fn.code[a.pc];
    if (first.op === Op.Stmt) {
      a.stmt = first.index;
      a.pc++;
      this.steps++;
    }
    const checker = this.checker;
    try {
      for (;;) {
        // Straight-line code runs inside the function's body; calls and returns come back here.
        const k = (a.fn.body ?? bodyOf(a.fn))(this, a);
        if (k === PAUSED) return 'paused';
        const ins = a.fn.code[k];
        switch (ins.op) {
          case Op.Call: {
            const n = ins.args.length;
            // A library function may keep its arguments (a callback's state); a prologue never does.
            const args: Value[] = ins.direct !== undefined ? (ins.argBuffer ??= new Array(n)) : new Array(n);
            // Which arguments carry undefined values (bit i: argument i), when checking.
            let undefinedArgs = 0;
            // Which arguments are stale pointers (their parameters are stale copies), when any word is.
            let staleArgs: StaleWord[] | undefined;
            if (checker === undefined) {
              for (let i = n - 1; i >= 0; i--) args[i] = ins.args[i](a);
            } else {
              checker.tainted = false;
              checker.staleLoad = undefined;
              for (let i = n - 1; i >= 0; i--) {
                args[i] = ins.args[i](a);
                if (checker.tainted) {
                  undefinedArgs |= 1 << i;
                  checker.tainted = false;
                }
                if (checker.staleLoad !== undefined) {
                  (staleArgs ??= [])[i] = checker.staleLoad;
                  checker.staleLoad = undefined;
                }
              }
            }
            // A library function is called by name or through a pointer to its PLT entry.
            let lib = ins.library;
            let target = ins.direct;
            if (!lib && !target) {
              const address = ins.pointer!(a) as number;
              target = this.byAddress.get(address);
              if (!target) {
                lib = this.libraryByAddress.get(address);
                if (!lib) this.jumpOutsideFunctions(address);
              }
            }
            if (lib) {
              if (checker !== undefined) checker.beforeLibrary(ins, args, undefinedArgs);
              const r = lib(this, args, ins);
              if (checker !== undefined) checker.afterLibrary(ins, args, r);
              if (r instanceof NativeCall) {
                a = this.startNative(r, ins.result);
              } else if (r instanceof LongJump) {
                a = this.acts[this.acts.length - 1];
              } else if (ins.result >= 0) a.t[ins.result] = r;
              break;
            }
            a = this.enter(target!, args, ins.result, undefinedArgs, ins.argKinds, staleArgs);
            break;
          }
          case Op.Return: {
            if (checker !== undefined) {
              checker.tainted = false;
              checker.staleLoad = undefined;
            }
            const value = ins.value ? ins.value(a) : undefined;
            const stack = this.process.callStack;
            // A call with `...` arguments on the stack had a frame of its own shape.
            const layout = checker !== undefined && a.fn.variadic ? stack.top!.layout : a.fn.spec.layout;
            // The frame stops being a root: its locals may have held the last pointer to a block.
            this.leakWatch.frameReturning();
            const returnTo = stack.leave();
            if (checker !== undefined) checker.leaveFrame(a.rbp, layout, a.fn.name);
            // `ret` pops what the slot holds now: an out-of-bounds write over it (or a smashed
            // rbp, which moves the slot) sends control elsewhere, and natively the process dies there.
            if (returnTo !== stack.pushedReturnAddress) this.jumpOutsideFunctions(returnTo);
            this.acts.pop();
            (a.fn.spare ??= []).push(a);
            if (a.resultTemp === TO_NATIVE) {
              a = this.advanceNative(this.natives[this.natives.length - 1], value as number);
              break;
            }
            if (this.acts.length === 0) {
              // glibc's start code calls exit(main's value): the atexit handlers run first.
              const status = typeof value === 'number' ? value : 0;
              const handlers = exitHandlers(this, status);
              if (handlers === undefined) {
                this.exit(status);
                return 'ended';
              }
              a = this.startNative(handlers, -1);
              break;
            }
            const caller = this.acts[this.acts.length - 1];
            if (a.resultTemp >= 0) {
              caller.t[a.resultTemp] = value;
              if (checker !== undefined) markTemp(caller, a.resultTemp, checker.tainted);
            }
            if (checker !== undefined) {
              checker.tainted = false;
              checker.staleLoad = undefined;
            }
            a = caller;
            break;
          }
        }
      }
    } catch (e) {
      this.terminate(e);
      return 'ended';
    }
  }

  /**
   * A library function that calls back into the program (qsort's comparator): its own frame in
   * stack memory, then the first callback as an ordinary activation.
   */
  private startNative(call: NativeCall, resultTemp: number): Activation {
    const stack = this.process.callStack;
    const caller = this.acts[this.acts.length - 1];
    if (caller) stack.setRip(this.ripOf(caller));
    const frame = stack.call({
      functionName: call.name,
      entryAddress: this.libraryAddresses.get(call.name) ?? 0,
      locals: call.frameBytes > 0 ? [{ name: 'alloca', size: call.frameBytes, align: 16, typeName: `char[${call.frameBytes}]` }] : [],
    });
    this.checker?.enterFrame(frame.rbp, frame.layout);
    const area = frame.rbp - call.frameBytes;
    let target: LoweredFunction | undefined;
    if (call.callback !== undefined) {
      target = typeof call.callback === 'number' ? this.byAddress.get(call.callback) : undefined;
      if (!target) {
        stack.leave();
        this.checker?.leaveFrame(frame.rbp, frame.layout, frame.functionName);
        this.process.mmu.checkExecutable(Number(call.callback));
        throw new MemoryFault(Number(call.callback), 'exec', 'protection');
      }
    }
    const native: NativeFrame = { steps: call.start({ alloca: () => area }), target, resultTemp, finish: call.finish };
    this.natives.push(native);
    return this.advanceNative(native, 0);
  }

  /** Feeds the callback's result to the native frame; calls back again or returns to its caller. */
  private advanceNative(native: NativeFrame, result: number): Activation {
    const step = native.steps.next(result | 0);
    if (!step.done) {
      const request = step.value;
      if ('function' in request) return this.enter(this.programFunction(request.function), request.args, TO_NATIVE);
      return this.enter(native.target!, [request.a, request.b], TO_NATIVE);
    }
    // Computed before the frame goes: exit's ends the process here.
    const value = native.finish(step.value);
    this.natives.pop();
    const stack = this.process.callStack;
    const left = this.checker !== undefined ? stack.top : undefined;
    stack.leave();
    if (left !== undefined) this.checker!.leaveFrame(left.rbp, left.layout, left.functionName);
    const caller = this.acts[this.acts.length - 1];
    if (native.resultTemp >= 0) caller.t[native.resultTemp] = value;
    return caller;
  }

  /**
   * longjmp's unwinding: the activations above depth `keep` return without running the rest of
   * their code (their frames leave the stack as a return's would, so their locals stop being
   * roots and the checks see them as returned frames).
   */
  unwindTo(keep: number): void {
    const stack = this.process.callStack;
    while (this.acts.length > keep) {
      const a = this.acts[this.acts.length - 1];
      const layout = this.checker !== undefined && a.fn.variadic ? stack.top!.layout : a.fn.spec.layout;
      this.leakWatch.frameReturning();
      stack.leave();
      this.checker?.leaveFrame(a.rbp, layout, a.fn.name);
      this.acts.pop();
    }
  }

  /** The program's function at `address`, for a library function calling it (an exit handler). */
  private programFunction(address: Int64): LoweredFunction {
    const target = typeof address === 'number' ? this.byAddress.get(address) : undefined;
    if (target) return target;
    if (typeof address === 'number' && this.libraryByAddress.has(address)) throw new UnsupportedAtRunTime('a library function called back by the library (such as atexit(free))');
    this.process.mmu.checkExecutable(Number(address));
    throw new MemoryFault(Number(address), 'exec', 'protection');
  }


  /**
   * Pushes an activation: the call and prologue in stack memory, then the parameters stored.
   * `undefinedArgs` has bit i set when argument i was computed from undefined bytes: that
   * parameter stays undefined (Memcheck copies V bits through a call, it does not report it).
   * `kinds` (the call's argument kinds) place the arguments of a function with `...`.
   * `staleArgs[i]` is the stale word argument i was loaded from: that parameter is a stale copy.
   */
  enter(fn: LoweredFunction, args: readonly Value[], resultTemp: number, undefinedArgs = 0, kinds?: readonly ValueKind[], staleArgs?: readonly StaleWord[]): Activation {
    if (this.onEnter !== undefined) this.onEnter(fn, this.acts.length + 1);
    const stack = this.process.callStack;
    const caller = this.acts[this.acts.length - 1];
    if (caller) stack.setRip(this.ripOf(caller));
    this.entering = fn;
    const variadic = fn.variadic ? variadicCall(fn, args, kinds) : undefined;
    const spec = variadic?.spec ?? fn.spec;
    const rbp = stack.enter(spec);
    const checker = this.checker;
    // A variadic call's frame has its own stack arguments: its layout is the call's, not the function's.
    if (checker !== undefined) checker.enterFrame(rbp, spec.layout);
    const a = this.activation(fn, rbp, resultTemp);
    // Locals hold whatever the stack held before, and are undefined until written.
    if (fn.localBytes > 0) this.mem.shadow.markUndefined(rbp - fn.localBytes, fn.localBytes);
    const params = fn.parameters;
    for (let i = 0; i < params.length && i < args.length; i++) {
      const p = params[i];
      if (checker !== undefined) {
        checker.tainted = (undefinedArgs & (1 << i)) !== 0;
        checker.staleLoad = staleArgs?.[i];
      }
      (p.store ??= storeOf(p.kind))(this.mem, rbp + p.offset, args[i]);
    }
    if (checker !== undefined) checker.staleLoad = undefined;
    variadic?.spill(this.mem, rbp, (i) => { if (checker !== undefined) checker.tainted = i < 32 && (undefinedArgs & (1 << i)) !== 0; });
    if (checker !== undefined) checker.tainted = false;
    this.entering = undefined;
    this.acts.push(a);
    return a;
  }

  /** A fresh activation of `fn`: one its returned calls left, or a new one. */
  private activation(fn: LoweredFunction, rbp: number, resultTemp: number): Activation {
    const a = fn.spare?.pop();
    if (a === undefined) return { fn, pc: 0, rbp, t: new Array(fn.temps), resultTemp, stmt: 0, tt: 0 };
    a.pc = 0;
    a.rbp = rbp;
    a.resultTemp = resultTemp;
    a.stmt = 0;
    a.tt = 0;
    a.t.fill(undefined);
    return a;
  }

  errorRecorded(): void {
    this.controller.errorRecorded(this);
  }

  /** The rip of the statement an activation is executing (spread over its estimated code). */
  ripOf(a: Activation): number {
    return statementAddress(a.fn.address, a.fn.codeSize, a.stmt, a.fn.statements.length);
  }

  /** Where the program is: the executing statement of each frame, innermost first. */
  siteNow(): SourceSite {
    // One object per distinct call chain, found by the statements of the frames, innermost
    // first: a million mallocs at one line make one site, and cost a few map lookups each.
    // Only the innermost SITE_FRAMES frames count, as ASan's and Valgrind's stacks (30 and 12
    // frames by default): a recursion a million deep must not make a million-frame site per level.
    let level = this.sites;
    let node: SiteNode | undefined;
    const outermost = Math.max(0, this.acts.length - SITE_FRAMES);
    for (let i = this.acts.length - 1; i >= outermost; i--) {
      const statement = this.acts[i].fn.statements[this.acts[i].stmt];
      node = level.get(statement);
      if (node === undefined) level.set(statement, (node = { callers: new Map() }));
      level = node.callers;
    }
    if (node === undefined) return this.buildSite();
    return (node.site ??= this.buildSite());
  }

  private readonly sites = new Map<StatementInfo | undefined, SiteNode>();

  private buildSite(): SourceSite {
    const stack: SiteFrame[] = [];
    let column: number | undefined;
    for (let i = this.acts.length - 1; i >= Math.max(0, this.acts.length - SITE_FRAMES); i--) {
      const a = this.acts[i];
      const statement = a.fn.statements[a.stmt];
      if (i === this.acts.length - 1) column = statement?.range.startColumn;
      stack.push({ function: a.fn.name, line: statement?.line ?? 0 });
    }
    return { line: stack[0]?.line ?? 0, ...(column !== undefined ? { column } : {}), stack };
  }

  /** The line of a function's definition, from the image's symbol table. */
  private functionLine(fn: LoweredFunction): number | undefined {
    return this.process.image.symbols.find((s) => s.address === fn.address)?.object.position.line;
  }

  /** The statement the innermost activation is at (paused before, or executing). */
  /**
   * The statement being executed: the last one whose Stmt instruction ran. Inside the run loop the
   * activation's pc may be stale, so this (not currentStatement) names where a failure happened.
   */
  executingStatement(): StatementInfo | undefined {
    const a = this.acts[this.acts.length - 1];
    return a?.fn.statements[a.stmt];
  }

  currentStatement(): StatementInfo | undefined {
    const a = this.acts[this.acts.length - 1];
    if (!a) return undefined;
    const ins = a.fn.code[a.pc];
    const index = ins && ins.op === Op.Stmt ? ins.index : a.stmt;
    return a.fn.statements[index];
  }

  /**
   * A NUL-terminated string, read once per address when it lies in a read-only mapping (a format
   * string literal in .rodata cannot change after loading); its bytes are still loaded through
   * the MMU for their effects (TLB counts, faults), so a replay that finds the string cached
   * leaves the machine exactly as the first run did.
   */
  constantString(address: number): Uint8Array {
    const cached = this.rodataStrings.get(address);
    if (cached) {
      this.mem.mmu.touchRead(address, cached.length + 1);
      return cached;
    }
    const bytes = this.mem.readCString(address);
    const vma = this.process.addressSpace.find(address);
    if (vma && !vma.prot.write && vma.role === 'rodata') this.rodataStrings.set(address, bytes);
    return bytes;
  }

  private readonly rodataStrings = new Map<number, Uint8Array>();

  /** Text the program writes to a file descriptor (the write(2) of a stream flush). */
  write(stream: 'stdout' | 'stderr', bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const text = new TextDecoder().decode(bytes);
    if (stream === 'stdout') this.stdout += text;
    else this.stderr += text;
    if (!this.quiet) this.controller.output(stream, text);
  }

  /** exit(status): stdio flushes its buffers, then the process ends (C11 7.22.4.4). */
  exit(status: number): never | void {
    flushFileStreams(this);
    this.flushStdout();
    try {
      this.process.kernel.exit(status);
    } catch (e) {
      if (!(e instanceof ProcessTerminated)) throw e;
      this.termination = e.report;
      this.leakWatch.check(true);
    }
  }

  flushStdout(): void {
    const l = this.libc;
    if (l.stdoutBuffer !== 0 && l.stdoutLength > 0) {
      const bytes = this.process.mmu.readBytes(l.stdoutBuffer, l.stdoutLength);
      l.stdoutLength = 0;
      this.write('stdout', bytes);
    }
  }

  /**
   * Control went to an address that starts no function (a call through a bad pointer, a `ret`
   * through an overwritten return address): a non-code address faults on the instruction fetch,
   * and code that is not a function's start is taken as faulting too (its bytes are not simulated).
   */
  private jumpOutsideFunctions(address: number): never {
    this.process.mmu.checkExecutable(address);
    throw new MemoryFault(address, 'exec', 'protection');
  }

  /** Turns what stopped the loop into the end of the process, as the kernel would report it. */
  private terminate(e: unknown): void {
    // The statement that was executing (the last Stmt passed), not the one after it.
    const executing = this.executingStatement();
    const line = executing?.line ?? 0;
    const range = executing?.range;
    if (e instanceof ProcessTerminated) {
      this.termination = e.report;
      this.leakWatch.check(true);
      if (e.report.kind === 'signal' && e.report.reason === 'abort') {
        // glibc's malloc_printerr writes its message to stderr before raising SIGABRT.
        if (e.report.message && !this.libc.abortPrinted) this.write('stderr', new TextEncoder().encode(e.report.message + '\n'));
        this.error ??= { kind: 'abort', message: this.libc.abortMessage || e.report.message || 'abort() called', line, range };
      }
      return;
    }
    if (e instanceof MemoryErrorStop) {
      // As a sanitizer build does after its report: _exit(1), stdio's buffers are not flushed.
      try {
        this.process.kernel.exit(1);
      } catch (t) {
        if (!(t instanceof ProcessTerminated)) throw t;
        this.termination = t.report;
      }
      this.error = { ...e.error, range, halted: true };
      return;
    }
    if (e instanceof MemoryFault) {
      const report = this.process.kernel.deliverFault(e);
      this.termination = report;
      const kind = e.reason === 'null-page' ? 'null-dereference' : e.isStackOverflow || this.inStackReservedBeyondLimit(e) ? 'stack-overflow' : 'segfault';
      // A fault while a frame is being built is the callee's prologue (its first line, as ASan reports it).
      const callee = this.entering;
      this.entering = undefined;
      const faultLine = callee ? this.functionLine(callee) ?? line : line;
      // "SIGSEGV: NULL pointer dereference (...)": the signal and the MMU's reason, the address apart.
      // A fault on an instruction fetch is a jump (a call through a bad pointer, a `ret` through an
      // overwritten return address): no data was read there, so the report names the jump.
      const jumped = e.access === 'exec';
      const message = `${e.signal}: ${jumped ? `jump to ${hex(e.address)}: ` : ''}${e.message.slice(e.message.indexOf(': ') + 2)}`;
      const site = this.siteNow();
      const stack = callee ? [{ function: callee.name, line: faultLine }, ...site.stack] : site.stack;
      const at: SourceSite = { line: faultLine, ...(callee ? {} : site.column !== undefined ? { column: site.column } : {}), stack: stack.slice(0, 32) };
      const error: MemoryError = { kind, message, line: faultLine, step: this.steps, ...(at.column !== undefined ? { column: at.column } : {}), address: hex(e.address), ...(jumped ? {} : { access: e.access === 'write' ? 'write' : 'read' }), at };
      this.error = { ...error, range };
      this.checker?.record(error);
      return;
    }
    if (e instanceof ArithmeticTrap) {
      this.endBySignal('SIGFPE', `Floating point exception: ${e.message}`);
      this.error = { kind: 'arithmetic', message: `Floating point exception: ${e.message}`, line, range };
      return;
    }
    if (e instanceof UnsupportedAtRunTime) {
      // Not the program's fault: the simulation cannot go on, so it kills the process and says why.
      this.endBySignal('SIGKILL', `Memory Atlas stopped the program: ${e.message}`);
      this.error = { kind: 'unsupported', message: e.message, line, range };
      return;
    }
    throw e;
  }

  /**
   * A frame or VLA so large that rsp went past the stack limit: the stack the function reserved
   * (from rsp, red zone included, up) lies beyond RLIMIT_STACK, and touching it faults there.
   */
  private inStackReservedBeyondLimit(e: MemoryFault): boolean {
    const rsp = this.process.callStack.registers.rsp;
    return e.reason === 'unmapped' && e.address < this.process.image.stackLimitAddress && e.address >= rsp - 128;
  }

  private endBySignal(signal: 'SIGFPE' | 'SIGKILL', message: string): void {
    try {
      this.process.kernel.kill(signal, 'killed', message);
    } catch (t) {
      if (!(t instanceof ProcessTerminated)) throw t;
      this.termination = t.report;
    }
  }

  /**
   * abort(3), after the library printed `printed` (assert's message) on stderr: SIGABRT ends
   * the process. stdio buffers are not flushed (glibc 2.27+), so buffered stdout is lost.
   */
  abort(printed: string): never {
    if (printed) this.write('stderr', new TextEncoder().encode(printed));
    this.libc.abortPrinted = true;
    this.libc.abortMessage = printed.trim();
    return this.process.kernel.abort(printed.trim() || 'abort() called');
  }

  static signalReport = reportForSignal;
}
