import { ByteBitmap } from '../../../../engine/errors/byteBitmap';

/**
 * Which bytes of memory hold no value yet, one bit per byte beside the simulated memory (as
 * Memcheck's V bits, simplified to whole bytes): a frame's locals when it is entered, a malloc'd
 * block when it is returned. A store defines the bytes it writes (or, when the value stored was
 * computed from undefined bytes, keeps them undefined: see memoryChecker.ts). Pages that never
 * had an undefined byte have no bitmap at all, so globals and the heap's own headers cost nothing.
 *
 * The bitmaps are copy-on-write between the running machine and its checkpoints (ByteBitmap).
 */
export class ShadowMemory extends ByteBitmap {
  markUndefined(addr: number, length: number): void {
    this.setRange(addr, length, true);
  }

  /** A store of `length` bytes at `addr`: they are defined from now on. */
  define(addr: number, length: number): void {
    this.clearSmall(addr, length);
  }

  isUndefinedByte(addr: number): boolean {
    return this.has(addr);
  }

  /** True when any byte of the aligned 8-byte word at addr is undefined (one bitmap byte). */
  wordUndefined(addr: number): boolean {
    if (this.pages.size === 0) return false;
    const page = Math.floor(addr / 4096);
    const bits = this.pages.get(page);
    return bits !== undefined && bits[(addr - page * 4096) >> 3] !== 0;
  }

  /** True when any of the bytes is undefined. */
  anyUndefined(addr: number, length: number): boolean {
    return this.any(addr, length);
  }
}
