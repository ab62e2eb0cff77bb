import type { AddressSpace } from '../addressSpace/addressSpace';
import { PAGE_SIZE } from '../addressSpace/layout';
import type { Protection, Vma } from '../addressSpace/vma';
import { type StackGrowthLimits, checkAccess } from './accessCheck';
import type { MemoryListener, MinorFaultCause } from './memoryEvents';
import { type AccessKind, type FaultReason, MemoryFault } from './memoryFault';
import { PageCache } from './pageCache';
import { PageTable } from './pageTable';
import {
  PTE_ACCESSED, PTE_DIRTY, PTE_FILE_DROPPED, PTE_NX, PTE_PRESENT, PTE_PROTNONE, PTE_SWAPPED, PTE_USER,
  PTE_WRITABLE, clearFlag, entryNumber, holdsFrame, isSwapEntry, makeEntry, setFlag,
} from './pageTableEntry';
import { FrameUse, PhysicalMemory } from './physicalMemory';
import { chooseVictim } from './pageReplacement';
import type { FileStore } from './simulatedFile';
import { SwapSpace } from './swapSpace';

export interface PagingOptions {
  /** Simulated RAM; a multiple of 4 KiB. Default 256 MiB. */
  readonly ramBytes?: number;
  /** Swap area size; default 512 MiB. 0 disables swap. */
  readonly swapBytes?: number;
  /** Stack growth limits; without them the stack VMA never grows. */
  readonly stack?: StackGrowthLimits;
}

export const DEFAULT_RAM_BYTES = 256 * 1024 * 1024;
export const DEFAULT_SWAP_BYTES = 512 * 1024 * 1024;

/** Fault and residency counters, as `ps`, /proc/PID/status and getrusage report them. */
export interface PagingCounters {
  readonly minorFaults: number;
  readonly majorFaults: number;
  readonly invalidFaults: number;
  readonly residentPages: number;
  readonly peakResidentPages: number;
  readonly swapUsedPages: number;
  readonly swapOuts: number;
  readonly swapIns: number;
  readonly pageTablePages: number;
}

/**
 * The kernel's memory manager for one process: page table, RAM frames, swap, the page cache, and
 * the page-fault handler that connects them to the VMAs. The MMU calls `fault` when the page
 * table does not allow an access; everything else here is what mm/memory.c and mm/vmscan.c do.
 */
export class Paging {
  readonly physical: PhysicalMemory;
  readonly swap: SwapSpace;
  readonly pageTable: PageTable;
  readonly pageCache = new PageCache();
  listener: MemoryListener | undefined;
  /** Set by the MMU: drop TLB entries of pages [firstVpn, endVpn) whose entries changed. */
  invalidate: (firstVpn: number, endVpn: number) => void = () => undefined;
  minorFaults = 0;
  majorFaults = 0;
  invalidFaults = 0;
  residentPages = 0;
  peakResidentPages = 0;
  /** The clock hand of page replacement (see pageReplacement.ts). */
  clockHand = 0;

  constructor(readonly space: AddressSpace, readonly files: FileStore, readonly options: PagingOptions = {}) {
    const ram = options.ramBytes ?? DEFAULT_RAM_BYTES;
    if (ram % PAGE_SIZE !== 0) throw new Error(`RAM size must be a multiple of 4096, got ${ram}`);
    const swapBytes = options.swapBytes ?? DEFAULT_SWAP_BYTES;
    this.physical = new PhysicalMemory(ram / PAGE_SIZE);
    this.swap = new SwapSpace(Math.floor(swapBytes / PAGE_SIZE));
    this.pageTable = new PageTable(this.physical.frameCount);
  }

  counters(): PagingCounters {
    return {
      minorFaults: this.minorFaults,
      majorFaults: this.majorFaults,
      invalidFaults: this.invalidFaults,
      residentPages: this.residentPages,
      peakResidentPages: this.peakResidentPages,
      swapUsedPages: this.swap.usedSlots,
      swapOuts: this.swap.pagesOut,
      swapIns: this.swap.pagesIn,
      pageTablePages: this.pageTable.tablePages,
    };
  }

