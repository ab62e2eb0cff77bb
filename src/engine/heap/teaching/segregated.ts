import type { HeapHost } from '../heapHost';
import { SizeClassPages, type SizeClassDesign } from './sizeClassPages';

/**
 * mimalloc's idea (Leijen, Zorn and de Moura, 2019): segregated size classes about 12.5% apart,
 * each served from 64 KiB pages of its own with a free list per page ("free list sharding"), no
 * header on any block, blocks carved from a page only as they are needed, and a page handed back
 * as soon as it is empty. Requests above 8 KiB get a run of whole pages (one block, like mimalloc's
 * large objects); 128 KiB and more a mapping of their own.
 */
export const SEGREGATED_DESIGN: SizeClassDesign = {
  name: 'segregated',
  pageBytes: 64 * 1024,
  classes: [
    16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512,
    640, 768, 896, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096, 5120, 6144, 7168, 8192,
  ],
  carveAll: false,
  keepEmpty: 0,
  growthMin: 64 * 1024,
  binKind: 'size-class',
  pageWord: 'page',
};

export function segregatedAllocator(host: HeapHost): SizeClassPages {
  return new SizeClassPages(host, SEGREGATED_DESIGN);
}
