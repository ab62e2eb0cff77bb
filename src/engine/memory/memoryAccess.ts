/**
 * Loads and stores on simulated virtual memory, as the CPU sees them: every access goes through
 * the MMU (page table, TLB, demand paging), so touching memory has the same consequences here as
 * on Linux (minor faults, RSS growth, SIGSEGV on unmapped or protected pages).
 *
 * Addresses are plain numbers: user space is 48 bits wide, well inside the 2^53 that a double
 * holds exactly, and numbers keep the hot paths free of BigInt. 64-bit loads come in two forms:
 * `read64` returns a number (exact for pointers, sizes and anything below 2^53; the allocator
 * and pointer chasing use it), `read64n` a BigInt for full 64-bit integer values.
 *
 * All multi-byte accesses are little-endian (x86-64). A failed access throws `MemoryFault`
 * (declared with the MMU); callers that model a CPU turn it into SIGSEGV.
 */
export interface MemoryAccess {
  read8(addr: number): number;
  read16(addr: number): number;
  read32(addr: number): number;
  read64(addr: number): number;
  read64n(addr: number): bigint;
  readF32(addr: number): number;
  readF64(addr: number): number;
  write8(addr: number, value: number): void;
  write16(addr: number, value: number): void;
  write32(addr: number, value: number): void;
  write64(addr: number, value: number): void;
  write64n(addr: number, value: bigint): void;
  writeF32(addr: number, value: number): void;
  writeF64(addr: number, value: number): void;
  readBytes(addr: number, length: number): Uint8Array;
  writeBytes(addr: number, bytes: Uint8Array): void;
  fill(addr: number, length: number, byte: number): void;
  /**
   * Range operations with the effects of the same bytes loaded or stored one by one, in order
   * (a fault or a checker's report lands on the first bad byte), done a page at a time where
   * nothing is in the way. Optional: the library falls back to byte loops without them.
   */
  writeRange?(addr: number, bytes: Uint8Array): void;
  /** Copies n bytes as one range when nothing is in the way (then true); false: copy them byte by byte. */
  copyRange?(dst: number, src: number, n: number): boolean;
}
