import type { ProgramObject } from '../../../../engine/image/programObjects';
import { COPIED_VARIABLES, type CopiedName, type CopiedVariable } from './linkedImports';

/**
 * A libc variable the program names, as the image holds it: ld's copy in the program's .bss,
 * under the versioned name nm shows (`stdout@GLIBC_2.2.5`). The loader stores libc's stream
 * pointer there, and the program's `stdout` is that copy.
 */
export function copiedVariableObject(copy: CopiedVariable): ProgramObject {
  return {
    name: copiedSymbolName(copy.name),
    sourceName: copy.name,
    kind: 'variable',
    section: 'dynbss',
    size: 8,
    align: COPIED_VARIABLES[copy.name].align,
    typeName: 'FILE *',
    binding: 'global',
    position: { line: copy.line, column: copy.column },
  };
}

export function copiedSymbolName(name: CopiedName): string {
  return `${name}@GLIBC_2.2.5`;
}
