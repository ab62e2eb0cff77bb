import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** How a native run of a C program ended, in the terms the simulated run reports. */
export interface NativeRun {
  readonly stdout: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
}

export function gccInstalled(): boolean {
  return spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Compiles `source` with `gcc -O0 -w` and runs it with `stdin` through a pipe (so stdin's buffer is
 * a pipe's 4096 bytes, as the simulation models) and stdout to a pipe, in the C locale.
 */
export function runNatively(source: string, stdin: string): NativeRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-native-'));
  try {
    const file = path.join(dir, 'program.c');
    const exe = path.join(dir, 'program');
    fs.writeFileSync(file, source);
    const cc = spawnSync('gcc', ['-O0', '-w', '-o', exe, file], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`gcc failed:\n${cc.stderr}`);
    const r = spawnSync(exe, [], { input: stdin, encoding: 'latin1', timeout: 10_000, env: { PATH: process.env.PATH, LC_ALL: 'C' } });
    if (r.error) throw r.error;
    return { stdout: r.stdout, exitCode: r.status, signal: r.signal };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
