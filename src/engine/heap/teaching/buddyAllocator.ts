import type { BinInfo, ChunkInfo } from '../allocator';
import type { HeapHost } from '../heapHost';
import { type HeapBlockPlace, TeachingAllocator } from './teachingAllocator';
import { TRIM_THRESHOLD } from './heapSegment';

/** 32 bytes: a header and a free block's two links. */
const MIN_ORDER = 5;
/** 128 KiB: the heap grows by blocks of this order, and buddies never cross them. */
const MAX_ORDER = 17;
const TOP_BLOCK = 2 ** MAX_ORDER;
/** The free lists' heads (one word for each of the 13 orders), at the heap's start, rounded up to 16. */
const CONTROL = 112;
/** Every block's header: a tag word (its order, and whether it is free), then a word unused. */
const HEADER = 16;
const TAG = 0xb0dd * 256;
const FREE = 0x80;

/**
 * A binary buddy allocator (Knowlton's, as Linux's page allocator runs it): memory comes in blocks
 * of 2^k bytes, 32 bytes to 128 KiB, each aligned to its size from the heap's base. A request takes
 * the smallest order that holds it and its 16-byte header; a bigger free block is split in halves
 * ("buddies") down to that order. On free, a block whose buddy (its address with bit k flipped) is
 * free and whole merges with it, again and again up the orders. Free lists, one per order, are
 * LIFO and doubly linked through the free blocks, so a buddy leaves its list in constant time.
 *
 * Heap: [free-list heads, 13 words][128 KiB top-level blocks ...]. A block: [order | free][0][payload].
 * Requests of 128 KiB - 16 and more get a mapping of their own.
 */
export class BuddyAllocator extends TeachingAllocator {
  readonly name = 'buddy';

  constructor(host: HeapHost) {
    super(host);
    this.mmapThreshold = TOP_BLOCK - HEADER;
  }

  protected allocate(size: number): number {
    const order = orderFor(size + HEADER);
    let k = order;
    while (k <= MAX_ORDER && this.head(k) === 0) k++;
    if (k > MAX_ORDER) {
      if (!this.addTopBlock()) return 0;
      k = MAX_ORDER;
    }
    const b = this.head(k);
    this.unlink(b, k);
    // Split down: each upper half becomes a free block of the order below.
    while (k > order) {
      k--;
      this.pushFree(b + 2 ** k, k);
    }
    this.mem.write64(b, TAG + order);
    this.mem.write64(b + 8, 0);
    return b + HEADER;
  }

  protected release(ptr: number): void {
    const b = ptr - HEADER;
    const tag = this.isBlock(b) ? this.mem.read64(b) : -1;
    if (tag < 0) this.abort('free(): invalid pointer');
    if ((tag & FREE) !== 0) this.abort('free(): double free (the block is already free)');
    let block = b;
    let k = tag - TAG;
    while (k < MAX_ORDER) {
      const buddy = this.buddyOf(block, k);
      if (this.mem.read64(buddy) !== TAG + FREE + k) break;
      this.unlink(buddy, k);
      block = Math.min(block, buddy);
      k++;
    }
    this.pushFree(block, k);
    this.trimTopBlocks(TRIM_THRESHOLD);
  }

  protected usable(ptr: number): number {
    return 2 ** this.orderOf(ptr - HEADER) - HEADER;
  }

  protected place(ptr: number): HeapBlockPlace {
    return { chunk: ptr - HEADER, size: 2 ** this.orderOf(ptr - HEADER) };
  }

  /** Shrinking gives back upper halves; growing absorbs free buddies above while the block is their lower half. */
  protected override resizeInPlace(ptr: number, size: number): boolean {
    const b = ptr - HEADER;
    const cur = this.orderOf(b);
    const want = orderFor(size + HEADER);
    if (want > MAX_ORDER) return false;
    if (want <= cur) {
      for (let k = cur - 1; k >= want; k--) this.pushFree(b + 2 ** k, k);
      this.mem.write64(b, TAG + want);
      return true;
    }
    for (let k = cur; k < want; k++) {
      const buddy = this.buddyOf(b, k);
      if (buddy < b || this.mem.read64(buddy) !== TAG + FREE + k) return false;
    }
    for (let k = cur; k < want; k++) this.unlink(this.buddyOf(b, k), k);
    this.mem.write64(b, TAG + want);
    return true;
  }

  protected override trim(pad: number): boolean {
    return this.trimTopBlocks(0, Math.max(pad, 0));
  }

  protected heapChunks(): ChunkInfo[] {
    const seg = this.segment;
    if (seg.start === 0) return [];
    const out: ChunkInfo[] = [{ addr: seg.start, size: CONTROL, userPtr: seg.start, usable: 0, state: 'in-use', internal: true }];
    for (let b = this.base; b < seg.end; ) {
      const tag = this.mem.read64(b);
      const k = (tag & 0x7f);
      if (tag - (tag & 0xff) !== TAG || k < MIN_ORDER || k > MAX_ORDER) break; // corrupted: stop rather than guess
      const size = 2 ** k;
      const free = (tag & FREE) !== 0;
      const info: ChunkInfo = { addr: b, size, userPtr: b + HEADER, usable: size - HEADER, state: free ? 'free' : 'in-use' };
      if (free) info.bin = { kind: 'buddy', index: k };
      const requested = free ? undefined : this.requestedOf(b + HEADER);
      if (requested !== undefined) info.requested = requested;
      out.push(info);
      b += size;
    }
    return out;
  }

