import type { AllocatorName } from '../../shared/allocators';

/** How a program is run: its input and the machine it runs on (the same for every language). */
export interface ProgramOptions {
  /** Text the program reads from stdin. */
  readonly stdin?: string;
  readonly argv?: readonly string[];
  /**
   * The program's stdout is a terminal (a debugger's console shows each line as it is printed)
   * rather than a pipe (fully buffered, as the command line runs it). Default false.
   */
  readonly stdoutIsTerminal?: boolean;
  /**
   * ASan's and Memcheck's checks (use after free, overflows, bad frees, uninitialized reads...).
   * Default on; off runs the program as an unchecked build would.
   */
  readonly memoryChecks?: boolean;
  /**
   * After a memory error, go on as the unchecked program would (glibc then shows the consequence,
   * e.g. a corrupted free list) instead of stopping at the first one. Default false.
   */
  readonly keepGoing?: boolean;
  /** Simulated RAM and swap (default 256 MiB and 512 MiB); malloc fails when the heap would commit more than both. */
  readonly ramBytes?: number;
  readonly swapBytes?: number;
  /** The C library's allocator (a CLI flag, a launch option); it wins over an `@atlas allocator:` annotation in the file. */
  readonly allocator?: AllocatorName;
  /** The allocator when neither `allocator` nor an annotation names one (a user setting); glibc if absent. */
  readonly defaultAllocator?: AllocatorName;
}
