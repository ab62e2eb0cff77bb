// What the real tools say about each bundled C example (media/examples/<tutorial>/*.c): the gcc
// -g -O0 build's stdout (to a pipe) and exit status, and Valgrind Memcheck's leak summary of it,
// or, for an example that makes a memory error on purpose (an 'expect-error' annotation), the
// AddressSanitizer build (its stdout, and the kind and line of the error it reports). The bundled
// JavaScript examples are run by node. Recorded in test/fixtures/examples/<tutorial>/<name>.json by
// `node out/test/tools/recordExamples.js`; the unit tests compare the simulation with the
// recording and, where the tools are installed, with a live run.
import { execFile } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseValgrindLog, type Amount } from './valgrindLeaks';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..', '..');
export const EXAMPLES_DIR = path.join(ROOT, 'media', 'examples');
export const FIXTURES_DIR = path.join(ROOT, 'test', 'fixtures', 'examples');

// eslint-disable-next-line @typescript-eslint/no-var-requires
const sanitizer = require(path.join(ROOT, 'test', 'tools', 'c-errors', 'sanitizerReports.js')) as {
  asanAvailable(): boolean;
  parseAsan(text: string, source: string): { kind: string; line: number } | undefined;
  parseMemcheck(text: string, source: string): { kind: string; line: number } | undefined;
};

export interface ExampleFixture {
  /** The tool that ran it: 'valgrind' (leaks), 'asan' or 'memcheck' (an error), or 'node', with its version. */
  readonly tool: 'valgrind' | 'asan' | 'memcheck' | 'node';
  readonly version: string;
  readonly stdout: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Valgrind's LEAK SUMMARY (C examples without a memory error). */
  readonly leaks?: { definitelyLost: Amount; indirectlyLost: Amount; possiblyLost: Amount; stillReachable: Amount };
  /** ASan's first error (C examples that make one). */
  readonly error?: { readonly kind: string; readonly line: number };
}

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** The tool an example is compared with, and whether it is installed here. */
export function toolFor(file: string, text: string): { tool: ExampleFixture['tool']; available: boolean } {
  if (file.endsWith('.js')) return { tool: 'node', available: true };
  // Uninitialised reads are Memcheck's to find (AddressSanitizer does not track them).
  if (/@atlas expect-error: uninitialized-read/.test(text)) return { tool: 'memcheck', available: has('gcc') && has('valgrind') };
  if (/@atlas expect-error:/.test(text)) return { tool: 'asan', available: has('gcc') && sanitizer.asanAvailable() };
  return { tool: 'valgrind', available: has('gcc') && has('valgrind') };
}

/**
 * The flags node needs to run an example as its header says: `global.gc()` exists only under
 * --expose-gc (the simulation always has it, as `node --expose-gc` does).
 */
