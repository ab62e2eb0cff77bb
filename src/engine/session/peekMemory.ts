import type { Mmu } from '../memory/mmu';
import { PTE_PRESENT, entryNumber } from '../memory/pageTableEntry';

/**
 * Reads process memory for a view without disturbing the simulation: no TLB lookups, no page
 * faults, no accessed bits. A page not present in RAM but inside a mapping reads as zeros (it
 * was never touched); an address outside every mapping gives undefined.
 */
export function peekMemory(mmu: Mmu, addr: number, length: number): Uint8Array | undefined {
  if (!Number.isSafeInteger(addr) || addr < 0) return undefined;
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const at = addr + done;
    const offset = at % 4096;
    const n = Math.min(4096 - offset, length - done);
    if (!mmu.space.find(at)) return undefined;
    const entry = mmu.paging.pageTable.entry((at - offset) / 4096);
    if ((entry & PTE_PRESENT) !== 0) {
      const frame = mmu.paging.physical.bytes[entryNumber(entry)];
      if (frame) out.set(frame.subarray(offset, offset + n), done);
    }
    done += n;
  }
  return out;
}
