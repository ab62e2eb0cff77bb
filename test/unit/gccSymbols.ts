import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * What gcc and binutils say about the symbols of a C file: for each object and function symbol,
 * its nm letter and size (`nm -S`), the section it is in (`objdump -t`) and its address in the
 * linked program. Recorded to test/fixtures/c/NAME.gcc.json so the tests still check against the
 * real toolchain's answer on machines without gcc.
 */
export interface GccSymbol {
  readonly name: string;
  /** nm's type letter: T/t text, R/r read-only data, D/d data, B/b bss. */
  readonly letter: string;
  readonly section: string;
  readonly size: number;
  /** Offset from the start of the executable's load address (PIE base). */
  readonly offset: number;
}

export interface GccSymbolTable {
  readonly compiler: string;
  readonly symbols: readonly GccSymbol[];
}

export function hasTool(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Compiles and links `file` with `gcc -O0` and reads its symbol table. */
export function gccSymbolTable(file: string): GccSymbolTable {
  return gccLinked(file).table;
}

/**
 * What the linked program imports: the functions with a PLT slot (`readelf -r`: R_X86_64_JUMP_SLOT)
 * and the libc variables ld copied into its .bss (R_X86_64_COPY), each list sorted.
 */
export interface GccImports {
  readonly functions: readonly string[];
  readonly copied: readonly string[];
}

export function gccLinked(file: string): { table: GccSymbolTable; imports: GccImports } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-gcc-'));
  try {
    const exe = path.join(dir, 'a.out');
    // Built from the file's folder by its bare name, as a student would (`gcc -O0 prog.c`):
    // __FILE__, which assert's message holds in .rodata, is then the name the simulator uses.
    execFileSync('gcc', ['-O0', '-w', '-o', exe, path.basename(file)], { cwd: path.dirname(file), stdio: 'pipe' });
    const functions: string[] = [];
    const copied: string[] = [];
    for (const line of execFileSync('readelf', ['-rW', exe], { encoding: 'utf8' }).split('\n')) {
      // 0000000000004018  0000000200000007 R_X86_64_JUMP_SLOT     0000000000000000 puts@GLIBC_2.2.5 + 0
      const m = /\sR_X86_64_(JUMP_SLOT|COPY)\s+[0-9a-f]+\s+([^@\s]+)/.exec(line);
      if (m) (m[1] === 'COPY' ? copied : functions).push(m[2]);
    }
    return { table: readSymbols(exe), imports: { functions: functions.sort(), copied: copied.sort() } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readSymbols(exe: string): GccSymbolTable {
  const sections = new Map<string, string>();
  for (const line of execFileSync('objdump', ['-t', exe], { encoding: 'utf8' }).split('\n')) {
    // 0000000000004010 g     O .data	0000000000000004              counter
    const m = /^[0-9a-f]+\s.{7}\s(\S+)\s+[0-9a-f]+\s+(?:\S+\s+)?(\S+)$/.exec(line);
    if (m) sections.set(m[2], m[1]);
  }
  const symbols: GccSymbol[] = [];
  for (const line of execFileSync('nm', ['-S', '--defined-only', exe], { encoding: 'utf8' }).split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) ([A-Za-z]) (\S+)$/.exec(line.trim());
    if (!m || CRT_SYMBOLS.includes(m[4])) continue;
    symbols.push({ name: m[4], letter: m[3], section: sections.get(m[4]) ?? '?', size: parseInt(m[2], 16), offset: parseInt(m[1], 16) });
  }
  const compiler = execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  return { compiler, symbols: symbols.sort((a, b) => a.offset - b.offset) };
}

/** Symbols the C runtime (crt1.o, crti.o, crtbeginS.o) adds to every program. */
const CRT_SYMBOLS = ['_start', '_IO_stdin_used', 'completed.0', '__dso_handle', '__abi_tag', '_init', '_fini', '__data_start', 'data_start'];

export function recordedTablePath(file: string): string {
  return file.replace(/\.c$/, '.gcc.json');
}
