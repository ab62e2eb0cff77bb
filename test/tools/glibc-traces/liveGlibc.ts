import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRunnerOutput, type TraceOutcome } from './traceFormat';

/** trace-runner.c, found from the compiled location (out/test/tools/...) or the source tree. */
export function runnerSourcePath(): string {
  const candidates = [
    path.join(__dirname, 'trace-runner.c'),
    path.resolve(__dirname, '../../../../test/tools/glibc-traces/trace-runner.c'),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (found === undefined) throw new Error('trace-runner.c not found');
  return found;
}

export function gccAvailable(): boolean {
  const r = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** The C library the runner links against, e.g. 'glibc 2.36'. */
export function systemLibcVersion(): string {
  const r = spawnSync('ldd', ['--version'], { encoding: 'utf8' });
  const m = /(\d+\.\d+)\s*$/m.exec((r.stdout ?? '').split('\n')[0] ?? '');
  return m ? `glibc ${m[1]}` : 'unknown';
}

/** Compiles trace-runner.c with -O0 into a fresh temporary directory; returns the executable. */
export function buildRunner(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glibc-traces-'));
  const exe = path.join(dir, 'trace-runner');
  execFileSync('gcc', ['-O0', '-o', exe, runnerSourcePath()], { stdio: 'pipe' });
  return exe;
}

/** Runs one trace against the real allocator, with no malloc tunables from the environment. */
export function runOnGlibc(exe: string, trace: readonly string[]): TraceOutcome {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('MALLOC_') && k !== 'GLIBC_TUNABLES' && k !== 'LD_PRELOAD') env[k] = v;
  }
  // malloc_printerr writes to /dev/tty unless told to use stderr.
  env.LIBC_FATAL_STDERR_ = '1';
  const r = spawnSync(exe, [], { input: trace.join('\n') + '\n', encoding: 'utf8', env });
  return parseRunnerOutput(r.stdout ?? '', r.stderr ?? '');
}
