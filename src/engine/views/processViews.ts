import { KERNEL_SPACE_START_HEX, STACK_TOP, USER_SPACE_END, hex } from '../addressSpace/layout';
import { formatProcMaps } from '../addressSpace/procMaps';
import type { Process } from '../process';
import type { AddressSpaceSummary, PagesSummary } from '../../shared/snapshot';
import { pageRanges, tlbView } from './pageViews';

/**
 * The process-wide parts of a stop's snapshot, the same for every language: the mappings with
 * their residency, the page table's ranges and the TLB. Read from the page table and the VMA
 * list only (no memory access, no TLB lookup), so looking changes nothing.
 */
export function processViews(process: Process): { addressSpace: AddressSpaceSummary; pages: PagesSummary } {
  const { regions, ranges } = pageRanges(process.mmu);
  const image = process.image;
  const vmas = process.addressSpace.list();
  return {
    addressSpace: {
      regions,
      userSpaceEnd: hex(USER_SPACE_END),
      kernelStart: KERNEL_SPACE_START_HEX,
      stack: { top: hex(STACK_TOP), limit: hex(image.stackLimitAddress), guardStart: hex(image.guardPage.start), guardEnd: hex(image.guardPage.end) },
      initialBreak: hex(image.initialBreak),
      brk: hex(process.counters().brk),
      mapsText: formatProcMaps(vmas),
    },
    pages: {
      ranges,
      tablesPerLevel: process.mmu.paging.pageTable.tablesPerLevel(),
      tlb: tlbView(process.mmu),
    },
  };
}
