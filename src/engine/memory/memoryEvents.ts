import type { MemoryFault } from './memoryFault';

/**
 * What the memory system reports as it works, for views that animate faults and evictions.
 * Only slow paths emit events: a load that hits the TLB never does.
 */
export type MemoryEvent =
  | { readonly kind: 'minor-fault'; readonly address: number; readonly frame: number; readonly cause: MinorFaultCause }
  | { readonly kind: 'major-fault'; readonly address: number; readonly frame: number; readonly from: 'swap' | 'file' }
  | { readonly kind: 'invalid-fault'; readonly fault: MemoryFault }
  | { readonly kind: 'eviction'; readonly vpn: number; readonly frame: number; readonly outcome: EvictionOutcome }
  | { readonly kind: 'stack-grown'; readonly newStart: number };

/**
 * - zero-fill: first touch of anonymous memory (a fresh zeroed frame);
 * - file-read: first touch of a file page found in the page cache;
 * - copy-on-write: first store to a private file page (.data, a MAP_PRIVATE file): it becomes
 *   the process's own anonymous copy.
 */
export type MinorFaultCause = 'zero-fill' | 'file-read' | 'copy-on-write';

/**
 * - swapped-out: a dirty anonymous page written to swap;
 * - dropped-swap-cached: a clean anonymous page whose copy in swap is still current;
 * - dropped-zero: an anonymous page never written (all zeros: refilled on the next touch);
 * - dropped-clean: a clean file page (read again from the file when touched);
 * - written-back: a dirty shared file page written to its file, then dropped.
 */
export type EvictionOutcome = 'swapped-out' | 'dropped-swap-cached' | 'dropped-zero' | 'dropped-clean' | 'written-back';

export type MemoryListener = (event: MemoryEvent) => void;
