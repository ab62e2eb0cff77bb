// The leak watch as it was before the counting tracker (src/lang/c/interpreter/vm/leakWatch.ts):
// after every statement that could lose a block it re-marks from the roots. Kept here, unchanged
// but for its imports and spacing turned off, as the oracle the counting tracker is checked against.
import { reachedFromRoots } from '../../../../../../src/engine/leaks/leakCheck';
import { leakMemory, libraryHeldBlocks, rootRegions, staticRootRegions } from '../../../../../../src/lang/c/interpreter/vm/heapLeaks';
import type { Machine } from '../../../../../../src/lang/c/interpreter/vm/machine';
import type { StoreWatch } from '../../../../../../src/lang/c/interpreter/vm/vmMemory';
import type { LossPoint } from '../../../../../../src/lang/c/interpreter/vm/leakWatch';


/**
 * A check reads every reachable block. With up to this many it runs at every statement that
 * could lose one; with more, checks are spaced so that a step pays for about this many block
 * scans on average (a cache of 100,000 entries stays fast), and a loss is placed between two checks.
 */
const EXACT_TRACKING_BLOCKS = Infinity;


/**
 * Finds the step at which each block turns from reachable to lost, so the editor can say "this
 * assignment lost the last pointer to the 64-byte block allocated at line 5".
 *
 * It keeps the set of memory words the program stored a pointer into a live block in (`slots`:
 * every such store goes through VmMemory, which tells it). A block can only be lost by a
 * statement that overwrites one of those words, returns from a function whose frame holds one,
 * or allocates, frees or reallocates a block. Those mark the watch dirty; at the next statement
 * boundary it marks from the slots that are roots (globals, live frames) through the reached
 * blocks' bytes, and records the blocks reached before but not now. That check reads only the
 * roots' pointers and the reachable heap, never the lost blocks, so a loop that leaks a million
 * blocks costs the same at every iteration.
 */
export class RemarkingLeakWatch implements StoreWatch {
  dirty = false;
  /** The last event that could lose a block in this period: a callee's return is followed by the caller's store. */
  private dirtyStep = 0;
  private dirtyLine = 0;
  private reached: ReadonlyMap<number, unknown> = new Map();
  /** Blocks with ids below this were seen by the last check. */
  private seenUpTo = 1;
  private lastCheckStep = 0;
  /** A check was put off since the last one ran. */
  private deferred = false;
  /** Loss points by block id, as columns (a million lost blocks cost 16 MB, not a Map's 70). */
  private readonly lost = new LossColumns();
  /** Addresses of aligned words that held a pointer into a live block when last stored. */
  private readonly slots: SlotSet;
  /** A block allocated during this statement and not yet stored anywhere (it may be dropped). */
  private fresh = 0;

  constructor(private readonly machine: Machine) {
    this.slots = new SlotSet(machine);
  }

  lostAt(id: number): (LossPoint & { after?: number }) | undefined {
    return this.lost.get(id);
  }

  /** Something that can lose a block happened in the statement executing now. */
  touch(): void {
    if (this.machine.blocks.liveCount === 0) return;
    this.dirty = true;
    const a = this.machine.acts[this.machine.acts.length - 1];
    this.dirtyStep = this.machine.steps;
    this.dirtyLine = a?.fn.statements[a.stmt]?.line ?? 0;
  }

  /** The innermost function returns: its frame stops being a root. */
  frameReturning(): void {
    if (this.slots.stack.size === 0) return;
    const frame = this.machine.process.callStack.top;
    if (frame === undefined) return;
    for (const slot of this.slots.stack) {
      if (slot >= frame.lowest && slot < frame.highest) {
        this.touch();
        return;
      }
    }
  }

  /**
   * A block was allocated. Its pointer is normally stored before the statement ends (`p =
   * malloc(n)`), which is not worth a check; if it is not, the boundary checks (`malloc(n);`).
   */
  allocated(ptr: number): void {
    if (this.fresh !== 0) this.touch();
    this.fresh = ptr;
  }

