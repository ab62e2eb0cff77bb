import type { Mmu } from './mmu';
import { QuietMemory } from './quietMemory';

/**
 * Reads process memory for a view without disturbing the simulation (see QuietMemory): no TLB
 * lookups, no page faults, no accessed bits. An address outside every mapping gives undefined.
 */
export function peekMemory(mmu: Mmu, addr: number, length: number): Uint8Array | undefined {
  return new QuietMemory(mmu).peek(addr, length);
}
