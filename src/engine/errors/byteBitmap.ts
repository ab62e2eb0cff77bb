import { CowTable, type Forkable, forkState } from '../memory/copyOnWrite';

/** Bytes per bitmap page: one simulated 4 KiB page, one bit per byte. */
const PAGE = 4096;
/** 512 bytes of bits, plus one spare zero byte so a two-byte window never reads past the end. */
const BITS_BYTES = PAGE / 8 + 1;
/** Shared by every page whose bits are all set (or all clear): never written, replaced on the first write. */
const FULL = new Uint8Array(BITS_BYTES).fill(0xff, 0, BITS_BYTES - 1);
const EMPTY = new Uint8Array(BITS_BYTES);

function setBit(bits: Uint8Array, i: number, on: boolean): void {
  if (on) bits[i >> 3] |= 1 << (i & 7);
  else bits[i >> 3] &= ~(1 << (i & 7));
}

/**
 * One bit per byte of the simulated address space, kept beside memory (never inside it), for
 * what the checkers track about bytes: Memcheck's "not yet written" (ShadowMemory) and ASan's
 * "not for the program to touch" (the checker's poison map). Pages that never had a bit set have
 * no bitmap at all, and a page whose bits were all set (or cleared) at once shares one constant
 * bitmap (a 64 MiB malloc marks 16384 pages without allocating 8 MiB of bits), so memory costs
 * in proportion to the pages with mixed bits.
 *
 * The bitmaps are copy-on-write between the running machine and its checkpoints (`forkState`).
 */
export class ByteBitmap implements Forkable {
  /** Page number -> bitmap (bit set = the property holds for that byte). */
  protected readonly pages: CowTable<Uint8Array>;
  /**
   * The last two pages read (their bitmaps may be shared with a checkpoint, or FULL/EMPTY) and
   * the last two made writable (this bitmap's own until the next fork), most recent first:
   * a program's stores alternate between its stack and its heap.
   */
  private readPage = -1;
  private readBits: Uint8Array | undefined;
  private readPage2 = -1;
  private readBits2: Uint8Array | undefined;
  private writePage = -1;
  private writeBits: Uint8Array | undefined;
  private writePage2 = -1;
  private writeBits2: Uint8Array | undefined;

  constructor(pages?: CowTable<Uint8Array>) {
    this.pages = pages ?? new CowTable((bits) => bits.slice());
  }

  /** Sets (true) or clears the bits of [addr, addr+length). */
  setRange(addr: number, length: number, on: boolean): void {
    let at = addr;
    const end = addr + length;
    while (at < end) {
      const page = Math.floor(at / PAGE);
      const offset = at - page * PAGE;
      const n = Math.min(PAGE - offset, end - at);
      if (n === PAGE) {
        if (on || this.read(page) !== undefined) this.replace(page, on ? FULL : EMPTY);
        at += n;
        continue;
      }
      const bits = this.writable(page, on);
      if (!bits) { at += n; continue; }
      // Whole bitmap bytes at once in the middle, bit by bit at the ragged ends.
      let i = offset;
      const stop = offset + n;
      for (; i < stop && (i & 7) !== 0; i++) setBit(bits, i, on);
      const whole = (stop - i) >> 3;
      if (whole > 0) {
        bits.fill(on ? 0xff : 0, i >> 3, (i >> 3) + whole);
        i += whole << 3;
      }
      for (; i < stop; i++) setBit(bits, i, on);
      at += n;
    }
  }

  /** Clears the bits of a small store (the hot path of every write); bits already clear are not written. */
  clearSmall(addr: number, length: number): void {
    if (this.pages.size === 0) return;
    const page = Math.floor(addr / PAGE);
    const offset = addr - page * PAGE;
    if (offset + length > PAGE || length > 8) {
      this.setRange(addr, length, false);
      return;
    }
    const seen = this.read(page);
    if (seen === undefined || !windowSet(seen, offset, length)) return;
    const bits = this.writable(page, false)!;
    for (let i = offset; i < offset + length; i++) bits[i >> 3] &= ~(1 << (i & 7));
  }

  has(addr: number): boolean {
    const page = Math.floor(addr / PAGE);
    const bits = this.read(page);
    if (bits === undefined) return false;
    const offset = addr - page * PAGE;
    return (bits[offset >> 3] & (1 << (offset & 7))) !== 0;
  }

  /** True when any byte of [addr, addr+length) has its bit set; a few operations for a scalar. */
  any(addr: number, length: number): boolean {
    if (this.pages.size === 0) return false;
    const page = Math.floor(addr / PAGE);
    const offset = addr - page * PAGE;
    if (length <= 8 && offset + length <= PAGE) {
      const bits = this.read(page);
      return bits !== undefined && windowSet(bits, offset, length);
    }
    return this.firstSet(addr, length) >= 0;
  }

