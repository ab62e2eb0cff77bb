import type { SourceSite } from '../../shared/memoryIssues';
import { PAGE_SIZE } from '../addressSpace/layout';
import type { AllocatingCall, HeapEvent } from './allocator';
import { PageBlocks } from './pageBlocks';
import { UintColumn } from './uintColumn';

/** A block the program got from the allocator: what leak and error reports say about it. */
export interface HeapBlock {
  /** Allocation number, 1-based, in the order of the calls. */
  readonly id: number;
  /** The pointer the allocator returned. */
  readonly ptr: number;
  /** Bytes asked for: the program may touch [ptr, ptr + size). */
  readonly size: number;
  readonly call: AllocatingCall;
  readonly allocatedAt: SourceSite;
  /** The step during which it was allocated. */
  readonly allocStep: number;
  /** Allocated by the C library for itself (stdio buffers), not by the program. */
  readonly internal: boolean;
  readonly freedAt?: SourceSite;
  readonly freeStep?: number;
}

/** Where the program is when an allocation event arrives. */
export interface AllocationContext {
  siteNow(): SourceSite;
  readonly steps: number;
}

/** Undo-log entries: an allocation, a free, or an allocation marked internal (low 2 bits of an entry). */
const enum Change {
  Alloc = 0,
  Free = 1,
  Internal = 2,
}

/** How many freed blocks are remembered for use-after-free reports (ASan's quarantine keeps bytes; we keep blocks). */
const QUARANTINE_BLOCKS = 4096;
const CALLS: readonly AllocatingCall[] = ['malloc', 'calloc', 'realloc', 'memalign', 'posix_memalign', 'aligned_alloc'];

/**
 * Every block the program got from the allocator, with its allocation (and later free) site, fed
 * by the allocator's events. It is bookkeeping beside the heap, never inside it: the addresses
 * stay glibc's own.
 *
 * A million tracked allocations must stay cheap, so the blocks are columns (typed arrays indexed
 * by allocation id, about 40 bytes a block) and HeapBlock objects are made only when asked for.
 * Lookups by address use a page index (page number -> the live blocks touching that page,
 * pageBlocks.ts): `containing(addr)` is a map lookup and a binary search on one page.
 *
 * Stepping back does not copy it: every change is appended to an undo log, a checkpoint
 * remembers the log's length (`mark()`) and restoring it undoes the changes after it
 * (`rewind()`). Replaying forward appends the same changes again, the machine being deterministic.
 */
export class BlockRegistry {
  private capacity = 1024;
  /**
   * Columns by id (index 0 unused). freedAfter is the free's step + 1, 0 while the block is
   * live. Addresses need 47 bits; sizes and steps take 4 bytes until one needs more (uintColumn.ts).
   */
  private starts = new Float64Array(this.capacity);
  private readonly sizes = new UintColumn(this.capacity);
  private readonly allocStep = new UintColumn(this.capacity);
  private readonly freedAfter = new UintColumn(this.capacity);
  private allocSite = new Int32Array(this.capacity);
  private freeSite = new Int32Array(this.capacity);
  /** Bits 0-2: the AllocatingCall's index; bit 3: internal. */
  private flags = new Uint8Array(this.capacity);
  private readonly byPage = new Map<number, PageBlocks>();
  /** Bounds of every block ever indexed: a quick no for most numbers that are not heap pointers. */
  private lowest = Infinity;
  private highest = -Infinity;
  /** Live blocks the library allocated for itself (a handful). */
  private readonly internalLive = new Set<number>();
  /** Counts changes to internalLive (for a watcher that mirrors it). */
  internalChanges = 0;
  private log = new Int32Array(1024);
  private logLength = 0;
  /** Ids of freed blocks, oldest first, at most QUARANTINE_BLOCKS (rebuilt from the log on rewind). */
  private quarantine: number[] = [];
  private nextId = 1;
  private live = 0;
  private frees = 0;
  private bytesAllocated = 0;
  private bytesLive = 0;
  private readonly sites: SourceSite[] = [];
  private readonly siteIds = new Map<string, number>();
  private readonly siteIdsByObject = new Map<SourceSite, number>();

  constructor(private readonly context: AllocationContext) {}

