import { PAGE_SIZE } from '../addressSpace/layout';
import type { MemoryAccess } from './memoryAccess';
import { MemoryFault } from './memoryFault';
import type { Mmu } from './mmu';
import { entryNumber, holdsFrame, isSwapEntry } from './pageTableEntry';

const ZERO_PAGE = new Uint8Array(PAGE_SIZE);
const TWO_32 = 4294967296;

/**
 * Memory as the views read it: loads that leave no trace in the simulation. No TLB lookup, no
 * accessed bit, no fault, no page brought in: a page in RAM is read from its frame, a swapped-out
 * page from its swap slot, a file page not in RAM from its file, an untouched anonymous page as
 * zeros. A load outside every mapping throws MemoryFault, which is neither counted nor delivered.
 * Stores are refused: a view never writes.
 *
 * Snapshots, hovers and the heap's introspection (chunks, bins, stats) read through this, so
 * looking at a paused program cannot change what it does next.
 */
export class QuietMemory implements MemoryAccess {
  constructor(private readonly mmu: Mmu) {}

  /** The bytes of [addr, addr + length), or undefined when some of them are not mapped. */
  peek(addr: number, length: number): Uint8Array | undefined {
    if (!Number.isSafeInteger(addr) || addr < 0) return undefined;
    const out = new Uint8Array(length);
    for (let done = 0; done < length;) {
      const at = addr + done;
      const offset = at % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - offset, length - done);
      const page = this.page(at);
      if (page === undefined) return undefined;
      out.set(page.subarray(offset, offset + n), done);
      done += n;
    }
    return out;
  }

  read8(addr: number): number {
    return this.pageOf(addr)[addr % PAGE_SIZE];
  }

  read16(addr: number): number {
    const o = addr % PAGE_SIZE;
    const b = o <= PAGE_SIZE - 2 ? this.pageOf(addr) : this.load(addr, 2);
    const at = o <= PAGE_SIZE - 2 ? o : 0;
    return b[at] | (b[at + 1] << 8);
  }

  read32(addr: number): number {
    const o = addr % PAGE_SIZE;
    const b = o <= PAGE_SIZE - 4 ? this.pageOf(addr) : this.load(addr, 4);
    const at = o <= PAGE_SIZE - 4 ? o : 0;
    return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
  }

  read64(addr: number): number {
    const o = addr % PAGE_SIZE;
    if (o > PAGE_SIZE - 8) return this.read32(addr) + this.read32(addr + 4) * TWO_32;
    // One page lookup for both halves (a heap walk reads a size word per chunk).
    const b = this.pageOf(addr);
    const lo = (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
    const hi = (b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16) | (b[o + 7] << 24)) >>> 0;
    return lo + hi * TWO_32;
  }

  read64n(addr: number): bigint {
    return new DataView(this.load(addr, 8).buffer).getBigUint64(0, true);
  }

  readF32(addr: number): number {
    return new DataView(this.load(addr, 4).buffer).getFloat32(0, true);
  }

  readF64(addr: number): number {
    return new DataView(this.load(addr, 8).buffer).getFloat64(0, true);
  }

  readBytes(addr: number, length: number): Uint8Array {
    return this.load(addr, length);
  }

  write8(): void { refuse(); }
  write16(): void { refuse(); }
  write32(): void { refuse(); }
  write64(): void { refuse(); }
  write64n(): void { refuse(); }
  writeF32(): void { refuse(); }
  writeF64(): void { refuse(); }
  writeBytes(): void { refuse(); }
  fill(): void { refuse(); }

  /** The page holding `addr` (not to be written); MemoryFault outside every mapping. */
  private pageOf(addr: number): Uint8Array {
    const page = Number.isSafeInteger(addr) && addr >= 0 ? this.page(addr) : undefined;
    if (page === undefined) throw new MemoryFault(addr, 'read', 'unmapped');
    return page;
  }

  private load(addr: number, length: number): Uint8Array {
    const bytes = this.peek(addr, length);
    if (bytes === undefined) throw new MemoryFault(addr, 'read', 'unmapped');
    return bytes;
  }

  /**
   * Runs `walk` (a heap walk: a million chunks read a few words each) remembering the last page
   * found, which stays right while nothing runs; forgotten when the outermost walk ends.
   */
  walking<T>(walk: () => T): T {
    this.walks++;
    try {
      return walk();
    } finally {
      if (--this.walks === 0) {
        this.lastVpn = -1;
        this.lastPage = ZERO_PAGE;
      }
    }
  }

  private walks = 0;
  private lastVpn = -1;
  private lastPage: Uint8Array = ZERO_PAGE;

  /** What page `addr` holds now, wherever it is (not to be written); undefined outside every mapping. */
  page(addr: number): Uint8Array | undefined {
    const vpn = Math.floor(addr / PAGE_SIZE);
    if (vpn === this.lastVpn) return this.lastPage;
    const page = this.findPage(addr, vpn);
    if (this.walks > 0 && page !== undefined) {
      this.lastVpn = vpn;
      this.lastPage = page;
    }
    return page;
  }

  private findPage(addr: number, vpn: number): Uint8Array | undefined {
    const paging = this.mmu.paging;
    const entry = paging.pageTable.entry(vpn);
    if (holdsFrame(entry)) return paging.physical.frame(entryNumber(entry)) ?? ZERO_PAGE;
    const vma = this.mmu.space.find(addr);
    if (!vma) return undefined;
    if (isSwapEntry(entry)) return paging.swap.peek(entryNumber(entry));
    const file = vma.file ? paging.files.get(vma.file.path) : undefined;
    if (vma.file && file) {
      const offset = vma.file.offset + (vpn * PAGE_SIZE - vma.start);
      if (offset >= file.size) return ZERO_PAGE;
      const bytes = new Uint8Array(PAGE_SIZE);
      file.readPage(offset / PAGE_SIZE, bytes);
      return bytes;
    }
    return ZERO_PAGE;
  }
}

function refuse(): never {
  throw new Error('internal: a view tried to store into simulated memory');
}
