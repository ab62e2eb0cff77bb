import type { Vma } from '../addressSpace/vma';

/** What the kernel reports as the program changes its address space, for views to animate. */
export type KernelEvent =
  | { readonly kind: 'brk'; readonly oldBreak: number; readonly newBreak: number }
  | { readonly kind: 'mmap'; readonly start: number; readonly end: number; readonly area: Vma }
  | { readonly kind: 'munmap'; readonly start: number; readonly end: number }
  | { readonly kind: 'mprotect'; readonly start: number; readonly end: number; readonly prot: number }
  | { readonly kind: 'terminated'; readonly signal?: string; readonly status?: number };

export type KernelListener = (event: KernelEvent) => void;