  /** A store of a 64-bit value whose bits are known. */
  stored64(addr: number, value: number): void {
    if ((addr & 7) !== 0) {
      this.stored(addr, 8);
      return;
    }
    const was = this.slots.has(addr);
    if (this.machine.blocks.idContaining(value) !== 0) {
      this.slots.add(addr);
      if (value === this.fresh) this.fresh = 0;
    } else if (was) this.slots.delete(addr);
    if (was) this.touch();
  }

  /** At a statement boundary: is there anything to check? */
  get due(): boolean {
    return this.dirty || this.fresh !== 0;
  }

  /** Any other store: the words it touched are read back. */
  stored(addr: number, size: number): void {
    const first = Math.floor(addr / 8) * 8;
    // A narrow store inside one word that held no pointer cannot make one (a pointer assembled
    // from 4-byte halves is not followed).
    if (size < 8 && addr + size <= first + 8 && !this.slots.has(first)) return;
    const memory = leakMemory(this.machine);
    for (let a = first; a < addr + size; a += 8) {
      const was = this.slots.has(a);
      const v = memory.word(a);
      if (v !== undefined && this.machine.blocks.idContaining(v) !== 0) this.slots.add(a);
      else if (was) this.slots.delete(a);
      if (was) this.touch();
    }
  }

  /** At a statement boundary (or the process's end): records the blocks lost since the last one. */
  check(atExit = false): void {
    if (this.fresh !== 0) {
      const id = this.machine.blocks.idContaining(this.fresh);
      this.fresh = 0;
      // The library's own buffers are held by the library; a dropped result is this statement's doing.
      if (id !== 0 && !this.machine.blocks.isInternal(id) && !this.dirty) this.touch();
    }
    if (!this.dirty) return;
    const blocks = this.machine.blocks;
    const steps = this.machine.steps;
    if (!atExit && this.reached.size > EXACT_TRACKING_BLOCKS && steps - this.lastCheckStep < this.reached.size / EXACT_TRACKING_BLOCKS) {
      this.deferred = true;
      return;
    }
    this.dirty = false;
    const now = this.reachedNow(atExit);
    const after = this.deferred ? this.lastCheckStep : -1;
    this.deferred = false;
    this.lastCheckStep = steps;
    const record = (id: number) => {
      if (!now.has(id) && blocks.isLive(id) && !blocks.isInternal(id) && !this.lost.has(id)) this.lost.set(id, this.dirtyStep, this.dirtyLine, after);
    };
    for (const id of this.reached.keys()) record(id);
    for (let id = this.seenUpTo; id < blocks.nextBlockId; id++) record(id);
    this.reached = now;
    this.seenUpTo = blocks.nextBlockId;
  }

  /** After a checkpoint was restored at `steps`: forget later losses, re-learn the slots and what is reached. */
  rewind(steps: number): void {
    this.lost.forgetAfter(steps);
    this.dirty = false;
    this.deferred = false;
    this.lastCheckStep = steps;
    this.fresh = 0;
    this.slots.clear();
    const memory = leakMemory(this.machine);
    const blocks = this.machine.blocks;
    const learn = (start: number, end: number) => {
      for (let a = Math.ceil(start / 8) * 8; a + 8 <= end; a += 8) {
        const v = memory.word(a);
        if (v !== undefined && blocks.idContaining(v) !== 0) this.slots.add(a);
      }
    };
    for (const r of rootRegions(this.machine)) learn(r.start, r.end);
    for (const id of blocks.liveIds(false)) learn(blocks.start(id), blocks.start(id) + blocks.size(id));
    this.reached = this.reachedNow(false);
    this.seenUpTo = blocks.nextBlockId;
  }