  /** The allocator's listener: `allocator.setListener((e) => registry.onHeapEvent(e))`. */
  onHeapEvent(e: HeapEvent): void {
    switch (e.kind) {
      case 'malloc':
        this.allocate(e.ptr, e.requested, e.call);
        break;
      case 'free':
        this.release(e.ptr);
        break;
      case 'realloc':
        // Memcheck counts a realloc as a free of the old block and a new allocation at the
        // realloc's site, moved or not.
        this.release(e.oldPtr);
        this.allocate(e.ptr, e.requested, 'realloc');
        break;
      default:
        break;
    }
  }

  /** The live block that starts at ptr. */
  get(ptr: number): HeapBlock | undefined {
    const id = this.idContaining(ptr);
    return id !== 0 && this.starts[id] === ptr ? this.block(id) : undefined;
  }

  /** addr lies within the bounds of every block ever allocated (a dangling pointer may). */
  withinHeapBounds(addr: number): boolean {
    return addr >= this.lowest && addr < this.highest;
  }

  /** The allocation site of a block, as a small number shared by the blocks allocated at one call stack. */
  allocationSiteId(id: number): number {
    return this.allocSite[id];
  }

  /** The id of the live block that starts at ptr, or 0. */
  idAt(ptr: number): number {
    const id = this.idContaining(ptr);
    return id !== 0 && this.starts[id] === ptr ? id : 0;
  }

  /** The live block whose bytes [ptr, ptr + size) contain addr. */
  containing(addr: number): HeapBlock | undefined {
    const id = this.idContaining(addr);
    return id === 0 ? undefined : this.block(id);
  }

  /**
   * The most recently freed block whose bytes contained addr, when no live block holds addr
   * now: what a dangling pointer into it reaches. Only the last QUARANTINE_BLOCKS frees are kept.
   */
  freedContaining(addr: number): HeapBlock | undefined {
    if (this.idContaining(addr) !== 0) return undefined;
    const id = this.lastFreedIdContaining(addr);
    return id === 0 ? undefined : this.block(id);
  }

  /**
   * The id of the most recently freed block whose bytes contained addr, even when a live block
   * holds addr now (the freed block a stale pointer was stored for); 0 when it is not remembered.
   */
  lastFreedIdContaining(addr: number): number {
    for (let i = this.quarantine.length - 1; i >= 0; i--) {
      const id = this.quarantine[i];
      if (addr >= this.starts[id] && addr < this.starts[id] + Math.max(this.sizes.get(id), 1)) return id;
    }
    return 0;
  }

  /** The program's most recent allocation (live or freed since) and its most recent free. */
  latest(): { readonly allocated?: HeapBlock; readonly freed?: HeapBlock } {
    let allocated: HeapBlock | undefined;
    for (let id = this.nextId - 1; id >= 1 && !allocated; id--) if ((this.flags[id] & INTERNAL) === 0) allocated = this.block(id);
    let freed: HeapBlock | undefined;
    for (let i = this.quarantine.length - 1; i >= 0 && !freed; i--) if ((this.flags[this.quarantine[i]] & INTERNAL) === 0) freed = this.block(this.quarantine[i]);
    return { ...(allocated ? { allocated } : {}), ...(freed ? { freed } : {}) };
  }

  /** Ids of the live blocks, in allocation order; the library's own only when asked for. */
  liveIds(withInternal: boolean): number[] {
    const out: number[] = [];
    for (let id = 1; id < this.nextId; id++) {
      if (this.freedAfter.get(id) === 0 && (withInternal || (this.flags[id] & INTERNAL) === 0)) out.push(id);
    }
    return out;
  }

  /** The block with this id (live or freed). */
  byId(id: number): HeapBlock {
    return this.block(id);
  }

  start(id: number): number {
    return this.starts[id];
  }

  size(id: number): number {
    return this.sizes.get(id);
  }

  isLive(id: number): boolean {
    return id > 0 && id < this.nextId && this.freedAfter.get(id) === 0;
  }

  /** The id the next allocation will get (ids below it exist). */
  get nextBlockId(): number {
    return this.nextId;
  }

  /** The live blocks the library allocated for itself. */
  internalIds(): number[] {
    return [...this.internalLive];
  }

  isInternal(id: number): boolean {
    return (this.flags[id] & INTERNAL) !== 0;
  }

  /** Live blocks, in allocation order. */
  *blocks(): IterableIterator<HeapBlock> {
    for (let id = 1; id < this.nextId; id++) if (this.freedAfter.get(id) === 0) yield this.block(id);
  }

