import type { MemoryAccess } from '../memory/memoryAccess';
import { type FrameLayout, RED_ZONE_SIZE, type SlotKind, type SlotSpec, layoutFrame } from './frameLayout';

export interface Registers {
  readonly rsp: number;
  readonly rbp: number;
  readonly rip: number;
}

/** A call as the front end describes it. */
export interface CallSpec {
  readonly functionName: string;
  /** The function's first instruction (its symbol's address in .text). */
  readonly entryAddress: number;
  readonly locals?: readonly SlotSpec[];
  /** Parameters passed in registers, spilled by the prologue. */
  readonly parameters?: readonly SlotSpec[];
  /** Parameters passed in memory (the 7th integer argument on, large structs). */
  readonly stackArguments?: readonly SlotSpec[];
  /** The function calls nothing: gcc keeps its variables in the red zone. */
  readonly leaf?: boolean;
  /** Where `ret` goes; default: right after a 5-byte `call rel32` at the current rip. */
  readonly returnAddress?: number;
}

export interface FrameSlot {
  readonly name: string;
  readonly kind: SlotKind;
  /** Offset from rbp, as gdb's `info frame` and the disassembly show it. */
  readonly offset: number;
  readonly address: number;
  readonly size: number;
  readonly typeName: string;
}

export interface StackFrame {
  readonly functionName: string;
  /** 0 for the outermost frame. */
  readonly depth: number;
  readonly entryAddress: number;
  readonly returnAddress: number;
  /** Where the return address is stored (rbp + 8). */
  readonly returnAddressSlot: number;
  /** Where the caller's rbp is saved (= rbp). */
  readonly savedRbpSlot: number;
  readonly rbp: number;
  /** rsp after the prologue. */
  readonly rsp: number;
  /** The canonical frame address: rsp before the call pushed the return address. */
  readonly cfa: number;
  /** Lowest address the frame uses (its locals may sit below rsp in the red zone). */
  readonly lowest: number;
  /** Highest address + 1: the caller's pushed arguments included. */
  readonly highest: number;
  readonly slots: readonly FrameSlot[];
  readonly layout: FrameLayout;
  /** The 128 bytes below this frame's rsp (only meaningful for the innermost frame). */
  readonly redZone: { readonly start: number; readonly end: number };
}

/** A call whose frame is laid out once, when the front end loads the function, not at every call. */
export interface PreparedCall extends CallSpec {
  readonly layout: FrameLayout;
}

/** Lays out the frame of `spec` once, for all its calls. */
export function prepareCall(spec: CallSpec): PreparedCall {
  return { ...spec, layout: layoutOf(spec) };
}

function layoutOf(spec: CallSpec): FrameLayout {
  return layoutFrame(spec.locals ?? [], spec.parameters ?? [], spec.stackArguments ?? [], spec.leaf ?? false);
}

/**
 * One frame on the stack. Everything follows from rbp and the layout, so a call stores a few
 * numbers and a reference; the slot descriptions are built only when a view or describeAddress
 * asks for them.
 */
class Frame implements StackFrame {
  private slotList: FrameSlot[] | undefined;
  /** Stack taken below the frame while the function runs (variable-length arrays), lowest first. */
  dynamic: FrameSlot[] = [];

  constructor(
    readonly functionName: string,
    readonly depth: number,
    readonly entryAddress: number,
    readonly returnAddress: number,
    readonly rbp: number,
    readonly layout: FrameLayout,
  ) {}

  get returnAddressSlot(): number {
    return this.rbp + 8;
  }

  get savedRbpSlot(): number {
    return this.rbp;
  }

  get rsp(): number {
    return this.rbp - this.layout.reservedBytes;
  }

  get cfa(): number {
    return this.rbp + 16;
  }

  get lowest(): number {
    const fixed = Math.min(this.rsp, this.rbp - this.layout.localBytes);
    return this.dynamic.length ? Math.min(fixed, this.dynamic[0].address) : fixed;
  }

  get highest(): number {
    return this.cfa + this.layout.stackArgumentBytes;
  }

  get slots(): readonly FrameSlot[] {
    const fixed = (this.slotList ??= this.layout.slots.map((s): FrameSlot => ({
      name: s.spec.name, kind: s.kind, offset: s.offset, address: this.rbp + s.offset, size: s.spec.size, typeName: s.spec.typeName,
    })));
    return this.dynamic.length ? [...fixed, ...this.dynamic] : fixed;
  }

  get redZone(): { readonly start: number; readonly end: number } {
    return { start: this.rsp - RED_ZONE_SIZE, end: this.rsp };
  }
}

