import { hex } from '../../../../engine/addressSpace/layout';
import { ByteBitmap } from '../../../../engine/errors/byteBitmap';
import { type AccessContext, type Finding, describeBadAccess, describeBadFree, describeStaleAccess, offsetText, siteText } from '../../../../engine/errors/describeAccess';
import { poisonGlobals } from '../../../../engine/errors/globalPoisoning';
import { poisonHeap } from '../../../../engine/errors/heapPoisoning';
import { type DeadFrames, StackPoisoning, newDeadFrames } from '../../../../engine/errors/stackPoisoning';
import type { BlockRegistry } from '../../../../engine/heap/blockRegistry';
import type { HeapEvent } from '../../../../engine/heap/allocator';
import type { Process } from '../../../../engine/process';
import type { FrameLayout } from '../../../../engine/stack/frameLayout';
import type { MemoryError, SourceSite } from '../../../../shared/memoryIssues';
import type { Activation, CallInstr } from '../lower/instructions';
import type { Value } from '../values/valueKind';
import { ALLOCATES, ArgumentRanges, COPIES_BYTES, LIBRARY_RANGES } from './libraryChecks';
import type { ShadowMemory } from './shadowMemory';
import { type StaleWord, type StaleWords, copyStale, nowAt, overwriteStale, recordStale } from './stalePointers';

/** What the checker asks of the machine it watches. */
export interface CheckerHost {
  readonly process: Process;
  readonly blocks: BlockRegistry;
  readonly steps: number;
  readonly acts: readonly Activation[];
  /** A NUL-terminated string, read once per address when it cannot change (a literal in .rodata). */
  constantString(address: number): Uint8Array;
  /** Where the program is: the executing statement of each frame, innermost first. */
  siteNow(): SourceSite;
  /** Told of each new error as it is recorded (a debugger stopping on errors while the run keeps going). */
  errorRecorded(): void;
}

/**
 * The checker's state that stepping back must restore: the poison bits, the errors found so far
 * and the frames that returned. Plain data: checkpoints copy it.
 */
export interface CheckerState {
  readonly poison: ByteBitmap;
  readonly errors: MemoryError[];
  readonly dead: DeadFrames;
  /** The words holding stale pointers (stored for a block whose chunk was handed out again). */
  readonly stale: StaleWords;
}

export function newCheckerState(): CheckerState {
  return { poison: new ByteBitmap(), errors: [], dead: newDeadFrames(), stale: new Map() };
}

/**
 * A C object the compiled code knows an access must stay inside: a declared array it subscripts,
 * or the object a library call's argument points into. Its address is computed where it is used.
 */
export interface KnownObject {
  readonly name: string;
  readonly size: number;
  readonly typeName: string;
  readonly storage: 'local' | 'static';
  /** For a local: the function whose frame holds it, and the line declaring it. */
  readonly functionName?: string;
  readonly line?: number;
}

/** Thrown at the faulting access when the run stops at its first error; the machine ends the process. */
export class MemoryErrorStop extends Error {
  constructor(readonly error: MemoryError) {
    super(error.message);
    this.name = 'MemoryErrorStop';
  }
}

/** The longest call stack an error keeps (a stack overflow has a hundred thousand frames). */

/**
 * ASan's and Memcheck's checks on one running C program, beside the simulated bytes:
 * - every load and store of the program (VmMemory) is checked against the poison map
 *   (ByteBitmap): heap bytes outside live blocks, freed blocks, frame gaps, returned frames and
 *   the gaps between globals;
 * - array subscripts and library calls are checked against the object they name (KnownObject);
 * - free and realloc check their pointer before glibc sees it;
 * - definedness flows as Memcheck's does, approximated a value at a time: `tainted` is set by a
 *   load of an undefined byte and consumed by the next store (which then keeps its bytes
 *   undefined), a branch, an address or a call argument (which report it).
 *
 * The first error stops the run (MemoryErrorStop) unless `keepGoing`: then each is recorded once
 * per statement and the access goes ahead as it would natively.
 */
