import type { MemoryAccess } from '../memory/memoryAccess';
import { QuietMemory } from '../memory/quietMemory';

/**
 * What a C-library allocator may use of the simulated process: its memory, and the two kernel
 * calls through which glibc gets memory (the program break and anonymous mappings). The kernel
 * implementation lives in src/engine/kernel; tests may provide a simple one.
 */
export interface HeapHost {
  readonly memory: MemoryAccess;
  /**
   * Optional: the same memory read without any effect on the simulation (no TLB counts, faults
   * or accessed bits), for the allocator's introspection (chunks, bins, stats), so that looking
   * at the heap cannot change the run. Without it, introspection reads through `memory`.
   */
  readonly viewMemory?: MemoryAccess;
  /** sbrk(increment): moves the program break and returns the old break, or null on ENOMEM. */
  sbrk(increment: number): number | null;
  /** mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS): address or null on ENOMEM. */
  mmap(length: number): number | null;
  /** munmap(addr, length). */
  munmap(addr: number, length: number): void;
  /**
   * Optional mremap(addr, oldLength, newLength, MREMAP_MAYMOVE): new address or null on failure.
   * glibc's realloc of an mmapped chunk uses it (growing in place when the pages after the mapping
   * are free, moving otherwise); without it the allocator falls back to malloc, copy and free.
   */
  mremap?(addr: number, oldLength: number, newLength: number): number | null;
  /**
   * Optional madvise(addr, length, MADV_DONTNEED) on private anonymous memory: the pages are dropped
   * (RSS falls) and read as zeros afterwards. malloc_trim uses it; without it the allocator writes
   * zeros, which has the same contents but touches the pages.
   */
  madviseDontneed?(addr: number, length: number): void;
  /** glibc's malloc_printerr: prints the message and raises SIGABRT; never returns. */
  abort(message: string): never;
}

/**
 * Runs an introspection (a view's walk over chunks and bins) with `target.mem` set to the host's
 * quiet memory, so that it leaves no trace (TLB counts, accessed bits) in the simulation.
 */
export function viewQuietly<T>(target: { mem: MemoryAccess }, host: HeapHost, walk: () => T): T {
  const memory = target.mem;
  const quiet = host.viewMemory;
  target.mem = quiet ?? memory;
  try {
    // Nothing writes memory during a walk: the quiet memory may remember the last page it found.
    return quiet instanceof QuietMemory ? quiet.walking(walk) : walk();
  } finally {
    target.mem = memory;
  }
}
