import type { BinInfo, ChunkInfo } from '../allocator';
import type { HeapHost } from '../heapHost';
import { type HeapBlockPlace, TeachingAllocator } from './teachingAllocator';
import { alignUp } from './heapSegment';
import { Field, PAGE_HEADER, PagePool, RunKind, classOf, kindOf, pageTag } from './pagePool';

/** What distinguishes one size-class design from another (see segregated.ts and slab.ts). */
export interface SizeClassDesign {
  readonly name: string;
  /** Bytes of a page (a slab); pages are aligned to it, so a block finds its page by rounding down. */
  readonly pageBytes: number;
  /** Block sizes, ascending, multiples of 16. Bigger requests get a run of whole pages. */
  readonly classes: readonly number[];
  /** Thread every block of a new page into its free list at once (a slab's constructor), or carve blocks as needed. */
  readonly carveAll: boolean;
  /** Empty pages a class keeps before giving them back to the pool. */
  readonly keepEmpty: number;
  /** The least the heap grows by. */
  readonly growthMin: number;
  /** How views name its lists and pages. */
  readonly binKind: 'size-class' | 'slab';
  readonly pageWord: string;
}

/** Each class's pages are in one of three lists (heads in the control block). */
const enum List {
  Partial = 0,
  Full = 1,
  Empty = 2,
}

/**
 * Segregated size classes on pages: every page holds blocks of one size, with no header per block;
 * its own header (64 bytes at the page's start) keeps the page's free list, how many blocks are in
 * use and how many were carved. A block's page is its address rounded down to the page size, so
 * free() needs no per-block metadata. A class allocates from the first page of its partial list;
 * full pages wait in the full list until a block of theirs is freed; empty pages go back to the page
 * pool (beyond `keepEmpty` of them), where any class, or a large request, can take them.
 *
 * Heap: [pool head][per class: partial, full, empty list heads][padding up to a page boundary][pages ...].
 */
export class SizeClassPages extends TeachingAllocator {
  readonly name: string;
  private pool: PagePool | undefined;

  constructor(host: HeapHost, private readonly design: SizeClassDesign) {
    super(host);
    this.name = design.name;
  }

  protected allocate(size: number): number {
    if (this.pool === undefined && !this.init()) return 0;
    const c = this.classFor(size);
    return c < 0 ? this.allocateLarge(size) : this.allocateSmall(c);
  }

  protected release(ptr: number): void {
    const p = this.pageOf(ptr);
    const tag = p === 0 ? 0 : this.mem.read64(p + Field.tag);
    const kind = kindOf(tag);
    if (kind === RunKind.Large && ptr === p + PAGE_HEADER) {
      this.pool!.give(p, this.mem.read64(p + Field.pages));
      return;
    }
    if (kind === RunKind.Free || kind === RunKind.Dead) this.abort('free(): double free or invalid pointer (its page is free)');
    if (kind !== RunKind.Small || !this.isBlockOf(p, ptr)) this.abort('free(): invalid pointer');
    const head = this.mem.read64(p + Field.freeHead);
    if (ptr === head) this.abort('free(): double free (the block is already at the head of its page\'s free list)');
    const c = classOf(tag);
    this.mem.write64(ptr, head);
    this.mem.write64(p + Field.freeHead, ptr);
    const used = this.mem.read64(p + Field.used);
    this.mem.write64(p + Field.used, used - 1);
    if (used === this.capacity(this.design.classes[c])) this.move(p, c, List.Full, List.Partial);
    if (used - 1 === 0) {
      this.removePage(p, c, List.Partial);
      if (this.listLength(c, List.Empty) < this.design.keepEmpty) this.pushPage(p, c, List.Empty);
      else this.pool!.give(p, 1);
    }
  }

  protected usable(ptr: number): number {
    const p = this.pageOf(ptr);
    return this.mem.read64(p + Field.blockSize);
  }

  protected place(ptr: number): HeapBlockPlace {
    const p = this.pageOf(ptr);
    if (kindOf(this.mem.read64(p)) === RunKind.Large) return { chunk: p, size: this.mem.read64(p + Field.pages) * this.design.pageBytes };
    return { chunk: ptr, size: this.mem.read64(p + Field.blockSize) };
  }

  /** mimalloc's rule: stay when the new size still fits and would not fit a class half as big. */
  protected override resizeInPlace(ptr: number, size: number): boolean {
    const p = this.pageOf(ptr);
    if (kindOf(this.mem.read64(p)) === RunKind.Large) return this.classFor(size) < 0 && this.pagesFor(size) === this.mem.read64(p + Field.pages);
    const bs = this.mem.read64(p + Field.blockSize);
    return size <= bs && size > bs / 2;
  }

  protected override trim(pad: number): boolean {
    return this.pool?.trim(Math.max(pad, 0)) ?? false;
  }

