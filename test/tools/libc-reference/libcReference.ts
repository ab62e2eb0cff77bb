import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The libc reference generator (the C files beside this one): builds it with gcc, runs one
 * family of records, and reads/writes the recorded fixtures in test/fixtures/libc/FAMILY.txt.
 */
export type Family = 'printf' | 'numbers' | 'rand' | 'strtod' | 'ctype' | 'scanf' | 'qsort' | 'string';
export const FAMILIES: readonly Family[] = ['printf', 'numbers', 'rand', 'strtod', 'ctype', 'scanf', 'qsort', 'string'];

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

export function sourceDir(): string {
  return path.join(repoRoot(), 'test', 'tools', 'libc-reference');
}

export function fixturePath(family: Family): string {
  return path.join(repoRoot(), 'test', 'fixtures', 'libc', `${family}.txt`);
}

export function readFixture(family: Family): string {
  return fs.readFileSync(fixturePath(family), 'latin1');
}

export function gccAvailable(): boolean {
  return spawnSync('gcc', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Compiles the generator with gcc -O0 (no builtins, so every call reaches glibc); returns the executable. */
export function buildReference(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libc-reference-'));
  const exe = path.join(dir, 'libc-reference');
  const sources = fs
    .readdirSync(sourceDir())
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => path.join(sourceDir(), f));
  execFileSync('gcc', ['-O0', '-w', '-fno-builtin', '-o', exe, ...sources, '-lm'], { stdio: 'pipe' });
  return exe;
}

/** The records of one family, as printed by the real glibc (latin1 text). */
export function runReference(exe: string, family: Family): string {
  const r = spawnSync(exe, [family], { encoding: 'latin1', maxBuffer: 64 << 20, env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(`libc-reference ${family} failed: ${r.stderr}`);
  return r.stdout;
}

/** Undoes the generator's escaping (\xNN) into bytes. */
export function unescape(field: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < field.length; i++) {
    if (field[i] === '\\' && field[i + 1] === 'x') {
      out.push(parseInt(field.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      out.push(field.charCodeAt(i) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Escapes bytes the way the generator does, for readable assertion messages. */
export function escape(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : '\\x' + b.toString(16).padStart(2, '0');
  return s;
}

/** The records (tab-separated fields) of a family's output whose first field is `tag`. */
export function records(text: string, tag: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'))
    .filter((f) => f[0] === tag);
}
