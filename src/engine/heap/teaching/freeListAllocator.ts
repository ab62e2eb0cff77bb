import type { BinInfo, ChunkInfo } from '../allocator';
import type { HeapHost } from '../heapHost';
import { type HeapBlockPlace, TeachingAllocator } from './teachingAllocator';
import { type HeapGrowth, PAGE, TRIM_KEEP, TRIM_THRESHOLD, alignDown, alignUp } from './heapSegment';

/** How a free-list allocator picks among the free blocks that fit. */
export type FitPolicy = 'first-fit' | 'best-fit';

const WORD = 8;
/** Header and footer (boundary tags) of every block. */
const TAGS = 16;
/** Header, next, prev, footer: the smallest block that can sit in the free list. */
const MIN_BLOCK = 32;
const ALLOCATED = 1;
/** Control word (the free list's head), then the prologue block's header and footer. */
const PROLOGUE_END = 24;

/**
 * A free-list allocator with boundary tags (Knuth's, as CS:APP's explicit-list malloc lays it out):
 * every block has an 8-byte header and an 8-byte footer holding its size and an allocated bit, so
 * free() finds both neighbours in constant time and merges with the free ones at once (immediate
 * coalescing). Free blocks are linked in address order through their first two payload words.
 *
 * first-fit takes the lowest free block that fits; best-fit the smallest one (the lowest of equals,
 * an exact fit ending the search). The chosen block is split when the rest can hold a free block
 * (32 bytes): the front is handed out, the rest stays in the list where the block was.
 *
 * Heap: [free-list head][prologue 16][blocks ...][epilogue header]. The prologue and epilogue are
 * allocated sentinels, so coalescing never looks past the heap's ends.
 */
export class FreeListAllocator extends TeachingAllocator {
  readonly name: string;

  constructor(host: HeapHost, private readonly policy: FitPolicy, growth?: HeapGrowth) {
    super(host, growth);
    this.name = policy;
  }

  protected allocate(size: number): number {
    if (this.segment.start === 0 && !this.init()) return 0;
    const asize = blockSize(size);
    let b = this.findFit(asize);
    if (b === 0) b = this.extend(asize);
    if (b === 0) return 0;
    return this.carve(b, asize);
  }

  protected release(ptr: number): void {
    const b = ptr - WORD;
    const seg = this.segment;
    if ((b + WORD) % 16 !== 0 || b < seg.start + PROLOGUE_END || b >= seg.end - WORD) this.abort('free(): invalid pointer');
    const hdr = this.mem.read64(b);
    // A freed block's header keeps saying free, even once merged into a neighbour.
    if ((hdr & ALLOCATED) === 0) this.abort('free(): double free (the block is already free)');
    if (!this.isBlock(b)) this.abort('free(): invalid pointer');
    const merged = this.coalesce(b, hdr - ALLOCATED);
    this.trimTail(merged, TRIM_THRESHOLD, TRIM_KEEP);
  }

  protected usable(ptr: number): number {
    return this.sizeOf(ptr - WORD) - TAGS;
  }

  protected place(ptr: number): HeapBlockPlace {
    return { chunk: ptr - WORD, size: this.sizeOf(ptr - WORD) };
  }

  /** Shrinks by splitting the tail off; grows into a free next block or past the end of the heap. */
  protected override resizeInPlace(ptr: number, size: number): boolean {
    const b = ptr - WORD;
    const asize = blockSize(size);
    const cur = this.sizeOf(b);
    if (asize <= cur) {
      if (cur - asize >= MIN_BLOCK) {
        this.tag(b, asize, ALLOCATED);
        this.tag(b + asize, cur - asize, ALLOCATED);
        this.coalesce(b + asize, cur - asize);
      }
      return true;
    }
    let next = b + cur;
    if (this.isEpilogue(next)) {
      if (this.extend(asize - cur) === 0) return false;
      next = b + cur; // the extension is one free block right after b
    }
    const nextHdr = this.mem.read64(next);
    if ((nextHdr & ALLOCATED) !== 0 || cur + nextHdr < asize) return false;
    this.unlink(next);
    this.tag(b, cur + nextHdr, ALLOCATED);
    const total = cur + nextHdr;
    if (total - asize >= MIN_BLOCK) {
      this.tag(b, asize, ALLOCATED);
      this.tag(b + asize, total - asize, 0);
      this.insert(b + asize);
    }
    return true;
  }

  protected override trim(pad: number): boolean {
    if (this.segment.start === 0) return false;
    const last = this.lastBlock();
    if (last === 0 || (this.mem.read64(last) & ALLOCATED) !== 0) return false;
    return this.trimTail(last, 0, Math.max(pad, 0));
  }