  protected heapChunks(): ChunkInfo[] {
    const seg = this.segment;
    const pool = this.pool;
    if (pool === undefined) return [];
    const out: ChunkInfo[] = [];
    const internal = (addr: number, size: number): void => {
      if (size > 0) out.push({ addr, size, userPtr: addr, usable: 0, state: 'in-use', internal: true });
    };
    internal(seg.start, pool.start - seg.start);
    const ps = this.design.pageBytes;
    for (let p = pool.start; p < seg.end; ) {
      const tag = this.mem.read64(p + Field.tag);
      const pages = this.mem.read64(p + Field.pages);
      const kind = kindOf(tag);
      if (kind === undefined || pages < 1 || p + pages * ps > seg.end) break; // corrupted: stop rather than guess
      if (kind === RunKind.Free) {
        out.push({ addr: p, size: pages * ps, userPtr: p + PAGE_HEADER, usable: pages * ps - PAGE_HEADER, state: 'free', bin: { kind: 'pages', index: 0 } });
      } else if (kind === RunKind.Large) {
        const info: ChunkInfo = { addr: p, size: pages * ps, userPtr: p + PAGE_HEADER, usable: pages * ps - PAGE_HEADER, state: 'in-use' };
        const requested = this.requestedOf(p + PAGE_HEADER);
        if (requested !== undefined) info.requested = requested;
        out.push(info);
      } else {
        this.pageChunks(p, classOf(tag), out);
      }
      p += pages * ps;
    }
    return out;
  }

  protected heapBins(): BinInfo[] {
    const pool = this.pool;
    if (pool === undefined) return [];
    const out: BinInfo[] = [];
    const d = this.design;
    d.classes.forEach((bs, c) => {
      for (const list of [List.Partial, List.Empty]) {
        for (const p of this.pagesIn(c, list)) {
          const chunks = this.freeBlocksOf(p);
          if (chunks.length > 0) out.push({ kind: d.binKind, index: c, label: `${bs}-byte ${d.pageWord} 0x${p.toString(16)}`, chunks });
        }
      }
    });
    const runs = pool.freeRuns();
    if (runs.length > 0) out.push({ kind: 'pages', index: 0, label: 'free pages', chunks: runs });
    return out;
  }

  // ---- structure ----

  private get controlBytes(): number {
    return alignUp(8 + 24 * this.design.classes.length, 16);
  }

  /** The first growth: the control block, then padding up to the first page boundary. */
  private init(): boolean {
    const seg = this.segment;
    const ps = this.design.pageBytes;
    const heapStart = this.host.sbrk(0);
    if (heapStart === null) return false;
    const poolStart = alignUp(heapStart + this.controlBytes, ps);
    if (seg.grow(poolStart - heapStart) === null) return false;
    this.mem.fill(seg.start, this.controlBytes, 0);
    this.pool = new PagePool(seg, () => this.mem, seg.start, poolStart, ps, this.design.growthMin);
    return true;
  }

  private allocateSmall(c: number): number {
    let p = this.headOf(c, List.Partial);
    if (p === 0 && (p = this.headOf(c, List.Empty)) !== 0) this.move(p, c, List.Empty, List.Partial);
    if (p === 0 && (p = this.newPage(c)) === 0) return 0;
    const bs = this.design.classes[c];
    let block = this.mem.read64(p + Field.freeHead);
    if (block !== 0) {
      this.mem.write64(p + Field.freeHead, this.mem.read64(block));
    } else {
      const carved = this.mem.read64(p + Field.carved);
      block = p + PAGE_HEADER + carved * bs;
      this.mem.write64(p + Field.carved, carved + 1);
    }
    const used = this.mem.read64(p + Field.used) + 1;
    this.mem.write64(p + Field.used, used);
    if (used === this.capacity(bs)) this.move(p, c, List.Partial, List.Full);
    return block;
  }

  private newPage(c: number): number {
    const p = this.pool!.take(1);
    if (p === 0) return 0;
    const bs = this.design.classes[c];
    const cap = this.capacity(bs);
    this.writeHeader(p, pageTag(RunKind.Small, c), bs, 1);
    if (this.design.carveAll) {
      for (let i = 0; i < cap; i++) this.mem.write64(p + PAGE_HEADER + i * bs, i + 1 < cap ? p + PAGE_HEADER + (i + 1) * bs : 0);
      this.mem.write64(p + Field.freeHead, p + PAGE_HEADER);
      this.mem.write64(p + Field.carved, cap);
    }
    this.pushPage(p, c, List.Partial);
    return p;
  }

  private allocateLarge(size: number): number {
    const pages = this.pagesFor(size);
    const p = this.pool!.take(pages);
    if (p === 0) return 0;
    this.writeHeader(p, pageTag(RunKind.Large, 0), pages * this.design.pageBytes - PAGE_HEADER, pages);
    this.mem.write64(p + Field.used, 1);
    return p + PAGE_HEADER;
  }

