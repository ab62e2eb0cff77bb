import type { MemoryAccess } from '../../../engine/memory/memoryAccess';

/**
 * Reading C strings out of simulated memory one byte at a time, the way the C library walks them:
 * the loop stops at the terminating NUL, so a string that runs into an unmapped page faults at the
 * first byte of that page and never earlier.
 */

/** strnlen(s, max): the length of the string at `addr`, reading at most `max` bytes. */
export function strnlenAt(memory: MemoryAccess, addr: number, max = Infinity): number {
  let n = 0;
  while (n < max && memory.read8(addr + n) !== 0) n++;
  return n;
}

/** The bytes of the string at `addr` (without the NUL), at most `max` of them. */
export function readCString(memory: MemoryAccess, addr: number, max = Infinity): Uint8Array {
  const out: number[] = [];
  for (let n = 0; n < max; n++) {
    const b = memory.read8(addr + n);
    if (b === 0) break;
    out.push(b);
  }
  return Uint8Array.from(out);
}

/** Writes `bytes` starting at `addr`, in order, one byte at a time (faults land on the first bad byte). */
export function writeBytesInOrder(memory: MemoryAccess, addr: number, bytes: Uint8Array, count = bytes.length): void {
  if (memory.writeRange !== undefined) memory.writeRange(addr, count === bytes.length ? bytes : bytes.subarray(0, count));
  else for (let i = 0; i < count; i++) memory.write8(addr + i, bytes[i]);
}
