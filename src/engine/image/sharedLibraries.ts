import type { FileBacking, Protection, VmaRole } from '../addressSpace/vma';
import { PROT_R, PROT_RW, PROT_RX } from '../addressSpace/vma';

/**
 * The areas the dynamic loader and the kernel map before `main` runs, exactly as a gcc-built PIE
 * shows them on Debian 12 (glibc 2.36) with ASLR off: ld.so right below mmap_base, vvar and vdso
 * under it, libc further down with its zero-filled .bss and the thread control block area.
 * Read off `setarch -R` + /proc/self/maps; the layout is what the loader produced, not a formula.
 */
export interface PresetArea {
  readonly start: number;
  readonly end: number;
  readonly prot: Protection;
  readonly role: VmaRole;
  readonly label?: string;
  readonly file?: FileBacking;
  /** What a teacher would say this area is. */
  readonly description: string;
}

const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const LD = '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2';
const libc = (offset: number): FileBacking => ({ path: LIBC, offset, device: 'fe:00', inode: 339380 });
const ld = (offset: number): FileBacking => ({ path: LD, offset, device: 'fe:00', inode: 338944 });

export const PRESET_AREAS: readonly PresetArea[] = [
  { start: 0x7ffff7dd2000, end: 0x7ffff7dd5000, prot: PROT_RW, role: 'mmap-anon', description: 'thread control block and static TLS of the main thread' },
  { start: 0x7ffff7dd5000, end: 0x7ffff7dfb000, prot: PROT_R, role: 'library', file: libc(0), description: 'libc: ELF headers and read-only data before its code' },
  { start: 0x7ffff7dfb000, end: 0x7ffff7f51000, prot: PROT_RX, role: 'library', file: libc(0x26000), description: 'libc: code (printf, malloc, ...)' },
  { start: 0x7ffff7f51000, end: 0x7ffff7fa4000, prot: PROT_R, role: 'library', file: libc(0x17c000), description: 'libc: read-only data' },
  { start: 0x7ffff7fa4000, end: 0x7ffff7fa8000, prot: PROT_R, role: 'library', file: libc(0x1cf000), description: 'libc: relocated then read-only (RELRO)' },
  { start: 0x7ffff7fa8000, end: 0x7ffff7faa000, prot: PROT_RW, role: 'library', file: libc(0x1d3000), description: 'libc: writable data (main_arena, stdout, ...)' },
  { start: 0x7ffff7faa000, end: 0x7ffff7fb7000, prot: PROT_RW, role: 'mmap-anon', description: 'libc: zero-filled .bss' },
  { start: 0x7ffff7fc0000, end: 0x7ffff7fc2000, prot: PROT_RW, role: 'mmap-anon', description: 'loader scratch area' },
  { start: 0x7ffff7fc2000, end: 0x7ffff7fc6000, prot: PROT_R, role: 'vvar', label: '[vvar]', description: 'kernel data the vDSO reads (clock, ...)' },
  { start: 0x7ffff7fc6000, end: 0x7ffff7fc8000, prot: PROT_R, role: 'vvar', label: '[vvar_vclock]', description: 'kernel clock pages for the vDSO' },
  { start: 0x7ffff7fc8000, end: 0x7ffff7fca000, prot: PROT_RX, role: 'vdso', label: '[vdso]', description: 'kernel code mapped into every process (fast gettimeofday)' },
  { start: 0x7ffff7fca000, end: 0x7ffff7fcb000, prot: PROT_R, role: 'library', file: ld(0), description: 'dynamic loader: ELF headers' },
  { start: 0x7ffff7fcb000, end: 0x7ffff7ff1000, prot: PROT_RX, role: 'library', file: ld(0x1000), description: 'dynamic loader: code' },
  { start: 0x7ffff7ff1000, end: 0x7ffff7ffb000, prot: PROT_R, role: 'library', file: ld(0x27000), description: 'dynamic loader: read-only data' },
  { start: 0x7ffff7ffb000, end: 0x7ffff7ffd000, prot: PROT_R, role: 'library', file: ld(0x31000), description: 'dynamic loader: RELRO' },
  { start: 0x7ffff7ffd000, end: 0x7ffff7fff000, prot: PROT_RW, role: 'library', file: ld(0x33000), description: 'dynamic loader: writable data' },
];
