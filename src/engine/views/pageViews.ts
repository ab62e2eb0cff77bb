import { PAGE_SIZE, hex } from '../addressSpace/layout';
import { type Vma, permString } from '../addressSpace/vma';
import type { Mmu } from '../memory/mmu';
import { PTE_DIRTY, PTE_NX, PTE_PROTNONE, PTE_WRITABLE, PTE_ACCESSED, entryNumber, holdsFrame, isSwapEntry, PTE_PRESENT } from '../memory/pageTableEntry';
import { LEVEL_NAMES, splitAddress } from '../memory/pageTable';
import type { PageRange, PageState, PagesSummary, SnapshotRegion, TlbEntryView } from '../../shared/snapshot';
import { PAGE_STRIP_CELLS } from '../../shared/snapshot';
import type { PageInfo, PageWalkView } from '../../shared/viewRequests';

/** What one page is now, from its PT entry and its mapping. */
function pageState(entry: number, vma: Vma): PageState {
  if ((entry & PTE_PROTNONE) !== 0 || (!vma.prot.read && !vma.prot.write && !vma.prot.exec)) return 'protected';
  if (holdsFrame(entry)) return 'resident';
  if (isSwapEntry(entry)) return 'swapped';
  return 'untouched';
}

interface RangeCounts {
  resident: number;
  swapped: number;
  dirty: number;
  protectedPages: number;
}

/**
 * Each mapping's pages, counted from the page table (only the PT entries that exist are visited,
 * so an 8 MiB stack area with three touched pages costs three), with a density strip of at most
 * PAGE_STRIP_CELLS cells for the views.
 */
export function pageRanges(mmu: Mmu): { regions: SnapshotRegion[]; ranges: PageRange[] } {
  const table = mmu.paging.pageTable;
  const regions: SnapshotRegion[] = [];
  const ranges: PageRange[] = [];
  for (const vma of [...mmu.space.list()].reverse()) {
    const first = vma.start / PAGE_SIZE;
    const pages = (vma.end - vma.start) / PAGE_SIZE;
    const cells = Math.min(PAGE_STRIP_CELLS, pages);
    const perCell = Math.ceil(pages / cells);
    const cellResident = new Uint32Array(cells);
    const cellSwapped = new Uint32Array(cells);
    const counts: RangeCounts = { resident: 0, swapped: 0, dirty: 0, protectedPages: 0 };
    const noAccess = !vma.prot.read && !vma.prot.write && !vma.prot.exec;
    table.forEachEntry(first, first + pages, (vpn, entry) => {
      const cell = Math.floor((vpn - first) / perCell);
      if ((entry & PTE_PROTNONE) !== 0) counts.protectedPages++;
      else if (holdsFrame(entry)) {
        counts.resident++;
        cellResident[cell]++;
        if ((entry & PTE_DIRTY) !== 0) counts.dirty++;
      } else if (isSwapEntry(entry)) {
        counts.swapped++;
        cellSwapped[cell]++;
      }
    });
    if (noAccess) counts.protectedPages = pages;
    let strip = '';
    for (let c = 0; c < cells; c++) {
      const inCell = Math.min(perCell, pages - c * perCell);
      strip += noAccess ? 'P' : cellResident[c] === inCell ? 'R' : cellResident[c] > 0 ? 'r' : cellSwapped[c] > 0 ? 'S' : '.';
    }
    const name = vma.file?.path ?? vma.label ?? '';
    regions.push({
      start: hex(vma.start), end: hex(vma.end), perms: permString(vma.prot, vma.shared), role: vma.role, name,
      pages, residentPages: counts.resident, swappedPages: counts.swapped, dirtyPages: counts.dirty,
    });
    ranges.push({
      start: hex(vma.start), end: hex(vma.end), role: vma.role, name, pages, resident: counts.resident, swapped: counts.swapped,
      dirty: counts.dirty, protectedPages: counts.protectedPages, pagesPerCell: perCell, strip,
    });
  }
  return { regions, ranges };
}

/** The TLB's entries, most recently used first. */
export function tlbView(mmu: Mmu): PagesSummary['tlb'] {
  const entries: TlbEntryView[] = mmu.tlb.contents().map(({ vpn, entry }) => ({
    page: hex(vpn * PAGE_SIZE), frame: entryNumber(entry),
    writable: (entry & PTE_WRITABLE) !== 0, dirty: (entry & PTE_DIRTY) !== 0, noExecute: (entry & PTE_NX) !== 0,
  }));
  return { size: mmu.tlb.size, hits: mmu.tlb.hits, misses: mmu.tlb.misses, entries };
}

/** Pages [firstVpn, firstVpn + count) as the page table has them; pages outside every mapping are 'unmapped'. */
export function pageWindow(mmu: Mmu, firstVpn: number, count: number): PageInfo[] {
  const out: PageInfo[] = [];
  const table = mmu.paging.pageTable;
  for (let vpn = firstVpn; vpn < firstVpn + count; vpn++) {
    const address = vpn * PAGE_SIZE;
    const vma = mmu.space.find(address);
    if (!vma) {
      out.push({ page: hex(address), state: 'unmapped' });
      continue;
    }
    const entry = table.entry(vpn);
    const state = pageState(entry, vma);
    out.push({
      page: hex(address), state, role: vma.role,
      ...(holdsFrame(entry) ? { frame: entryNumber(entry) } : {}),
      ...(isSwapEntry(entry) ? { swapSlot: entryNumber(entry) } : {}),
      accessed: (entry & PTE_ACCESSED) !== 0, dirty: (entry & PTE_DIRTY) !== 0,
      writable: vma.prot.write, executable: vma.prot.exec,
    });
  }
  return out;
}

/** The 4-level walk the MMU would do for `address`, read from the page table without touching anything. */
export function pageWalkView(mmu: Mmu, address: number): PageWalkView {
  const walk = mmu.paging.pageTable.walk(address);
  const { indices, offset } = splitAddress(address);
  const vma = mmu.space.find(address);
  const leaf = walk.steps.length === 4 ? walk.leafEntry : 0;
  const tlbSlot = mmu.tlb.slot(Math.floor(address / PAGE_SIZE));
  return {
    address: hex(address),
    indices: [...indices] as [number, number, number, number],
    offset,
    steps: walk.steps.map((s) => ({ level: s.level, index: s.index, tableFrame: s.tableFrame, entry: s.entryHex, present: (s.entry & PTE_PRESENT) !== 0 })),
    levels: LEVEL_NAMES.length,
    ...(vma ? { role: vma.role, state: pageState(leaf, vma) } : { state: 'unmapped' as const }),
    ...(holdsFrame(leaf) ? { frame: entryNumber(leaf), physical: hex(entryNumber(leaf) * PAGE_SIZE + offset) } : {}),
    inTlb: tlbSlot >= 0,
  };
}
