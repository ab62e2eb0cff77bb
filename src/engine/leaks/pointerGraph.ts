import { AddressTable } from './addressTable';
import { LinkCutForest } from './linkCutForest';

/** What the graph asks of the block registry. */
export interface GraphBlocks {
  start(id: number): number;
  size(id: number): number;
}

/** What a pointer slot is to the leak check. */
export const enum SlotKind {
  /** Remembered (its overwriting matters) but no root and no edge: a dead frame, an undefined word. */
  Inert = 0,
  /** A word of a live frame. */
  StackRoot = 1,
  /** A word of data, bss or the program's own mappings. */
  StaticRoot = 2,
  /** A word inside a heap block: an edge from that block. */
  InBlock = 3,
}

const enum Status {
  Free = 0,
  /** Allocated, and reached as far as the last decision knows (or not decided yet). */
  Live = 1,
  Lost = 2,
}

const PAGE = 4096;

/**
 * Which heap blocks the roots still reach, kept up to date store by store instead of re-marked:
 * every word that holds a pointer into a block is a slot (an address, its value, its target
 * block), listed under the block it points into and, for a slot inside a block, under that
 * holder. A block is *supported* when a root slot points into it (`roots` counts them) or when
 * one edge from a supported holder is its tree edge in a forest whose roots are the blocks roots
 * point to (a link-cut forest, so "is this holder still connected to a root" is a findRoot).
 *
 * A block that loses its support is *pending*. At the statement boundary (`resolve`) each pending
 * block first looks for another edge from a connected holder; those that find none lead a trial
 * over their forest subtrees, whose members look in turn; whatever is left is unreached, and
 * lost at that statement. The work is bounded by the edges into the blocks that lost their
 * support and by the blocks actually lost: a loop that leaks a million blocks, or walks a
 * 10,000-node list, costs a few operations a statement; cycles and interior pointers need no
 * special case (any pointer into a block is an edge, as the leak check's "reached" counts them).
 */
export class PointerGraph {
  // ---- slots, by slot index (0 = none) ----
  /** Slot index by address (0: none). */
  private readonly slotAt = new AddressTable();
  private sAddr = new Float64Array(256);
  private sValue = new Float64Array(256);
  private sTarget = new Int32Array(256);
  private sHolder = new Int32Array(256);
  private sKind = new Uint8Array(256);
  /** The slot points into a freed block: indexed by the value's page until a block lands there. */
  private sDangling = new Uint8Array(256);
  /** It held a pointer into a live block when stored (what makes its overwriting a possible loss). */
  private sMember = new Uint8Array(256);
  /**
   * Stale: it was stored before the block its value now lands in was allocated (it pointed into
   * a block since freed, whose chunk malloc handed out again). It is no edge, as in Memcheck,
   * whose allocator does not reuse a freed chunk soon.
   */
  private sStale = new Uint8Array(256);
  /** How many slots are stale now (0: the leak check need not ask). */
  staleCount = 0;
  /**
   * The slots `allocated` made stale, as address and value pairs, until the owner takes them
   * (the memory checker keeps its own record of them: a dereference through one is a use-after-free).
   */
  readonly newlyStale: number[] = [];
  private sNextIn = new Int32Array(256);
  private sPrevIn = new Int32Array(256);
  private sNextOut = new Int32Array(256);
  private sPrevOut = new Int32Array(256);
  private readonly freeSlots: number[] = [];
  private slotEnd = 1;

  // ---- blocks, by block id ----
  private capacity = 1024;
  /** Root slots (and the library's hold) pointing into the block. */
  private roots = new Int32Array(this.capacity);
  private firstIn = new Int32Array(this.capacity);
  /** The slots a block holds, grown only as far as the highest block that ever held one. */
  private firstOut = new Int32Array(0);
  /** Bits 0-1: the Status; bits 2-3: the pending mark (1 pending, 2 in a trial). */
  private flags = new Uint8Array(this.capacity);
  /**
   * The forest's columns, grown only as far as the highest block ever linked: a loop whose blocks
   * never point to each other (a million leaked strings) pays nothing for them.
   */
  private forestCapacity = 0;
  /** The tree edge: the slot supporting the block, and that slot's holder (its forest parent). */
  private support = new Int32Array(0);
  private parent = new Int32Array(0);
  private firstChild = new Int32Array(0);
  private nextSibling = new Int32Array(0);
  private prevSibling = new Int32Array(0);
  private readonly forest = new LinkCutForest();

