import type { PtmallocCore } from './ptmallocCore';
import { mallocConsolidate } from './mallocConsolidate';
import { systrim } from './sysmalloc';
import { NBINS, PAGE_SIZE, binIndex } from './params';

/** sizeof(struct malloc_chunk): prev_size, size, fd, bk, fd_nextsize, bk_nextsize. */
const MALLOC_CHUNK_STRUCT = 48;

/**
 * mtrim (malloc_trim): consolidate fastbins, then for every free chunk in the unsorted bin and in
 * bins of page size and up, the whole pages inside it are given back with madvise(MADV_DONTNEED)
 * (the chunk stays; its pages read as zero afterwards), then top is trimmed with sbrk.
 * Returns 1 if anything was released.
 */
export function mtrim(c: PtmallocCore, pad: number): number {
  mallocConsolidate(c);
  const psindex = binIndex(PAGE_SIZE);
  const psm1 = PAGE_SIZE - 1;
  let result = 0;
  for (let i = 1; i < NBINS; ++i) {
    if (i !== 1 && i < psindex) continue;
    const bin = c.av.binAt(i);
    for (let p = c.bk(bin); p !== bin; p = c.bk(p)) {
      let size = c.chunksize(p);
      if (size > psm1 + MALLOC_CHUNK_STRUCT) {
        const start = p + MALLOC_CHUNK_STRUCT + psm1;
        const paligned = start - (start % PAGE_SIZE);
        size -= paligned - p;
        if (size > psm1) {
          // MADV_DONTNEED on private anonymous memory: the pages are dropped and read back as zeros.
          const length = size - (size % PAGE_SIZE);
          if (c.host.madviseDontneed !== undefined) c.host.madviseDontneed(paligned, length);
          else c.mem.fill(paligned, length, 0);
          result = 1;
        }
      }
    }
  }
  return result | systrim(c, pad);
}
