import * as fs from 'fs';
import * as path from 'path';
import { buildProcessImage, type ProcessImage } from '../../src/engine/image/processImage';
import { compileProgram } from '../../src/lang/c/interpreter/compileProgram';
import type { Diagnostic } from '../../src/shared/diagnostics';
import { testParser } from './cProgram';
import { type GccImports, gccLinked } from './gccSymbols';

/**
 * The programs whose linked addresses must be gcc + ld's: every bundled example and every C
 * program of the test corpora that gcc builds. Their recorded gcc answer is in
 * test/fixtures/linked-addresses.gcc.json (test/tools/record-linked-addresses.js writes it).
 */
const ROOT = path.join(__dirname, '..', '..', '..');
const CORPORA = ['media/examples', 'test/fixtures/c', 'test/fixtures/c-programs', 'test/fixtures/c-leaks', 'test/fixtures/c-errors', 'test/fixtures/c-run', 'test/fixtures/c-codegen', 'test/fixtures/workspace'];
export const LINKED_RECORDING = path.join(ROOT, 'test', 'fixtures', 'linked-addresses.gcc.json');

/** Sections whose objects' addresses follow from the layout alone (.text sizes are estimated: never compiled). */
export const DATA_SECTIONS = ['.rodata', '.data.rel.ro', '.data', '.bss'];

export interface LinkedObject {
  readonly name: string;
  readonly section: string;
  /** From the load address (PIE base). */
  readonly offset: number;
}

export interface LinkedProgram {
  readonly imports: GccImports;
  readonly objects: readonly LinkedObject[];
}

export interface LinkedRecording {
  readonly compiler: string;
  /** By path from the repository root. */
  readonly programs: Readonly<Record<string, LinkedProgram>>;
}

/** Every .c file of the examples and corpora, by path from the repository root. */
export function linkedCorpus(): string[] {
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.c') ? [p] : [];
  });
  return CORPORA.flatMap((c) => walk(path.join(ROOT, c))).map((p) => path.relative(ROOT, p).split(path.sep).join('/')).sort();
}

export function absolute(relative: string): string {
  return path.join(ROOT, relative);
}

/** gcc's answer for one program, or undefined when gcc rejects it (a file that is meant not to build). */
export function gccLinkedProgram(relative: string): { compiler: string; program: LinkedProgram } | undefined {
  let linked: ReturnType<typeof gccLinked>;
  try {
    linked = gccLinked(absolute(relative));
  } catch {
    return undefined;
  }
  const objects = linked.table.symbols
    .filter((s) => DATA_SECTIONS.includes(s.section) && s.letter.toLowerCase() !== 't')
    .map((s) => ({ name: s.name, section: s.section, offset: s.offset }));
  return { compiler: linked.table.compiler, program: { imports: linked.imports, objects } };
}

/** The simulated image of a program as the run, the panel and `memory-atlas maps` see it. */
export async function simulatedImage(relative: string): Promise<{ image: ProcessImage; diagnostics: readonly Diagnostic[] }> {
  const file = absolute(relative);
  const compiled = compileProgram(await testParser(), fs.readFileSync(file, 'utf8'), path.basename(file));
  return { image: buildProcessImage(compiled.description), diagnostics: compiled.diagnostics };
}