export class MemoryChecker {
  state: CheckerState = newCheckerState();
  /** The value being computed depends on an undefined byte (the accumulator of the V bits). */
  tainted = false;
  /** A load of an undefined byte happened since the current library call began. */
  private readUndefined = false;
  /** Where the first undefined byte of the current value was read, its load size, and how many such loads. */
  private taintAddress = 0;
  private taintSize = 0;
  private taintLoads = 0;
  /**
   * Some word holds a stale pointer (state.stale is not empty): only then do loads and stores
   * look it up, so a program that never reuses a chunk it still points to pays one test.
   */
  staleOn = false;
  /**
   * The stale word the value being computed was loaded from (the provenance accumulator, as
   * `tainted` is for definedness): a dereference of that value is a use-after-free, a store of it
   * makes a stale copy. Cleared where `tainted` is (statements, temporaries, branches, calls).
   */
  staleLoad: StaleWord | undefined = undefined;
  private readonly stack = new StackPoisoning(() => this.state.poison);

  constructor(
    private readonly host: CheckerHost,
    private readonly mem: { readonly shadow: ShadowMemory },
    public keepGoing = false,
  ) {
    this.ranges = new ArgumentRanges(this, host);
  }

  get errors(): readonly MemoryError[] {
    return this.state.errors;
  }

  // ---- the hot path: every load and store ----

  load(addr: number, size: number): void {
    if (this.state.poison.any(addr, size)) this.badAccess(addr, size, 'read');
    if (this.staleOn && size === 8) {
      const w = this.state.stale.get(addr);
      if (w !== undefined) this.staleLoad = w;
    }
    if (this.mem.shadow.any(addr, size)) {
      this.readUndefined = true;
      if (!this.tainted) {
        this.tainted = true;
        this.taintAddress = addr;
        this.taintSize = size;
        this.taintLoads = 1;
      } else {
        this.taintLoads++;
      }
    }
  }

  store(addr: number, size: number): void {
    if (this.state.poison.any(addr, size)) this.badAccess(addr, size, 'write');
    if (this.staleOn) this.staleOverwritten(addr, size);
    if (this.tainted) {
      // A value loaded and stored as it is (a copy, qsort moving words) keeps its bytes'
      // definedness one by one, as Memcheck's V bits do; anything else is wholly undefined.
      if (this.taintLoads === 1 && this.taintSize === size && this.taintAddress !== 0) this.mem.shadow.copy(addr, this.taintAddress, size);
      else this.mem.shadow.markUndefined(addr, size);
      this.tainted = false;
    } else {
      this.mem.shadow.define(addr, size);
    }
  }

  /**
   * A struct or union loaded as a value (a copy, an argument, a return): Memcheck copies its
   * definedness byte by byte (padding is undefined and stays harmless), so the bytes carry a
   * mask of their undefined ones to wherever they are stored.
   */
  loadRecord(addr: number, size: number): Uint8Array {
    if (this.state.poison.any(addr, size)) this.badAccess(addr, size, 'read');
    const bytes = this.host.process.mmu.readBytes(addr, size);
    const shadow = this.mem.shadow;
    if (shadow.any(addr, size)) {
      const mask = new Uint8Array(size);
      for (let i = 0; i < size; i++) mask[i] = shadow.has(addr + i) ? 1 : 0;
      this.recordMasks.set(bytes, mask);
    }
    return bytes;
  }

