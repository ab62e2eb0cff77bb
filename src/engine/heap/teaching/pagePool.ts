import type { MemoryAccess } from '../../memory/memoryAccess';
import { type HeapSegment, TRIM_KEEP, TRIM_THRESHOLD, alignDown, alignUp } from './heapSegment';

/**
 * The header at the start of every page run (a page, or several in a row), in simulated memory:
 *   +0 tag (PAGE_TAG | kind << 8 | size class), +8 block size, +16 pages in the run,
 *   +24 free-list head, +32 blocks in use, +40 blocks carved so far, +48 next, +56 prev.
 * A free run uses the tag, the page count and `next` (the free runs' list, in address order).
 */
export const PAGE_HEADER = 64;
export const enum RunKind {
  /** Pages given back and merged into the run before them: the tag says so, a double free sees it. */
  Dead = 0,
  Free = 1,
  Small = 2,
  Large = 3,
}
export const Field = { tag: 0, blockSize: 8, pages: 16, freeHead: 24, used: 32, carved: 40, next: 48, prev: 56 } as const;
const PAGE_TAG = 0x9a6e * 65536;

export function pageTag(kind: RunKind, sizeClass: number): number {
  return PAGE_TAG + kind * 256 + sizeClass;
}

/** The kind in a tag, or undefined when the word is not a page tag. */
export function kindOf(tag: number): RunKind | undefined {
  if (tag - (tag % 65536) !== PAGE_TAG) return undefined;
  return Math.floor((tag % 65536) / 256) as RunKind;
}

export function classOf(tag: number): number {
  return tag % 256;
}

/**
 * Page runs carved from the brk heap: the pages of the size-class allocators come from here and go
 * back here when empty. Free runs are linked in address order and merged with their neighbours;
 * a request takes the first run long enough (split from its front), else the heap grows. When the
 * free run at the end of the heap reaches the trim threshold, all but TRIM_KEEP goes back.
 */
export class PagePool {
  constructor(
    private readonly segment: HeapSegment,
    private readonly memory: () => MemoryAccess,
    /** Where the free runs' list head lives (a word of the allocator's control block). */
    private readonly headAddr: number,
    /** The first page (aligned to pageBytes). */
    readonly start: number,
    readonly pageBytes: number,
    private readonly growthMin: number,
  ) {}

  /** A run of `pages` pages, or 0 when the kernel refuses more memory. The caller writes its header. */
  take(pages: number): number {
    const run = this.firstFit(pages) || (this.grow(pages) ? this.firstFit(pages) : 0);
    if (run === 0) return 0;
    const mem = this.memory();
    const have = mem.read64(run + Field.pages);
    const { prev, next } = this.neighbours(run);
    if (have > pages) {
      const rest = run + pages * this.pageBytes;
      this.writeFree(rest, have - pages, next);
      this.link(prev, rest);
    } else {
      this.link(prev, next);
    }
    return run;
  }

  /** Gives a run back, merging it with free runs right before and after it; then trims the heap's end. */
  give(run: number, pages: number, trim = true): void {
    const mem = this.memory();
    let beforePrev = 0;
    let prev = 0;
    let next = mem.read64(this.headAddr);
    while (next !== 0 && next < run) {
      beforePrev = prev;
      prev = next;
      next = mem.read64(next + Field.next);
    }
    let start = run;
    let count = pages;
    if (next !== 0 && run + pages * this.pageBytes === next) {
      count += mem.read64(next + Field.pages);
      mem.write64(next + Field.tag, pageTag(RunKind.Dead, 0));
      next = mem.read64(next + Field.next);
    }
    if (prev !== 0 && prev + mem.read64(prev + Field.pages) * this.pageBytes === run) {
      start = prev;
      count += mem.read64(prev + Field.pages);
      mem.write64(run + Field.tag, pageTag(RunKind.Dead, 0));
      prev = beforePrev;
    }
    this.writeFree(start, count, next);
    this.link(prev, start);
    if (trim) this.trimTail(TRIM_THRESHOLD, TRIM_KEEP);
  }

  /** malloc_trim: gives back the free run at the end beyond `keep` bytes. */
  trim(keep: number): boolean {
    return this.trimTail(0, keep);
  }

  /** The free runs in address order. */
  freeRuns(): number[] {
    const mem = this.memory();
    const out: number[] = [];
    for (let r = mem.read64(this.headAddr); r !== 0 && out.length < 1_000_000; r = mem.read64(r + Field.next)) {
      if (out.length > 0 && r <= out[out.length - 1]) break; // corrupted: stop rather than loop
      out.push(r);
    }
    return out;
  }

  private firstFit(pages: number): number {
    const mem = this.memory();
    for (let r = mem.read64(this.headAddr); r !== 0; r = mem.read64(r + Field.next)) {
      if (mem.read64(r + Field.pages) >= pages) return r;
    }
    return 0;
  }

  /** Grows the heap so that a run of `pages` ends at the break (extending a free run already there). */
  private grow(pages: number): boolean {
    const seg = this.segment;
    const tail = this.tailRun();
    const tailPages = tail === 0 ? 0 : this.memory().read64(tail + Field.pages);
    const bytes = alignUp(Math.max((pages - tailPages) * this.pageBytes, this.growthMin), this.pageBytes);
    const oldEnd = seg.end;
    if (seg.grow(bytes) === null) return false;
    this.give(oldEnd, bytes / this.pageBytes, false);
    return true;
  }

  private trimTail(threshold: number, keep: number): boolean {
    const tail = this.tailRun();
    if (tail === 0) return false;
    const mem = this.memory();
    const pages = mem.read64(tail + Field.pages);
    const bytes = pages * this.pageBytes;
    if (bytes < threshold) return false;
    const releasePages = alignDown(bytes - keep, this.pageBytes) / this.pageBytes;
    if (releasePages <= 0) return false;
    if (releasePages === pages) this.link(this.neighbours(tail).prev, 0);
    else mem.write64(tail + Field.pages, pages - releasePages);
    this.segment.shrink(releasePages * this.pageBytes);
    return true;
  }

  /** The free run that ends at the break, or 0. */
  private tailRun(): number {
    const runs = this.freeRuns();
    const last = runs[runs.length - 1];
    if (last === undefined) return 0;
    return last + this.memory().read64(last + Field.pages) * this.pageBytes === this.segment.end ? last : 0;
  }

  private neighbours(run: number): { prev: number; next: number } {
    const mem = this.memory();
    let prev = 0;
    for (let r = mem.read64(this.headAddr); r !== 0 && r !== run; r = mem.read64(r + Field.next)) prev = r;
    return { prev, next: mem.read64(run + Field.next) };
  }

  private writeFree(run: number, pages: number, next: number): void {
    const mem = this.memory();
    mem.write64(run + Field.tag, pageTag(RunKind.Free, 0));
    mem.write64(run + Field.pages, pages);
    mem.write64(run + Field.next, next);
  }

  /** Makes `to` follow `from` in the free runs' list (from 0: the head). */
  private link(from: number, to: number): void {
    this.memory().write64(from === 0 ? this.headAddr : from + Field.next, to);
  }
}