/** `call rel32` is 5 bytes: the return address is the next instruction. */
const CALL_INSTRUCTION_SIZE = 5;

/**
 * The call stack in stack memory, built instruction by instruction as the x86-64 SysV calling
 * sequence does: the caller pushes memory arguments and `call` pushes the return address; the
 * callee's prologue pushes rbp, sets rbp = rsp and subtracts the frame size; `leave; ret` undoes
 * it reading the saved values back from memory, so a smashed return address is really followed.
 *
 * Every store goes through the MMU, so the stack VMA grows on demand and a runaway recursion
 * faults below the stack limit. Debian's gcc 12 does not enable -fstack-clash-protection, so a
 * big frame is not probed: `sub rsp, N` touches nothing, and only the pages the function really
 * uses fault in (a 4 MiB array with one byte written costs one page).
 */
export class CallStack {
  private rsp: number;
  private rbp: number;
  private rip: number;
  /**
   * The frames, innermost last, as columns: a call stores two numbers and two references (no
   * object per call); the StackFrame objects the views see are made on demand.
   */
  private depth = 0;
  private rbps = new Float64Array(16);
  private returnAddresses = new Float64Array(16);
  private readonly specs: CallSpec[] = [];
  private readonly layouts: FrameLayout[] = [];
  private readonly views: (Frame | undefined)[] = [];

  constructor(private readonly memory: MemoryAccess, initial: Registers) {
    this.rsp = initial.rsp;
    this.rbp = initial.rbp;
    this.rip = initial.rip;
  }

  get registers(): Registers {
    return { rsp: this.rsp, rbp: this.rbp, rip: this.rip };
  }

  /** Innermost frame last. */
  get frames(): readonly StackFrame[] {
    const out: StackFrame[] = [];
    for (let d = 0; d < this.depth; d++) out.push(this.frame(d));
    return out;
  }

  /** The return address the call of the frame `leave` just left pushed (what `ret` popped, unless overwritten). */
  get pushedReturnAddress(): number {
    return this.returnAddresses[this.depth];
  }

  get top(): StackFrame | undefined {
    return this.depth > 0 ? this.frame(this.depth - 1) : undefined;
  }

  /**
   * The innermost frame's `lowest` (its VLAs included) without making its StackFrame view, or
   * undefined with no frame: leak tracking asks at every return and pointer store.
   */
  get topLowest(): number | undefined {
    const d = this.depth - 1;
    if (d < 0) return undefined;
    const view = this.views[d];
    if (view !== undefined) return view.lowest;
    const rbp = this.rbps[d];
    const layout = this.layouts[d];
    return Math.min(rbp - layout.reservedBytes, rbp - layout.localBytes);
  }

  /** The innermost frame's `highest` (its stack arguments' end), as topLowest. */
  get topHighest(): number | undefined {
    const d = this.depth - 1;
    return d < 0 ? undefined : this.rbps[d] + 16 + this.layouts[d].stackArgumentBytes;
  }

  /** The statement being executed: rip somewhere in the current function's code. */
  setRip(rip: number): void {
    this.rip = rip;
  }

  /**
   * Performs the call and the prologue; returns the new frame. Throws MemoryFault (the stores
   * fault) with the registers unchanged. A PreparedCall's layout is used as it is.
   */
  call(spec: CallSpec | PreparedCall): StackFrame {
    this.enter(spec);
    return this.frame(this.depth - 1);
  }

  /** `call` for an interpreter's hot path: the same call and prologue; returns the new rbp. */
  enter(spec: CallSpec | PreparedCall): number {
    const layout = (spec as Partial<PreparedCall>).layout ?? layoutOf(spec);
    const before = this.rsp;
    if (before % 16 !== 0) throw new Error(`internal: rsp ${before.toString(16)} is not 16-byte aligned at a call`);
    const returnAddress = spec.returnAddress ?? this.rip + CALL_INSTRUCTION_SIZE;
    const argsBase = before - layout.stackArgumentBytes;
    // The canonical frame address (rsp before the call) is argsBase; the return address goes below it.
    const rbp = argsBase - 16;
    const rsp = rbp - layout.reservedBytes;

    // The caller stores its memory arguments (zero until the front end writes the values).
    for (let at = argsBase; at < before; at += 8) this.memory.write64(at, 0);
    this.memory.write64(argsBase - 8, returnAddress);
    this.memory.write64(rbp, this.rbp);

    const d = this.depth++;
    if (d === this.rbps.length) this.grow();
    this.rbps[d] = rbp;
    this.returnAddresses[d] = returnAddress;
    this.specs[d] = spec;
    this.layouts[d] = layout;
    this.views[d] = undefined;
    this.rsp = rsp;
    this.rbp = rbp;
    this.rip = spec.entryAddress + prologueSize(layout.reservedBytes);
    return rbp;
  }

