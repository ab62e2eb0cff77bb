import type { HeapEvent } from '../../../../engine/heap/allocator';
import { PointerGraph, SlotKind } from '../../../../engine/leaks/pointerGraph';
import { freeresRan, leakMemory, rootRegions, staticRootRegions } from './heapLeaks';
import type { Machine } from './machine';
import type { StoreWatch } from './vmMemory';

/** When a block became unreachable: the statement that dropped the last pointer to it. */
export interface LossPoint {
  readonly step: number;
  readonly line: number;
}

/**
 * Finds the step at which each block turns from reachable to lost, so the editor can say "this
 * assignment lost the last pointer to the 64-byte block allocated at line 5".
 *
 * Every store goes through VmMemory, which tells it; the words that hold pointers into live
 * blocks are the slots of a PointerGraph (`src/engine/leaks/pointerGraph.ts`), which keeps the
 * reachable blocks supported store by store, so nothing is re-marked: a block loses its support
 * when a slot is overwritten, its holder is freed or its frame returns, and at the next statement
 * boundary the graph decides whether anything else still reaches it. Exact at every statement,
 * whatever the size of the heap.
 *
 * A loss is put at the last event of the statement that could lose a block (`touch`): a
 * callee's return is followed by the caller's store of its result, and a pointer held only in a
 * VM temporary between the two is no loss.
 */
export class LeakWatch implements StoreWatch {
  dirty = false;
  /**
   * Changes whenever the leak classes could have: a pointer slot, a block, a frame, a store into
   * the heap's words or a loss changed. A report made at the same version is still true.
   */
  version = 0;
  /** Changes with every allocator event and step back: the heap's chunks are as they were while it holds. */
  heapVersion = 0;
  private dirtyStep = 0;
  private dirtyLine = 0;
  /** Loss points by block id, as a column (a million lost blocks cost 8 MB, not a Map's 70). */
  private readonly lost = new LossColumns();
  private readonly graph: PointerGraph;
  /** Stack slots (live or dead frames) by address, lowest first: a return asks if its frame held one. */
  private readonly stackSlots: number[] = [];
  /** A block allocated during this statement and not yet stored anywhere (it may be dropped). */
  private fresh = 0;
  private stackFloor = -1;
  /** The address space's version the static slots were last checked against. */
  private regionsVersion = -1;
  /** The library's own blocks the graph holds as roots. */
  private readonly held = new Set<number>();
  /** The registry's count of changes to its internal blocks when they were last held. */
  private internalChanges = -1;

  constructor(private readonly machine: Machine) {
    this.graph = new PointerGraph(machine.blocks);
  }

  /** The word at addr holds a stale pointer (stored before the live block it lands in existed). */
  isStale(addr: number): boolean {
    return this.graph.isStale(addr);
  }

  /** Where the stale pointers into [start, end) are. */
  staleInto(start: number, end: number): number[] {
    return this.graph.staleInto(start, end);
  }

  lostAt(id: number): LossPoint | undefined {
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
    this.version++;
    if (this.stackSlots.length === 0) return;
    const stack = this.machine.process.callStack;
    const lowest = stack.topLowest;
    if (lowest === undefined) return;
    const highest = stack.topHighest!;
    const i = lowerBound(this.stackSlots, lowest);
    if (i < this.stackSlots.length && this.stackSlots[i] < highest) {
      this.touch();
      this.graph.unrootStackBelow(highest);
    }
  }

  /** The allocator's events, after the block registry saw them (`freedId`: the block a free or realloc ended). */
  heapEvent(e: HeapEvent, freedId: number): void {
    this.version++;
    this.heapVersion++;
    if (freedId !== 0) this.graph.freed(freedId);
    if (e.kind === 'malloc' || e.kind === 'realloc') {
      const id = this.machine.blocks.idContaining(e.ptr);
      if (id !== 0) this.graph.allocated(id);
    }
    if (e.kind === 'malloc') this.allocated(e.ptr);
    else if (e.kind === 'free' || e.kind === 'realloc') this.touch(); // the kernel side (sbrk, mmap, trim) loses no block
    // realloc copied the block's bytes outside the program's stores: its pointers are slots too.
    if (e.kind === 'realloc') this.stored(e.ptr, e.requested);
  }

  /**
   * A block was allocated. Its pointer is normally stored before the statement ends (`p =
   * malloc(n)`), which is not worth a check; if it is not, the boundary checks (`malloc(n);`).
   */
  private allocated(ptr: number): void {
    if (this.fresh !== 0) this.touch();
    this.fresh = ptr;
  }

