import type { MemoryAccess } from '../../../../src/engine/memory/memoryAccess';
import type { HeapHost } from '../../../../src/engine/heap/heapHost';

const PAGE = 4096;
const TWO_POW_32 = 4294967296;

/** Thrown by FlatHeapHost.abort: glibc's malloc_printerr ends the process with SIGABRT. */
export class SimulatedAbort extends Error {
  constructor(readonly glibcMessage: string) {
    super(`SIGABRT: ${glibcMessage}`);
  }
}

/** Thrown on a load or store outside the break and the mappings (the real MMU raises SIGSEGV). */
export class FlatMemoryFault extends Error {}

interface Mapping {
  start: number;
  end: number;
}

export interface FlatHeapHostOptions {
  /** Initial program break (page aligned on Linux). */
  brkStart?: number;
  /** New mappings are placed top-down below this address. */
  mmapCeiling?: number;
  /** The break cannot grow past brkStart + brkLimit (sbrk then fails with ENOMEM). */
  brkLimit?: number;
}

/**
 * A minimal process memory for allocator tests: a program break, anonymous mappings placed
 * top-down like Linux (the highest free gap below the ceiling, so each new mapping sits directly
 * below the previous one and holes left by munmap are reused), and sparse zero-filled 4 KiB pages.
 * Touching memory outside the heap and the mappings throws FlatMemoryFault.
 */
export class FlatHeapHost implements HeapHost {
  readonly memory: MemoryAccess;
  readonly brkStart: number;
  private brk: number;
  private readonly brkLimit: number;
  private readonly ceiling: number;
  /** Sorted by start address. */
  private readonly mappings: Mapping[] = [];
  private readonly pages = new Map<number, DataView>();
  // Two most recent pages: allocator hot paths alternate between the tcache and the top chunk.
  private lastPageNo = -1;
  private lastPage: DataView | undefined;
  private prevPageNo = -1;
  private prevPage: DataView | undefined;

  constructor(options: FlatHeapHostOptions = {}) {
    this.brkStart = options.brkStart ?? 0x555555559000;
    this.brk = this.brkStart;
    this.brkLimit = options.brkLimit ?? 2 ** 40;
    this.ceiling = options.mmapCeiling ?? 0x7ffff7d86000;
    this.memory = new FlatMemory(this);
  }

  get currentBreak(): number {
    return this.brk;
  }

  mappingList(): ReadonlyArray<Readonly<Mapping>> {
    return this.mappings;
  }

  sbrk(increment: number): number | null {
    const old = this.brk;
    const next = old + increment;
    if (next < this.brkStart || next - this.brkStart > this.brkLimit) return null;
    if (increment < 0) this.dropPages(next, old);
    this.brk = next;
    return old;
  }

  mmap(length: number): number | null {
    const len = Math.ceil(length / PAGE) * PAGE;
    if (len <= 0) return null;
    const addr = this.findGap(len);
    if (addr === null) return null;
    this.insertMapping({ start: addr, end: addr + len });
    return addr;
  }

  munmap(addr: number, length: number): void {
    const end = addr + Math.ceil(length / PAGE) * PAGE;
    this.removeRange(addr, end);
    this.dropPages(addr, end);
  }

  /** MREMAP_MAYMOVE: shrink in place; grow in place if the pages after are free; else move. */
  mremap(addr: number, oldLength: number, newLength: number): number | null {
    const oldEnd = addr + oldLength;
    const newLen = Math.ceil(newLength / PAGE) * PAGE;
    if (newLen <= oldLength) {
      this.munmap(addr + newLen, oldLength - newLen);
      return addr;
    }
    const newEnd = addr + newLen;
    const blocked = newEnd > this.ceiling || this.mappings.some((m) => m.start < newEnd && m.end > oldEnd);
    if (!blocked) {
      this.removeRange(addr, oldEnd);
      this.insertMapping({ start: addr, end: newEnd });
      return addr;
    }
    const dest = this.findGap(newLen);
    if (dest === null) return null;
    this.insertMapping({ start: dest, end: dest + newLen });
    for (let off = 0; off < oldLength; off += PAGE) {
      const page = this.pages.get((addr + off) / PAGE);
      if (page !== undefined) this.pages.set((dest + off) / PAGE, page);
    }
    this.removeRange(addr, oldEnd);
    this.dropPages(addr, oldEnd);
    return dest;
  }

  madviseDontneed(addr: number, length: number): void {
    this.dropPages(addr, addr + length);
  }

  abort(message: string): never {
    throw new SimulatedAbort(message);
  }

  /** The page holding addr, created zero-filled on first touch if it is mapped. */
  page(addr: number): DataView {
    const no = Math.floor(addr / PAGE);
    if (no === this.lastPageNo) return this.lastPage as DataView;
    if (no === this.prevPageNo) {
      const hit = this.prevPage as DataView;
      this.prevPageNo = this.lastPageNo;
      this.prevPage = this.lastPage;
      this.lastPageNo = no;
      this.lastPage = hit;
      return hit;
    }
    let page = this.pages.get(no);
    if (page === undefined) {
      if (!this.isMapped(addr)) throw new FlatMemoryFault(`access to unmapped address 0x${addr.toString(16)}`);
      page = new DataView(new ArrayBuffer(PAGE));
      this.pages.set(no, page);
    }
    this.prevPageNo = this.lastPageNo;
    this.prevPage = this.lastPage;
    this.lastPageNo = no;
    this.lastPage = page;
    return page;
  }

  private isMapped(addr: number): boolean {
    const brkPageEnd = Math.ceil(this.brk / PAGE) * PAGE;
    if (addr >= this.brkStart && addr < brkPageEnd) return true;
    return this.mappings.some((m) => addr >= m.start && addr < m.end);
  }