  /**
   * `leave; ret` and the caller popping its memory arguments. The saved rbp and the return
   * address are read from stack memory. Returns the frame that was left and where control goes.
   */
  ret(): { frame: StackFrame; returnAddress: number } {
    if (this.depth === 0) throw new Error('internal: ret with no frame on the stack');
    const frame = this.frame(this.depth - 1);
    return { frame, returnAddress: this.leave() };
  }

  /** `ret` for an interpreter's hot path: the same leave and ret; returns where control goes. */
  leave(): number {
    const d = this.depth - 1;
    if (d < 0) throw new Error('internal: ret with no frame on the stack');
    // `leave` is `mov rsp, rbp; pop rbp`: it goes by the rbp register, so a caller whose saved rbp
    // a stack overflow smashed leaves through the smashed value, as natively (and faults there).
    const rbp = this.rbp;
    const savedRbp = this.memory.read64(rbp);
    const returnAddress = this.memory.read64(rbp + 8);
    this.depth = d;
    this.views[d] = undefined;
    // rsp is what it was before the call: above the return address and the memory arguments.
    this.rsp = rbp + 16 + this.layouts[d].stackArgumentBytes;
    this.rbp = savedRbp;
    this.rip = returnAddress;
    return returnAddress;
  }

  /** The StackFrame view of frame `d` (0 = outermost), made once per call. */
  private frame(d: number): Frame {
    let view = this.views[d];
    if (view === undefined) {
      const spec = this.specs[d];
      view = new Frame(spec.functionName, d, spec.entryAddress, this.returnAddresses[d], this.rbps[d], this.layouts[d]);
      this.views[d] = view;
    }
    return view;
  }

  private grow(): void {
    const rbps = new Float64Array(this.rbps.length * 2);
    rbps.set(this.rbps);
    this.rbps = rbps;
    const returns = new Float64Array(this.returnAddresses.length * 2);
    returns.set(this.returnAddresses);
    this.returnAddresses = returns;
  }

  /** The frame whose memory holds `address`, and the slot if one does. */
  frameAt(address: number): { frame: StackFrame; slot?: FrameSlot } | undefined {
    for (let i = this.depth - 1; i >= 0; i--) {
      const frame = this.frame(i);
      if (address < frame.lowest || address >= frame.highest) continue;
      const slot = frame.slots.find((s) => address >= s.address && address < s.address + s.size);
      return { frame, slot };
    }
    return undefined;
  }

  /** A slot of the innermost frame by name (what a front end needs for each variable access). */
  slot(name: string): FrameSlot | undefined {
    return this.top?.slots.find((s) => s.name === name);
  }

  /**
   * `sub rsp, bytes` in the running function: a variable-length array (or alloca) is placed at
   * the new rsp, below the frame, and belongs to it (`slot` names it for the views). Like a
   * frame, it touches no memory until the program writes it.
   */
  allocate(bytes: number, slot: { readonly name: string; readonly typeName: string }): number {
    if (this.depth === 0) throw new Error('internal: stack allocation with no frame');
    // The frame's view keeps its dynamic slots until the function returns.
    const frame = this.frame(this.depth - 1);
    const rsp = this.rsp - bytes;
    frame.dynamic = [{ name: slot.name, kind: 'local', offset: rsp - frame.rbp, address: rsp, size: bytes, typeName: slot.typeName }, ...frame.dynamic];
    this.rsp = rsp;
    return rsp;
  }

  /** `mov rsp, saved` where a block with VLAs ends: the stack they took is given back. */
  release(rsp: number): void {
    if (this.depth === 0) throw new Error('internal: stack release with no frame');
    const frame = this.frame(this.depth - 1);
    frame.dynamic = frame.dynamic.filter((s) => s.address >= rsp);
    this.rsp = rsp;
  }
}

/** push rbp (1 byte) + mov rbp, rsp (3) + sub rsp, imm8 (4) or imm32 (7). */
function prologueSize(reserved: number): number {
  if (reserved === 0) return 4;
  return 4 + (reserved < 128 ? 4 : 7);
}

/**
 * A code address for statement `index` of a function: spread over its (estimated) code size so
 * each statement has its own rip, as the views show them.
 */
export function statementAddress(entryAddress: number, codeSize: number, index: number, statementCount: number): number {
  if (statementCount <= 0) return entryAddress;
  const step = Math.max(1, Math.floor(codeSize / statementCount));
  return entryAddress + Math.min(codeSize - 1, index * step);
}