  /**
   * The page-fault handler: makes the page of `address` accessible for `access`, or throws
   * MemoryFault. Returns with the PT entry present and permitting the access.
   */
  fault(address: number, access: AccessKind): void {
    let verdict = checkAccess(this.space, this.options.stack, address, access);
    if (verdict.kind === 'grow-stack') {
      this.space.resize(verdict.stack, verdict.newStart, verdict.stack.end);
      this.listener?.({ kind: 'stack-grown', newStart: verdict.newStart });
      verdict = checkAccess(this.space, this.options.stack, address, access);
    }
    if (verdict.kind !== 'mapped') throw this.invalid(address, access, verdict.kind === 'invalid' ? verdict.reason : 'unmapped');
    const vma = verdict.vma;
    const vpn = Math.floor(address / PAGE_SIZE);
    const entry = this.pageTable.entry(vpn);
    if (holdsFrame(entry)) {
      this.upgradePresent(vpn, entry, vma, access, address);
      return;
    }
    this.makeResident(vpn, entry, vma, address, access);
  }

  /** Records and returns an invalid fault (the caller throws it). */
  invalid(address: number, access: AccessKind, reason: FaultReason): MemoryFault {
    this.invalidFaults++;
    const fault = new MemoryFault(address, access, reason);
    this.listener?.({ kind: 'invalid-fault', fault });
    return fault;
  }

  /**
   * The hardware sets the dirty bit on the first store through a writable entry. A page with a
   * copy in swap no longer matches it, so the swap slot is freed then (as do_swap_page does).
   */
  markDirty(vpn: number, entry: number): number {
    const frame = entryNumber(entry);
    const slot = this.physical.swapSlot.get(frame);
    if (slot >= 0) {
      this.swap.release(slot);
      this.physical.swapSlot.set(frame, -1);
    }
    const dirty = setFlag(setFlag(entry, PTE_DIRTY), PTE_ACCESSED);
    this.pageTable.setEntry(vpn, dirty);
    return dirty;
  }

  /** Sets the accessed bit, as the hardware does on every walk. */
  markAccessed(vpn: number, entry: number): number {
    const accessed = setFlag(entry, PTE_ACCESSED);
    if (accessed !== entry) this.pageTable.setEntry(vpn, accessed);
    return accessed;
  }

  /**
   * Brings the page in without a permission check: the kernel itself writing into the process
   * (the loader copying .data, exec building the stack). Returns the frame.
   */
  residentFrameForKernel(vpn: number): number {
    const address = vpn * PAGE_SIZE;
    const vma = this.space.find(address);
    if (!vma) throw new Error(`internal: kernel access to unmapped page ${address.toString(16)}`);
    let entry = this.pageTable.entry(vpn);
    if (!holdsFrame(entry)) {
      this.makeResident(vpn, entry, vma, address, 'read');
      entry = this.pageTable.entry(vpn);
    }
    return entryNumber(entry);
  }

  /**
   * munmap (and brk shrinking, MAP_FIXED replacing): frees the frames and swap slots of
   * [start, end). Dirty shared file pages are written back to their file first.
   */
  releaseRange(start: number, end: number): void {
    const first = start / PAGE_SIZE;
    const last = end / PAGE_SIZE;
    this.pageTable.forEachEntry(first, last, (vpn, entry) => {
      if (holdsFrame(entry)) this.unmapFrame(vpn, entry);
      else if (isSwapEntry(entry)) this.swap.release(entryNumber(entry));
      this.pageTable.setEntry(vpn, 0);
    });
    this.invalidate(first, last);
  }

  /** mprotect: rewrites the permission bits of the entries in [start, end). */
  reprotectRange(start: number, end: number, prot: Protection, vmaAt: (address: number) => Vma | undefined): void {
    const first = start / PAGE_SIZE;
    const last = end / PAGE_SIZE;
    this.pageTable.forEachEntry(first, last, (vpn, entry) => {
      if (holdsFrame(entry)) this.repermit(vpn, entry, prot, vmaAt(vpn * PAGE_SIZE)?.shared ?? false);
    });
    this.invalidate(first, last);
  }

  /** Writes dirty shared file pages of [start, end) back to their files (msync). */
  writeBackRange(start: number, end: number): void {
    const first = start / PAGE_SIZE;
    this.pageTable.forEachEntry(first, end / PAGE_SIZE, (vpn, entry) => {
      if (!holdsFrame(entry) || (entry & PTE_DIRTY) === 0) return;
      const frame = entryNumber(entry);
      if (this.physical.use.get(frame) !== FrameUse.PageCache) return;
      this.writeBack(frame);
      for (const mapper of this.physical.mappers(frame)) {
        this.pageTable.setEntry(mapper, clearFlag(this.pageTable.entry(mapper), PTE_DIRTY));
        this.invalidate(mapper, mapper + 1);
      }
    });
  }

