import { formatProcMaps } from '../addressSpace/procMaps';
import { KERNEL_SPACE_START_HEX, STACK_TOP, USER_SPACE_END } from '../addressSpace/layout';
import { permString } from '../addressSpace/vma';
import type { Diagnostic } from '../../shared/diagnostics';
import type { ImageSnapshot, OutputSection, RegionView, SectionView, SymbolInfo } from '../../shared/imageSnapshot';
import { CONTRACT_VERSION } from '../../shared/version';
import type { ProcessImage } from './processImage';
import type { ObjectSection } from './programObjects';
import { PRESET_AREAS } from './sharedLibraries';

/** The linked (output) section each object-file section ends up in. */
const OUTPUT_SECTION: Record<ObjectSection, OutputSection> = {
  text: '.text', rodata: '.rodata', 'data.rel.ro': '.data.rel.ro', data: '.data', 'data.rel.local': '.data',
  bss: '.bss', 'bss.common': '.bss', dynbss: '.bss',
};

const ROLE_DESCRIPTIONS: Record<string, string> = {
  'elf-headers': 'ELF and program headers, dynamic symbol tables: read by the loader',
  text: 'machine code of the program (.text): readable and executable, never writable',
  rodata: 'read-only data (.rodata): string literals and const objects',
  relro: 'relocated at start-up, then made read-only (.data.rel.ro, GOT)',
  data: 'initialized globals and statics (.data), then the start of .bss',
  bss: 'zero-initialized globals and statics (.bss) beyond the file-backed page',
  stack: 'the main thread\'s stack: argv, environment, then frames growing down',
};

export function imageSnapshot(image: ProcessImage, source: string, diagnostics: readonly Diagnostic[]): ImageSnapshot {
  const vmas = image.addressSpace.list();
  const regions: RegionView[] = vmas.map((vma) => ({
    start: vma.start,
    end: vma.end,
    perms: permString(vma.prot, vma.shared),
    role: vma.role,
    name: vma.file?.path ?? vma.label ?? '',
    description: PRESET_AREAS.find((a) => a.start === vma.start)?.description ?? ROLE_DESCRIPTIONS[vma.role] ?? '',
  }));
  const symbols: SymbolInfo[] = image.symbols.map(({ object, address }) => ({
    name: object.name,
    sourceName: object.sourceName,
    kind: object.kind,
    section: OUTPUT_SECTION[object.section],
    address,
    size: object.size,
    ...(object.sizeIsEstimate ? { sizeIsEstimate: true } : {}),
    type: object.typeName,
    line: object.position.line,
    column: object.position.column,
    binding: object.binding,
    ...(object.enclosingFunction ? { function: object.enclosingFunction } : {}),
  }));
  const stackVma = vmas.find((v) => v.role === 'stack');
  return {
    version: CONTRACT_VERSION,
    kind: 'process-image',
    source,
    programPath: image.program.path,
    regions,
    sections: outputSections(image),
    symbols,
    diagnostics: [...diagnostics],
    heap: { start: image.initialBreak, end: image.initialBreak },
    stack: {
      top: STACK_TOP,
      mappedStart: stackVma?.start ?? STACK_TOP,
      limit: image.stackLimitAddress,
      guardPage: image.guardPage,
      entryRsp: image.stack.entryRsp,
      mainEntryRsp: image.stack.mainEntryRsp,
      items: image.stack.items,
    },
    userSpaceEnd: USER_SPACE_END,
    kernelStart: KERNEL_SPACE_START_HEX,
    virtualSize: image.addressSpace.virtualSize(),
    mapsText: formatProcMaps(vmas),
  };
}

/** Input sections merged into the output sections the linker makes (.data.rel.local is in .data). */
function outputSections(image: ProcessImage): SectionView[] {
  const merged = new Map<OutputSection, SectionView>();
  for (const section of image.sections) {
    if (section.objects.length === 0) continue;
    const name = OUTPUT_SECTION[section.objects[0].object.section];
    const start = section.objects[0].address;
    const previous = merged.get(name);
    merged.set(name, previous ? { name, start: Math.min(previous.start, start), end: Math.max(previous.end, section.end) } : { name, start, end: section.end });
  }
  return [...merged.values()];
}
