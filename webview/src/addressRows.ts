import type { ImageSnapshot, RegionView, SectionView, StackItemView, SymbolInfo } from '../../src/shared/imageSnapshot';

/**
 * The address space as the rows the panel draws, highest address first (as textbooks draw it):
 * mapped regions, the empty heap at the program break, the room the stack may grow into with its
 * guard page, and the unmapped gaps between them, drawn as gaps (not to scale).
 */
export type AddressRow =
  | { readonly kind: 'region'; readonly region: RegionView; readonly sections: readonly SectionView[]; readonly symbols: readonly SymbolInfo[]; readonly stackItems: readonly StackItemView[] }
  | { readonly kind: 'heap'; readonly start: number; readonly end: number }
  | { readonly kind: 'stack-room'; readonly start: number; readonly end: number }
  | { readonly kind: 'guard'; readonly start: number; readonly end: number }
  | { readonly kind: 'gap'; readonly start: number; readonly end: number; readonly label: string }
  | { readonly kind: 'kernel'; readonly startHex: string }
  /** Between the user and kernel halves: addresses the CPU refuses (bits 48-63 must copy bit 47). */
  | { readonly kind: 'non-canonical'; readonly userEnd: number };

export function addressRows(snapshot: ImageSnapshot): AddressRow[] {
  const rows: AddressRow[] = [];
  const regions = [...snapshot.regions].sort((a, b) => b.start - a.start);
  const { stack, heap } = snapshot;

  rows.push({ kind: 'kernel', startHex: snapshot.kernelStart });
  rows.push({ kind: 'non-canonical', userEnd: snapshot.userSpaceEnd });
  let cursor = snapshot.userSpaceEnd;
  const gapTo = (top: number, label?: string) => {
    if (cursor > top) rows.push({ kind: 'gap', start: top, end: cursor, label: label ?? 'unmapped' });
  };

  for (const region of regions) {
    if (region.role === 'stack') {
      gapTo(region.end, 'unmapped top page');
    } else if (cursor === stack.mappedStart) {
      // Below the mapped stack: the room it may still grow into, then its guard page.
      rows.push({ kind: 'stack-room', start: stack.limit, end: stack.mappedStart });
      rows.push({ kind: 'guard', start: stack.guardPage.start, end: stack.guardPage.end });
      cursor = stack.guardPage.start;
      gapTo(region.end, 'unmapped: free for mmap');
    } else if (region.role === 'data' || region.role === 'bss' || region.role === 'relro') {
      if (cursor > heap.end && !rows.some((r) => r.kind === 'heap')) {
        gapTo(heap.end, 'unmapped: free for mmap (grows down) and the heap (grows up)');
        rows.push({ kind: 'heap', start: heap.start, end: heap.end });
        cursor = heap.start;
      }
      gapTo(region.end);
    } else {
      gapTo(region.end);
    }
    rows.push({
      kind: 'region',
      region,
      sections: snapshot.sections.filter((s) => s.start >= region.start && s.start < region.end),
      symbols: snapshot.symbols.filter((s) => s.address >= region.start && s.address < region.end).sort((a, b) => b.address - a.address),
      stackItems: region.role === 'stack' ? stack.items : [],
    });
    cursor = region.start;
  }
  if (cursor > 0) rows.push({ kind: 'gap', start: 0, end: cursor, label: 'unmapped: NULL page and low addresses (dereferencing NULL faults here)' });
  return rows;
}

export function hex(value: number): string {
  return '0x' + value.toString(16).padStart(12, '0');
}