  private pending: number[] = [];
  private pendingCount = 0;
  private spare: number[] = [];
  /** Stack root slots by address, highest first (a return drops the lowest ones). */
  private readonly stackRoots: number[] = [];
  private readonly staticRoots = new Set<number>();
  /** Dangling slots by the page their value is in. */
  private readonly dangling = new Map<number, Set<number>>();
  /**
   * Stale slots by the page their value is in: out of `dangling`, so a chunk handed out again and
   * again (a recursion freeing and mallocing one chunk per level) does not visit them again.
   */
  private readonly staleByPage = new Map<number, Set<number>>();

  constructor(private readonly blocks: GraphBlocks) {}

  /** The word at addr held a pointer into a live block when last stored. */
  has(addr: number): boolean {
    const s = this.slotAt.get(addr);
    return s !== 0 && this.sMember[s] === 1;
  }

  /** The word at addr holds a stale pointer: stored before the live block it lands in was allocated. */
  isStale(addr: number): boolean {
    if (this.staleCount === 0) return false;
    const s = this.slotAt.get(addr);
    return s !== 0 && this.sStale[s] === 1;
  }

  /** The addresses of the stale pointers whose values land in [start, end). */
  staleInto(start: number, end: number): number[] {
    const out: number[] = [];
    if (this.staleCount === 0) return out;
    for (let page = Math.floor(start / PAGE); page * PAGE < end; page++) {
      for (const s of this.staleByPage.get(page) ?? []) {
        if (this.sValue[s] >= start && this.sValue[s] < end) out.push(this.sAddr[s]);
      }
    }
    return out.sort((a, b) => a - b);
  }

  /** The word at addr is a slot (a member, or a word in a block holding a dangling pointer). */
  hasSlot(addr: number): boolean {
    return this.slotAt.has(addr);
  }

  /** Pending blocks wait for a decision. */
  get hasPending(): boolean {
    return this.pendingCount > 0;
  }

  /**
   * The word at addr now holds `value`, a pointer into block `target`; `holder` is the block
   * holding an InBlock slot. An InBlock or Inert slot with no target holds a pointer into freed
   * memory: it points to whatever block malloc puts there next (the leak check reads block words
   * as they are; an Inert one is a local or global copy of a dangling pointer, which no root counts).
   */
  point(addr: number, kind: SlotKind, holder: number, value: number, target: number): void {
    let s = this.slotAt.get(addr);
    if (s === 0) s = this.newSlot(addr);
    else this.release(s);
    this.unstale(s);
    this.sValue[s] = value;
    this.sKind[s] = kind;
    this.sHolder[s] = holder;
    this.sMember[s] = target !== 0 ? 1 : 0;
    if (target === 0 && (kind === SlotKind.InBlock || kind === SlotKind.Inert)) this.dangle(s);
    if (kind === SlotKind.StackRoot) this.insertStackRoot(s);
    else if (kind === SlotKind.StaticRoot) this.staticRoots.add(s);
    else if (kind === SlotKind.InBlock) this.pushOut(holder, s);
    if (kind !== SlotKind.Inert) this.attach(s, target);
  }

  /** The word at addr no longer holds a pointer into a block. */
  drop(addr: number): void {
    const s = this.slotAt.get(addr);
    if (s === 0) return;
    this.release(s);
    this.slotAt.delete(addr);
    this.freeSlots.push(s);
  }

  /** Stack slots below `end` stop being roots (their frame returned); they stay remembered. */
  unrootStackBelow(end: number): void {
    const list = this.stackRoots;
    while (list.length > 0 && this.sAddr[list[list.length - 1]] < end) {
      const s = list.pop()!;
      this.detachTarget(s);
      this.sKind[s] = SlotKind.Inert;
    }
  }

  /** Static slots outside `isRoot` (an unmapped region) stop being roots. */
  revalidateStatics(isRoot: (addr: number) => boolean): void {
    for (const s of [...this.staticRoots]) {
      if (isRoot(this.sAddr[s])) continue;
      this.staticRoots.delete(s);
      this.detachTarget(s);
      this.sKind[s] = SlotKind.Inert;
    }
  }