  private writeHeader(p: number, tag: number, blockSize: number, pages: number): void {
    this.mem.write64(p + Field.tag, tag);
    this.mem.write64(p + Field.blockSize, blockSize);
    this.mem.write64(p + Field.pages, pages);
    this.mem.write64(p + Field.freeHead, 0);
    this.mem.write64(p + Field.used, 0);
    this.mem.write64(p + Field.carved, 0);
    this.mem.write64(p + Field.next, 0);
    this.mem.write64(p + Field.prev, 0);
  }

  /** A page's blocks in address order, then what was never carved, then the slack at its end. */
  private pageChunks(p: number, c: number, out: ChunkInfo[]): void {
    const bs = this.design.classes[c];
    const cap = this.capacity(bs);
    const carved = Math.min(this.mem.read64(p + Field.carved), cap);
    const free = new Set(this.freeBlocksOf(p));
    const bin = { kind: this.design.binKind, index: c } as const;
    out.push({ addr: p, size: PAGE_HEADER, userPtr: p, usable: 0, state: 'in-use', internal: true });
    for (let i = 0; i < carved; i++) {
      const b = p + PAGE_HEADER + i * bs;
      if (free.has(b)) {
        out.push({ addr: b, size: bs, userPtr: b, usable: bs, state: 'free', bin });
        continue;
      }
      const info: ChunkInfo = { addr: b, size: bs, userPtr: b, usable: bs, state: 'in-use' };
      const requested = this.requestedOf(b);
      if (requested !== undefined) info.requested = requested;
      out.push(info);
    }
    const rest = p + PAGE_HEADER + carved * bs;
    if (carved < cap) out.push({ addr: rest, size: (cap - carved) * bs, userPtr: rest, usable: (cap - carved) * bs, state: 'free', bin });
    const slack = p + PAGE_HEADER + cap * bs;
    const end = p + this.design.pageBytes;
    if (slack < end) out.push({ addr: slack, size: end - slack, userPtr: slack, usable: 0, state: 'in-use', internal: true });
  }

  private freeBlocksOf(p: number): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    const cap = this.capacity(this.mem.read64(p + Field.blockSize));
    // Every block of the page's list is inside the page: a link elsewhere (overwritten by the program) ends it.
    const inPage = (b: number) => b >= p + PAGE_HEADER && b < p + this.design.pageBytes;
    for (let b = this.mem.read64(p + Field.freeHead); b !== 0 && inPage(b) && !seen.has(b) && out.length <= cap; b = this.mem.read64(b)) {
      seen.add(b);
      out.push(b);
    }
    return out;
  }

  private classFor(size: number): number {
    const classes = this.design.classes;
    for (let c = 0; c < classes.length; c++) if (size <= classes[c]) return c;
    return -1;
  }

  private pagesFor(size: number): number {
    return Math.ceil((size + PAGE_HEADER) / this.design.pageBytes);
  }

  private capacity(bs: number): number {
    return Math.floor((this.design.pageBytes - PAGE_HEADER) / bs);
  }

  /** The page (run) that holds addr, or 0 when addr is not in the pool. */
  private pageOf(addr: number): number {
    const pool = this.pool;
    if (pool === undefined || addr < pool.start || addr >= this.segment.end) return 0;
    const ps = this.design.pageBytes;
    return pool.start + Math.floor((addr - pool.start) / ps) * ps;
  }

  private isBlockOf(p: number, ptr: number): boolean {
    const bs = this.mem.read64(p + Field.blockSize);
    const offset = ptr - p - PAGE_HEADER;
    return offset >= 0 && offset % bs === 0 && offset / bs < this.mem.read64(p + Field.carved);
  }

  // ---- the per-class page lists (doubly linked through the page headers) ----

  private headAddr(c: number, list: List): number {
    return this.segment.start + 8 + 24 * c + 8 * list;
  }

  private headOf(c: number, list: List): number {
    return this.mem.read64(this.headAddr(c, list));
  }

  private pushPage(p: number, c: number, list: List): void {
    const next = this.headOf(c, list);
    this.mem.write64(p + Field.next, next);
    this.mem.write64(p + Field.prev, 0);
    if (next !== 0) this.mem.write64(next + Field.prev, p);
    this.mem.write64(this.headAddr(c, list), p);
  }

  private removePage(p: number, c: number, list: List): void {
    const next = this.mem.read64(p + Field.next);
    const prev = this.mem.read64(p + Field.prev);
    if (prev === 0) this.mem.write64(this.headAddr(c, list), next);
    else this.mem.write64(prev + Field.next, next);
    if (next !== 0) this.mem.write64(next + Field.prev, prev);
  }

  private move(p: number, c: number, from: List, to: List): void {
    this.removePage(p, c, from);
    this.pushPage(p, c, to);
  }

  private pagesIn(c: number, list: List): number[] {
    const out: number[] = [];
    for (let p = this.headOf(c, list); p !== 0 && out.length < 1_000_000; p = this.mem.read64(p + Field.next)) out.push(p);
    return out;
  }

  private listLength(c: number, list: List): number {
    let n = 0;
    for (let p = this.headOf(c, list); p !== 0; p = this.mem.read64(p + Field.next)) n++;
    return n;
  }
}