export function nodeFlagsFor(text: string): string[] {
  return /\bglobal\.gc\(/.test(text) ? ['--expose-gc'] : [];
}

export function fixturePath(example: string): string {
  return path.join(FIXTURES_DIR, path.relative(EXAMPLES_DIR, example).replace(/\.(c|js)$/, '.json'));
}

/** Runs an example under its tool (asynchronously, so several can run at once). */
export async function observeExample(file: string): Promise<ExampleFixture> {
  const text = fs.readFileSync(file, 'utf8');
  const { tool } = toolFor(file, text);
  if (tool === 'node') {
    const r = await settle(run(process.execPath, [...nodeFlagsFor(text), file], { cwd: os.tmpdir(), timeout: 60_000, env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' } }));
    return { tool, version: `node ${process.version}${nodeFlagsFor(text).map((f) => ` ${f}`).join('')}`, stdout: r.stdout, exitCode: r.code, signal: r.signal };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-example-'));
  try {
    const exe = path.join(dir, path.basename(file, '.c'));
    await run('gcc', ['-g', '-O0', '-w', ...(tool === 'asan' ? ['-fsanitize=address'] : []), file, '-o', exe]);
    const compiler = spawnSync('gcc', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].trim();
    // ASLR off, as under gdb and in the simulation (the examples print no addresses, but a crash report would).
    const setarch = has('setarch') ? ['setarch', '-R'] : [];
    const env = { PATH: process.env.PATH ?? '', LC_ALL: 'C', ASAN_OPTIONS: 'detect_leaks=0:detect_stack_use_after_return=1' };
    if (tool === 'asan') {
      const [cmd, ...args] = [...setarch, exe];
      const r = await settle(run(cmd, args, { env, timeout: 120_000, maxBuffer: 1 << 26 }));
      const error = sanitizer.parseAsan(r.stderr, path.basename(file));
      if (!error) throw new Error(`AddressSanitizer reported no error for ${file}:\n${r.stderr}`);
      return { tool, version: `${compiler}, -fsanitize=address`, stdout: r.stdout, exitCode: r.code, signal: r.signal, error: { kind: error.kind, line: error.line } };
    }
    // Output and exit status from the plain build (Valgrind replaces malloc, so a program that
    // prints what glibc's allocator did prints something else under it); leaks from Memcheck.
    const [ncmd, ...nargs] = [...setarch, exe];
    const native = await settle(run(ncmd, nargs, { env, timeout: 120_000, maxBuffer: 1 << 26 }));
    if (tool === 'memcheck') {
      const [cmd, ...args] = [...setarch, 'valgrind', '--track-origins=yes', exe];
      const r = await settle(run(cmd, args, { env, timeout: 120_000, maxBuffer: 1 << 26 }));
      const error = sanitizer.parseMemcheck(r.stderr, path.basename(file));
      if (!error) throw new Error(`Memcheck reported no error for ${file}:\n${r.stderr}`);
      const version = spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).stdout.trim();
      // Memcheck reports and goes on: its output depends on the garbage read; the error is the fact.
      return { tool, version: `${version}, ${compiler}`, stdout: r.stdout, exitCode: r.code, signal: r.signal, error: { kind: error.kind, line: error.line } };
    }
    const log = path.join(dir, 'valgrind.log');
    const [cmd, ...args] = [...setarch, 'valgrind', '--leak-check=full', '--show-leak-kinds=all', `--log-file=${log}`, exe];
    await settle(run(cmd, args, { env, timeout: 120_000, maxBuffer: 1 << 26 }));
    const parsed = parseValgrindLog(fs.readFileSync(log, 'utf8'), path.basename(file));
    const version = spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).stdout.trim();
    return { tool, version: `${version}, ${compiler}`, stdout: native.stdout, exitCode: native.code, signal: native.signal, leaks: parsed.summary };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A finished process, whatever its exit status. */
async function settle(p: Promise<{ stdout: string; stderr: string }>): Promise<{ stdout: string; stderr: string; code: number | null; signal: string | null }> {
  try {
    const r = await p;
    return { ...r, code: 0, signal: null };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; code?: number | string; signal?: string | null };
    if (typeof x.code === 'string') throw e; // could not start it at all
    return { stdout: x.stdout ?? '', stderr: x.stderr ?? '', code: typeof x.code === 'number' ? x.code : null, signal: x.signal ?? null };
  }
}

/** Every bundled example (media/examples/ and its tutorials' folders), sorted. */
export function bundledExamples(): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(EXAMPLES_DIR, { withFileTypes: true })) {
    if (entry.isFile() && /\.(c|js)$/.test(entry.name)) out.push(path.join(EXAMPLES_DIR, entry.name));
    if (!entry.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(EXAMPLES_DIR, entry.name))) if (/\.(c|js)$/.test(f)) out.push(path.join(EXAMPLES_DIR, entry.name, f));
  }
  return out.sort();
}

/** Runs `work` on every item, at most `limit` at a time. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  }));
  return results;
}
