/**
 * What a language front end tells the engine about a program before it runs: the objects that
 * need static storage (functions, globals, static locals, string literals), in the order the
 * compiler emits them, each with the output section gcc would put it in.
 */

/**
 * Output sections, named as in the object file gcc writes:
 * - `data.rel.local`: writable objects whose initializer holds an address (in a PIE, the loader
 *   must relocate them), linked after `.data`;
 * - `data.rel.ro`: `const` objects holding addresses; writable while the loader relocates them,
 *   then read-only (RELRO);
 * - `bss.common`: static objects with no initializer at all (`.local`/`.comm`), which the
 *   assembler places after every other `.bss` object;
 * - `dynbss`: libc variables the program names (`stdout`), which ld copies into the start of the
 *   program's .bss (a copy relocation) so that the program's own code can reach them directly.
 */
export type ObjectSection = 'text' | 'rodata' | 'data.rel.ro' | 'data' | 'data.rel.local' | 'bss' | 'bss.common' | 'dynbss';

export type ProgramObjectKind = 'function' | 'variable' | 'static-local' | 'string-literal' | 'compound-literal';


export interface SourcePosition {
  /** 1-based line, 1-based column (as editors show them). */
  readonly line: number;
  readonly column: number;
}

export interface ProgramObject {
  /** The symbol name gcc gives it (`counter`, `calls.1` for a static local, `.LC0` for a literal). */
  readonly name: string;
  /** Name as written in the source (`calls`), or the literal's text for strings. */
  readonly sourceName: string;
  readonly kind: ProgramObjectKind;
  readonly section: ObjectSection;
  readonly size: number;
  readonly align: number;
  /** C type as the programmer would write it (`int[5]`, `struct point`, `int (int, char **)`). */
  readonly typeName: string;
  /** External (global) or internal (static) linkage: nm's upper- or lower-case letter. */
  readonly binding: 'global' | 'local';
  readonly position: SourcePosition;
  /** For functions: a code size estimated from the body (we never compile), not gcc's exact size. */
  readonly sizeIsEstimate?: boolean;
  /** For static locals: the function they belong to. */
  readonly enclosingFunction?: string;
}

export interface ProgramDescription {
  /** Path the program is run as (argv[0] and AT_EXECFN). */
  readonly path: string;
  readonly objects: readonly ProgramObject[];
  /** Library functions the program calls (each costs a PLT slot and a GOT entry). */
  readonly importedFunctions: readonly string[];
}