  /** The first address in [addr, addr+length) whose bit is set, or -1. */
  firstSet(addr: number, length: number): number {
    if (this.pages.size === 0) return -1;
    const end = addr + length;
    const firstPage = Math.floor(addr / PAGE);
    const lastPage = Math.floor((end - 1) / PAGE);
    if (lastPage - firstPage > this.pages.size) {
      // A range wider than the pages that have bits (`memset(p, 0, (size_t)-1)`): visit those
      // pages, not every page of the range.
      for (const [page] of this.pages.entries()) {
        if (page < firstPage) continue;
        if (page > lastPage) break;
        const found = this.firstSetInPage(page, Math.max(addr, page * PAGE), Math.min(end, (page + 1) * PAGE));
        if (found >= 0) return found;
      }
      return -1;
    }
    for (let page = firstPage; page <= lastPage; page++) {
      const found = this.firstSetInPage(page, Math.max(addr, page * PAGE), Math.min(end, (page + 1) * PAGE));
      if (found >= 0) return found;
    }
    return -1;
  }

  /** The first set byte of [at, pageEnd), all in `page`, or -1. */
  private firstSetInPage(page: number, at: number, pageEnd: number): number {
    const bits = this.read(page);
    if (!bits) return -1;
    for (let a = at; a < pageEnd; a++) {
      const offset = a - page * PAGE;
      if ((offset & 7) === 0 && a + 8 <= pageEnd && bits[offset >> 3] === 0) { a += 7; continue; }
      if ((bits[offset >> 3] & (1 << (offset & 7))) !== 0) return a;
    }
    return -1;
  }

  /** Copies the bits of [from, from+length) to [to, to+length) (memcpy, realloc). */
  copy(to: number, from: number, length: number): void {
    if (this.pages.size === 0) return;
    const bits = new Array<boolean>(length);
    for (let i = 0; i < length; i++) bits[i] = this.has(from + i);
    for (let i = 0; i < length; i++) {
      if (bits[i] || this.has(to + i)) this.setRange(to + i, 1, bits[i]);
    }
  }

  /**
   * Writes a precomputed bit pattern at an 8-byte aligned address: `pattern[k]` holds the bits of
   * bytes [addr + 8k, addr + 8k + 8).
   */
  writePattern(addr: number, pattern: Uint8Array): void {
    // addr is 8-aligned and pages are too, so each pattern byte is one byte of a page's bits.
    for (let k = 0; k < pattern.length;) {
      const at = addr + k * 8;
      const page = Math.floor(at / PAGE);
      const offset = at - page * PAGE;
      const n = Math.min(pattern.length - k, (PAGE - offset) >> 3);
      const bits = this.writable(page, true)!;
      // Frames are small: a loop beats TypedArray.set's call overhead.
      const first = offset >> 3;
      for (let j = 0; j < n; j++) bits[first + j] = pattern[k + j];
      k += n;
    }
  }

  /** A copy sharing every bitmap until one side changes it; this bitmap forgets its cached page. */
  [forkState](): this {
    this.resetCache();
    const Self = this.constructor as new (pages: CowTable<Uint8Array>) => this;
    return new Self(this.pages[forkState]());
  }

  /** Forgets the cached page (after a fork shared it, or a checkpoint's copy was installed). */
  resetCache(): void {
    this.readPage = this.readPage2 = -1;
    this.readBits = this.readBits2 = undefined;
    this.writePage = this.writePage2 = -1;
    this.writeBits = this.writeBits2 = undefined;
  }

  private read(page: number): Uint8Array | undefined {
    if (page === this.readPage) return this.readBits;
    let bits: Uint8Array | undefined;
    if (page === this.readPage2) bits = this.readBits2;
    else bits = this.pages.get(page);
    this.readPage2 = this.readPage;
    this.readBits2 = this.readBits;
    this.readPage = page;
    this.readBits = bits;
    return bits;
  }

  /** The page's bitmap, this bitmap's own to change (made when `create`, else undefined if none). */
  private writable(page: number, create: boolean): Uint8Array | undefined {
    if (page === this.writePage) return this.writeBits;
    if (page === this.writePage2) {
      const bits = this.writeBits2;
      this.writePage2 = this.writePage;
      this.writeBits2 = this.writeBits;
      this.writePage = page;
      this.writeBits = bits;
      return bits;
    }
    let bits = this.pages.mutable(page);
    if (bits === FULL || bits === EMPTY) {
      bits = bits.slice();
      this.pages.set(page, bits);
    } else if (bits === undefined) {
      if (!create) return undefined;
      bits = new Uint8Array(BITS_BYTES);
      this.pages.set(page, bits);
    }
    if (page === this.readPage) this.readBits = bits;
    if (page === this.readPage2) this.readBits2 = bits;
    this.writePage2 = this.writePage;
    this.writeBits2 = this.writeBits;
    this.writePage = page;
    this.writeBits = bits;
    return bits;
  }

  private replace(page: number, bits: Uint8Array): void {
    this.pages.set(page, bits);
    if (page === this.readPage) this.readBits = bits;
    if (page === this.readPage2) this.readBits2 = bits;
    if (page === this.writePage) this.writePage = -1;
    if (page === this.writePage2) this.writePage2 = -1;
  }
}

/** Any of the `length` (at most 8) bits from bit `offset` set. */
function windowSet(bits: Uint8Array, offset: number, length: number): boolean {
  const i = offset >> 3;
  const window = bits[i] | (bits[i + 1] << 8);
  return ((window >> (offset & 7)) & ((1 << length) - 1)) !== 0;
}