  protected heapChunks(): ChunkInfo[] {
    const seg = this.segment;
    if (seg.start === 0) return [];
    const out: ChunkInfo[] = [{ addr: seg.start, size: PROLOGUE_END, userPtr: seg.start, usable: 0, state: 'in-use', internal: true }];
    const where = new Set(this.freeBlocks());
    for (let b = seg.start + PROLOGUE_END; b < seg.end - WORD; ) {
      const size = this.sizeOf(b);
      if (size < MIN_BLOCK || b + size > seg.end - WORD) break; // corrupted: stop rather than guess
      const allocated = (this.mem.read64(b) & ALLOCATED) !== 0;
      const info: ChunkInfo = { addr: b, size, userPtr: b + WORD, usable: size - TAGS, state: allocated ? 'in-use' : 'free' };
      if (!allocated && where.has(b)) info.bin = { kind: 'free-list', index: 0 };
      const requested = allocated ? this.requestedOf(b + WORD) : undefined;
      if (requested !== undefined) info.requested = requested;
      out.push(info);
      b += size;
    }
    out.push({ addr: seg.end - WORD, size: WORD, userPtr: seg.end, usable: 0, state: 'in-use', internal: true });
    return out;
  }

  protected heapBins(): BinInfo[] {
    if (this.segment.start === 0) return [];
    const chunks = this.freeBlocks();
    return chunks.length === 0 ? [] : [{ kind: 'free-list', index: 0, label: `free list (${this.policy}, address order)`, chunks }];
  }

  // ---- the heap's structure ----

  /** The first growth: the control word, the prologue and the epilogue around no blocks yet. */
  private init(): boolean {
    const start = this.segment.grow(this.segment.growthFor(0));
    if (start === null) return false;
    this.mem.write64(start, 0);
    this.tag(start + WORD, 16, ALLOCATED);
    this.mem.write64(this.segment.end - WORD, ALLOCATED); // epilogue: size 0, allocated
    const first = start + PROLOGUE_END;
    const size = this.segment.end - WORD - first;
    this.tag(first, size, 0);
    this.insert(first);
    return true;
  }

  /** Grows the heap by at least `need` bytes; returns the free block that ends at the new epilogue. */
  private extend(need: number): number {
    const seg = this.segment;
    const last = this.lastBlock();
    const tailFree = last !== 0 && (this.mem.read64(last) & ALLOCATED) === 0 ? this.sizeOf(last) : 0;
    const increment = this.segment.growthFor(need - tailFree);
    const oldEnd = seg.end;
    if (seg.grow(increment) === null) return 0;
    // The old epilogue's word becomes the new block's header.
    const b = oldEnd - WORD;
    this.tag(b, increment, 0);
    this.mem.write64(seg.end - WORD, ALLOCATED);
    return this.coalesce(b, increment);
  }

  /** Hands out the front `asize` bytes of free block b, the rest (if it can be a block) taking b's place in the list. */
  private carve(b: number, asize: number): number {
    const size = this.sizeOf(b);
    if (size - asize >= MIN_BLOCK) {
      const prev = this.prev(b);
      const next = this.next(b);
      this.tag(b, asize, ALLOCATED);
      this.tag(b + asize, size - asize, 0);
      this.setLinks(b + asize, prev, next);
    } else {
      this.unlink(b);
      this.tag(b, size, ALLOCATED);
    }
    return b + WORD;
  }

  /**
   * Frees block b of `size` bytes and merges it with free neighbours (found through the footer
   * before it and the header after it). Returns the merged block, which is in the list.
   */
  private coalesce(b: number, size: number): number {
    this.tag(b, size, 0);
    const prevFooter = this.mem.read64(b - WORD);
    const next = b + size;
    const nextHdr = this.mem.read64(next);
    const prevFree = (prevFooter & ALLOCATED) === 0;
    const nextFree = (nextHdr & ALLOCATED) === 0 && nextHdr !== 0;
    if (prevFree && nextFree) {
      const p = b - prevFooter;
      this.unlink(next);
      this.tag(p, prevFooter + size + nextHdr, 0);
      return p;
    }
    if (prevFree) {
      const p = b - prevFooter;
      this.tag(p, prevFooter + size, 0);
      return p;
    }
    if (nextFree) {
      // b takes next's place in the address-ordered list.
      this.replace(next, b);
      this.tag(b, size + nextHdr, 0);
      return b;
    }
    this.insert(b);
    return b;
  }

