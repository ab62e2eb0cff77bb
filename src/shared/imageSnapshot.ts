import type { Diagnostic } from './diagnostics';
import { CONTRACT_VERSION } from './version';

/**
 * What the Memory Atlas panel draws for a program before it runs: the process image at the entry
 * of `main`. Plain JSON (numbers are addresses below 2^48, exact in a double).
 */
export type RegionRole =
  | 'elf-headers' | 'text' | 'rodata' | 'relro' | 'data' | 'bss' | 'heap' | 'mmap-anon' | 'mmap-file'
  | 'library' | 'vvar' | 'vdso' | 'stack';

export type OutputSection = '.text' | '.rodata' | '.data.rel.ro' | '.data' | '.bss';

export type SymbolKind = 'function' | 'variable' | 'static-local' | 'string-literal' | 'compound-literal';

export interface RegionView {
  readonly start: number;
  readonly end: number;
  /** As in /proc/self/maps: `r-xp`. */
  readonly perms: string;
  readonly role: RegionRole;
  /** The path or bracketed name /proc/self/maps shows, or '' for anonymous memory. */
  readonly name: string;
  /** One sentence a teacher would say about this region. */
  readonly description: string;
}

export interface SectionView {
  readonly name: OutputSection;
  readonly start: number;
  readonly end: number;
}

export interface SymbolInfo {
  /** Symbol table name (`calls.1` for a static local, `.LC0` for a string literal). */
  readonly name: string;
  /** Name in the source, or the literal's text. */
  readonly sourceName: string;
  readonly kind: SymbolKind;
  readonly section: OutputSection;
  readonly address: number;
  readonly size: number;
  /** Function sizes are estimated from the source (the program is never compiled). */
  readonly sizeIsEstimate?: boolean;
  readonly type: string;
  readonly line: number;
  readonly column: number;
  readonly binding: 'global' | 'local';
  readonly function?: string;
}

export interface StackItemView {
  readonly label: string;
  readonly start: number;
  readonly size: number;
}

export interface ImageSnapshot {
  readonly version: typeof CONTRACT_VERSION;
  readonly kind: 'process-image';
  /** The C file (workspace-relative or absolute path as the user sees it). */
  readonly source: string;
  /** The path the simulated program runs as. */
  readonly programPath: string;
  readonly regions: readonly RegionView[];
  readonly sections: readonly SectionView[];
  readonly symbols: readonly SymbolInfo[];
  readonly diagnostics: readonly Diagnostic[];
  readonly heap: { readonly start: number; readonly end: number };
  readonly stack: {
    readonly top: number;
    readonly mappedStart: number;
    readonly limit: number;
    readonly guardPage: { readonly start: number; readonly end: number };
    readonly entryRsp: number;
    readonly mainEntryRsp: number;
    readonly items: readonly StackItemView[];
  };
  /** One past the last user address; the kernel's half starts at `kernelStart` (hex, > 2^53). */
  readonly userSpaceEnd: number;
  readonly kernelStart: string;
  readonly virtualSize: number;
  readonly mapsText: string;
}
