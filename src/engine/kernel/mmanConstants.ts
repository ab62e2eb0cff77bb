import type { Protection } from '../addressSpace/vma';

/** <sys/mman.h> values on x86-64 Linux, so C code's flags can be passed through unchanged. */
export const PROT_NONE = 0x0;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;

export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_NORESERVE = 0x4000;
export const MAP_POPULATE = 0x8000;
export const MAP_FIXED_NOREPLACE = 0x100000;

export const MS_ASYNC = 1;
export const MS_INVALIDATE = 2;
export const MS_SYNC = 4;

export const MADV_DONTNEED = 4;
/**
 * madvise advice that only informs the kernel's choices (readahead, huge pages, what fork and a
 * core dump copy, lazy freeing under memory pressure): MADV_NORMAL, RANDOM, SEQUENTIAL, WILLNEED,
 * FREE, DONTFORK, DOFORK, MERGEABLE, UNMERGEABLE, HUGEPAGE, NOHUGEPAGE, DONTDUMP, DODUMP,
 * WIPEONFORK, KEEPONFORK, COLD. None changes what one simulated process sees (MADV_FREE's pages
 * stay until memory pressure, when Linux would discard them rather than swap them; the
 * simulation swaps them).
 */
export const MADVISE_HINTS: ReadonlySet<number> = new Set([0, 1, 2, 3, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);

export function protectionFromBits(prot: number): Protection {
  return { read: (prot & PROT_READ) !== 0, write: (prot & PROT_WRITE) !== 0, exec: (prot & PROT_EXEC) !== 0 };
}
