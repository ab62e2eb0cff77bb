import type { AddressSpace } from '../addressSpace/addressSpace';
import { PAGE_SIZE, pageUp } from '../addressSpace/layout';
import { PROT_RW, type Vma } from '../addressSpace/vma';
import type { Paging } from '../memory/paging';

/**
 * The program break (mm->start_brk, mm->brk) and the brk system call, as mm/mmap.c implements it:
 * the break may be any byte address, the [heap] VMA covers it rounded up to a page; the VMA
 * appears on the first growth and disappears when the break returns to its start.
 */
export class ProgramBreak {
  private current: number;

  constructor(
    private readonly space: AddressSpace,
    private readonly paging: Paging,
    /** mm->start_brk: the page after .bss (ASLR off: no random offset). */
    readonly start: number,
  ) {
    this.current = start;
  }

  get value(): number {
    return this.current;
  }

  /**
   * brk(addr): returns the new break, or the unchanged one when the request is refused (below
   * the start, or colliding with the next mapping); that is the raw system call's contract.
   */
  brk(requested: number): number {
    if (requested < this.start) return this.current;
    const newEnd = pageUp(requested);
    const oldEnd = pageUp(this.current);
    if (newEnd === oldEnd) {
      this.current = requested;
      return this.current;
    }
    if (newEnd < oldEnd) {
      // Shrinking unmaps the pages above the new break; their frames go back to the free pool.
      this.paging.releaseRange(newEnd, oldEnd);
      this.space.unmap(newEnd, oldEnd);
      this.current = requested;
      return this.current;
    }
    // Growth must leave a page free below the next mapping (mm/mmap.c: "Check against
    // existing mmap mappings").
    const next = this.space.list().find((vma) => vma.start >= oldEnd);
    if (next && newEnd + PAGE_SIZE > next.start) return this.current;
    const heap = this.heapArea();
    if (heap && heap.end === oldEnd) this.space.resize(heap, heap.start, newEnd);
    else this.space.map({ start: oldEnd, end: newEnd, prot: PROT_RW, shared: false, role: 'heap', label: '[heap]' });
    this.current = requested;
    return this.current;
  }

  /** glibc's sbrk: the old break, or null (errno ENOMEM) when brk refused to move. */
  sbrk(increment: number): number | null {
    const old = this.current;
    if (increment === 0) return old;
    const wanted = old + increment;
    return this.brk(wanted) === wanted ? old : null;
  }

  heapArea(): Vma | undefined {
    return this.space.list().find((vma) => vma.role === 'heap');
  }
}
