import { PAGE_SIZE, hex } from './layout';
import type { Protection, Vma } from './vma';
import { sameProtection } from './vma';

/**
 * The list of VMAs of one process, kept sorted and non-overlapping, with the operations the
 * kernel performs on it: map, unmap (which may split an area), change protection (likewise),
 * and search for a free gap. It holds no bytes and no page table; those sit behind the MMU.
 */
export class AddressSpace {
  private areas: Vma[] = [];
  /** Changes whenever the list does, so views and checkers can cache what they derive from it. */
  version = 0;

  /** A copy of the areas in address order. */
  list(): readonly Vma[] {
    return this.areas.slice();
  }

  /** The area containing `addr`, if any (binary search: hot in fault handling). */
  find(addr: number): Vma | undefined {
    let lo = 0;
    let hi = this.areas.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const vma = this.areas[mid];
      if (addr < vma.start) hi = mid - 1;
      else if (addr >= vma.end) lo = mid + 1;
      else return vma;
    }
    return undefined;
  }

  /** Adds an area; it must be page-aligned and must not overlap an existing one. */
  map(vma: Vma): Vma {
    checkAligned(vma.start, vma.end);
    if (this.overlaps(vma.start, vma.end)) {
      throw new Error(`mapping ${hex(vma.start)}-${hex(vma.end)} overlaps an existing area`);
    }
    const at = this.areas.findIndex((a) => a.start > vma.start);
    this.areas.splice(at < 0 ? this.areas.length : at, 0, vma);
    this.version++;
    return vma;
  }

  /** Removes [start, end) from every area it touches, splitting areas at the edges (munmap). */
  unmap(start: number, end: number): Vma[] {
    checkAligned(start, end);
    const removed: Vma[] = [];
    const kept: Vma[] = [];
    for (const vma of this.areas) {
      if (vma.end <= start || vma.start >= end) {
        kept.push(vma);
        continue;
      }
      removed.push({ ...vma, ...shifted(vma, Math.max(vma.start, start), Math.min(vma.end, end)) });
      if (vma.start < start) kept.push({ ...vma, ...shifted(vma, vma.start, start) });
      if (vma.end > end) kept.push({ ...vma, ...shifted(vma, end, vma.end) });
    }
    this.areas = kept.sort((a, b) => a.start - b.start);
    this.version++;
    return removed;
  }

  /** mprotect: gives [start, end) a new protection; the range must be fully mapped. */
  protect(start: number, end: number, prot: Protection): void {
    checkAligned(start, end);
    if (!this.isFullyMapped(start, end)) {
      throw new Error(`mprotect range ${hex(start)}-${hex(end)} is not fully mapped`);
    }
    const touched = this.areas.filter((a) => a.start < end && a.end > start);
    this.unmap(start, end);
    for (const vma of touched) {
      const s = Math.max(vma.start, start);
      const e = Math.min(vma.end, end);
      this.map({ ...vma, ...shifted(vma, s, e), prot });
    }
    this.mergeAround(start, end);
  }

  /** Replaces an area's end (brk and stack growth move one edge of an existing area). */
  resize(vma: Vma, start: number, end: number): Vma {
    const index = this.areas.indexOf(vma);
    if (index < 0) throw new Error('resize of an area that is not mapped');
    checkAligned(start, end);
    const others = this.areas.filter((a) => a !== vma);
    if (others.some((a) => a.start < end && a.end > start)) {
      throw new Error(`area cannot grow to ${hex(start)}-${hex(end)}: it would overlap another area`);
    }
    const next: Vma = { ...vma, ...shifted(vma, start, end) };
    this.areas[index] = next;
    this.version++;
    return next;
  }

  overlaps(start: number, end: number): boolean {
    return this.areas.some((a) => a.start < end && a.end > start);
  }

  isFullyMapped(start: number, end: number): boolean {
    let cursor = start;
    for (const vma of this.areas) {
      if (vma.end <= cursor) continue;
      if (vma.start > cursor) return false;
      cursor = vma.end;
      if (cursor >= end) return true;
    }
    return cursor >= end;
  }

  /**
   * Linux's top-down search (unmapped_area_topdown): the highest gap of `length` bytes that ends
   * at or below `ceiling` and starts at or above `floor`.
   */
  findFreeTopDown(length: number, ceiling: number, floor: number): number | undefined {
    let top = ceiling;
    for (let i = this.areas.length - 1; i >= 0; i--) {
      const vma = this.areas[i];
      if (vma.start >= top) continue;
      if (vma.end <= top && top - vma.end >= length) return top - length;
      top = Math.min(top, vma.start);
      if (top - length < floor) return undefined;
    }
    return top - length >= floor ? top - length : undefined;
  }

  /** Virtual size: the sum of all mapped areas (what `ps` calls VSZ). */
  virtualSize(): number {
    return this.areas.reduce((sum, a) => sum + (a.end - a.start), 0);
  }

  /**
   * Joins the areas overlapping [start, end) with each other and with their neighbours where the
   * kernel would (vma_merge): only the range an mmap or mprotect touched, since areas elsewhere
   * that look mergeable (libc's rodata and its RELRO part, say) were kept apart for reasons the
   * VMA list does not record.
   */
  mergeAround(start: number, end: number): void {
    const merged: Vma[] = [];
    for (const vma of this.areas) {
      const prev = merged[merged.length - 1];
      const touched = prev && (prev.start < end && prev.end > start || vma.start < end && vma.end > start);
      if (prev && touched && canMerge(prev, vma)) merged[merged.length - 1] = { ...prev, end: vma.end };
      else merged.push(vma);
    }
    this.areas = merged;
    this.version++;
  }
}

/** The same area cut down to [start, end), with the file offset moved along for file mappings. */
function shifted(vma: Vma, start: number, end: number): Pick<Vma, 'start' | 'end' | 'file'> {
  const file = vma.file ? { ...vma.file, offset: vma.file.offset + (start - vma.start) } : undefined;
  return { start, end, file };
}

function canMerge(a: Vma, b: Vma): boolean {
  if (a.end !== b.start || a.role !== b.role || a.shared !== b.shared || a.label !== b.label) return false;
  if (!sameProtection(a.prot, b.prot)) return false;
  if (!a.file && !b.file) return true;
  return !!a.file && !!b.file && a.file.path === b.file.path && a.file.offset + (a.end - a.start) === b.file.offset;
}

function checkAligned(start: number, end: number): void {
  if (start % PAGE_SIZE !== 0 || end % PAGE_SIZE !== 0 || end <= start) {
    throw new Error(`range ${hex(start)}-${hex(end)} is not a non-empty page-aligned range`);
  }
}