  /**
   * A new block: pending until a pointer to it is stored. A dangling pointer into its bytes (into
   * the freed block whose chunk this is) becomes stale: it does not support the new block, nor any
   * later one in that chunk, and is announced once (the checker looks up the block there at use).
   */
  allocated(id: number): void {
    if (id >= this.capacity) this.grow(id);
    this.flags[id] = Status.Live;
    this.roots[id] = 0;
    this.firstIn[id] = 0;
    if (id < this.firstOut.length) this.firstOut[id] = 0;
    if (id < this.forestCapacity) {
      this.support[id] = 0;
      this.parent[id] = 0;
      this.firstChild[id] = 0;
      this.forest.reset(id);
    }
    this.addPending(id);
    if (this.dangling.size === 0) return;
    const start = this.blocks.start(id);
    const end = start + Math.max(this.blocks.size(id), 1);
    for (let page = Math.floor(start / PAGE); page * PAGE < end; page++) {
      const slots = this.dangling.get(page);
      if (slots === undefined) continue;
      for (const s of slots) {
        const v = this.sValue[s];
        if (v < start || v >= end) continue;
        this.undangle(s);
        this.sStale[s] = 1;
        this.staleCount++;
        addToPage(this.staleByPage, Math.floor(v / PAGE), s);
        this.newlyStale.push(this.sAddr[s], v);
      }
    }
  }

  /** A block was freed: its own slots stop being edges, the slots pointing into it dangle. */
  freed(id: number): void {
    if (id >= this.capacity || (this.flags[id] & 3) === Status.Free) return;
    for (let s = this.outOf(id); s !== 0;) {
      const next = this.sNextOut[s];
      this.detachTarget(s);
      this.sKind[s] = SlotKind.Inert;
      this.sHolder[s] = 0;
      s = next;
    }
    if (id < this.firstOut.length) this.firstOut[id] = 0;
    for (let s = this.firstIn[id]; s !== 0;) {
      const next = this.sNextIn[s];
      this.sTarget[s] = 0;
      this.dangle(s);
      s = next;
    }
    this.firstIn[id] = 0;
    this.cutParent(id);
    this.roots[id] = 0;
    this.setStatus(id, Status.Free);
  }

  /** The C library holds a block of its own (a root outside simulated memory), or lets it go. */
  hold(id: number, on: boolean): void {
    if (id >= this.capacity || (this.flags[id] & 3) === Status.Free) return;
    if (on) this.addRoot(id);
    else this.removeRoot(id);
  }

  /** Decides the pending blocks: those no root reaches any more are passed to `lost`, in id order. */
  resolve(lost: (id: number) => void): void {
    // The two lists swap roles at each call, and are never shrunk: a boundary allocates nothing.
    const rest = this.pending;
    const count = this.pendingCount;
    this.pending = this.spare;
    this.pendingCount = 0;
    this.spare = rest;
    let n = 0;
    for (let i = 0; i < count; i++) {
      const x = rest[i];
      this.setMark(x, 0);
      if (this.unsupported(x)) rest[n++] = x;
    }
    // 1. Another edge from a connected holder, until nothing changes.
    for (let progress = true; progress && n > 0;) {
      progress = false;
      let kept = 0;
      for (let i = 0; i < n; i++) {
        const x = rest[i];
        if (!this.unsupported(x)) continue;
        if (this.findSupport(x)) progress = true;
        else rest[kept++] = x;
      }
      n = kept;
    }
    if (n === 0) return;
    let childless = true;
    for (let i = 0; i < n && childless; i++) childless = this.childOf(rest[i]) === 0;
    let gone: number[];
    let lostCount = n;
    if (childless) {
      // Nothing hangs below them, and no connected holder points to them: all lost (the common case).
      gone = rest;
    } else {
      gone = this.trialOf(rest, n);
      lostCount = gone.length;
    }
    for (let i = 0; i < lostCount; i++) {
      this.cutParent(gone[i]);
      this.setStatus(gone[i], Status.Lost);
    }
    if (lostCount > 1) gone.slice(0, lostCount).sort((a, b) => a - b).forEach((w) => lost(w));
    else if (lostCount === 1) lost(gone[0]);
  }

