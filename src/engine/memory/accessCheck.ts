import { PAGE_SIZE, USER_SPACE_END, pageDown } from '../addressSpace/layout';
import type { AddressSpace } from '../addressSpace/addressSpace';
import type { Protection, Vma } from '../addressSpace/vma';
import type { AccessKind, FaultReason } from './memoryFault';

/** vm.mmap_min_addr: the kernel refuses to map anything below 64 KiB, so NULL + small stays invalid. */
export const MMAP_MIN_ADDR = 0x10000;

/**
 * Linux's stack_guard_gap (256 pages): the stack never grows to within this of another mapping,
 * and the mmap area starts far below the stack limit, so an unmapped access this close below the
 * limit is the stack running past it, however large the frame that jumped there.
 */
export const STACK_GUARD_GAP = 256 * PAGE_SIZE;

/** Where the main thread's stack may grow (from the process image). */
export interface StackGrowthLimits {
  /** Lowest address the stack may reach: STACK_TOP - RLIMIT_STACK. */
  readonly limitAddress: number;
  /** The page right below the limit. */
  readonly guardStart: number;
}

export type AccessVerdict =
  | { readonly kind: 'mapped'; readonly vma: Vma }
  | { readonly kind: 'grow-stack'; readonly stack: Vma; readonly newStart: number }
  | { readonly kind: 'invalid'; readonly reason: FaultReason };

/**
 * The first half of the page-fault handler (do_user_addr_fault): find the VMA, grow the stack if
 * the address is below it but within RLIMIT_STACK (expand_stack), and check the VMA's
 * protection against the access. x86 cannot express write-only or exec-only pages, so PROT_WRITE
 * and PROT_EXEC imply read.
 */
export function checkAccess(
  space: AddressSpace, stack: StackGrowthLimits | undefined, address: number, access: AccessKind,
): AccessVerdict {
  if (!(address >= 0 && address < USER_SPACE_END)) return { kind: 'invalid', reason: 'kernel-address' };
  const vma = space.find(address);
  if (!vma) {
    if (address < MMAP_MIN_ADDR) return { kind: 'invalid', reason: 'null-page' };
    if (stack) {
      if (address >= stack.limitAddress - STACK_GUARD_GAP && address < stack.limitAddress) return { kind: 'invalid', reason: 'guard-page' };
      const stackVma = stackArea(space);
      // expand_stack refuses to grow into another mapping (one placed there with MAP_FIXED).
      if (stackVma && address >= stack.limitAddress && address < stackVma.start && !space.overlaps(pageDown(address), stackVma.start)) {
        return { kind: 'grow-stack', stack: stackVma, newStart: pageDown(address) };
      }
    }
    return { kind: 'invalid', reason: 'unmapped' };
  }
  const denied = deniedReason(vma.prot, access);
  return denied ? { kind: 'invalid', reason: denied } : { kind: 'mapped', vma };
}

export function deniedReason(prot: Protection, access: AccessKind): FaultReason | undefined {
  const readable = prot.read || prot.write || prot.exec;
  if (access === 'read') return readable ? undefined : 'protection';
  if (access === 'write') return prot.write ? undefined : readable ? 'write-to-read-only' : 'protection';
  return prot.exec ? undefined : 'protection';
}

export function stackArea(space: AddressSpace): Vma | undefined {
  const areas = space.list();
  for (let i = areas.length - 1; i >= 0; i--) if (areas[i].role === 'stack') return areas[i];
  return undefined;
}