  /** A store of a 64-bit value whose bits are known. */
  stored64(addr: number, value: number): void {
    if ((addr & 7) !== 0) {
      this.stored(addr, 8);
      return;
    }
    const was = this.graph.has(addr);
    const blocks = this.machine.blocks;
    this.noteHeapStore(addr);
    const target = blocks.idContaining(value);
    const defined = !this.machine.mem.shadow.wordUndefined(addr);
    if (target !== 0) {
      this.point(addr, value, target, defined);
      if (value === this.fresh) this.fresh = 0;
    } else this.notPointer(addr, value, defined);
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
    this.noteHeapStore(addr);
    if (size < 8 && addr + size <= first + 8 && !this.graph.hasSlot(first)) return;
    const memory = leakMemory(this.machine);
    for (let a = first; a < addr + size; a += 8) {
      const was = this.graph.has(a);
      const v = memory.word(a);
      const target = v === undefined ? 0 : this.machine.blocks.idContaining(v);
      if (target !== 0) this.point(a, v!, target, true);
      else this.notPointer(a, v ?? 0, v !== undefined);
      if (was) this.touch();
    }
  }

  /**
   * The word at addr holds no pointer into a live block. A value inside the heap's bounds may be
   * a dangling pointer that a later malloc revives: in a block it stays an edge-to-be; anywhere
   * else (a local or global copy of it) it is remembered, inert, so that it turns stale too when
   * the chunk is handed out again.
   */
  private notPointer(addr: number, value: number, defined: boolean): void {
    const blocks = this.machine.blocks;
    if (defined && blocks.withinHeapBounds(value)) {
      const holder = blocks.idContaining(addr);
      if (holder !== 0) this.graph.point(addr, SlotKind.InBlock, holder, value, 0);
      else if (blocks.freedContaining(value) !== undefined) this.graph.point(addr, SlotKind.Inert, 0, value, 0);
      else if (this.graph.hasSlot(addr)) this.unpoint(addr);
      return;
    }
    if (this.graph.hasSlot(addr)) this.unpoint(addr);
  }

  /**
   * The words a new block made stale since the last call, as address and value pairs (a
   * pointer stored for the freed block whose chunk malloc just handed out again), then forgotten.
   */
  takeNewlyStale(): number[] {
    const list = this.graph.newlyStale;
    if (list.length === 0) return list;
    const out = list.slice();
    list.length = 0;
    return out;
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
    this.dirty = false;
    this.syncRoots(atExit);
    const blocks = this.machine.blocks;
    this.version++;
    this.graph.resolve((id) => {
      if (blocks.isLive(id) && !blocks.isInternal(id) && !this.lost.has(id)) this.lost.set(id, this.dirtyStep, this.dirtyLine);
    });
  }

  /** After a checkpoint was restored at `steps`: forget later losses, re-learn the slots and what is reached. */
  rewind(steps: number): void {
    this.version++;
    this.heapVersion++;
    this.lost.forgetAfter(steps);
    this.dirty = false;
    this.fresh = 0;
    this.graph.clear();
    this.stackSlots.length = 0;
    this.held.clear();
    this.internalChanges = -1;
    this.regionsVersion = -1;
    const blocks = this.machine.blocks;
    const live = blocks.liveIds(true);
    for (const id of live) this.graph.allocated(id);
    const memory = leakMemory(this.machine);
    const learn = (start: number, end: number) => {
      for (let a = Math.ceil(start / 8) * 8; a + 8 <= end; a += 8) {
        const v = memory.word(a);
        if (v === undefined) continue;
        const target = blocks.idContaining(v);
        if (target !== 0) this.point(a, v, target, true);
        else if (blocks.withinHeapBounds(v)) this.notPointer(a, v, true);
      }
    };
    for (const r of rootRegions(this.machine)) learn(r.start, r.end);
    for (const id of live) learn(blocks.start(id), blocks.start(id) + blocks.size(id));
    this.syncRoots(false);
    this.graph.settle(live);
  }

  /**
   * A store into the heap's bytes (a block, a chunk header, the top chunk) may change what the
   * leak check reads (a heuristic's length word) and what the heap's walk finds (a corrupted
   * header): both versions move on. Stores to the stack and globals leave them be.
   */
  private noteHeapStore(addr: number): void {
    const blocks = this.machine.blocks;
    if (!blocks.withinHeapBounds(addr) && !blocks.withinHeapBounds(addr + 16) && !this.inHeapMapping(addr)) return;
    this.version++;
    this.heapVersion++;
  }