  /** Takes a free frame, evicting a page when RAM is full. */
  obtainFrame(use: FrameUse, vpn: number, address: number, access: AccessKind): number {
    let frame = this.physical.allocate(use, vpn);
    while (frame < 0) {
      if (!this.evictOne()) throw this.invalid(address, access, 'out-of-memory');
      frame = this.physical.allocate(use, vpn);
    }
    return frame;
  }

  /**
   * Reclaims one frame: asks the replacement policy for a victim and evicts it. Returns false if
   * nothing can be evicted (every page is dirty anonymous memory and swap is full).
   */
  evictOne(): boolean {
    for (let attempts = 0; attempts < this.physical.frameCount; attempts++) {
      const victim = chooseVictim(this);
      if (victim < 0) return false;
      if (this.evict(victim)) return true;
    }
    return false;
  }

  /** Evicts one frame (shrink_folio_list): unmaps it everywhere and saves its content if needed. */
  evict(frame: number): boolean {
    const use = this.physical.use.get(frame);
    const mappers = this.physical.mappers(frame);
    const dirty = mappers.some((vpn) => (this.pageTable.entry(vpn) & PTE_DIRTY) !== 0);
    let replacement: number;
    let outcome: 'swapped-out' | 'dropped-swap-cached' | 'dropped-zero' | 'dropped-clean' | 'written-back';
    if (use === FrameUse.Anonymous || use === FrameUse.SharedAnonymous) {
      let slot = this.physical.swapSlot.get(frame);
      if (dirty) {
        if (slot < 0) slot = this.swap.allocate();
        if (slot < 0) return false;
        this.swap.write(slot, this.physical.frame(frame)!);
        outcome = 'swapped-out';
      } else {
        outcome = slot >= 0 ? 'dropped-swap-cached' : 'dropped-zero';
      }
      // A clean anonymous page without a swap copy was never written: it is still all zeros.
      replacement = slot >= 0 ? makeEntry(slot, PTE_SWAPPED) : 0;
    } else {
      if (use === FrameUse.PageCache) {
        if (dirty) this.writeBack(frame);
        this.pageCache.remove(this.physical.fileId.get(frame), this.physical.filePage.get(frame));
      }
      outcome = dirty ? 'written-back' : 'dropped-clean';
      replacement = PTE_FILE_DROPPED;
    }
    for (const vpn of mappers) {
      this.pageTable.setEntry(vpn, replacement);
      this.invalidate(vpn, vpn + 1);
      this.listener?.({ kind: 'eviction', vpn, frame, outcome });
    }
    this.residentPages -= mappers.length;
    this.physical.release(frame);
    return true;
  }

  /** The PTE permission bits for a page of a mapping with `prot`. */
  permissionBits(prot: Protection, shared: boolean, use: number): number {
    const readable = prot.read || prot.write || prot.exec;
    let bits = PTE_USER | (readable ? PTE_PRESENT : PTE_PROTNONE);
    // A private file page stays read-only in the page table until its first store copies it.
    if (prot.write && (shared || use !== FrameUse.FileCopy)) bits |= PTE_WRITABLE;
    if (!prot.exec) bits |= PTE_NX;
    return bits;
  }

  /** Makes a non-present page resident: swap-in, file read, or zero-fill. */
  private makeResident(vpn: number, entry: number, vma: Vma, address: number, access: AccessKind): void {
    let frame: number;
    if (isSwapEntry(entry)) {
      const slot = entryNumber(entry);
      frame = this.obtainFrame(vma.shared ? FrameUse.SharedAnonymous : FrameUse.Anonymous, vpn, address, access);
      this.swap.read(slot, this.physical.writableFrame(frame));
      // The copy stays in swap until the page is written (the swap cache).
      this.physical.swapSlot.set(frame, slot);
      this.majorFaults++;
      this.listener?.({ kind: 'major-fault', address, frame, from: 'swap' });
    } else if (vma.file) {
      frame = this.fileFault(vpn, vma, address, access, (entry & PTE_FILE_DROPPED) !== 0);
    } else {
      frame = this.obtainFrame(vma.shared ? FrameUse.SharedAnonymous : FrameUse.Anonymous, vpn, address, access);
      this.countMinor(address, frame, 'zero-fill');
    }
    this.pageTable.setEntry(vpn, makeEntry(frame, this.permissionBits(vma.prot, vma.shared, this.physical.use.get(frame))));
    this.residentPages++;
    if (this.residentPages > this.peakResidentPages) this.peakResidentPages = this.residentPages;
  }