  /**
   * 2. The trial: every block below an unsupported one looks for support from outside its
   * subtree, until nothing changes; returns those left unreached.
   */
  private trialOf(rest: readonly number[], n: number): number[] {
    const trial: number[] = [];
    for (let r = 0; r < n; r++) {
      const x = rest[r];
      if (!this.unsupported(x) || (this.flags[x] >> 2) === 2) continue;
      this.setMark(x, 2);
      for (let i = trial.push(x) - 1; i < trial.length; i++) {
        for (let c = this.childOf(trial[i]); c !== 0; c = this.nextSibling[c]) {
          if ((this.flags[c] >> 2) === 2) continue;
          this.setMark(c, 2);
          trial.push(c);
        }
      }
    }
    for (let progress = true; progress;) {
      progress = false;
      for (const w of trial) {
        if ((this.flags[w] >> 2) !== 2) continue;
        if (this.connected(w)) {
          this.setMark(w, 0);
          continue;
        }
        if (this.findSupport(w)) {
          this.setMark(w, 0);
          progress = true;
        }
      }
    }
    // 3. What is left is lost.
    const gone: number[] = [];
    for (const w of trial) {
      if ((this.flags[w] >> 2) !== 2) continue;
      this.setMark(w, 0);
      if (!this.connected(w)) gone.push(w);
    }
    return gone;
  }

  /**
   * After the slots were learned afresh (step back): marks from the root-supported blocks
   * through the edges, giving each reached block its tree edge; the rest are lost, silently.
   */
  settle(liveIds: readonly number[]): void {
    const seen = new Uint8Array(this.capacity);
    const queue: number[] = [];
    for (const id of liveIds) if (this.roots[id] > 0) { seen[id] = 1; queue.push(id); }
    for (let i = 0; i < queue.length; i++) {
      const h = queue[i];
      for (let s = this.outOf(h); s !== 0; s = this.sNextOut[s]) {
        const t = this.sTarget[s];
        if (t === 0 || seen[t] === 1) continue;
        seen[t] = 1;
        if (this.unsupported(t)) this.link(t, h, s);
        this.setStatus(t, Status.Live);
        queue.push(t);
      }
    }
    for (const id of liveIds) {
      this.setMark(id, 0);
      if (seen[id] === 0 && this.unsupported(id)) this.setStatus(id, Status.Lost);
    }
    this.pendingCount = 0;
  }

  /** Forgets every slot and block (before learning them again). */
  clear(): void {
    this.slotAt.clear();
    this.freeSlots.length = 0;
    this.slotEnd = 1;
    this.roots.fill(0);
    this.firstIn.fill(0);
    this.firstOut.fill(0);
    this.flags.fill(0);
    this.support.fill(0);
    this.parent.fill(0);
    this.firstChild.fill(0);
    this.forest.clear();
    this.pendingCount = 0;
    this.stackRoots.length = 0;
    this.staticRoots.clear();
    this.dangling.clear();
    this.staleByPage.clear();
    this.sStale.fill(0);
    this.staleCount = 0;
    this.newlyStale.length = 0;
  }

  // ---- edges ----

  private attach(s: number, target: number): void {
    if (target === 0 || target >= this.capacity || (this.flags[target] & 3) === Status.Free) return;
    this.sTarget[s] = target;
    const head = this.firstIn[target];
    this.sNextIn[s] = head;
    this.sPrevIn[s] = 0;
    if (head !== 0) this.sPrevIn[head] = s;
    this.firstIn[target] = s;
    if (this.sKind[s] !== SlotKind.InBlock) {
      this.addRoot(target);
      return;
    }
    const holder = this.sHolder[s];
    if (holder !== target && this.unsupported(target) && this.connected(holder)) {
      this.link(target, holder, s);
      if ((this.flags[target] & 3) === Status.Lost) this.revive(target);
    }
  }

  /** Takes the slot off its target (and its kind's list); the slot itself stays. */
  private release(s: number): void {
    if (this.sDangling[s] === 1) this.undangle(s);
    this.unstale(s);
    this.detachTarget(s);
    const kind = this.sKind[s];
    if (kind === SlotKind.StackRoot) this.removeStackRoot(s);
    else if (kind === SlotKind.StaticRoot) this.staticRoots.delete(s);
    else if (kind === SlotKind.InBlock) this.removeOut(s);
    this.sKind[s] = SlotKind.Inert;
  }

  private detachTarget(s: number): void {
    if (this.sDangling[s] === 1) this.undangle(s);
    const t = this.sTarget[s];
    if (t === 0) return;
    this.sTarget[s] = 0;
    const next = this.sNextIn[s];
    const prev = this.sPrevIn[s];
    if (prev !== 0) this.sNextIn[prev] = next;
    else this.firstIn[t] = next;
    if (next !== 0) this.sPrevIn[next] = prev;
    if (this.sKind[s] !== SlotKind.InBlock) this.removeRoot(t);
    else if (t < this.forestCapacity && this.support[t] === s) {
      this.cutParent(t);
      this.addPending(t);
    }
  }