  private reachedNow(atExit: boolean): ReadonlyMap<number, unknown> {
    const blocks = this.machine.blocks;
    const memory = leakMemory(this.machine);
    const regions = staticRootRegions(this.machine);
    const innermost = this.machine.acts.length > 0 ? this.machine.process.callStack.top : undefined;
    const stackLow = innermost ? innermost.lowest : Infinity;
    const stackHigh = innermost ? this.machine.process.mmu.space.find(innermost.rbp)?.end ?? -Infinity : -Infinity;
    const words: number[] = [];
    for (const slot of this.slots.roots()) {
      if (!(slot >= stackLow && slot < stackHigh) && !regions.some((r) => slot >= r.start && slot < r.end)) continue;
      const v = memory.word(slot);
      if (v !== undefined) words.push(v);
    }
    return reachedFromRoots(blocks, memory, { ranges: [], words, heldBlocks: libraryHeldBlocks(this.machine, atExit) });
  }
}

/**
 * The pointer slots, kept apart by where they are: a function's return looks at the stack's
 * only, a check reads the roots' (stack and statics) only, and the slots inside blocks serve to
 * notice their overwriting.
 */
class SlotSet {
  readonly stack = new Set<number>();
  private readonly statics = new Set<number>();
  private readonly inBlocks = new Set<number>();
  private stackFloor = -1;

  constructor(private readonly machine: Machine) {}

  has(addr: number): boolean {
    return this.stack.has(addr) || this.inBlocks.has(addr) || this.statics.has(addr);
  }

  add(addr: number): void {
    if (this.isStack(addr)) this.stack.add(addr);
    else if (this.machine.blocks.idContaining(addr) !== 0) this.inBlocks.add(addr);
    else this.statics.add(addr);
  }

  delete(addr: number): void {
    this.stack.delete(addr);
    this.inBlocks.delete(addr);
    this.statics.delete(addr);
  }

  clear(): void {
    this.stack.clear();
    this.inBlocks.clear();
    this.statics.clear();
  }

  *roots(): IterableIterator<number> {
    yield* this.stack;
    yield* this.statics;
  }

  /** The stack's area: its VMA's top less the largest stack rlimit allows (8 MiB), and a margin. */
  private isStack(addr: number): boolean {
    if (this.stackFloor < 0) {
      const innermost = this.machine.process.callStack.top;
      const top = innermost ? this.machine.process.mmu.space.find(innermost.rbp)?.end : undefined;
      if (top === undefined) return false;
      this.stackFloor = top - 16 * 1024 * 1024;
    }
    return addr >= this.stackFloor;
  }
}

/** lostAt by block id in typed arrays (16 bytes a block); step -1 = not lost. */
class LossColumns {
  private step = new Float64Array(1024).fill(-1);
  private line = new Int32Array(1024);
  /** step - after when the check was spaced out, else 0. */
  private gap = new Int32Array(1024);
  /** Ids below this may have an entry. */
  private end = 0;

  has(id: number): boolean {
    return id < this.end && this.step[id] >= 0;
  }

  get(id: number): (LossPoint & { after?: number }) | undefined {
    if (!this.has(id)) return undefined;
    const point = { step: this.step[id], line: this.line[id] };
    return this.gap[id] > 0 ? { ...point, after: point.step - this.gap[id] } : point;
  }

  set(id: number, step: number, line: number, after: number): void {
    if (id >= this.step.length) this.grow(id);
    this.step[id] = step;
    this.line[id] = line;
    this.gap[id] = after >= 0 ? Math.max(1, step - after) : 0;
    this.end = Math.max(this.end, id + 1);
  }

  /** Step back: losses after `steps` have not happened yet. */
  forgetAfter(steps: number): void {
    for (let id = 0; id < this.end; id++) if (this.step[id] > steps) this.step[id] = -1;
  }

  private grow(id: number): void {
    let n = this.step.length;
    while (n <= id) n *= 2;
    const step = new Float64Array(n).fill(-1);
    step.set(this.step);
    const line = new Int32Array(n);
    line.set(this.line);
    const gap = new Int32Array(n);
    gap.set(this.gap);
    this.step = step;
    this.line = line;
    this.gap = gap;
  }
}
