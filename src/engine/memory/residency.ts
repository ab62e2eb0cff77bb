import { PAGE_SIZE } from '../addressSpace/layout';
import type { Vma } from '../addressSpace/vma';
import type { Paging } from './paging';
import { PTE_ACCESSED, PTE_DIRTY, entryNumber, holdsFrame, isSwapEntry } from './pageTableEntry';
import { FrameUse } from './physicalMemory';

/**
 * What the page table says about a range of pages, in the terms of /proc/PID/smaps:
 * "shared" means mapped more than once (mapcount > 1), not MAP_SHARED; Pss divides each page
 * by the number of its mappings.
 */
export interface Residency {
  readonly residentPages: number;
  readonly dirtyPages: number;
  readonly accessedPages: number;
  readonly swappedPages: number;
  readonly anonymousPages: number;
  readonly shmemPages: number;
  readonly filePages: number;
  readonly pssBytes: number;
  readonly pssAnonBytes: number;
  readonly pssFileBytes: number;
  readonly pssShmemBytes: number;
  readonly pssDirtyBytes: number;
  readonly sharedCleanPages: number;
  readonly sharedDirtyPages: number;
  readonly privateCleanPages: number;
  readonly privateDirtyPages: number;
}

export function residencyOf(paging: Paging, start: number, end: number): Residency {
  const r = {
    residentPages: 0, dirtyPages: 0, accessedPages: 0, swappedPages: 0, anonymousPages: 0, shmemPages: 0,
    filePages: 0, pssBytes: 0, pssAnonBytes: 0, pssFileBytes: 0, pssShmemBytes: 0, pssDirtyBytes: 0,
    sharedCleanPages: 0, sharedDirtyPages: 0, privateCleanPages: 0, privateDirtyPages: 0,
  };
  const { physical } = paging;
  paging.pageTable.forEachEntry(start / PAGE_SIZE, end / PAGE_SIZE, (_vpn, entry) => {
    if (isSwapEntry(entry)) {
      r.swappedPages++;
      return;
    }
    if (!holdsFrame(entry)) return;
    const frame = entryNumber(entry);
    const use = physical.use.get(frame);
    const mapCount = Math.max(1, physical.mapCount(frame));
    const dirty = (entry & PTE_DIRTY) !== 0;
    const share = PAGE_SIZE / mapCount;
    r.residentPages++;
    if (dirty) r.dirtyPages++;
    if ((entry & PTE_ACCESSED) !== 0) r.accessedPages++;
    r.pssBytes += share;
    if (dirty) r.pssDirtyBytes += share;
    if (use === FrameUse.Anonymous) {
      r.anonymousPages++;
      r.pssAnonBytes += share;
    } else if (use === FrameUse.SharedAnonymous) {
      r.shmemPages++;
      r.pssShmemBytes += share;
    } else {
      r.filePages++;
      r.pssFileBytes += share;
    }
    if (mapCount > 1) {
      if (dirty) r.sharedDirtyPages++;
      else r.sharedCleanPages++;
    } else if (dirty) r.privateDirtyPages++;
    else r.privateCleanPages++;
  });
  return r;
}

/** One VMA's line of the page-table summary the views draw. */
export interface VmaResidency {
  readonly vma: Vma;
  readonly pages: number;
  readonly residency: Residency;
}

export interface PageTableSummary {
  readonly areas: readonly VmaResidency[];
  readonly presentPages: number;
  readonly dirtyPages: number;
  readonly accessedPages: number;
  readonly swappedPages: number;
  /** Page-table pages per level: PML4, PDPT, PD, PT. */
  readonly tablesPerLevel: readonly [number, number, number, number];
}

export function pageTableSummary(paging: Paging, vmas: readonly Vma[]): PageTableSummary {
  const areas = vmas.map((vma) => ({ vma, pages: (vma.end - vma.start) / PAGE_SIZE, residency: residencyOf(paging, vma.start, vma.end) }));
  const sum = (pick: (r: Residency) => number): number => areas.reduce((n, a) => n + pick(a.residency), 0);
  return {
    areas,
    presentPages: sum((r) => r.residentPages),
    dirtyPages: sum((r) => r.dirtyPages),
    accessedPages: sum((r) => r.accessedPages),
    swappedPages: sum((r) => r.swappedPages),
    tablesPerLevel: paging.pageTable.tablesPerLevel(),
  };
}
