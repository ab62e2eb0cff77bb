import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../c/cMutator';

interface SanitizerFacts {
  readonly kind: string;
  readonly line: number;
}

/** The parsers of test/tools/c-errors (shared with the memory-error corpus recorder). */
const reports = require(path.join(ROOT, 'test', 'tools', 'c-errors', 'sanitizerReports.js')) as {
  parseAsan(text: string, source: string): SanitizerFacts | undefined;
  parseMemcheck(text: string, source: string): SanitizerFacts | undefined;
};

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Which real tools this machine has (looked up once). */
export const TOOLS = (() => {
  const gcc = has('gcc');
  return { gcc, setarch: has('setarch') && spawnSync('setarch', ['-R', 'true']).status === 0, valgrind: gcc && has('valgrind') };
})();

export interface NativeRun {
  readonly stdout: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
}

export interface NativeFacts {
  /** gcc's diagnostics when it refused the program. */
  readonly rejected?: string;
  /** The warnings gcc gave (-Wall -Wextra, unused things apart: `-Wreturn-type`...): its behaviour may be undefined. */
  readonly warnings: readonly string[];
  readonly plain?: NativeRun;
  readonly asan?: SanitizerFacts;
  readonly memcheck?: SanitizerFacts;
}

const WARNINGS = ['-Wall', '-Wextra', '-Wno-unused-variable', '-Wno-unused-but-set-variable', '-Wno-unused-function', '-Wno-unused-value', '-Wno-unused-parameter', '-Wno-unused-label', '-Wno-sign-compare'];
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };

function run(command: string[], stdin: string, timeoutMs: number, env: NodeJS.ProcessEnv = ENV): NativeRun & { stderr: string } {
  const [cmd, ...args] = TOOLS.setarch ? ['setarch', '-R', ...command] : command;
  const r = spawnSync(cmd, args, { input: stdin, encoding: 'latin1', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20, env });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', exitCode: r.status, signal: r.signal, timedOut };
}

/**
 * The real thing on one C file: gcc's verdict and warnings, the native run (ASLR off), the ASan
 * build's first error and Memcheck's first error about uninitialised values.
 */
export function nativeFacts(source: string, stdin: string): NativeFacts {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-diff-'));
  try {
    const file = path.join(dir, 'mutant.c');
    fs.writeFileSync(file, source);
    const plain = path.join(dir, 'plain');
    const cc = spawnSync('gcc', ['-g', '-O0', ...WARNINGS, '-o', plain, file, '-lm'], { encoding: 'utf8', timeout: 30_000 });
    if (cc.status !== 0) return { rejected: cc.stderr.split('\n').find((l) => l.includes('error')) ?? 'gcc failed', warnings: [] };
    const warnings = [...new Set([...cc.stderr.matchAll(/warning: .*\[(-W[^\]=]+)/g)].map((m) => m[1]))].sort();
    const native = run([plain], stdin, 5_000);
    if (native.timedOut) return { warnings, plain: native };
    const asanExe = path.join(dir, 'asan');
    spawnSync('gcc', ['-g', '-O0', '-w', '-fsanitize=address', '-o', asanExe, file, '-lm'], { timeout: 30_000 });
    const asanRun = run([asanExe], stdin, 10_000, { ...ENV, ASAN_OPTIONS: 'detect_leaks=0:detect_stack_use_after_return=1' });
    const asan = safeParse(() => reports.parseAsan(asanRun.stderr, 'mutant.c'));
    let memcheck: SanitizerFacts | undefined;
    if (TOOLS.valgrind) {
      const vg = run(['valgrind', '--error-limit=no', plain], stdin, 30_000);
      memcheck = vg.timedOut ? undefined : safeParse(() => reports.parseMemcheck(vg.stderr, 'mutant.c'));
    }
    return { warnings, plain: native, ...(asan ? { asan } : {}), ...(memcheck ? { memcheck } : {}) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The report parsers throw on what they do not know (an ASan kind with no Memory Atlas name): say so as a kind. */
function safeParse(parse: () => SanitizerFacts | undefined): SanitizerFacts | undefined {
  try {
    return parse();
  } catch (e) {
    return { kind: `unparsed (${(e as Error).message.split('\n')[0].slice(0, 80)})`, line: 0 };
  }
}
