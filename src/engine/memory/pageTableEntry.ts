/**
 * Layout of an x86-64 page-table entry, as the simulation stores it: a plain number
 * `frame * 4096 + flags`. Frame numbers stay far below 2^40, so the value is an exact double and
 * the low 12 bits can be tested with `&` (ToInt32 keeps them); they are set and cleared with
 * + and - so the upper bits are never truncated.
 *
 * Bits 0-6 are the hardware's. NX is bit 63 on real hardware, out of reach of a double's exact
 * range, so it is kept in bit 11 (one of the three bits the CPU ignores) and shown at bit 63 by
 * `hardwareEntryHex`. The other ignored bits hold the kernel's own markers, as Linux does:
 * bit 8 (GLOBAL, never set on user pages) marks a PROT_NONE page whose frame is kept
 * (_PAGE_PROTNONE), bit 9 says a non-present entry holds a swap slot, bit 10 that a file page
 * was dropped under memory pressure (so touching it again is a major fault).
 */
export const PTE_PRESENT = 0x1;
export const PTE_WRITABLE = 0x2;
export const PTE_USER = 0x4;
export const PTE_ACCESSED = 0x20;
export const PTE_DIRTY = 0x40;
export const PTE_PROTNONE = 0x100;
export const PTE_SWAPPED = 0x200;
export const PTE_FILE_DROPPED = 0x400;
export const PTE_NX = 0x800;

export const ENTRY_FLAGS_MASK = 0xfff;
/** What Linux puts in a PML4/PDPT/PD entry that points to a user table (_PAGE_TABLE). */
export const TABLE_ENTRY_FLAGS = PTE_PRESENT | PTE_WRITABLE | PTE_USER | PTE_ACCESSED | PTE_DIRTY;

export function entryFlags(entry: number): number {
  return entry & ENTRY_FLAGS_MASK;
}

/** Frame number (present or PROT_NONE entry) or swap slot (swapped entry). */
export function entryNumber(entry: number): number {
  return (entry - (entry & ENTRY_FLAGS_MASK)) / 4096;
}

export function makeEntry(number: number, flags: number): number {
  return number * 4096 + flags;
}

export function setFlag(entry: number, flag: number): number {
  return (entry & flag) === 0 ? entry + flag : entry;
}

export function clearFlag(entry: number, flag: number): number {
  return (entry & flag) !== 0 ? entry - flag : entry;
}

/** Does the entry hold a frame (mapped, possibly PROT_NONE)? */
export function holdsFrame(entry: number): boolean {
  return (entry & (PTE_PRESENT | PTE_PROTNONE)) !== 0;
}

export function isSwapEntry(entry: number): boolean {
  return (entry & PTE_PRESENT) === 0 && (entry & PTE_SWAPPED) !== 0;
}

/** The decoded bits, for views. */
export interface EntryBits {
  readonly present: boolean;
  readonly writable: boolean;
  readonly user: boolean;
  readonly accessed: boolean;
  readonly dirty: boolean;
  readonly noExecute: boolean;
  readonly protNone: boolean;
  readonly swapped: boolean;
  /** Frame number when present (or PROT_NONE), swap slot when swapped, else 0. */
  readonly number: number;
}

export function decodeEntry(entry: number): EntryBits {
  return {
    present: (entry & PTE_PRESENT) !== 0,
    writable: (entry & PTE_WRITABLE) !== 0,
    user: (entry & PTE_USER) !== 0,
    accessed: (entry & PTE_ACCESSED) !== 0,
    dirty: (entry & PTE_DIRTY) !== 0,
    noExecute: (entry & PTE_NX) !== 0,
    protNone: (entry & PTE_PROTNONE) !== 0,
    swapped: isSwapEntry(entry),
    number: entryNumber(entry),
  };
}

/** The entry as the 64-bit value the hardware would see (NX moved to bit 63). */
export function hardwareEntryHex(entry: number): string {
  const nx = (entry & PTE_NX) !== 0;
  const value = (BigInt(entry - (entry & PTE_NX)) | (nx ? 1n << 63n : 0n));
  return '0x' + value.toString(16).padStart(16, '0');
}