  private addRoot(id: number): void {
    if (this.roots[id]++ === 0) {
      // A block roots point to is a tree root of its own.
      this.cutParent(id);
      if ((this.flags[id] & 3) === Status.Lost) this.revive(id);
    }
  }

  private removeRoot(id: number): void {
    if (--this.roots[id] === 0) this.addPending(id);
  }

  /** A lost block reached again (a pointer rebuilt from an integer): so is what only it reaches. */
  private revive(id: number): void {
    this.setStatus(id, Status.Live);
    const queue = [id];
    for (let i = 0; i < queue.length; i++) {
      const h = queue[i];
      for (let s = this.outOf(h); s !== 0; s = this.sNextOut[s]) {
        const t = this.sTarget[s];
        if (t === 0 || t === h || !this.unsupported(t)) continue;
        this.link(t, h, s);
        if ((this.flags[t] & 3) === Status.Lost) {
          this.setStatus(t, Status.Live);
          queue.push(t);
        }
      }
    }
  }

  private findSupport(x: number): boolean {
    for (let s = this.firstIn[x]; s !== 0; s = this.sNextIn[s]) {
      if (this.sKind[s] !== SlotKind.InBlock) continue;
      const h = this.sHolder[s];
      if (h === x || !this.connected(h)) continue;
      this.cutParent(x);
      this.link(x, h, s);
      return true;
    }
    return false;
  }

  private unsupported(id: number): boolean {
    return (this.flags[id] & 3) !== Status.Free && this.roots[id] === 0 && this.parentOf(id) === 0;
  }

  /** The block is reached: its tree's root has a root pointing to it. */
  private connected(id: number): boolean {
    if ((this.flags[id] & 3) !== Status.Live) return false;
    if (this.roots[id] > 0) return true;
    if (this.parentOf(id) === 0) return false;
    return this.roots[this.forest.findRoot(id)] > 0;
  }

  private addPending(id: number): void {
    if ((this.flags[id] & 3) !== Status.Live || (this.flags[id] >> 2) === 1 || !this.unsupported(id)) return;
    this.setMark(id, 1);
    this.pending[this.pendingCount++] = id;
  }

  // ---- the forest ----

  private setStatus(id: number, status: Status): void {
    this.flags[id] = (this.flags[id] & ~3) | status;
  }

  private setMark(id: number, mark: number): void {
    this.flags[id] = (this.flags[id] & 3) | (mark << 2);
  }

  private parentOf(id: number): number {
    return id < this.forestCapacity ? this.parent[id] : 0;
  }

  private childOf(id: number): number {
    return id < this.forestCapacity ? this.firstChild[id] : 0;
  }

  private link(x: number, holder: number, s: number): void {
    const highest = Math.max(x, holder);
    if (highest >= this.forestCapacity) this.growForest(highest);
    this.forest.link(x, holder);
    this.parent[x] = holder;
    this.support[x] = s;
    const first = this.firstChild[holder];
    this.nextSibling[x] = first;
    this.prevSibling[x] = 0;
    if (first !== 0) this.prevSibling[first] = x;
    this.firstChild[holder] = x;
  }

  private cutParent(x: number): void {
    const p = this.parentOf(x);
    if (p === 0) return;
    this.forest.cut(x);
    const next = this.nextSibling[x];
    const prev = this.prevSibling[x];
    if (prev !== 0) this.nextSibling[prev] = next;
    else this.firstChild[p] = next;
    if (next !== 0) this.prevSibling[next] = prev;
    this.parent[x] = 0;
    this.support[x] = 0;
  }

  // ---- slot bookkeeping ----

  private newSlot(addr: number): number {
    let s = this.freeSlots.pop();
    if (s === undefined) {
      s = this.slotEnd++;
      if (s >= this.sAddr.length) this.growSlots();
    }
    this.sAddr[s] = addr;
    this.sTarget[s] = 0;
    this.sKind[s] = SlotKind.Inert;
    this.sDangling[s] = 0;
    this.unstale(s);
    this.slotAt.set(addr, s);
    return s;
  }

