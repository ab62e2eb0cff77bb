import { AddressSpace } from '../../../../src/engine/addressSpace/addressSpace';
import type { Protection, Vma } from '../../../../src/engine/addressSpace/vma';
import { PROT_RW } from '../../../../src/engine/addressSpace/vma';
import { Mmu, type MmuOptions } from '../../../../src/engine/memory/mmu';
import { FileStore } from '../../../../src/engine/memory/simulatedFile';

/** A bare MMU over one anonymous area at `base`, for tests of paging alone. */
export const BASE = 0x1000_0000;

export function bareMmu(pages: number, options: MmuOptions = {}, prot: Protection = PROT_RW): { mmu: Mmu; space: AddressSpace; files: FileStore } {
  const space = new AddressSpace();
  space.map({ start: BASE, end: BASE + pages * 4096, prot, shared: false, role: 'mmap-anon' });
  const files = new FileStore();
  return { mmu: new Mmu(space, files, options), space, files };
}

export function mapArea(space: AddressSpace, vma: Omit<Vma, 'shared' | 'role'> & Partial<Pick<Vma, 'shared' | 'role'>>): void {
  space.map({ shared: false, role: 'mmap-anon', ...vma });
}
