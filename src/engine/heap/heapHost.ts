import type { MemoryAccess } from '../memory/memoryAccess';

/**
 * What a C-library allocator may use of the simulated process: its memory, and the two kernel
 * calls through which glibc gets memory (the program break and anonymous mappings). The kernel
 * implementation lives in src/engine/kernel; tests may provide a simple one.
 */
export interface HeapHost {
  readonly memory: MemoryAccess;
  /** sbrk(increment): moves the program break and returns the old break, or null on ENOMEM. */
  sbrk(increment: number): number | null;
  /** mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS): address or null on ENOMEM. */
  mmap(length: number): number | null;
  /** munmap(addr, length). */
  munmap(addr: number, length: number): void;
  /** glibc's malloc_printerr: prints the message and raises SIGABRT; never returns. */
  abort(message: string): never;
}
