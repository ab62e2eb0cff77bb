import type { HeapEvent } from '../heap/allocator';
import type { ByteBitmap } from './byteBitmap';

/**
 * The heap in the poison map, fed by the allocator's events: memory the heap gets from the
 * kernel (program break growth, mmapped chunks) starts poisoned, and only [ptr, ptr + requested)
 * of each live block is the program's to touch. So chunk headers, the slack between the requested
 * size and the usable size, free chunks, the top chunk and the tcache are all poisoned, without
 * a byte of the heap itself changing: the addresses malloc returns stay glibc's.
 *
 * `sizeOf(ptr)` is the requested size of the live block at ptr, asked before the block registry
 * forgets it (this listener runs first).
 */
export function poisonHeap(poison: ByteBitmap, e: HeapEvent, sizeOf: (ptr: number) => number | undefined): void {
  switch (e.kind) {
    case 'sbrk':
      if (e.newBreak > e.oldBreak) poison.setRange(e.oldBreak, e.newBreak - e.oldBreak, true);
      return;
    case 'mmap':
      poison.setRange(e.addr, e.length, true);
      return;
    case 'mremap':
      poison.setRange(e.addr, e.length, true);
      return;
    case 'malloc':
      if (e.ptr !== 0) poison.setRange(e.ptr, e.requested, false);
      return;
    case 'free':
      poison.setRange(e.ptr, sizeOf(e.ptr) ?? 0, true);
      return;
    case 'realloc': {
      // In place or moved, the old bytes go first; glibc has already copied what it keeps.
      if (e.oldPtr !== 0) poison.setRange(e.oldPtr, sizeOf(e.oldPtr) ?? 0, true);
      if (e.ptr !== 0) poison.setRange(e.ptr, e.requested, false);
      return;
    }
    default:
      return;
  }
}
