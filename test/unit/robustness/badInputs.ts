import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/runCli';
import type { CommandOutput } from '../../../src/cli/mapsCommand';
import { nodeModulesLocator } from '../../../src/lang/c/nodeModulesLocator';

/** The bad-input programs of issue #14, shared by the CLI and the Session tests. */
export const BAD_INPUT = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'bad-input');

export const cli = (...args: string[]): Promise<CommandOutput> => runCli(args, nodeModulesLocator);

/** What the gcc build printed (recorded in native.expected.json; see badInputNative.test.ts). */
export interface NativeRecord {
  readonly stdout: string;
  readonly exitCode: number | null;
  readonly signal?: string | null;
}

export const NATIVE = JSON.parse(fs.readFileSync(path.join(BAD_INPUT, 'native.expected.json'), 'utf8')) as { recordedWith: string; runs: Record<string, NativeRecord> };

export function nativeRun(name: string): { stdout: string; exitCode: number | null; signal?: string | null } {
  const r = NATIVE.runs[name];
  if (!r) throw new Error(`no native record for ${name}`);
  return r.signal ? { stdout: r.stdout, exitCode: r.exitCode, signal: r.signal } : { stdout: r.stdout, exitCode: r.exitCode };
}

/** A CLI run must never end in an internal error, a JS stack trace or exit status 70. */
export function notACrash(out: CommandOutput): CommandOutput {
  const all = out.stdout + out.stderr;
  assert.doesNotMatch(all, /internal error/, all.slice(0, 2000));
  assert.doesNotMatch(all, /\n\s+at .+\(.+:\d+:\d+\)/, 'a JS stack trace');
  assert.notEqual(out.exitCode, 70);
  return out;
}

export function tempFile(name: string, contents: string | Uint8Array): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-bad-input-')), name);
  fs.writeFileSync(file, contents);
  return file;
}

/** Inputs too large or too odd to keep as files, made the same way every time. */
export const generated = {
  /** About 10 MB of valid C: many small functions. */
  tenMegabytes(): string {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 10_000_000; i++) {
      const f = `int f${i}(int x) { return x + ${i % 97}; }\n`;
      parts.push(f);
      size += f.length;
    }
    return parts.join('') + 'int main(void) { return f1(0); }\n';
  },
  LONG_LINE_TERMS: 9100,
  /** main on one line of more than 100,000 characters, summing 9100 terms. */
  longLine(): string {
    const line = `int main(void) { int x = 0; ${'x = x + 1; '.repeat(9100)}printf("%d\\n", x); return 0; }`;
    assert.ok(line.length > 100_000);
    return `#include <stdio.h>\n${line}\n`;
  },
  nestedParentheses(depth: number): string {
    return `int main(void) { int x = ${'('.repeat(depth)}1${')'.repeat(depth)}; return x; }\n`;
  },
  /** 4 KB of xorshift bytes with NULs in them, like an object file opened by mistake. */
  binary(): Uint8Array {
    const bytes = new Uint8Array(4096);
    let s = 2463534242;
    for (let i = 0; i < bytes.length; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      bytes[i] = i % 64 === 5 ? 0 : s & 0xff;
    }
    bytes.set([0x7f, 0x45, 0x4c, 0x46], 0); // an ELF header's magic
    return bytes;
  },
};
