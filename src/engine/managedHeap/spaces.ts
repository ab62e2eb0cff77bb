import type { HeapState, Mapping, NewSpaceState, ObjectRecord, OldPage } from './heapState';
import { PAGE_BYTES, PAGE_HEADER_BYTES, type SpaceMemory } from './spaceMemory';

/** Smallest gap worth keeping on a free list (V8 does not list gaps below two words). */
const MIN_FREE_RANGE = 16;

/**
 * Where objects go: a bump pointer in new space's to-semispace, first-fit free lists on old-space
 * pages (V8 keeps segregated free lists and a linear allocation area; first fit over address-ordered
 * ranges is the same idea, easier to follow), one mapping per large object.
 */
export class Spaces {
  constructor(private readonly state: () => HeapState, private readonly memory: SpaceMemory) {}

  /** Maps both semispaces (V8 commits them when the heap is set up). */
  createNewSpace(semispaceBytes: number): NewSpaceState {
    const a = this.memory.mapAligned(semispaceBytes, PAGE_BYTES);
    const b = this.memory.mapAligned(semispaceBytes, PAGE_BYTES);
    return { semispaces: [a, b], toIndex: 0, top: a.start, objects: new Set() };
  }

  /** Bump allocation in to-space; undefined when it is full (time to scavenge). */
  allocateNew(bytes: number): number | undefined {
    const space = this.state().newSpace;
    if (!space) return undefined;
    const to = space.semispaces[space.toIndex];
    if (space.top + bytes > to.start + to.length) return undefined;
    const address = space.top;
    space.top += bytes;
    return address;
  }

  newSpaceFree(): number {
    const space = this.state().newSpace;
    if (!space) return 0;
    const to = space.semispaces[space.toIndex];
    return to.start + to.length - space.top;
  }

  /** First fit over the old pages' free ranges; a new page when none fits. */
  allocateOld(bytes: number, avoidPages?: ReadonlySet<number>): { address: number; page: OldPage } {
    for (const page of this.state().oldPages) {
      if (avoidPages?.has(page.start)) continue;
      const address = takeFromPage(page, bytes);
      if (address !== undefined) return { address, page };
    }
    const page = this.addOldPage();
    return { address: takeFromPage(page, bytes)!, page };
  }

  private addOldPage(): OldPage {
    const mapping = this.memory.mapAligned(PAGE_BYTES, PAGE_BYTES);
    const areaStart = mapping.start + PAGE_HEADER_BYTES;
    const page: OldPage = { start: mapping.start, areaStart, end: mapping.start + PAGE_BYTES, free: [{ start: areaStart, size: mapping.start + PAGE_BYTES - areaStart }], objects: new Set() };
    const pages = this.state().oldPages;
    pages.push(page);
    pages.sort((x, y) => x.start - y.start);
    return page;
  }

  /** Gives a page back to the kernel (it held no live object). */
  releaseOldPage(pageStart: number): void {
    const pages = this.state().oldPages;
    const index = pages.findIndex((p) => p.start === pageStart);
    if (index < 0) return;
    this.memory.unmap({ start: pageStart, length: PAGE_BYTES });
    pages.splice(index, 1);
  }

  pageOf(address: number): OldPage | undefined {
    const pages = this.state().oldPages;
    let lo = 0;
    let hi = pages.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = pages[mid];
      if (address < p.start) hi = mid - 1;
      else if (address >= p.end) lo = mid + 1;
      else return p;
    }
    return undefined;
  }

  /** An old object's bytes back on its page's free list (coalesced with its neighbours), a filler written over them. */
  freeOld(record: ObjectRecord): void {
    const page = this.pageOf(record.address);
    if (!page) return;
    page.objects.delete(record.ref);
    insertFree(page, record.address, record.bytes);
    this.memory.writeFiller(record.address, record.bytes);
  }

  /** An old object shrinks in place: the bytes past its new end go back on the free list. */
  freeTail(record: ObjectRecord, newBytes: number): void {
    const page = this.pageOf(record.address);
    const tail = record.bytes - newBytes;
    if (!page || tail < MIN_FREE_RANGE) return;
    insertFree(page, record.address + newBytes, tail);
    this.memory.writeFiller(record.address + newBytes, tail);
  }

  /** Large objects get a mapping of their own: a page header, then the object. */
  allocateLarge(bytes: number): Mapping {
    const length = Math.ceil((PAGE_HEADER_BYTES + bytes) / 4096) * 4096;
    return this.memory.mapAligned(length, PAGE_BYTES);
  }

  freeLarge(mapping: Mapping): void {
    this.memory.unmap(mapping);
  }

  /** Sweeps a page: its free ranges become exactly the gaps between the live objects it keeps. */
  rebuildFreeList(page: OldPage, live: readonly ObjectRecord[]): void {
    const sorted = [...live].sort((a, b) => a.address - b.address);
    const free: { start: number; size: number }[] = [];
    let cursor = page.areaStart;
    for (const o of sorted) {
      if (o.address - cursor >= MIN_FREE_RANGE) free.push({ start: cursor, size: o.address - cursor });
      cursor = o.address + o.bytes;
    }
    if (page.end - cursor >= MIN_FREE_RANGE) free.push({ start: cursor, size: page.end - cursor });
    page.free = free;
  }
}

export function pageFreeBytes(page: OldPage): number {
  let total = 0;
  for (const r of page.free) total += r.size;
  return total;
}

function takeFromPage(page: OldPage, bytes: number): number | undefined {
  for (let i = 0; i < page.free.length; i++) {
    const range = page.free[i];
    if (range.size < bytes) continue;
    const address = range.start;
    const rest = range.size - bytes;
    if (rest >= MIN_FREE_RANGE) {
      range.start += bytes;
      range.size = rest;
    } else {
      page.free.splice(i, 1);
    }
    return address;
  }
  return undefined;
}

function insertFree(page: OldPage, start: number, size: number): void {
  const free = page.free;
  let i = 0;
  while (i < free.length && free[i].start < start) i++;
  free.splice(i, 0, { start, size });
  // Coalesce with the following range, then with the preceding one.
  if (i + 1 < free.length && start + size === free[i + 1].start) {
    free[i].size += free[i + 1].size;
    free.splice(i + 1, 1);
  }
  if (i > 0 && free[i - 1].start + free[i - 1].size === start) {
    free[i - 1].size += free[i].size;
    free.splice(i, 1);
  }
}
