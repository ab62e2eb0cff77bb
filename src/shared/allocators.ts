/**
 * The C allocators a run can use, by the names the CLI, settings, launch options and snippet
 * annotations take. glibc is the default; the others are the teaching allocators of
 * src/engine/heap/teaching (their layouts are in that folder's README).
 */
export const ALLOCATOR_NAMES = ['glibc', 'bump', 'first-fit', 'best-fit', 'segregated', 'slab', 'buddy'] as const;

export type AllocatorName = (typeof ALLOCATOR_NAMES)[number];

export const DEFAULT_ALLOCATOR: AllocatorName = 'glibc';

/** One line each, for help texts, pickers and the settings UI. */
export const ALLOCATOR_SUMMARIES: Readonly<Record<AllocatorName, string>> = {
  glibc: "glibc 2.36's ptmalloc: tcache, fastbins, unsorted, small and large bins, the top chunk",
  bump: 'a bump arena: allocation moves a pointer; freed blocks stay dead until the topmost or all are freed',
  'first-fit': 'one address-ordered free list with boundary tags, taking the first block that fits, split and coalesced',
  'best-fit': 'the same free list, taking the smallest block that fits',
  segregated: 'mimalloc-style size classes: 64 KiB pages of one block size, a free list per page, no block headers',
  slab: 'slab caches: kmalloc-style fixed sizes (16 to 512 bytes) in 4 KiB slabs',
  buddy: 'a binary buddy allocator: power-of-two blocks, split in halves and merged with their buddies',
};

export function isAllocatorName(value: unknown): value is AllocatorName {
  return typeof value === 'string' && (ALLOCATOR_NAMES as readonly string[]).includes(value);
}

/** The problem with an allocator name a user typed, or undefined when it is one. */
export function allocatorNameProblem(value: string): string | undefined {
  if (isAllocatorName(value)) return undefined;
  return `unknown allocator '${value}' (one of: ${ALLOCATOR_NAMES.join(', ')})`;
}

/** A comma-separated list of allocator names ("glibc,first-fit,buddy"): the names, or what is wrong. */
export function parseAllocatorList(text: string): { readonly names: AllocatorName[] } | { readonly problem: string } {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const problems = parts.map(allocatorNameProblem).filter((p): p is string => p !== undefined);
  if (problems.length > 0) return { problem: problems.join('; ') };
  const names = [...new Set(parts)] as AllocatorName[];
  if (names.length < 2) return { problem: `compare needs at least two different allocators, got '${text}'` };
  return { names };
}
