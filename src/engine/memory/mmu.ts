import type { AddressSpace } from '../addressSpace/addressSpace';
import { PAGE_SIZE, USER_SPACE_END } from '../addressSpace/layout';
import type { MemoryAccess } from './memoryAccess';
import type { AccessKind } from './memoryFault';
import { Paging, type PagingOptions } from './paging';
import { PTE_ACCESSED, PTE_DIRTY, PTE_NX, PTE_PRESENT, PTE_WRITABLE, entryNumber } from './pageTableEntry';
import type { FileStore } from './simulatedFile';
import { Tlb } from './tlb';

export interface MmuOptions extends PagingOptions {
  /** TLB entries; default 64 (an L1 data TLB's size). */
  readonly tlbEntries?: number;
}

const NO_PAGE = new Uint8Array(0);
const TWO_32 = 4294967296;
/** Pages each fast-path cache holds: 8 sets of 2 (two-way set-associative, LRU within a set). */
const CACHED_PAGES = 16;

/** The first way of the set caching `addr`'s page: a multiplicative hash of the page number (low 32 bits). */
function setOf(addr: number): number {
  return (Math.imul(addr >>> 12, 0x9e3779b1) >>> 29) << 1;
}

// Scratch for float conversions (shared: no allocation per access, and no re-entrancy involved).
const scratch = new ArrayBuffer(8);
const scratchBytes = new Uint8Array(scratch);
const scratchF32 = new Float32Array(scratch);
const scratchF64 = new Float64Array(scratch);
const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!littleEndianHost) throw new Error('Memory Atlas needs a little-endian host for its float conversions');

/**
 * The memory management unit: every load and store of the simulated CPU goes through here.
 *
 * Translation order, as on x86-64: the TLB first; on a miss, the 4-level walk; if the entry is
 * not present or does not permit the access, the page-fault handler (Paging.fault), which either
 * makes it so or throws MemoryFault. The walk sets the accessed bit, the first store the dirty bit.
 *
 * In front of the TLB sit two small caches of host pages, one for loads and one for stores, each
 * holding sixteen pages, two-way set-associative (a program's stack, heap, globals and string
 * literals are used in turn, so one cached page is not enough). They only ever hold pages that are in
 * the TLB (dropped whenever their slot is reused or invalidated), so a hit there is a TLB hit and
 * is counted as one, and moves the page to the front of the LRU order.
 * The store cache only holds pages already marked dirty, so the dirty bit is never missed, and
 * frames this process owns (copy-on-write with checkpoints).
 */
export class Mmu implements MemoryAccess {
  readonly tlb: Tlb;
  readonly paging: Paging;
  // The fast-path caches: page base address (-1: empty), host bytes, TLB slot.
  private readonly readBases = new Float64Array(CACHED_PAGES).fill(-1);
  private readonly readPages = new Array<Uint8Array>(CACHED_PAGES).fill(NO_PAGE);
  private readonly readSlots = new Int32Array(CACHED_PAGES).fill(-1);
  /** Per set, the way used last (the other one is replaced next). */
  private readonly readRecent = new Uint8Array(CACHED_PAGES);
  private readonly writeBases = new Float64Array(CACHED_PAGES).fill(-1);
  private readonly writePages = new Array<Uint8Array>(CACHED_PAGES).fill(NO_PAGE);
  private readonly writeSlots = new Int32Array(CACHED_PAGES).fill(-1);
  private readonly writeRecent = new Uint8Array(CACHED_PAGES);

  constructor(readonly space: AddressSpace, files: FileStore, options: MmuOptions = {}) {
    this.tlb = new Tlb(options.tlbEntries ?? 64);
    this.paging = new Paging(space, files, options);
    this.paging.invalidate = (first, end) => this.invalidatePages(first, end);
  }

  // ---- loads ----

  read8(addr: number): number {
    return this.loadPage(addr)[addr & 4095];
  }

  read16(addr: number): number {
    const o = addr & 4095;
    if (o > 4094) return this.read8(addr) | (this.read8(addr + 1) << 8);
    const p = this.loadPage(addr);
    return p[o] | (p[o + 1] << 8);
  }

  read32(addr: number): number {
    const o = addr & 4095;
    if (o > 4092) return (this.read16(addr) | (this.read16(addr + 2) << 16)) >>> 0;
    const p = this.loadPage(addr);
    return (p[o] | (p[o + 1] << 8) | (p[o + 2] << 16) | (p[o + 3] << 24)) >>> 0;
  }