  get liveCount(): number {
    return this.live;
  }

  /** Bytes the program asked for in its live blocks (the library's own included). */
  get liveBytes(): number {
    return this.bytesLive;
  }

  /** Valgrind's "total heap usage": allocs, frees and bytes allocated over the run so far. */
  get totals(): { allocs: number; frees: number; bytesAllocated: number } {
    return { allocs: this.nextId - 1, frees: this.frees, bytesAllocated: this.bytesAllocated };
  }

  /** The C library allocated ptr for itself (stdio's buffers): not the program's to free or leak. */
  markInternal(ptr: number): void {
    const id = this.idContaining(ptr);
    if (id === 0 || this.starts[id] !== ptr || (this.flags[id] & INTERNAL) !== 0) return;
    this.flags[id] |= INTERNAL;
    this.internalLive.add(id);
    this.internalChanges++;
    this.record(id, Change.Internal);
  }

  /** The current position in the history, for a checkpoint. */
  mark(): number {
    return this.logLength;
  }

  /** Undoes every change after `mark` (restoring a checkpoint taken then). */
  rewind(mark: number): void {
    if (mark > this.logLength) throw new Error(`block registry: cannot rewind forward (to ${mark} of ${this.logLength})`);
    let refreshQuarantine = false;
    this.internalChanges++;
    while (this.logLength > mark) {
      const entry = this.log[--this.logLength];
      const id = entry >>> 2;
      const change = (entry & 3) as Change;
      if (change === Change.Alloc) {
        this.unindex(id);
        this.live--;
        this.nextId--;
        this.bytesAllocated -= this.sizes.get(id);
        this.bytesLive -= this.sizes.get(id);
      } else if (change === Change.Free) {
        this.freedAfter.set(id, 0);
        this.index(id);
        if ((this.flags[id] & INTERNAL) !== 0) this.internalLive.add(id);
        this.live++;
        this.frees--;
        this.bytesLive += this.sizes.get(id);
        refreshQuarantine = true;
      } else {
        this.flags[id] &= ~INTERNAL;
        this.internalLive.delete(id);
      }
    }
    if (refreshQuarantine) this.quarantine = this.recentFrees();
  }

  private block(id: number): HeapBlock {
    const freedAfter = this.freedAfter.get(id);
    const flags = this.flags[id];
    return {
      id,
      ptr: this.starts[id],
      size: this.sizes.get(id),
      call: CALLS[flags & 7],
      allocatedAt: this.sites[this.allocSite[id]],
      allocStep: this.allocStep.get(id),
      internal: (flags & INTERNAL) !== 0,
      ...(freedAfter !== 0 ? { freedAt: this.sites[this.freeSite[id]], freeStep: freedAfter - 1 } : {}),
    };
  }

  /** The id of the live block whose bytes contain addr, or 0. */
  idContaining(addr: number): number {
    if (addr < this.lowest || addr >= this.highest) return 0;
    // Lookups come in runs on one page (a walk over the heap, a block's words): the last page's list first.
    const key = this.pageKey(addr);
    let blocks = this.lastPageBlocks;
    if (key !== this.lastPageKey) {
      blocks = this.byPage.get(key);
      this.lastPageKey = key;
      this.lastPageBlocks = blocks;
    }
    if (blocks === undefined) return 0;
    const id = blocks.candidate(addr, this.starts);
    return id !== 0 && addr < this.starts[id] + Math.max(this.sizes.get(id), 1) ? id : 0;
  }

  private allocate(ptr: number, size: number, call: AllocatingCall): void {
    if (ptr === 0) return;
    const id = this.nextId++;
    if (id >= this.capacity) this.grow();
    this.starts[id] = ptr;
    this.sizes.set(id, size);
    this.allocStep.set(id, this.context.steps);
    this.freedAfter.set(id, 0);
    this.allocSite[id] = this.site();
    this.flags[id] = CALLS.indexOf(call);
    this.bytesAllocated += size;
    this.bytesLive += size;
    this.live++;
    this.index(id);
    this.record(id, Change.Alloc);
  }

