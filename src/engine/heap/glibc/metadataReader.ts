import type { PtmallocCore } from './ptmallocCore';
import { CHUNK_HDR_SZ, MALLOC_ALIGNMENT } from './params';

/**
 * Heap metadata as a view reads it: trusting none of it. A program that wrote through a dangling
 * pointer or past a block (and went on, with --keep-going, as the unchecked build would) may have
 * left any size field or list link holding anything; glibc only finds out when it next uses that
 * word, and the views must be able to draw the heap before then. So every load may fail (the
 * address is unmapped: undefined, never a thrown fault), and a chunk address is only followed
 * when it lies inside a heap segment the allocator got from the kernel.
 */
export class MetadataReader {
  constructor(private readonly c: PtmallocCore) {}

  /** The 8-byte word at addr (the arena's words included), or undefined when it cannot be read. */
  word(addr: number): number | undefined {
    if (!Number.isSafeInteger(addr) || addr < 0) return undefined;
    try {
      return this.c.ld(addr);
    } catch {
      // A load a view makes can only fail because the address is not mapped (QuietMemory throws
      // MemoryFault, test hosts their own fault): for a view that is simply "unreadable".
      return undefined;
    }
  }

  /**
   * A chunk's size field as glibc sees it: the size (exact below 2^53; a larger value is no size
   * anyway) and the flag bits, read from the low half so that they stay exact whatever the rest
   * holds, and the word itself in hex for messages. Undefined when it cannot be read.
   */
  sizeField(p: number): { size: number; flags: number; text: string } | undefined {
    const raw = this.word(p + 8);
    if (raw === undefined) return undefined;
    if (raw < 2 ** 53 || this.c.isArenaAddress(p + 8)) return { size: raw - (raw % 8), flags: raw % 8, text: '0x' + raw.toString(16) };
    try {
      const exact = this.c.mem.read64n(p + 8);
      return { size: raw - (raw % 8), flags: Number(exact & 7n), text: '0x' + exact.toString(16) };
    } catch {
      return undefined;
    }
  }

  /** The 2-byte word at addr (tcache counts), or undefined when it cannot be read. */
  half(addr: number): number | undefined {
    try {
      return this.c.mem.read16(addr);
    } catch {
      return undefined;
    }
  }

  /** Whether p can be a chunk of the heap: aligned, with `bytes` of it inside one heap segment. */
  isHeapChunk(p: number, bytes = CHUNK_HDR_SZ * 2): boolean {
    if (!Number.isSafeInteger(p) || p % MALLOC_ALIGNMENT !== 0) return false;
    return this.c.segments.some((s) => p >= s.start && p + bytes <= s.end);
  }
}