  /**
   * A file page: MAP_SHARED maps the page-cache frame itself; MAP_PRIVATE gets its own copy.
   * The page cache is assumed warm for a page never read before (the file was just written or
   * executed, so a real kernel would find it cached: a minor fault); a page this process dropped
   * under memory pressure must be read from disk again: a major fault.
   */
  private fileFault(vpn: number, vma: Vma, address: number, access: AccessKind, wasDropped: boolean): number {
    const backing = vma.file!;
    const file = this.files.get(backing.path);
    if (!file) throw new Error(`internal: no simulated file ${backing.path}`);
    const offset = backing.offset + (vpn * PAGE_SIZE - vma.start);
    if (offset >= file.size) throw this.invalid(address, access, 'beyond-end-of-file');
    const index = offset / PAGE_SIZE;
    let frame: number;
    if (vma.shared) {
      const cached = this.pageCache.frameOf(file.id, index);
      if (cached !== undefined) {
        this.physical.addMapper(cached, vpn);
        this.countMinor(address, cached, 'file-read');
        return cached;
      }
      frame = this.obtainFrame(FrameUse.PageCache, vpn, address, access);
      this.pageCache.add(file.id, index, frame);
    } else {
      // A store as first touch copies the page at once (do_cow_fault): one fault, an anonymous page.
      const copyNow = access === 'write';
      frame = this.obtainFrame(copyNow ? FrameUse.Anonymous : FrameUse.FileCopy, vpn, address, access);
      if (copyNow) {
        file.readPage(index, this.physical.writableFrame(frame));
        this.countFileFault(address, frame, wasDropped, 'copy-on-write');
        return frame;
      }
    }
    this.physical.fileId.set(frame, file.id);
    this.physical.filePage.set(frame, index);
    // A frame comes zero-filled: a page of zeros (most of a binary's image here) is not copied.
    if (file.holdsPage(index)) file.readPage(index, this.physical.writableFrame(frame));
    this.countFileFault(address, frame, wasDropped, 'file-read');
    return frame;
  }

  /** A present page the entry does not yet allow: a PROT_NONE page made accessible, or COW. */
  private upgradePresent(vpn: number, entry: number, vma: Vma, access: AccessKind, address: number): void {
    const frame = entryNumber(entry);
    if (access === 'write' && this.physical.use.get(frame) === FrameUse.FileCopy) {
      // Copy-on-write: the private copy becomes the process's own anonymous page.
      this.physical.use.set(frame, FrameUse.Anonymous);
      this.physical.fileId.set(frame, -1);
      this.physical.filePage.set(frame, -1);
      this.countMinor(address, frame, 'copy-on-write');
    }
    this.repermit(vpn, entry, vma.prot, vma.shared);
    this.invalidate(vpn, vpn + 1);
  }

  /** Rewrites an entry's permission bits for `prot`, keeping its frame and accessed/dirty bits. */
  private repermit(vpn: number, entry: number, prot: Protection, shared: boolean): void {
    const frame = entryNumber(entry);
    const keep = entry & (PTE_ACCESSED | PTE_DIRTY);
    this.pageTable.setEntry(vpn, makeEntry(frame, this.permissionBits(prot, shared, this.physical.use.get(frame)) | keep));
  }

  private unmapFrame(vpn: number, entry: number): void {
    const frame = entryNumber(entry);
    this.residentPages--;
    if (this.physical.use.get(frame) === FrameUse.PageCache) {
      if ((entry & PTE_DIRTY) !== 0) this.writeBack(frame);
      if (this.physical.removeMapper(frame, vpn) > 0) return;
      this.pageCache.remove(this.physical.fileId.get(frame), this.physical.filePage.get(frame));
    }
    const slot = this.physical.swapSlot.get(frame);
    if (slot >= 0) this.swap.release(slot);
    this.physical.release(frame);
  }

  private writeBack(frame: number): void {
    const file = this.files.byIdentifier(this.physical.fileId.get(frame));
    file.writePage(this.physical.filePage.get(frame), this.physical.frame(frame)!);
  }

  private countFileFault(address: number, frame: number, wasDropped: boolean, cause: MinorFaultCause): void {
    if (!wasDropped) return this.countMinor(address, frame, cause);
    this.majorFaults++;
    this.listener?.({ kind: 'major-fault', address, frame, from: 'file' });
  }

  private countMinor(address: number, frame: number, cause: MinorFaultCause): void {
    this.minorFaults++;
    this.listener?.({ kind: 'minor-fault', address, frame, cause });
  }
}

