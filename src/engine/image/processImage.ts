import { AddressSpace } from '../addressSpace/addressSpace';
import {
  DEFAULT_STACK_LIMIT, INITIAL_STACK_SIZE, PAGE_SIZE, PIE_BASE, STACK_TOP, alignDown, alignUp, pageDown, pageUp,
} from '../addressSpace/layout';
import type { FileBacking, Vma, VmaRole } from '../addressSpace/vma';
import { PROT_R, PROT_RW, PROT_RX } from '../addressSpace/vma';
import { type InitialStack, layoutInitialStack } from './initialStack';
import type { ProgramDescription, ProgramObject } from './programObjects';
import { type PlacedObject, type PlacedSection, objectsIn, placeObjects, placeSectionAfter, sectionAlignment } from './sectionLayout';
import { PRESET_AREAS } from './sharedLibraries';

/**
 * The process image at the first instruction of `main`: a PIE laid out the way GNU ld's default
 * script lays it out on x86-64, the loader's and libc's mappings, the stack the kernel built, and
 * an empty heap at the initial program break.
 *
 * The C runtime's own pieces (PLT, _start, .eh_frame, .dynamic, .got) are sized as gcc 12 + ld
 * 2.40 produce them for a small program, so user symbols land near where gcc puts them; the exact
 * sizes of sections and objects, and which section each object is in, are what must match.
 */
export interface PlacedSymbol extends PlacedObject {
  readonly region: VmaRole;
}

export interface ProcessImage {
  readonly program: ProgramDescription;
  readonly addressSpace: AddressSpace;
  readonly sections: readonly PlacedSection[];
  readonly symbols: readonly PlacedSymbol[];
  /** _start, the first instruction the kernel jumps to (AT_ENTRY): the first byte of .text. */
  readonly entryAddress: number;
  /** The program break before the first malloc: the page after the end of .bss. */
  readonly initialBreak: number;
  readonly stack: InitialStack;
  /** Lowest address the stack may grow to (RLIMIT_STACK below the top). */
  readonly stackLimitAddress: number;
  /** The page right below the stack limit; touching it is a stack overflow. */
  readonly guardPage: { readonly start: number; readonly end: number };
}

export interface ProcessImageOptions {
  readonly argv?: readonly string[];
  readonly envp?: readonly string[];
  readonly stackLimit?: number;
}

/** A small, fixed environment so runs are reproducible (the real one would leak the user's). */
export const DEFAULT_ENVIRONMENT: readonly string[] = ['HOME=/home/student', 'PATH=/usr/local/bin:/usr/bin:/bin', 'LANG=C.UTF-8'];

// Sizes of the runtime's own pieces in a small gcc 12 / ld 2.40 PIE (see readelf -S).
const CRT_TEXT_SIZE = 0xe9; // _start, deregister/register_tm_clones, __do_global_dtors_aux, frame_dummy
const FINI_SIZE = 0xd;
const IO_STDIN_USED_SIZE = 4;
const INIT_FINI_ARRAYS_SIZE = 0x10;
const DYNAMIC_SIZE = 0x1e0; // 30 entries of 16 bytes: DT_NEEDED libc.so.6 and the rest ld writes
const GOT_SIZE = 0x28;
const GOT_PLT_RESERVED = 0x18; // _DYNAMIC's address and two words for the lazy binder
const CRT_DATA_SIZE = 0x10; // __data_start, __dso_handle
const EH_FRAME_BASE_SIZE = 0xa0;
const EH_FRAME_PER_FUNCTION = 0x20;