  private inHeapMapping(addr: number): boolean {
    const space = this.machine.process.mmu.space;
    if (space.version !== this.heapMappingVersion) {
      this.heapMappingVersion = space.version;
      const heap = space.list().find((v) => v.role === 'heap');
      this.heapStart = heap?.start ?? 0;
      this.heapEnd = heap?.end ?? 0;
    }
    return addr >= this.heapStart && addr < this.heapEnd;
  }

  private heapMappingVersion = -1;
  private heapStart = 0;
  private heapEnd = 0;

  /** Makes the word at addr a slot pointing into `target`, a root, an edge or neither by where it is. */
  private point(addr: number, value: number, target: number, defined: boolean): void {
    const blocks = this.machine.blocks;
    let kind = SlotKind.Inert;
    let holder = 0;
    if (this.isStack(addr)) {
      if (!this.graph.has(addr)) this.stackSlots.splice(lowerBound(this.stackSlots, addr), 0, addr);
      const lowest = this.machine.acts.length > 0 ? this.machine.process.callStack.topLowest : undefined;
      if (lowest !== undefined && addr >= lowest) kind = SlotKind.StackRoot;
    } else if ((holder = blocks.idContaining(addr)) !== 0) {
      kind = SlotKind.InBlock;
    } else if (this.inStaticRoots(addr)) {
      kind = SlotKind.StaticRoot;
    }
    // Memcheck ignores words with undefined bits.
    if (!defined) kind = SlotKind.Inert;
    this.version++;
    this.graph.point(addr, kind, holder, value, target);
  }

  private unpoint(addr: number): void {
    this.version++;
    if (this.isStack(addr)) {
      const i = lowerBound(this.stackSlots, addr);
      if (this.stackSlots[i] === addr) this.stackSlots.splice(i, 1);
    }
    this.graph.drop(addr);
  }

  /**
   * Before a decision: frames that went without a return (a library's own frame) stop being
   * roots, static slots follow the mappings, and the library's buffers are held until Valgrind's
   * __libc_freeres frees them (at exit, unless a signal ended the process).
   */
  private syncRoots(atExit: boolean): void {
    const lowest = this.machine.acts.length > 0 ? this.machine.process.callStack.topLowest : undefined;
    this.graph.unrootStackBelow(lowest ?? Infinity);
    const space = this.machine.process.mmu.space;
    if (space.version !== this.regionsVersion) {
      this.regionsVersion = space.version;
      this.graph.revalidateStatics((a) => this.inStaticRoots(a));
    }
    const blocks = this.machine.blocks;
    const freed = freeresRan(this.machine, atExit);
    if (!freed && blocks.internalChanges === this.internalChanges) return;
    this.internalChanges = blocks.internalChanges;
    for (const id of [...this.held]) {
      if (freed || !blocks.isLive(id) || !blocks.isInternal(id)) {
        this.held.delete(id);
        this.graph.hold(id, false);
      }
    }
    if (!freed) {
      for (const id of blocks.internalIds()) {
        if (this.held.has(id)) continue;
        this.held.add(id);
        this.graph.hold(id, true);
      }
    }
  }

  private inStaticRoots(addr: number): boolean {
    return staticRootRegions(this.machine).some((r) => addr >= r.start && addr < r.end);
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

/** The first index whose value is >= x in an ascending array. */
function lowerBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * lostAt by block id, step and line packed in one double (8 bytes a block): step * 2^20 + line,
 * exact for steps below 2^33 and lines below 2^20; -1 = not lost.
 */
class LossColumns {
  private packed = new Float64Array(1024).fill(-1);
  /** Ids below this may have an entry. */
  private end = 0;

  has(id: number): boolean {
    return id < this.end && this.packed[id] >= 0;
  }

  get(id: number): LossPoint | undefined {
    if (!this.has(id)) return undefined;
    const p = this.packed[id];
    const line = p % LINES;
    return { step: (p - line) / LINES, line };
  }

  set(id: number, step: number, line: number): void {
    if (id >= this.packed.length) this.grow(id);
    this.packed[id] = step * LINES + Math.min(line, LINES - 1);
    this.end = Math.max(this.end, id + 1);
  }

  /** Step back: losses after `steps` have not happened yet. */
  forgetAfter(steps: number): void {
    const limit = (steps + 1) * LINES;
    for (let id = 0; id < this.end; id++) if (this.packed[id] >= limit) this.packed[id] = -1;
  }

  private grow(id: number): void {
    let n = this.packed.length;
    while (n <= id) n *= 2;
    const packed = new Float64Array(n).fill(-1);
    packed.set(this.packed);
    this.packed = packed;
  }
}

const LINES = 2 ** 20;