  /** Gives back the end of free block `last` when it is the heap's last block and at least `threshold` big. */
  private trimTail(b: number, threshold: number, keep: number): boolean {
    const seg = this.segment;
    const size = this.sizeOf(b);
    if (b + size !== seg.end - WORD || size < threshold) return false;
    let release = alignDown(size - keep, PAGE);
    if (size - release < MIN_BLOCK && release > 0) release -= PAGE;
    if (release <= 0) return false;
    this.tag(b, size - release, 0);
    seg.shrink(release);
    this.mem.write64(seg.end - WORD, ALLOCATED);
    return true;
  }

  private findFit(asize: number): number {
    const head = this.mem.read64(this.segment.start);
    if (this.policy === 'first-fit') {
      for (let b = head; b !== 0; b = this.next(b)) if (this.sizeOf(b) >= asize) return b;
      return 0;
    }
    let best = 0;
    let bestSize = Infinity;
    for (let b = head; b !== 0; b = this.next(b)) {
      const size = this.sizeOf(b);
      if (size >= asize && size < bestSize) {
        best = b;
        bestSize = size;
        if (size === asize) break;
      }
    }
    return best;
  }

  private lastBlock(): number {
    const footer = this.mem.read64(this.segment.end - 2 * WORD);
    const size = footer - (footer & ALLOCATED);
    const b = this.segment.end - WORD - size;
    return b >= this.segment.start + PROLOGUE_END ? b : 0;
  }

  private isEpilogue(b: number): boolean {
    return b === this.segment.end - WORD;
  }

  /** A plausible block start: aligned, inside the heap, with matching boundary tags. */
  private isBlock(b: number): boolean {
    const seg = this.segment;
    if ((b + WORD) % 16 !== 0 || b < seg.start + PROLOGUE_END || b >= seg.end - WORD) return false;
    const hdr = this.mem.read64(b);
    const size = hdr - (hdr & ALLOCATED);
    if (size < MIN_BLOCK || size % 16 !== 0 || b + size > seg.end - WORD) return false;
    return this.mem.read64(b + size - WORD) === hdr;
  }

  // ---- boundary tags and the address-ordered free list (links at payload +0 and +8) ----

  private sizeOf(b: number): number {
    const hdr = this.mem.read64(b);
    return hdr - (hdr & ALLOCATED);
  }

  private tag(b: number, size: number, allocated: number): void {
    this.mem.write64(b, size + allocated);
    this.mem.write64(b + size - WORD, size + allocated);
  }

  private next(b: number): number {
    return this.mem.read64(b + WORD);
  }

  private prev(b: number): number {
    return this.mem.read64(b + 2 * WORD);
  }

  private setLinks(b: number, prev: number, next: number): void {
    this.mem.write64(b + WORD, next);
    this.mem.write64(b + 2 * WORD, prev);
    if (prev === 0) this.mem.write64(this.segment.start, b);
    else this.mem.write64(prev + WORD, b);
    if (next !== 0) this.mem.write64(next + 2 * WORD, b);
  }

  /** Inserts b at its place in address order. */
  private insert(b: number): void {
    let prev = 0;
    for (let p = this.mem.read64(this.segment.start); p !== 0 && p < b; p = this.next(p)) prev = p;
    this.insertAfter(prev, b);
  }

  private insertAfter(prev: number, b: number): void {
    const next = prev === 0 ? this.mem.read64(this.segment.start) : this.next(prev);
    this.setLinks(b, prev, next);
  }

  private unlink(b: number): void {
    const prev = this.prev(b);
    const next = this.next(b);
    if (prev === 0) this.mem.write64(this.segment.start, next);
    else this.mem.write64(prev + WORD, next);
    if (next !== 0) this.mem.write64(next + 2 * WORD, prev);
  }

  /** Puts b where `old` is in the list (b directly precedes old in memory). */
  private replace(old: number, b: number): void {
    this.setLinks(b, this.prev(old), this.next(old));
  }

  /** The free list as the views draw it; a link that leaves the heap (metadata a program overwrote) ends it. */
  private freeBlocks(): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    const inHeap = (b: number) => b >= this.segment.start + PROLOGUE_END && b + MIN_BLOCK <= this.segment.end - WORD;
    for (let b = this.mem.read64(this.segment.start); b !== 0 && inHeap(b) && !seen.has(b) && out.length < 1_000_000; b = this.next(b)) {
      seen.add(b);
      out.push(b);
    }
    return out;
  }
}

/** The block for a request: payload plus both tags, rounded up to 16, at least MIN_BLOCK. */
function blockSize(size: number): number {
  return Math.max(MIN_BLOCK, alignUp(size + TAGS, 16));
}