export function buildProcessImage(program: ProgramDescription, options: ProcessImageOptions = {}): ProcessImage {
  const objects = program.objects;
  const imports = program.importedFunctions.length;
  const functions = objectsIn(objects, 'text');

  // Segment 1 (r--): ELF and program headers, .interp, .dynsym, .rela: one page for small programs.
  // Segment 2 (r-x): .init at the page start, the PLT, then .text (crt code first), then .fini.
  const textPage = PIE_BASE + PAGE_SIZE;
  const pltEnd = textPage + 0x20 + 0x10 * (imports + 1) + 0x8;
  const crtText = alignUp(pltEnd, 16);
  const text = placeSectionAfter('.text', crtText + CRT_TEXT_SIZE, functions);
  const textEnd = alignUp(text.end, 4) + FINI_SIZE;

  // Segment 3 (r--): _IO_stdin_used, .rodata, .eh_frame_hdr and .eh_frame.
  const rodataPage = pageUp(textEnd);
  const rodata = placeSectionAfter('.rodata', rodataPage + IO_STDIN_USED_SIZE, objectsIn(objects, 'rodata'));
  const ehEnd = alignUp(rodata.end, 4) + EH_FRAME_BASE_SIZE + EH_FRAME_PER_FUNCTION * (functions.length + 1);

  // Segment 4: RELRO (.init_array, .fini_array, .data.rel.ro, .dynamic, .got, and .got.plt's
  // three reserved words), laid out so that it ends on a page boundary: ld picks the segment's
  // start so that, going forward, .got.plt's reserved words end exactly there (readelf -S:
  // .got at 0x3fc0, .got.plt at 0x3fe8 in a small program). .got holds crt's and libc's five
  // words (__libc_start_main, __gmon_start__, __cxa_finalize and the two TM clone tables).
  const relroObjects = objectsIn(objects, 'data.rel.ro');
  const relroObjectsSize = placeObjects('.data.rel.ro', 0, relroObjects).end;
  const relroContent = INIT_FINI_ARRAYS_SIZE + alignUp(relroObjectsSize, 8) + DYNAMIC_SIZE + GOT_SIZE + GOT_PLT_RESERVED;
  const relroPage = pageUp(ehEnd);
  const relroEnd = pageUp(relroPage + relroContent);
  const dynamicStart = relroEnd - GOT_PLT_RESERVED - GOT_SIZE - DYNAMIC_SIZE;
  const dataRelRo = placeObjects('.data.rel.ro', alignDown(dynamicStart - relroObjectsSize, sectionAlignment(relroObjects)), relroObjects);
  const relroStart = alignDown(dataRelRo.start - INIT_FINI_ARRAYS_SIZE, 8);

  // Segment 5 (rw-): .got.plt, .data (crt first), .data.rel.local, then .bss (completed.0 first,
  // then the file's .bss input section with its .comm objects at the end).
  // One .got.plt word per function called through the PLT follows the reserved ones (readelf:
  // 0x18 bytes with no imports, 0x20 with printf alone). An output section is aligned to the strictest of its input sections (crt's
  // and the program's).
  const gotPltEnd = relroEnd + 8 * imports;
  const dataObjects = objectsIn(objects, 'data');
  const dataStart = alignUp(gotPltEnd, Math.max(8, sectionAlignment(dataObjects)));
  const data = placeSectionAfter('.data', dataStart + CRT_DATA_SIZE, dataObjects);
  const dataRelLocal = placeSectionAfter('.data.rel.local', data.end, objectsIn(objects, 'data.rel.local'));
  const edata = dataRelLocal.end;
  // .bss: the copies of libc variables first (ld's .dynbss), then crt's completed.0 (one byte),
  // then the file's .bss; the output section starts at the strictest alignment of the three.
  const copies = objectsIn(objects, 'dynbss');
  const bssObjects = [...objectsIn(objects, 'bss'), ...objectsIn(objects, 'bss.common')];
  const dynbss = placeObjects('.dynbss', alignUp(edata, Math.max(sectionAlignment(copies), sectionAlignment(bssObjects))), copies);
  const crtBss = dynbss.end;
  const bss = placeSectionAfter('.bss', crtBss + 1, bssObjects);
  const end = bss.end;

  const space = new AddressSpace();
  const exe = (offset: number): FileBacking => ({ path: program.path, offset, device: 'fe:01', inode: 1048602 });
  const mapProgram = (start: number, endAddr: number, role: VmaRole, prot: Vma['prot'], fileOffset: number) =>
    space.map({ start, end: endAddr, prot, shared: false, role, file: exe(fileOffset) });
  mapProgram(PIE_BASE, textPage, 'elf-headers', PROT_R, 0);
  mapProgram(textPage, rodataPage, 'text', PROT_RX, textPage - PIE_BASE);
  mapProgram(rodataPage, relroPage, 'rodata', PROT_R, rodataPage - PIE_BASE);
  // The data segment sits one page further in memory than in the file (ld's RELRO alignment).
  const relroMapStart = pageDown(relroStart);
  mapProgram(relroMapStart, relroEnd, 'relro', PROT_R, relroMapStart - PIE_BASE - PAGE_SIZE);
  const fileBackedDataEnd = pageUp(Math.max(edata, dynbss.start + 1));
  mapProgram(relroEnd, fileBackedDataEnd, 'data', PROT_RW, relroEnd - PIE_BASE - PAGE_SIZE);
  // .bss beyond the last file-backed page is anonymous zero-fill memory.
  if (pageUp(end) > fileBackedDataEnd) {
    space.map({ start: fileBackedDataEnd, end: pageUp(end), prot: PROT_RW, shared: false, role: 'bss' });
  }

  for (const area of PRESET_AREAS) {
    space.map({ start: area.start, end: area.end, prot: area.prot, shared: false, role: area.role, label: area.label, file: area.file });
  }
  space.map({ start: STACK_TOP - INITIAL_STACK_SIZE, end: STACK_TOP, prot: PROT_RW, shared: false, role: 'stack', label: '[stack]' });

  const argv = options.argv ?? [program.path];
  const stack = layoutInitialStack(program.path, argv, options.envp ?? DEFAULT_ENVIRONMENT);
  const stackLimitAddress = STACK_TOP - (options.stackLimit ?? DEFAULT_STACK_LIMIT);

  const sections = [text, rodata, dataRelRo, data, dataRelLocal, dynbss, bss];
  const symbols = sections.flatMap((s) => s.objects.map((placed) => ({ ...placed, region: regionOf(space, placed.address) })));
  return {
    program,
    addressSpace: space,
    sections,
    symbols,
    entryAddress: crtText,
    initialBreak: pageUp(end),
    stack,
    stackLimitAddress,
    guardPage: { start: stackLimitAddress - PAGE_SIZE, end: stackLimitAddress },
  };
}

function regionOf(space: AddressSpace, address: number): VmaRole {
  const vma = space.find(address);
  if (!vma) throw new Error(`internal: symbol at 0x${address.toString(16)} is outside every mapping`);
  return vma.role;
}

/** The symbols sorted by address, for lookups such as "what is at this address". */
export function symbolAt(image: ProcessImage, address: number): PlacedSymbol | undefined {
  return image.symbols.find((s) => address >= s.address && address < s.address + Math.max(1, s.object.size));
}

export type { ProgramObject };
