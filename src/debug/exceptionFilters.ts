import type { DebugProtocol } from '@vscode/debugprotocol';

/**
 * The exception breakpoints the Breakpoints view offers: one per kind of memory error (as the
 * command line reports them), stopping just before the statement that causes it.
 */
/** The filter that stops where a garbage collection starts (no fault kind: the session's gc stops). */
export const GC_FILTER = 'gc';

const FILTERS: readonly { readonly id: string; readonly label: string; readonly description: string; readonly kinds: readonly string[]; readonly default: boolean }[] = [
  { id: 'use-after-free', label: 'Use after free', description: 'a read or write through a pointer to a freed block', kinds: ['use-after-free'], default: true },
  { id: 'double-free', label: 'Double or invalid free', description: 'free() of a block already freed, or of a pointer malloc never returned', kinds: ['double-free', 'invalid-free'], default: true },
  { id: 'overflow', label: 'Buffer overflow', description: 'an access past the end (or before the start) of a heap block, stack array or global', kinds: ['heap-buffer-overflow', 'stack-buffer-overflow', 'global-buffer-overflow'], default: true },
  { id: 'uninitialized-read', label: 'Uninitialized read', description: 'a branch, an address or a library call that depends on bytes never written', kinds: ['uninitialized-read'], default: true },
  { id: 'bad-pointer', label: 'NULL and wild pointers', description: 'a dereference of NULL or of an unmapped address (SIGSEGV), a stack overflow', kinds: ['null-dereference', 'segfault', 'stack-overflow'], default: true },
  { id: 'stack-use-after-return', label: 'Stack use after return', description: "an access to a local of a function that has returned", kinds: ['stack-use-after-return'], default: true },
  { id: 'abort', label: 'abort() and failed assertions', description: "glibc's abort checks, assert, abort(), SIGFPE", kinds: ['abort', 'arithmetic'], default: true },
  { id: 'out-of-memory', label: 'Out of memory', description: 'malloc returning NULL: the heap would commit more than the simulated RAM + swap', kinds: ['out-of-memory'], default: false },
  { id: GC_FILTER, label: 'Garbage collection (JavaScript)', description: 'where a scavenge, a mark-sweep or a cycle collection starts: Step Into then does its work one unit at a time', kinds: [], default: false },
  { id: 'leak', label: 'Leak at exit', description: 'after the program ends: go back to just before each statement that lost the last pointer to a block', kinds: ['leak'], default: false },
];

export function exceptionBreakpointFilters(): DebugProtocol.ExceptionBreakpointsFilter[] {
  return FILTERS.map((f) => ({ filter: f.id, label: f.label, description: f.description, default: f.default }));
}

/** The fault kinds the session stops at for the filters the user turned on. */
export function faultKindsOf(filters: readonly string[]): string[] {
  return FILTERS.filter((f) => filters.includes(f.id)).flatMap((f) => f.kinds);
}

/** The filter a fault kind belongs to (for exceptionInfo's id). */
export function filterOf(kind: string): string {
  return FILTERS.find((f) => f.kinds.includes(kind))?.id ?? kind;
}