  private outOf(holder: number): number {
    return holder < this.firstOut.length ? this.firstOut[holder] : 0;
  }

  private pushOut(holder: number, s: number): void {
    if (holder >= this.firstOut.length) {
      let n = Math.max(1024, this.firstOut.length);
      while (n <= holder) n *= 2;
      const grown = new Int32Array(n);
      grown.set(this.firstOut);
      this.firstOut = grown;
    }
    const head = this.firstOut[holder];
    this.sNextOut[s] = head;
    this.sPrevOut[s] = 0;
    if (head !== 0) this.sPrevOut[head] = s;
    this.firstOut[holder] = s;
  }

  private removeOut(s: number): void {
    const holder = this.sHolder[s];
    const next = this.sNextOut[s];
    const prev = this.sPrevOut[s];
    if (prev !== 0) this.sNextOut[prev] = next;
    else if (this.firstOut[holder] === s) this.firstOut[holder] = next;
    if (next !== 0) this.sPrevOut[next] = prev;
  }

  private insertStackRoot(s: number): void {
    const list = this.stackRoots;
    const addr = this.sAddr[s];
    // Highest address first; a new frame's slots are the lowest, so this is nearly always a push.
    let at = list.length;
    while (at > 0 && this.sAddr[list[at - 1]] < addr) at--;
    if (at === list.length) list.push(s);
    else list.splice(at, 0, s);
  }

  private removeStackRoot(s: number): void {
    const list = this.stackRoots;
    const i = list.lastIndexOf(s);
    if (i >= 0) list.splice(i, 1);
  }

  private dangle(s: number): void {
    addToPage(this.dangling, Math.floor(this.sValue[s] / PAGE), s);
    this.sDangling[s] = 1;
  }

  private unstale(s: number): void {
    if (this.sStale[s] === 0) return;
    removeFromPage(this.staleByPage, Math.floor(this.sValue[s] / PAGE), s);
    this.sStale[s] = 0;
    this.staleCount--;
  }

  private undangle(s: number): void {
    removeFromPage(this.dangling, Math.floor(this.sValue[s] / PAGE), s);
    this.sDangling[s] = 0;
  }

  private growSlots(): void {
    const n = this.sAddr.length * 2;
    const f64 = (a: Float64Array) => { const b = new Float64Array(n); b.set(a); return b; };
    const i32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    const u8 = (a: Uint8Array) => { const b = new Uint8Array(n); b.set(a); return b; };
    this.sMember = u8(this.sMember);
    this.sAddr = f64(this.sAddr);
    this.sValue = f64(this.sValue);
    this.sTarget = i32(this.sTarget);
    this.sHolder = i32(this.sHolder);
    this.sKind = u8(this.sKind);
    this.sDangling = u8(this.sDangling);
    this.sStale = u8(this.sStale);
    this.sNextIn = i32(this.sNextIn);
    this.sPrevIn = i32(this.sPrevIn);
    this.sNextOut = i32(this.sNextOut);
    this.sPrevOut = i32(this.sPrevOut);
  }

  private grow(id: number): void {
    let n = this.capacity;
    while (n <= id) n *= 2;
    this.capacity = n;
    const i32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    const u8 = (a: Uint8Array) => { const b = new Uint8Array(n); b.set(a); return b; };
    this.roots = i32(this.roots);
    this.firstIn = i32(this.firstIn);
    this.flags = u8(this.flags);
  }

  private growForest(id: number): void {
    let n = Math.max(1024, this.forestCapacity);
    while (n <= id) n *= 2;
    this.forestCapacity = n;
    const i32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    this.support = i32(this.support);
    this.parent = i32(this.parent);
    this.firstChild = i32(this.firstChild);
    this.nextSibling = i32(this.nextSibling);
    this.prevSibling = i32(this.prevSibling);
    this.forest.ensure(n - 1);
  }
}

/** Slots by page: `slot` joins the set of `page`. */
function addToPage(index: Map<number, Set<number>>, page: number, slot: number): void {
  let set = index.get(page);
  if (set === undefined) index.set(page, (set = new Set()));
  set.add(slot);
}

/** `slot` leaves the set of `page` (and an empty set leaves the index). */
function removeFromPage(index: Map<number, Set<number>>, page: number, slot: number): void {
  const set = index.get(page);
  if (set === undefined) return;
  set.delete(slot);
  if (set.size === 0) index.delete(page);
}
