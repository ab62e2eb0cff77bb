import type { HeapEvent } from '../allocator';
import type { HeapHost } from '../heapHost';

export const PAGE = 4096;

export function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

export function alignDown(n: number, a: number): number {
  return Math.floor(n / a) * a;
}

/**
 * The brk heap of one teaching allocator: [start, end) is what it got from the kernel through
 * sbrk, contiguous. Growing and shrinking report `sbrk` (and `trim`) events, as glibc's morecore
 * and systrim do, so the error checker poisons the new memory and views follow the break.
 */
export class HeapSegment {
  /** 0 until the first growth. */
  start = 0;
  end = 0;

  constructor(private readonly host: HeapHost, private readonly emit: (e: HeapEvent) => void, readonly growth: HeapGrowth = DEFAULT_GROWTH) {}

  /** How much to grow by when `shortfall` bytes are missing: whole units, at least the minimum. */
  growthFor(shortfall: number): number {
    return alignUp(Math.max(shortfall, this.growth.min), this.growth.unit);
  }

  get size(): number {
    return this.end - this.start;
  }

  contains(addr: number): boolean {
    return addr >= this.start && addr < this.end;
  }

  /** sbrk(increment): the old end, or null when the kernel refused (or someone else moved the break). */
  grow(increment: number): number | null {
    const old = this.host.sbrk(increment);
    if (old === null) return null;
    if (this.start !== 0 && old !== this.end) {
      // The break is not where this allocator left it: the heap would not be contiguous.
      this.host.sbrk(-increment);
      return null;
    }
    if (this.start === 0) this.start = old;
    this.end = old + increment;
    this.emit({ kind: 'sbrk', increment, oldBreak: old, newBreak: this.end });
    return old;
  }

  /** sbrk(-bytes): gives back the last `bytes` of the heap. */
  shrink(bytes: number): void {
    if (bytes <= 0) return;
    const old = this.host.sbrk(-bytes);
    if (old === null) return;
    this.end = old - bytes;
    this.emit({ kind: 'sbrk', increment: -bytes, oldBreak: old, newBreak: this.end });
    this.emit({ kind: 'trim', released: bytes, newBreak: this.end });
  }
}

/**
 * The growth and trimming policy the teaching allocators share, so that their figures differ by
 * algorithm rather than by tuning: the heap grows by what a request lacks, in whole pages, at
 * least GROWTH_MIN (K&R's malloc asks for 1024 units of 16 bytes); when TRIM_THRESHOLD bytes or more
 * at its end are free (glibc's M_TRIM_THRESHOLD), all but TRIM_KEEP of them go back to the kernel.
 */
export const GROWTH_MIN = 16 * 1024;
export const TRIM_THRESHOLD = 128 * 1024;
export const TRIM_KEEP = 64 * 1024;

/** How a heap grows: at least `min` bytes, in multiples of `unit`. */
export interface HeapGrowth {
  readonly min: number;
  readonly unit: number;
}

export const DEFAULT_GROWTH: HeapGrowth = { min: GROWTH_MIN, unit: PAGE };
