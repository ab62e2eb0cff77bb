import { PTE_ACCESSED, clearFlag } from './pageTableEntry';
import { FrameUse } from './physicalMemory';
import type { Paging } from './paging';

/**
 * Page replacement by the clock (second-chance) algorithm.
 *
 * Why clock and not LRU: true LRU needs the time of every access, and no MMU records that; what
 * the hardware gives the kernel is the accessed bit it sets in the PTE on each page walk. Clock
 * uses exactly that bit: the hand sweeps the frames; a frame whose page was accessed since the
 * last sweep loses its bit and is spared; the first frame found with the bit clear is the victim.
 * Linux's active/inactive lists refine the same idea. Clearing the bit also drops the page's TLB
 * entry, so the next access walks the table and sets the bit again (a cached translation would
 * otherwise hide the access from the kernel).
 *
 * Returns a frame to evict, or -1 if RAM holds no pages at all.
 */
export function chooseVictim(paging: Paging): number {
  const { physical, pageTable } = paging;
  const count = physical.frameCount;
  // Two sweeps suffice: the first clears every accessed bit it passes.
  for (let step = 0; step < 2 * count + 1; step++) {
    const frame = paging.clockHand;
    paging.clockHand = (paging.clockHand + 1) % count;
    if (physical.use.get(frame) === FrameUse.Free) continue;
    let referenced = false;
    for (const vpn of physical.mappers(frame)) {
      const entry = pageTable.entry(vpn);
      if ((entry & PTE_ACCESSED) !== 0) {
        referenced = true;
        pageTable.setEntry(vpn, clearFlag(entry, PTE_ACCESSED));
        paging.invalidate(vpn, vpn + 1);
      }
    }
    if (!referenced) return frame;
  }
  return -1;
}
