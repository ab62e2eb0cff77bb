import type { MemoryAccess } from '../../../engine/memory/memoryAccess';
import { writeBytesInOrder } from './cString';
import type { PrintfResult } from './formatPrintf';

/**
 * Delivering printf output into a caller's buffer (C11 7.21.6.5-6, glibc's _IO_str_* streams):
 * - sprintf writes every byte and a terminating NUL and returns the count (no bound: a too small
 *   buffer overflows, byte by byte, so the first byte past the object is the one that faults);
 * - snprintf(buf, size, …) writes at most size-1 bytes and a NUL (nothing at all when size is 0,
 *   and buf may then be NULL) and returns the length the full output would have had;
 * - a failed conversion (result -1) still leaves the bytes produced before it, NUL-terminated.
 * %n stores happen while formatting, before these copies; a %n target inside the destination
 * buffer is therefore overwritten by the copy, whereas glibc interleaves the two.
 */
export function storeSprintf(memory: MemoryAccess, dest: number, printed: PrintfResult): number {
  writeBytesInOrder(memory, dest, printed.output);
  memory.write8(dest + printed.output.length, 0);
  return printed.result;
}

export function storeSnprintf(memory: MemoryAccess, dest: number, size: number, printed: PrintfResult): number {
  if (size > 0) {
    const n = Math.min(printed.output.length, size - 1);
    writeBytesInOrder(memory, dest, printed.output, n);
    memory.write8(dest + n, 0);
  }
  return printed.result;
}
