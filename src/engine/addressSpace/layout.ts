/**
 * Fixed numbers of the simulated Linux x86-64 process. Addresses are those of a PIE binary run
 * with ASLR disabled (as under gdb or `setarch -R`), so every run of a snippet is reproducible;
 * the figures were read off Debian 12 (kernel 6.x, glibc 2.36).
 */
export const PAGE_SIZE = 0x1000;
export const PAGE_SHIFT = 12;

/** Load address of a position-independent executable when ASLR is off. */
export const PIE_BASE = 0x5555_5555_4000;
/** One past the last user-space address: the lower canonical half of the 48-bit space ends here. */
export const USER_SPACE_END = 0x8000_0000_0000;
/** The kernel's half of the address space starts at this (non-canonical gap in between). */
export const KERNEL_SPACE_START_HEX = '0xffff800000000000';
/** Top of the main thread's stack (the last page below it is left unmapped by the kernel). */
export const STACK_TOP = 0x7fff_ffff_f000;
/** The kernel maps 132 KiB of stack at exec; it grows on demand down to the rlimit. */
export const INITIAL_STACK_SIZE = 0x21000;
/** RLIMIT_STACK default (ulimit -s 8192). */
export const DEFAULT_STACK_LIMIT = 8 * 1024 * 1024;
/** mmap_base: where top-down mmap placement starts (below the stack gap), ASLR off. */
export const MMAP_BASE = 0x7fff_f7ff_f000;

export function pageDown(addr: number): number {
  return addr - (addr % PAGE_SIZE);
}

export function pageUp(addr: number): number {
  const rem = addr % PAGE_SIZE;
  return rem === 0 ? addr : addr + (PAGE_SIZE - rem);
}

export function alignUp(value: number, align: number): number {
  const rem = value % align;
  return rem === 0 ? value : value + (align - rem);
}

export function alignDown(value: number, align: number): number {
  return value - (value % align);
}

export function hex(value: number, width = 0): string {
  return '0x' + value.toString(16).padStart(width, '0');
}
