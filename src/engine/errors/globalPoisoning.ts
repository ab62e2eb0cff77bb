import type { ProcessImage } from '../image/processImage';
import type { ByteBitmap } from './byteBitmap';

/** The program's data sections: where its globals, statics and string literals are. */
const DATA_SECTIONS = new Set(['.rodata', '.data.rel.ro', '.data', '.data.rel.local', '.bss']);

/**
 * The program's static storage in the poison map: every byte of a data section that belongs to
 * no object of the program (alignment gaps between globals, the C runtime's own words such as
 * __dso_handle, the rest of the last page) is poisoned, so reading or writing past a global or a
 * string literal into a gap is a global-buffer-overflow. gcc packs globals without ASan's
 * redzones, so an overflow that lands exactly on the next global is caught by the array bounds
 * check (lower/objectBounds.ts) when the access names the array, and not otherwise.
 */
export function poisonGlobals(poison: ByteBitmap, image: ProcessImage): void {
  for (const section of image.sections) {
    if (!DATA_SECTIONS.has(section.name)) continue;
    // The slack after the last object, up to the end of its page or the next section.
    const last = image.addressSpace.find(Math.max(section.start, section.end - 1));
    const end = Math.max(section.end, last ? Math.min(last.end, nextSectionStart(image, section.end)) : section.end);
    poison.setRange(section.start, end - section.start, true);
    for (const placed of section.objects) {
      if (placed.object.kind === 'function') continue;
      poison.setRange(placed.address, placed.object.size, false);
    }
  }
}

/** Where the next data section starts (so poisoning the slack after one does not cover the next). */
function nextSectionStart(image: ProcessImage, after: number): number {
  let next = Infinity;
  for (const s of image.sections) if (s.start >= after && s.start < next && s.objects.length > 0) next = s.start;
  return next;
}