  /** 64-bit load as a number: exact below 2^53 (pointers, sizes). */
  read64(addr: number): number {
    const o = addr & 4095;
    if (o > 4088) return this.read32(addr) + this.read32(addr + 4) * TWO_32;
    const p = this.loadPage(addr);
    const lo = (p[o] | (p[o + 1] << 8) | (p[o + 2] << 16) | (p[o + 3] << 24)) >>> 0;
    const hi = (p[o + 4] | (p[o + 5] << 8) | (p[o + 6] << 16) | (p[o + 7] << 24)) >>> 0;
    return lo + hi * TWO_32;
  }

  read64n(addr: number): bigint {
    const lo = this.read32(addr);
    const hi = this.read32(addr + 4);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  readF32(addr: number): number {
    this.loadScratch(addr, 4);
    return scratchF32[0];
  }

  readF64(addr: number): number {
    this.loadScratch(addr, 8);
    return scratchF64[0];
  }

  readBytes(addr: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    const offset = addr & 4095;
    if (length > 0 && length <= SHORT_RANGE && length <= PAGE_SIZE - offset) {
      // A short range on one page (a string of a few bytes): one translation, no views made.
      const page = this.pageForRead(addr);
      for (let i = 0; i < length; i++) out[i] = page[offset + i];
      return out;
    }
    this.forEachPageChunk(addr, length, 'read', (page, offset, done, n) => out.set(page.subarray(offset, offset + n), done));
    return out;
  }

  // ---- stores ----

  write8(addr: number, value: number): void {
    this.storePage(addr)[addr & 4095] = value;
  }

  write16(addr: number, value: number): void {
    const o = addr & 4095;
    if (o > 4094) return this.writeAcross(addr, 2, value, 0);
    const p = this.storePage(addr);
    p[o] = value;
    p[o + 1] = value >> 8;
  }

  write32(addr: number, value: number): void {
    const o = addr & 4095;
    if (o > 4092) return this.writeAcross(addr, 4, value, 0);
    const p = this.storePage(addr);
    p[o] = value;
    p[o + 1] = value >> 8;
    p[o + 2] = value >> 16;
    p[o + 3] = value >> 24;
  }

  /** 64-bit store of a number, two's complement for negative values (exact within ±2^53). */
  write64(addr: number, value: number): void {
    const hi = Math.floor(value / TWO_32);
    const lo = value - hi * TWO_32;
    const o = addr & 4095;
    if (o > 4088) return this.writeAcross(addr, 8, lo, hi);
    const p = this.storePage(addr);
    p[o] = lo;
    p[o + 1] = lo >>> 8;
    p[o + 2] = lo >>> 16;
    p[o + 3] = lo >>> 24;
    p[o + 4] = hi;
    p[o + 5] = hi >> 8;
    p[o + 6] = hi >> 16;
    p[o + 7] = hi >> 24;
  }

  write64n(addr: number, value: bigint): void {
    const v = BigInt.asUintN(64, value);
    const lo = Number(v & 0xffffffffn);
    const hi = Number(v >> 32n);
    const o = addr & 4095;
    if (o > 4088) return this.writeAcross(addr, 8, lo, hi);
    this.write32(addr, lo);
    this.write32(addr + 4, hi);
  }

  writeF32(addr: number, value: number): void {
    scratchF32[0] = value;
    this.storeScratch(addr, 4);
  }

  writeF64(addr: number, value: number): void {
    scratchF64[0] = value;
    this.storeScratch(addr, 8);
  }

  writeBytes(addr: number, bytes: Uint8Array): void {
    const length = bytes.length;
    const offset = addr & 4095;
    if (length > 0 && length <= SHORT_RANGE && length <= PAGE_SIZE - offset) {
      const page = this.pageForWrite(addr);
      for (let i = 0; i < length; i++) page[offset + i] = bytes[i];
      return;
    }
    this.forEachPageChunk(addr, bytes.length, 'write', (page, offset, done, n) => page.set(bytes.subarray(done, done + n), offset));
  }

  fill(addr: number, length: number, byte: number): void {
    this.forEachPageChunk(addr, length, 'write', (page, offset, _done, n) => page.fill(byte, offset, offset + n));
  }

  // ---- beyond MemoryAccess ----

  /**
   * The loads of reading [addr, addr + length) byte by byte, without the bytes: the same
   * translations, faults, accessed bits and TLB counts. For a caller that keeps a copy of bytes
   * that cannot change (a string literal in .rodata) but must load them as the program would.
   */
  touchRead(addr: number, length: number): void {
    const end = addr + length;
    for (let at = addr; at < end;) {
      const n = Math.min(PAGE_SIZE - (at & 4095), end - at);
      this.read8(at);
      // The rest of the page's bytes hit the page just translated (read8's fast path counts each).
      this.tlb.hits += n - 1;
      at += n;
    }
  }

  /** An instruction fetch at `addr`: faults unless the page is mapped executable. */
  checkExecutable(addr: number): void {
    this.translate(addr, 'exec');
  }

  /**
   * The kernel writing into the process, past page protections: the loader filling .data and
   * .rodata, exec building the initial stack. File-backed pages get the bytes in their file too,
   * so that dropping the page and reading it again gives them back.
   */
  kernelWrite(addr: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) {
      const at = addr + done;
      const offset = at % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - offset, bytes.length - done);
      const vpn = (at - offset) / PAGE_SIZE;
      const frame = this.paging.residentFrameForKernel(vpn);
      const chunk = bytes.subarray(done, done + n);
      this.paging.physical.writableFrame(frame).set(chunk, offset);
      const vma = this.space.find(at)!;
      const fileId = this.paging.physical.fileId.get(frame);
      if (fileId >= 0) {
        this.paging.files.byIdentifier(fileId).write(vma.file!.offset + (at - vma.start), chunk);
      } else {
        this.paging.markDirty(vpn, this.paging.pageTable.entry(vpn));
      }
      this.invalidatePages(vpn, vpn + 1);
      done += n;
    }
  }

  /** The kernel reading process memory (copy_from_user without faults counted as the program's). */
  kernelRead(addr: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const at = addr + done;
      const offset = at % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - offset, length - done);
      const frame = this.paging.residentFrameForKernel((at - offset) / PAGE_SIZE);
      out.set(this.paging.physical.frame(frame)!.subarray(offset, offset + n), done);
      done += n;
    }
    return out;
  }

  /** Drops TLB entries (and the fast-path caches) of pages [firstVpn, endVpn). */
  invalidatePages(firstVpn: number, endVpn: number): void {
    if (endVpn - firstVpn === 1) this.tlb.invalidate(firstVpn);
    else this.tlb.invalidateRange(firstVpn, endVpn);
    this.forgetCachedPages();
  }

  /**
   * Forgets the fast paths' last page read and written. A checkpoint calls it before sharing the
   * frames (copy-on-write): the next store must be translated again to get a frame of its own.
   * The TLB is kept, so the next access counts the same TLB hit it would have counted anyway.
   */
  forgetCachedPages(): void {
    this.readBases.fill(-1);
    this.readPages.fill(NO_PAGE);
    this.writeBases.fill(-1);
    this.writePages.fill(NO_PAGE);
  }

  // ---- translation ----

  /** The host page for a load at `addr`: from the load cache (a TLB hit), else translated. */
  private loadPage(addr: number): Uint8Array {
    const base = addr - (addr & 4095);
    const set = setOf(addr);
    let way = set;
    if (this.readBases[way] !== base) {
      way = set + 1;
      if (this.readBases[way] !== base) return this.pageForRead(addr, base, set);
    }
    this.readRecent[set] = way;
    const tlb = this.tlb;
    tlb.hits++;
    const slot = this.readSlots[way];
    if (slot !== tlb.head) tlb.touch(slot);
    return this.readPages[way];
  }

  /** The host page for a store at `addr`: from the store cache (a TLB hit), else translated. */
  private storePage(addr: number): Uint8Array {
    const base = addr - (addr & 4095);
    const set = setOf(addr);
    let way = set;
    if (this.writeBases[way] !== base) {
      way = set + 1;
      if (this.writeBases[way] !== base) return this.pageForWrite(addr, base, set);
    }
    this.writeRecent[set] = way;
    const tlb = this.tlb;
    tlb.hits++;
    const slot = this.writeSlots[way];
    if (slot !== tlb.head) tlb.touch(slot);
    return this.writePages[way];
  }

  private pageForRead(addr: number, base = addr - (addr & 4095), set = setOf(addr)): Uint8Array {
    const page = this.translate(addr, 'read');
    const way = this.readRecent[set] === set ? set + 1 : set;
    this.readBases[way] = base;
    this.readPages[way] = page;
    this.readSlots[way] = this.lastSlot;
    this.readRecent[set] = way;
    return page;
  }

  private pageForWrite(addr: number, base = addr - (addr & 4095), set = setOf(addr)): Uint8Array {
    const page = this.translate(addr, 'write');
    const way = this.writeRecent[set] === set ? set + 1 : set;
    this.writeBases[way] = base;
    this.writePages[way] = page;
    this.writeSlots[way] = this.lastSlot;
    this.writeRecent[set] = way;
    // The store may have copied a frame shared with a checkpoint: loads must see the copy.
    if (this.readBases[set] === base) this.readPages[set] = page;
    if (this.readBases[set + 1] === base) this.readPages[set + 1] = page;
    return page;
  }

  private lastSlot = -1;

  /**
   * TLB lookup, else page walk, else page fault; returns the frame's bytes and leaves the TLB
   * slot in `lastSlot`.
   */
  private translate(addr: number, access: AccessKind): Uint8Array {
    if (!(addr >= 0 && addr < USER_SPACE_END)) {
      if (!Number.isFinite(addr)) throw new Error(`internal: address ${addr} is not a number`);
      throw this.paging.invalid(addr, access, 'kernel-address');
    }
    if (!Number.isInteger(addr)) throw new Error(`internal: address ${addr} is not an integer`);
    const tlb = this.tlb;
    const vpn = (addr - (addr & 4095)) / PAGE_SIZE;
    let slot = tlb.slot(vpn);
    if (slot >= 0) {
      tlb.hits++;
      tlb.touch(slot);
      const cached = tlb.entries[slot];
      if (permits(cached, access) && (access !== 'write' || (cached & PTE_DIRTY) !== 0)) {
        this.lastSlot = slot;
        return this.frameBytes(cached, access);
      }
    } else {
      tlb.misses++;
    }
    const paging = this.paging;
    let entry = paging.pageTable.entry(vpn);
    if (!permits(entry, access)) {
      paging.fault(addr, access);
      entry = paging.pageTable.entry(vpn);
      if (!permits(entry, access)) throw new Error(`internal: fault at ${addr.toString(16)} left the page inaccessible`);
    }
    if (access === 'write' && (entry & PTE_DIRTY) === 0) entry = paging.markDirty(vpn, entry);
    else if ((entry & PTE_ACCESSED) === 0) entry = paging.markAccessed(vpn, entry);
    slot = slot >= 0 ? tlb.insert(vpn, entry) : tlb.insertMissing(vpn, entry);
    // The slot may have held a page the fast-path caches point to.
    for (let i = 0; i < CACHED_PAGES; i++) {
      if (this.readSlots[i] === slot) this.readBases[i] = -1;
      if (this.writeSlots[i] === slot) this.writeBases[i] = -1;
    }
    this.lastSlot = slot;
    return this.frameBytes(entry, access);
  }

  /** The bytes of an entry's frame; for a store, the frame made this process's own (copy-on-write with checkpoints). */
  private frameBytes(entry: number, access: AccessKind): Uint8Array {
    const physical = this.paging.physical;
    return access === 'write' ? physical.writableFrame(entryNumber(entry)) : physical.frame(entryNumber(entry))!;
  }

  /**
   * A store that straddles two pages: both must be writable before any byte changes. A fault on
   * the second page reports that page's first byte, as CR2 does for a split access.
   */
  private writeAcross(addr: number, size: number, lo: number, hi: number): void {
    this.translate(addr, 'write');
    this.translate(addr - (addr & 4095) + PAGE_SIZE, 'write');
    for (let i = 0; i < size; i++) {
      const word = i < 4 ? lo : hi;
      this.write8(addr + i, (word >>> ((i % 4) * 8)) & 0xff);
    }
  }

  private loadScratch(addr: number, size: number): void {
    const o = addr & 4095;
    if (o <= 4096 - size) {
      const p = this.loadPage(addr);
      for (let i = 0; i < size; i++) scratchBytes[i] = p[o + i];
    } else {
      for (let i = 0; i < size; i++) scratchBytes[i] = this.read8(addr + i);
    }
  }

  private storeScratch(addr: number, size: number): void {
    const o = addr & 4095;
    if (o <= 4096 - size) {
      const p = this.storePage(addr);
      for (let i = 0; i < size; i++) p[o + i] = scratchBytes[i];
    } else {
      const lo = scratchBytes[0] | (scratchBytes[1] << 8) | (scratchBytes[2] << 16) | (scratchBytes[3] << 24);
      const hi = size === 8 ? scratchBytes[4] | (scratchBytes[5] << 8) | (scratchBytes[6] << 16) | (scratchBytes[7] << 24) : 0;
      this.writeAcross(addr, size, lo >>> 0, hi >>> 0);
    }
  }

  /**
   * Block operations (memcpy, memset) translate once per page they touch, as a `rep movs`
   * does, and so count one TLB lookup per page.
   */
  private forEachPageChunk(
    addr: number, length: number, access: 'read' | 'write',
    chunk: (page: Uint8Array, offset: number, done: number, n: number) => void,
  ): void {
    let done = 0;
    while (done < length) {
      const at = addr + done;
      const offset = at & 4095;
      const n = Math.min(PAGE_SIZE - offset, length - done);
      const page = access === 'read' ? this.pageForRead(at) : this.pageForWrite(at);
      chunk(page, offset, done, n);
      done += n;
    }
  }
}

/** Up to this many bytes on one page, a block copy is a loop (a subarray view costs more than the bytes). */
const SHORT_RANGE = 64;

function permits(entry: number, access: AccessKind): boolean {
  if ((entry & PTE_PRESENT) === 0) return false;
  if (access === 'write') return (entry & PTE_WRITABLE) !== 0;
  if (access === 'exec') return (entry & PTE_NX) === 0;
  return true;
}
