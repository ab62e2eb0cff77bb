import type { BinInfo, ChunkInfo } from '../allocator';
import type { HeapHost } from '../heapHost';
import { type HeapBlockPlace, TeachingAllocator } from './teachingAllocator';
import { type HeapGrowth, PAGE, TRIM_KEEP, TRIM_THRESHOLD, alignDown, alignUp } from './heapSegment';

/** The arena's own data at the heap's start: the bump pointer, the number of live blocks, the topmost block's size. */
const CONTROL = 32;
/** Every block's header: its size (bit 0: freed), then the size of the block before it. */
const HEADER = 16;
const FREED = 1;

/**
 * A bump allocator (an arena): one pointer into the heap, moved up by each allocation. free() only
 * marks a block dead: its bytes are not reused, except that freeing the topmost blocks moves the
 * pointer back over them (as Zig's FixedBufferAllocator reclaims its last allocation), and when no
 * block is live any more the whole arena resets to empty. Every request, large ones included, is
 * served from the arena, which grows with sbrk.
 *
 * Heap: [bump pointer][live count][top block's size][pad][blocks ...][the untouched rest up to the
 * break]. A block is a
 * 16-byte header (size | freed, size of the previous block) and at least 16 bytes of payload.
 */
export class BumpArena extends TeachingAllocator {
  readonly name = 'bump';

  constructor(host: HeapHost, growth?: HeapGrowth) {
    super(host, growth);
    this.mmapThreshold = Infinity;
  }

  /** Frees every block at once: the arena's reset (live blocks too; their pointers dangle). */
  reset(): void {
    if (this.segment.start === 0) return;
    this.setBump(this.first);
    this.setLive(0);
    this.setTopSize(0);
  }

  protected allocate(size: number): number {
    if (this.segment.start === 0) {
      if (this.segment.grow(this.segment.growthFor(0)) === null) return 0;
      this.reset();
    }
    const asize = blockSize(size);
    const b = this.bump;
    if (b + asize > this.segment.end && this.segment.grow(this.segment.growthFor(b + asize - this.segment.end)) === null) return 0;
    this.mem.write64(b, asize);
    this.mem.write64(b + 8, this.topSize);
    this.setBump(b + asize);
    this.setTopSize(asize);
    this.setLive(this.live + 1);
    return b + HEADER;
  }

  protected release(ptr: number): void {
    const b = ptr - HEADER;
    if (b % 16 !== 0 || b < this.first || b >= this.segment.end) this.abort('free(): invalid pointer');
    const hdr = this.mem.read64(b);
    // A dead block's header keeps its mark, even above the pointer once the pointer moved back.
    if ((hdr & FREED) !== 0) this.abort('free(): double free (the block is already dead)');
    if (!this.isBlock(b)) this.abort('free(): invalid pointer');
    this.mem.write64(b, hdr + FREED);
    const live = this.live - 1;
    this.setLive(live);
    if (live === 0) {
      this.reset();
    } else if (b + hdr === this.bump) {
      // The topmost blocks are dead: the pointer moves back to the end of the last live one.
      let top = b;
      while (top !== this.first) {
        const prevSize = this.mem.read64(top + 8);
        if ((this.mem.read64(top - prevSize) & FREED) === 0) break;
        top -= prevSize;
      }
      this.setBump(top);
      this.setTopSize(top === this.first ? 0 : this.mem.read64(top + 8));
    }
    this.trimRest();
  }

  protected usable(ptr: number): number {
    return this.sizeOf(ptr - HEADER) - HEADER;
  }

  protected place(ptr: number): HeapBlockPlace {
    return { chunk: ptr - HEADER, size: this.sizeOf(ptr - HEADER) };
  }

  /** The topmost block grows or shrinks by moving the pointer; others only shrink (nothing moves). */
  protected override resizeInPlace(ptr: number, size: number): boolean {
    const b = ptr - HEADER;
    const cur = this.sizeOf(b);
    const asize = blockSize(size);
    if (b + cur !== this.bump) return asize <= cur;
    if (b + asize > this.segment.end && this.segment.grow(this.segment.growthFor(b + asize - this.segment.end)) === null) return false;
    this.mem.write64(b, asize);
    this.setBump(b + asize);
    this.setTopSize(asize);
    return true;
  }

  protected override trim(pad: number): boolean {
    return this.trimRest(0, Math.max(pad, 0));
  }

  protected heapChunks(): ChunkInfo[] {
    const seg = this.segment;
    if (seg.start === 0) return [];
    const out: ChunkInfo[] = [{ addr: seg.start, size: CONTROL, userPtr: seg.start, usable: 0, state: 'in-use', internal: true }];
    const bump = this.bump;
    for (let b = this.first; b < bump; ) {
      const size = this.sizeOf(b);
      if (size < 2 * HEADER || b + size > bump) break; // corrupted: stop rather than guess
      const dead = (this.mem.read64(b) & FREED) !== 0;
      const info: ChunkInfo = { addr: b, size, userPtr: b + HEADER, usable: size - HEADER, state: dead ? 'free' : 'in-use' };
      const requested = dead ? undefined : this.requestedOf(b + HEADER);
      if (requested !== undefined) info.requested = requested;
      out.push(info);
      b += size;
    }
    if (bump < seg.end) out.push({ addr: bump, size: seg.end - bump, userPtr: bump + HEADER, usable: 0, state: 'top' });
    return out;
  }

  /** Dead blocks are in no list: an arena never reuses them one by one. */
  protected heapBins(): BinInfo[] {
    return [];
  }

  private get first(): number {
    return this.segment.start + CONTROL;
  }

  private get bump(): number {
    return this.mem.read64(this.segment.start);
  }

  private setBump(b: number): void {
    this.mem.write64(this.segment.start, b);
  }

  private get live(): number {
    return this.mem.read64(this.segment.start + 8);
  }

  private setLive(n: number): void {
    this.mem.write64(this.segment.start + 8, n);
  }

  /** The size of the topmost block (the one that ends at the bump pointer), 0 when there is none. */
  private get topSize(): number {
    return this.mem.read64(this.segment.start + 16);
  }

  private setTopSize(n: number): void {
    this.mem.write64(this.segment.start + 16, n);
  }

  private sizeOf(b: number): number {
    const hdr = this.mem.read64(b);
    return hdr - (hdr & FREED);
  }

  /** A plausible block: aligned, below the pointer, and the next block (or the pointer) where its size says. */
  private isBlock(b: number): boolean {
    if (b % 16 !== 0 || b < this.first || b >= this.bump) return false;
    const size = this.sizeOf(b);
    if (size < 2 * HEADER || size % 16 !== 0 || b + size > this.bump) return false;
    return b + size === this.bump || this.mem.read64(b + size + 8) === size;
  }

  /** Gives back the untouched memory above the pointer once it reaches the trim threshold. */
  private trimRest(threshold = TRIM_THRESHOLD, keep = TRIM_KEEP): boolean {
    const seg = this.segment;
    if (seg.start === 0) return false;
    const rest = seg.end - this.bump;
    if (rest < threshold) return false;
    const release = alignDown(rest - keep, PAGE);
    if (release <= 0) return false;
    seg.shrink(release);
    return true;
  }
}

/** A header and the payload rounded up to 16, at least 16 (malloc(0) gets a block of its own). */
function blockSize(size: number): number {
  return HEADER + Math.max(16, alignUp(size, 16));
}