  protected heapBins(): BinInfo[] {
    if (this.segment.start === 0) return [];
    const out: BinInfo[] = [];
    for (let k = MIN_ORDER; k <= MAX_ORDER; k++) {
      const chunks: number[] = [];
      const seen = new Set<number>();
      // A link that leaves the heap (metadata a program overwrote) ends the list.
      const inHeap = (b: number) => b >= this.segment.start && b + 2 ** k <= this.segment.end;
      for (let b = this.head(k); b !== 0 && inHeap(b) && !seen.has(b) && chunks.length < 1_000_000; b = this.mem.read64(b + HEADER)) {
        seen.add(b);
        chunks.push(b);
      }
      if (chunks.length > 0) out.push({ kind: 'buddy', index: k, label: `order ${k} (${sizeText(2 ** k)})`, chunks });
    }
    return out;
  }

  // ---- the structure ----

  private get base(): number {
    return this.segment.start + CONTROL;
  }

  /** The heap grows by one top-level block (the first growth also makes room for the list heads). */
  private addTopBlock(): boolean {
    const first = this.segment.start === 0;
    const at = this.segment.grow(first ? CONTROL + TOP_BLOCK : TOP_BLOCK);
    if (at === null) return false;
    if (first) this.mem.fill(at, CONTROL, 0);
    this.pushFree(first ? at + CONTROL : at, MAX_ORDER);
    return true;
  }

  /** Gives back whole free top-level blocks at the end, while `threshold` bytes of them stay beyond `keep`. */
  private trimTopBlocks(threshold: number, keep = TOP_BLOCK): boolean {
    const seg = this.segment;
    let released = false;
    for (;;) {
      const last = seg.end - TOP_BLOCK;
      if (last < this.base || this.mem.read64(last) !== TAG + FREE + MAX_ORDER) return released;
      // How much is free at the end, in whole top-level blocks.
      let freeTail = 0;
      for (let b = last; b >= this.base && this.mem.read64(b) === TAG + FREE + MAX_ORDER; b -= TOP_BLOCK) freeTail += TOP_BLOCK;
      if (freeTail < threshold || freeTail - TOP_BLOCK < keep) return released;
      this.unlink(last, MAX_ORDER);
      seg.shrink(TOP_BLOCK);
      released = true;
    }
  }

  private orderOf(b: number): number {
    return this.mem.read64(b) & 0x7f;
  }

  private buddyOf(b: number, k: number): number {
    const offset = b - this.base;
    // Bit k of the offset flipped; the offsets stay below 2^53, so split off the low bits by arithmetic.
    const low = offset % (2 * 2 ** k);
    return low >= 2 ** k ? b - 2 ** k : b + 2 ** k;
  }

  /** A block the program may hold: aligned to its order from the base, inside the heap, tagged. */
  private isBlock(b: number): boolean {
    if (b < this.base || b >= this.segment.end) return false;
    const tag = this.mem.read64(b);
    const k = tag & 0x7f;
    return tag - (tag & 0xff) === TAG && k >= MIN_ORDER && k <= MAX_ORDER && (b - this.base) % 2 ** k === 0;
  }

  // ---- free lists (links at +16 next, +24 prev; heads in the control block) ----

  private headAddr(k: number): number {
    return this.segment.start + 8 * (k - MIN_ORDER);
  }

  private head(k: number): number {
    return this.segment.start === 0 ? 0 : this.mem.read64(this.headAddr(k));
  }

  private pushFree(b: number, k: number): void {
    const next = this.head(k);
    this.mem.write64(b, TAG + FREE + k);
    this.mem.write64(b + 8, 0);
    this.mem.write64(b + HEADER, next);
    this.mem.write64(b + HEADER + 8, 0);
    if (next !== 0) this.mem.write64(next + HEADER + 8, b);
    this.mem.write64(this.headAddr(k), b);
  }

  private unlink(b: number, k: number): void {
    const next = this.mem.read64(b + HEADER);
    const prev = this.mem.read64(b + HEADER + 8);
    if (prev === 0) this.mem.write64(this.headAddr(k), next);
    else this.mem.write64(prev + HEADER, next);
    if (next !== 0) this.mem.write64(next + HEADER + 8, prev);
  }
}

/** The smallest order whose block holds `bytes`. */
function orderFor(bytes: number): number {
  let k = MIN_ORDER;
  while (2 ** k < bytes) k++;
  return k;
}

function sizeText(n: number): string {
  return n >= 1024 ? `${n / 1024} KiB` : `${n} B`;
}