  private release(ptr: number): void {
    const id = this.idContaining(ptr);
    // An invalid or double free: the error checker reports it; glibc decides what happens.
    if (id === 0 || this.starts[id] !== ptr) return;
    this.freeSite[id] = this.site();
    this.freedAfter.set(id, this.context.steps + 1);
    this.frees++;
    this.live--;
    this.bytesLive -= this.sizes.get(id);
    if (this.internalLive.delete(id)) this.internalChanges++;
    this.unindex(id);
    this.quarantine.push(id);
    if (this.quarantine.length > QUARANTINE_BLOCKS) this.quarantine.shift();
    this.record(id, Change.Free);
  }

  private record(id: number, change: Change): void {
    if (this.logLength === this.log.length) {
      const bigger = new Int32Array(this.log.length * 2);
      bigger.set(this.log);
      this.log = bigger;
    }
    this.log[this.logLength++] = (id << 2) | change;
  }

  private grow(): void {
    this.capacity *= 2;
    const widen = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.capacity);
      b.set(a);
      return b;
    };
    this.starts = widen(this.starts, (n) => new Float64Array(n));
    this.sizes.grow(this.capacity);
    this.allocStep.grow(this.capacity);
    this.freedAfter.grow(this.capacity);
    this.allocSite = widen(this.allocSite, (n) => new Int32Array(n));
    this.freeSite = widen(this.freeSite, (n) => new Int32Array(n));
    this.flags = widen(this.flags, (n) => new Uint8Array(n));
  }

  private index(id: number): void {
    const start = this.starts[id];
    this.lowest = Math.min(this.lowest, start);
    this.highest = Math.max(this.highest, start + Math.max(this.sizes.get(id), 1));
    for (let page = this.firstPage(id); page <= this.lastPage(id); page++) {
      const blocks = this.byPage.get(page);
      if (blocks === undefined) {
        this.byPage.set(page, new PageBlocks(id));
        this.lastPageKey = NaN;
      } else blocks.add(id, this.starts);
    }
  }

  private unindex(id: number): void {
    for (let page = this.firstPage(id); page <= this.lastPage(id); page++) {
      const blocks = this.byPage.get(page);
      if (blocks === undefined) continue;
      blocks.remove(id);
      if (blocks.size === 0) {
        this.byPage.delete(page);
        this.lastPageKey = NaN;
      }
    }
  }

  private firstPage(id: number): number {
    return this.pageKey(this.starts[id]);
  }

  /** A zero-byte block still owns its address (malloc(0) returns a unique pointer). */
  private lastPage(id: number): number {
    return this.pageKey(this.starts[id] + Math.max(this.sizes.get(id), 1) - 1);
  }

  /**
   * The page of `addr` as a key of byPage, counted from the first block's page: heap page numbers
   * (0x555555559 and up) are beyond V8's small integers, and a Map keyed by them boxes and hashes
   * a double at every lookup; near the first block they are small integers.
   */
  private pageKey(addr: number): number {
    const page = Math.floor(addr / PAGE_SIZE);
    if (this.firstKeyPage < 0) this.firstKeyPage = page;
    return page - this.firstKeyPage;
  }

  private firstKeyPage = -1;
  /** The page entry idContaining found last (NaN: none; dropped whenever a page's entry is made or removed). */
  private lastPageKey = NaN;
  private lastPageBlocks: PageBlocks | undefined;

  /** The last QUARANTINE_BLOCKS frees in the log, oldest first. */
  private recentFrees(): number[] {
    const out: number[] = [];
    for (let i = this.logLength - 1; i >= 0 && out.length < QUARANTINE_BLOCKS; i--) {
      if ((this.log[i] & 3) === Change.Free) out.push(this.log[i] >>> 2);
    }
    return out.reverse();
  }

  /** Sites are shared by the blocks allocated at the same call stack (a loop's mallocs). */
  private site(): number {
    const s = this.context.siteNow();
    // A context that hands out one object per site (the VM does) is served by identity.
    const byObject = this.siteIdsByObject.get(s);
    if (byObject !== undefined) return byObject;
    const key = s.stack.map((f) => `${f.function}:${f.line}`).join('<') + `@${s.column ?? 0}`;
    let id = this.siteIds.get(key);
    if (id === undefined) {
      this.sites.push(s);
      id = this.sites.length - 1;
      this.siteIds.set(key, id);
    }
    this.siteIdsByObject.set(s, id);
    return id;
  }
}

const INTERNAL = 8;