  /** Linux's top-down search: the highest gap below the ceiling that holds len bytes. */
  private findGap(len: number): number | null {
    let limit = this.ceiling;
    for (let i = this.mappings.length - 1; i >= 0; i--) {
      const m = this.mappings[i];
      if (m.start >= limit) continue;
      if (limit - m.end >= len) break;
      limit = m.start;
    }
    const addr = limit - len;
    const brkPageEnd = Math.ceil(this.brk / PAGE) * PAGE;
    return addr >= brkPageEnd ? addr : null;
  }

  private insertMapping(m: Mapping): void {
    let i = 0;
    while (i < this.mappings.length && this.mappings[i].start < m.start) i++;
    this.mappings.splice(i, 0, m);
  }

  private removeRange(start: number, end: number): void {
    const kept: Mapping[] = [];
    for (const m of this.mappings) {
      if (m.end <= start || m.start >= end) kept.push(m);
      else {
        if (m.start < start) kept.push({ start: m.start, end: start });
        if (m.end > end) kept.push({ start: end, end: m.end });
      }
    }
    this.mappings.splice(0, this.mappings.length, ...kept.sort((a, b) => a.start - b.start));
  }

  /** Whole pages in [start, end) lose their contents (they read as zeros when mapped again). */
  private dropPages(start: number, end: number): void {
    for (let no = Math.ceil(start / PAGE); no < Math.ceil(end / PAGE); no++) this.pages.delete(no);
    this.lastPageNo = -1;
    this.lastPage = undefined;
    this.prevPageNo = -1;
    this.prevPage = undefined;
  }
}

/** Little-endian loads and stores on FlatHeapHost's pages. */
class FlatMemory implements MemoryAccess {
  constructor(private readonly host: FlatHeapHost) {}

  private fits(addr: number, n: number): boolean {
    return addr % PAGE <= PAGE - n;
  }

  read8(addr: number): number {
    return this.host.page(addr).getUint8(addr % PAGE);
  }
  read16(addr: number): number {
    if (!this.fits(addr, 2)) return this.read8(addr) | (this.read8(addr + 1) << 8);
    return this.host.page(addr).getUint16(addr % PAGE, true);
  }
  read32(addr: number): number {
    if (!this.fits(addr, 4)) return (this.read16(addr) | (this.read16(addr + 2) << 16)) >>> 0;
    return this.host.page(addr).getUint32(addr % PAGE, true);
  }
  read64(addr: number): number {
    if (!this.fits(addr, 8)) return this.read32(addr) + this.read32(addr + 4) * TWO_POW_32;
    const page = this.host.page(addr);
    const o = addr % PAGE;
    return page.getUint32(o, true) + page.getUint32(o + 4, true) * TWO_POW_32;
  }
  read64n(addr: number): bigint {
    return BigInt(this.read32(addr)) | (BigInt(this.read32(addr + 4)) << 32n);
  }
  readF32(addr: number): number {
    return new DataView(this.readBytes(addr, 4).buffer).getFloat32(0, true);
  }
  readF64(addr: number): number {
    return new DataView(this.readBytes(addr, 8).buffer).getFloat64(0, true);
  }
  write8(addr: number, value: number): void {
    this.host.page(addr).setUint8(addr % PAGE, value);
  }
  write16(addr: number, value: number): void {
    if (!this.fits(addr, 2)) {
      this.write8(addr, value & 0xff);
      this.write8(addr + 1, (value >>> 8) & 0xff);
      return;
    }
    this.host.page(addr).setUint16(addr % PAGE, value, true);
  }
  write32(addr: number, value: number): void {
    if (!this.fits(addr, 4)) {
      this.write16(addr, value & 0xffff);
      this.write16(addr + 2, (value >>> 16) & 0xffff);
      return;
    }
    this.host.page(addr).setUint32(addr % PAGE, value >>> 0, true);
  }
  write64(addr: number, value: number): void {
    const lo = value >>> 0;
    const hi = Math.floor(value / TWO_POW_32) >>> 0;
    if (!this.fits(addr, 8)) {
      this.write32(addr, lo);
      this.write32(addr + 4, hi);
      return;
    }
    const page = this.host.page(addr);
    const o = addr % PAGE;
    page.setUint32(o, lo, true);
    page.setUint32(o + 4, hi, true);
  }
  write64n(addr: number, value: bigint): void {
    const v = BigInt.asUintN(64, value);
    this.write32(addr, Number(v & 0xffffffffn));
    this.write32(addr + 4, Number(v >> 32n));
  }
  writeF32(addr: number, value: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.writeBytes(addr, b);
  }
  writeF64(addr: number, value: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.writeBytes(addr, b);
  }
  readBytes(addr: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; ) {
      const page = this.host.page(addr + i);
      const o = (addr + i) % PAGE;
      const n = Math.min(PAGE - o, length - i);
      out.set(new Uint8Array(page.buffer, o, n), i);
      i += n;
    }
    return out;
  }
  writeBytes(addr: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; ) {
      const page = this.host.page(addr + i);
      const o = (addr + i) % PAGE;
      const n = Math.min(PAGE - o, bytes.length - i);
      new Uint8Array(page.buffer, o, n).set(bytes.subarray(i, i + n));
      i += n;
    }
  }
  fill(addr: number, length: number, byte: number): void {
    for (let i = 0; i < length; ) {
      const page = this.host.page(addr + i);
      const o = (addr + i) % PAGE;
      const n = Math.min(PAGE - o, length - i);
      new Uint8Array(page.buffer, o, n).fill(byte);
      i += n;
    }
  }
}
