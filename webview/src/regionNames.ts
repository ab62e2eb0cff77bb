import type { RegionRole, RegionView } from '../../src/shared/imageSnapshot';

const ROLE_TITLE: Record<RegionRole, string> = {
  'elf-headers': 'ELF headers', text: 'text (code)', rodata: 'rodata', relro: 'RELRO', data: 'data + bss',
  bss: 'bss', heap: 'heap', 'mmap-anon': 'anonymous mapping', 'mmap-file': 'file mapping', library: 'shared library',
  vvar: 'vvar', vdso: 'vDSO', stack: 'stack',
};

/** The row title: the library's file name for libraries, the role otherwise. */
export function regionTitle(region: RegionView): string {
  if (region.role === 'library') return region.name.split('/').pop() ?? region.name;
  if (region.role === 'vvar') return region.name;
  return ROLE_TITLE[region.role];
}

/** CSS class of the colour family a region is drawn in. */
export function regionTone(role: RegionRole): string {
  switch (role) {
    case 'text': case 'vdso': return 'tone-code';
    case 'rodata': case 'relro': case 'elf-headers': case 'vvar': return 'tone-readonly';
    case 'data': case 'bss': return 'tone-data';
    case 'heap': return 'tone-heap';
    case 'stack': return 'tone-stack';
    case 'library': return 'tone-library';
    default: return 'tone-anon';
  }
}
