import { CowTable, type Forkable, forkState } from '../../../../engine/memory/copyOnWrite';

function setBit(bits: Uint8Array, i: number, on: boolean): void {
  if (on) bits[i >> 3] |= 1 << (i & 7);
  else bits[i >> 3] &= ~(1 << (i & 7));
}

/**
 * Which bytes of memory hold no value yet, one bit per byte beside the simulated memory (as
 * Memcheck's V bits, simplified to whole bytes): a frame's locals when it is entered, a malloc'd
 * block when it is returned. A store defines the bytes it writes. Pages that never had an
 * undefined byte have no bitmap at all, so globals and the heap's own headers cost nothing.
 *
 * The bitmaps are copy-on-write between the running machine and its checkpoints (`forkState`).
 */
export class ShadowMemory implements Forkable {
  /** Page number -> 512-byte bitmap (bit set = byte undefined). */
  private readonly pages: CowTable<Uint8Array>;
  /** The last bitmap changed, this shadow's own (not shared with a checkpoint). */
  private lastPage = -1;
  private lastBits: Uint8Array | undefined;

  constructor(pages?: CowTable<Uint8Array>) {
    this.pages = pages ?? new CowTable((bits) => bits.slice());
  }

  markUndefined(addr: number, length: number): void {
    this.setRange(addr, length, true);
  }

  /** A store of `length` bytes at `addr`: they are defined from now on. */
  define(addr: number, length: number): void {
    if (this.pages.size === 0) return;
    const page = Math.floor(addr / 4096);
    const offset = addr - page * 4096;
    if (offset + length <= 4096) {
      const bits = page === this.lastPage ? this.lastBits : this.lookup(page);
      if (!bits) return;
      if (length === 1) {
        bits[offset >> 3] &= ~(1 << (offset & 7));
        return;
      }
      if ((offset & 7) === 0 && length === 8) {
        bits[offset >> 3] = 0;
        return;
      }
      for (let i = offset; i < offset + length; i++) bits[i >> 3] &= ~(1 << (i & 7));
      return;
    }
    this.setRange(addr, length, false);
  }

  /** Copies the definedness of [from, from+length) to [to, to+length) (realloc, memcpy). */
  copy(to: number, from: number, length: number): void {
    if (this.pages.size === 0) return;
    for (let i = 0; i < length; i++) {
      const undefinedByte = this.isUndefinedByte(from + i);
      this.setRange(to + i, 1, undefinedByte);
    }
  }

  isUndefinedByte(addr: number): boolean {
    const page = Math.floor(addr / 4096);
    const bits = this.pages.get(page);
    if (!bits) return false;
    const offset = addr - page * 4096;
    return (bits[offset >> 3] & (1 << (offset & 7))) !== 0;
  }

  /** True when any of the bytes is undefined. */
  anyUndefined(addr: number, length: number): boolean {
    if (this.pages.size === 0) return false;
    for (let i = 0; i < length; i++) if (this.isUndefinedByte(addr + i)) return true;
    return false;
  }

  /** A copy sharing every bitmap until one side changes it; this shadow forgets its cached one. */
  [forkState](): this {
    this.resetCache();
    return new ShadowMemory(this.pages[forkState]()) as this;
  }

  /** The page's bitmap, made this shadow's own, and remembered as the last one. */
  private lookup(page: number): Uint8Array | undefined {
    const bits = this.pages.mutable(page);
    this.lastPage = page;
    this.lastBits = bits;
    return bits;
  }

  private setRange(addr: number, length: number, undefinedBytes: boolean): void {
    let at = addr;
    const end = addr + length;
    while (at < end) {
      const page = Math.floor(at / 4096);
      const offset = at - page * 4096;
      const n = Math.min(4096 - offset, end - at);
      let bits = page === this.lastPage ? this.lastBits : this.lookup(page);
      if (!bits) {
        if (!undefinedBytes) { at += n; continue; }
        bits = new Uint8Array(512);
        this.pages.set(page, bits);
        this.lastPage = page;
        this.lastBits = bits;
      }
      // Whole bitmap bytes at once in the middle, bit by bit at the ragged ends.
      let i = offset;
      const stop = offset + n;
      for (; i < stop && (i & 7) !== 0; i++) setBit(bits, i, undefinedBytes);
      const whole = (stop - i) >> 3;
      if (whole > 0) {
        bits.fill(undefinedBytes ? 0xff : 0, i >> 3, (i >> 3) + whole);
        i += whole << 3;
      }
      for (; i < stop; i++) setBit(bits, i, undefinedBytes);
      at += n;
    }
  }

  /** Forgets the cached bitmap (after a fork shared it, or a checkpoint's copy was installed). */
  resetCache(): void {
    this.lastPage = -1;
    this.lastBits = undefined;
  }
}
