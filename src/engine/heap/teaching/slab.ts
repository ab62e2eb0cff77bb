import type { HeapHost } from '../heapHost';
import { SizeClassPages, type SizeClassDesign } from './sizeClassPages';

/**
 * Slab caches (Bonwick, 1994; Linux's kmalloc caches): one cache per fixed object size, 16 to 512
 * bytes as kmalloc's are (kmalloc-96 and kmalloc-192 included), each made of 4 KiB slabs. A new
 * slab is threaded whole into its free list at once, as a cache constructs its objects; every cache
 * keeps one empty slab for the next burst before giving slabs back. Anything bigger than 512 bytes
 * takes whole 4 KiB pages (kmalloc's large path); 128 KiB and more a mapping of its own.
 */
export const SLAB_DESIGN: SizeClassDesign = {
  name: 'slab',
  pageBytes: 4096,
  classes: [16, 32, 64, 96, 128, 192, 256, 512],
  carveAll: true,
  keepEmpty: 1,
  growthMin: 16 * 1024,
  binKind: 'slab',
  pageWord: 'slab',
};

export function slabAllocator(host: HeapHost): SizeClassPages {
  return new SizeClassPages(host, SLAB_DESIGN);
}
