/** Page protections of a mapping (PROT_READ / PROT_WRITE / PROT_EXEC). */
export interface Protection {
  readonly read: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}

export const PROT_NONE: Protection = { read: false, write: false, exec: false };
export const PROT_R: Protection = { read: true, write: false, exec: false };
export const PROT_RW: Protection = { read: true, write: true, exec: false };
export const PROT_RX: Protection = { read: true, write: false, exec: true };

/**
 * What a mapping is for, so views can colour and explain it. `/proc/self/maps` only shows the
 * path or a bracketed name; the role is what a teacher would say about it.
 */
export type VmaRole =
  | 'elf-headers'
  | 'text'
  | 'rodata'
  | 'relro'
  | 'data'
  | 'bss'
  | 'heap'
  | 'mmap-anon'
  | 'mmap-file'
  | 'library'
  | 'vvar'
  | 'vdso'
  | 'stack';

/** Where the bytes of a file-backed mapping come from. */
export interface FileBacking {
  readonly path: string;
  /** Offset in the file of the mapping's first byte. */
  readonly offset: number;
  /** Device and inode, as /proc/self/maps prints them. */
  readonly device: string;
  readonly inode: number;
}

/** A virtual memory area: a page-aligned range [start, end) with one protection and one backing. */
export interface Vma {
  readonly start: number;
  readonly end: number;
  readonly prot: Protection;
  /** MAP_SHARED (writes reach the file / other processes) rather than MAP_PRIVATE. */
  readonly shared: boolean;
  readonly role: VmaRole;
  /** The name /proc/self/maps shows for anonymous special areas: [heap], [stack], [vdso], [vvar]. */
  readonly label?: string;
  readonly file?: FileBacking;
}

export function vmaSize(vma: Vma): number {
  return vma.end - vma.start;
}

/** "r-xp" as in /proc/self/maps. */
export function permString(prot: Protection, shared: boolean): string {
  return (prot.read ? 'r' : '-') + (prot.write ? 'w' : '-') + (prot.exec ? 'x' : '-') + (shared ? 's' : 'p');
}

export function sameProtection(a: Protection, b: Protection): boolean {
  return a.read === b.read && a.write === b.write && a.exec === b.exec;
}