  /** A store of bytes: a record value's own mask, else as any store. */
  storeBytes(addr: number, bytes: Uint8Array): void {
    const mask = this.recordMasks.get(bytes);
    if (mask === undefined) {
      this.store(addr, bytes.length);
      return;
    }
    if (this.state.poison.any(addr, bytes.length)) this.badAccess(addr, bytes.length, 'write');
    if (this.staleOn) this.staleOverwritten(addr, bytes.length);
    const shadow = this.mem.shadow;
    shadow.setRange(addr, bytes.length, false);
    for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) shadow.setRange(addr + i, 1, true);
    this.tainted = false;
  }

  private readonly recordMasks = new WeakMap<Uint8Array, Uint8Array>();

  /** Marks the value being computed as depending on undefined bytes (a tainted temporary read). */
  taint(): void {
    if (!this.tainted) {
      this.tainted = true;
      this.taintAddress = 0;
      this.taintSize = 0;
    }
    this.taintLoads++;
  }

  // ---- memory the process gets and gives back ----

  /** A run starting again on a new process: nothing found yet, only the image poisoned. */
  restart(): void {
    this.state = newCheckerState();
    this.restored();
    this.loadImage();
  }

  /** `state` was replaced (a restart, a checkpoint restored): the accumulators start empty. */
  restored(): void {
    this.tainted = false;
    this.staleLoad = undefined;
    this.staleOn = this.state.stale.size > 0;
  }

  // ---- stale pointers (provenance a word at a time) ----

  /** Words the leak watch's pointer graph found stale when a block was allocated (address, value pairs). */
  pointersWentStale(pairs: readonly number[]): void {
    recordStale(this.state.stale, this.host.blocks, pairs);
    this.staleOn = this.state.stale.size > 0;
  }

  private staleOverwritten(addr: number, size: number): void {
    overwriteStale(this.state.stale, addr, size);
    this.staleOn = this.state.stale.size > 0;
  }

  /** A 64-bit value was stored at addr while the value computed came from a stale word. */
  staleStored(addr: number, value: number): void {
    const from = this.staleLoad!;
    this.staleLoad = undefined;
    copyStale(this.state.stale, this.host.blocks, from, addr, value);
    this.staleOn = this.state.stale.size > 0;
  }

  /**
   * `size` bytes at addr are about to be accessed through a pointer computed from the stale word
   * `from`: while it lands in the block that took the freed one's chunk, it is a use-after-free
   * of the freed block, though the bytes are live (ASan and Memcheck delay reuse to see it).
   */
  staleAccess(from: StaleWord, addr: number, size: number, access: 'read' | 'write'): void {
    const blocks = this.host.blocks;
    const now = nowAt(blocks, from);
    if (now === 0 || blocks.idContaining(addr) !== now) return;
    if (this.keepGoing && this.reportedHere()) return;
    const freed = from.freedId !== 0 ? blocks.byId(from.freedId) : undefined;
    this.report(describeStaleAccess(addr, freed, blocks.byId(now)), addr, size, access);
  }

  /** The program's static data: gaps between its objects are poisoned from the start. */
  loadImage(): void {
    poisonGlobals(this.state.poison, this.host.process.image);
  }

  onHeapEvent(e: HeapEvent): void {
    poisonHeap(this.state.poison, e, (ptr) => this.host.blocks.get(ptr)?.size);
  }

  /** A frame was pushed: its variables open, its other bytes poisoned. */
  enterFrame(rbp: number, layout: FrameLayout): void {
    this.stack.enter(rbp, layout);
  }

  /** A frame returned: all of it poisoned, and remembered for the report. */
  leaveFrame(rbp: number, layout: FrameLayout, functionName: string): void {
    this.stack.leave(rbp, layout, functionName, this.state.dead);
  }

  /**
   * A variable-length array took [rsp, rsp + bytes) below the frame: the array's own bytes
   * [array, array + size) open, the rounding around them poisoned (ASan's alloca redzones).
   */
  stackAllocated(rsp: number, bytes: number, array: number, size: number): void {
    const poison = this.state.poison;
    poison.setRange(rsp, bytes, true);
    // The array's bytes among those: [array, array + size) clipped to [rsp, rsp + bytes).
    const start = Math.max(array, rsp);
    poison.setRange(start, Math.max(0, Math.min(array + size, rsp + bytes) - start), false);
  }

  /** The block that held variable-length arrays ended: the stack from `from` up to `to` is given back. */
  stackReleased(from: number, to: number): void {
    if (to > from) this.state.poison.setRange(from, to - from, true);
  }

  // ---- checks the compiled code and the library ask for ----

  /** An access through a known array must stay inside it (ASan's redzones around every object). */
  checkObject(object: KnownObject, base: number, addr: number, size: number, access: 'read' | 'write'): void {
    if (addr >= base && addr + size <= base + object.size) return;
    this.report(this.objectFinding(object, base, addr), addr, size, access);
  }

  private objectFinding(object: KnownObject, base: number, addr: number): Finding {
    const static_ = object.storage === 'static';
    const line = object.line ?? (static_ ? this.host.process.image.symbols.find((s) => s.address === base)?.object.position.line : undefined);
    const where = static_ ? 'global' : `in ${object.functionName}()'s frame`;
    const declared = line !== undefined ? `, declared at line ${line}` : '';
    const name = static_ && object.name.startsWith('"') ? `the string literal ${object.name}` : `'${object.name}'`;
    return {
      kind: static_ ? 'global-buffer-overflow' : 'stack-buffer-overflow',
      message: `${offsetText(addr, base, object.size)} ${name} (${object.typeName}, ${object.size} bytes, ${where}${declared})`,
    };
  }

  /**
   * A library function's whole source or destination range (ASan's interceptors check them
   * before the call): against the object the argument points into, then the poison map. As ASan
   * does, the error is at the first bad byte and its size is the range's.
   */
  checkRange(addr: number, length: number, access: 'read' | 'write', object?: KnownObject, base = 0): void {
    if (length <= 0) return;
    if (object && (addr < base || addr + length > base + object.size)) {
      if (this.keepGoing && this.reportedHere()) return;
      const bad = addr < base ? addr : base + object.size;
      this.report(this.objectFinding(object, base, bad), bad, length, access);
      return;
    }
    const bad = this.state.poison.firstSet(addr, length);
    if (bad < 0) return;
    // As for a single access: a loop calling the library with the same bad range is one report
    // (describing a heap address walks the chunks: a million of them made the loop quadratic).
    if (this.keepGoing && this.reportedHere()) return;
    const finding = describeBadAccess(this.context(), bad);
    if (finding) this.report(finding, bad, length, access);
  }

  /** free(ptr) and realloc(ptr, n), before glibc's free runs. */
  checkFree(ptr: number): void {
    const finding = describeBadFree(this.context(), ptr);
    if (finding) this.report(finding, ptr, undefined, undefined);
  }

  /**
   * An allocation returned NULL. ASan (allocator_may_return_null=0) reports every one: a request
   * past what any allocation can be (allocation-size-too-big), a calloc whose n * size overflows
   * (calloc-overflow), memory used up (out-of-memory). All three are 'out-of-memory' here.
   */
  outOfMemory(call: string, requested: number, why: 'commit-limit' | 'overflow' | 'too-big', limitBytes: number): void {
    const mib = (n: number) => `${Math.round(n / 1048576)} MiB`;
    // Sizes past 2^53 are not exact as numbers: name them by their magnitude.
    const size = requested < 2 ** 53 ? String(requested) : `about ${requested.toExponential(2)} bytes`;
    const message = why === 'overflow' ? `${call}() returned NULL: count * size overflows size_t (${size})`
      : why === 'too-big' ? `${call}(${size}) returned NULL: no allocation can be that large`
      : `${call}(${requested}) returned NULL: the process would commit more than the simulated RAM + swap (${mib(limitBytes)})`;
    this.report({ kind: 'out-of-memory', message }, undefined, requested, undefined);
  }

  // ---- library calls ----

  /**
   * Before a library function runs: undefined arguments are reported (libc branches on them or
   * writes them out), then the ranges its interceptor would check (libraryChecks.ts).
   */
  beforeLibrary(call: CallInstr, args: readonly Value[], undefinedArgs: number): void {
    const name = call.libraryName ?? 'a library function';
    if (undefinedArgs !== 0) this.libraryArguments(name, undefinedArgs);
    const ranges = call.libraryName !== undefined ? LIBRARY_RANGES[call.libraryName] : undefined;
    if (ranges !== undefined) ranges(this.ranges.of(call), args);
    this.tainted = false;
    this.staleLoad = undefined;
    this.readUndefined = false;
    this.refusalsBefore = this.host.process.kernel.commitRefusals;
  }

  /** After it: what it read of undefined bytes, and whether an allocation failed for want of memory. */
  afterLibrary(call: CallInstr, args: readonly Value[], result: unknown): void {
    const name = call.libraryName;
    const elementSize = name !== undefined ? COPIES_BYTES.get(name) : undefined;
    if (elementSize !== undefined) {
      const n = Number(args[2]) * elementSize;
      this.mem.shadow.copy(Number(args[0]), Number(args[1]), n);
      this.tainted = false;
    } else if (this.readUndefined) {
      this.tainted = true;
      this.libraryRead(name ?? 'a library function');
    }
    this.tainted = false;
    const requested = name !== undefined ? ALLOCATES.get(name) : undefined;
    const kernel = this.host.process.kernel;
    if (requested !== undefined && result === 0) {
      const bytes = requested(args);
      const why = kernel.commitRefusals > this.refusalsBefore ? 'commit-limit' : name === 'calloc' && bytes >= 2 ** 64 ? 'overflow' : bytes > 0 ? 'too-big' : undefined;
      if (why !== undefined) this.outOfMemory(name!, bytes, why, kernel.commitLimit);
    }
  }

  private refusalsBefore = 0;

  /** A library function's own check of what it is about to write or read through argument `arg` (sprintf's output). */
  checkArgumentRange(call: CallInstr, arg: number, addr: number, length: number, access: 'read' | 'write'): void {
    const ranges = this.ranges.of(call);
    if (access === 'read') ranges.read(arg, addr, length);
    else ranges.write(arg, addr, length);
  }

  /** One object, reused for every library call (no closures made per call). */
  private readonly ranges: ArgumentRanges;

  // ---- Memcheck's sinks of undefined values ----

  /** A conditional jump (if, loops, ?:, &&, ||, switch) on the value just computed. */
  branch(): void {
    if (this.tainted) this.undefinedUse('the condition depends on');
  }

  /** The value just computed is used as an address. */
  address(): void {
    if (this.tainted) this.undefinedUse('the pointer used depends on');
  }

  /** Arguments whose bit is set in `mask` carried undefined values into a library function. */
  libraryArguments(name: string, mask: number): void {
    const index = 31 - Math.clz32(mask & -mask);
    this.tainted = true;
    this.undefinedUse(`argument ${index + 1} of ${name}() depends on`);
  }

  /** A library function read undefined bytes and acted on them (strlen, printf's %s, strcmp...). */
  libraryRead(name: string): void {
    if (this.tainted) this.undefinedUse(`${name}() reads`);
  }

  private undefinedUse(what: string): void {
    const addr = this.taintAddress;
    const size = this.taintSize;
    this.tainted = false;
    const origin = addr !== 0 ? originText(this.context(), addr) : '';
    this.report({ kind: 'uninitialized-read', message: `${what} uninitialized memory${origin}` }, addr !== 0 ? addr : undefined, size || undefined, addr !== 0 ? 'read' : undefined);
  }

  // ---- reporting ----

  /**
   * A load or store that touches poison. A scalar is described from its own address (ASan's
   * "located 8 bytes inside of 12-byte region" for a read straddling a block's end); a longer
   * range (a library's block copy) from its first bad byte, where ASan's range checks report it.
   */
  private badAccess(addr: number, size: number, access: 'read' | 'write'): void {
    // Going on, a loop repeating a bad access is one report: describing it again is wasted work.
    if (this.keepGoing && this.reportedHere()) return;
    const at = size > 8 ? Math.max(addr, this.state.poison.firstSet(addr, size)) : addr;
    const finding = describeBadAccess(this.context(), at);
    if (finding) this.report(finding, at, size, access);
  }

  /** An error was already recorded at the statement being executed. */
  private reportedHere(): boolean {
    const a = this.host.acts[this.host.acts.length - 1];
    const statement = a?.fn.statements[a.stmt];
    if (!statement) return false;
    return this.state.errors.some((e) => e.line === statement.line && e.column === statement.range.startColumn);
  }

  private context(): AccessContext {
    return { process: this.host.process, blocks: this.host.blocks, dead: this.state.dead };
  }

  /** Records an error where the program is; stops the run unless it keeps going. */
  report(finding: Finding, address: number | undefined, size: number | undefined, access: 'read' | 'write' | undefined): void {
    const at = this.host.siteNow();
    const error: MemoryError = {
      kind: finding.kind,
      line: at.line,
      step: this.host.steps,
      ...(at.column !== undefined ? { column: at.column } : {}),
      message: finding.message,
      ...(address !== undefined ? { address: hex(address) } : {}),
      ...(size !== undefined ? { size } : {}),
      ...(access ? { access } : {}),
      at,
      ...(finding.allocatedAt ? { allocatedAt: finding.allocatedAt } : {}),
      ...(finding.freedAt ? { freedAt: finding.freedAt } : {}),
    };
    this.record(error);
    if (!this.keepGoing) throw new MemoryErrorStop(error);
  }

  /** Adds an error to the list, once per kind and statement (a loop repeating it is one report). */
  record(error: MemoryError): void {
    const seen = this.state.errors.some((e) => e.kind === error.kind && e.line === error.line && e.column === error.column);
    if (seen) return;
    this.state.errors.push(error);
    this.host.errorRecorded();
  }
}

/** Where the undefined value was read from (Memcheck's --track-origins names where it was created). */
function originText(cx: AccessContext, addr: number): string {
  const slot = cx.process.callStack.frameAt(addr);
  if (slot?.slot) return ` (the value read from '${slot.slot.name}' in ${slot.frame.functionName}()'s frame)`;
  const block = cx.blocks.containing(addr);
  if (block) return ` (the value read ${offsetText(addr, block.ptr, block.size)} the ${block.size}-byte block allocated at ${siteText(block.allocatedAt)})`;
  return '';
}
