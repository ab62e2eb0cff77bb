import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import realFs = require('fs');
import * as path from 'path';
import { GlibcMalloc } from '../../../src/engine/heap/glibc/glibcMalloc';
import type { RunReport } from '../../../src/shared/runReport';
import { cli, tempFile } from './badInputs';

const PRINTS_THEN_FREES = [
  '#include <stdio.h>', //         1
  '#include <stdlib.h>', //        2
  'int main(void) {', //           3
  '  printf("before\\n");', //     4
  '  fflush(stdout);', //          5
  '  int *p = malloc(sizeof *p);', // 6
  '  free(p);', //                 7
  '  printf("after\\n");', //      8
  '  return 0;', //                9
  '}', //                         10
].join('\n');

/** Replaces a method for the length of one test: a defect injected into Memory Atlas itself. */
async function withDefect<T extends object, K extends keyof T>(target: T, key: K, body: () => Promise<void>): Promise<void> {
  const original = target[key];
  (target as Record<K, unknown>)[key] = () => {
    throw new TypeError('injected defect');
  };
  try {
    await body();
  } finally {
    target[key] = original;
  }
}

/**
 * An internal error is a defect of Memory Atlas, never the program's: the CLI catches it at its
 * boundary, says it is an internal error with the step and line the run was at, keeps what the
 * program printed, and prints no JavaScript stack.
 */
describe('the CLI boundary: internal errors and the files it touches', function () {
  this.timeout(60_000);

  it('a defect while running is an internal error with step, line and function; the output printed so far is kept', async () => {
    const file = tempFile('defect.c', PRINTS_THEN_FREES);
    await withDefect(GlibcMalloc.prototype, 'free', async () => {
      const out = await cli('run', file);
      assert.equal(out.exitCode, 70);
      assert.equal(out.stdout, 'before\n');
      assert.match(out.stderr, /^memory-atlas: internal error while running at step \d+, line 7 \(in main\): TypeError: injected defect \(a defect of Memory Atlas, not of the program: please report it with the file\)\n$/);
      const report = JSON.parse((await cli('run', '--json', file)).stdout) as RunReport;
      assert.equal(report.stdout, 'before\n');
      assert.deepEqual({ ...report.internalError, step: 0 }, { message: 'TypeError: injected defect', step: 0, phase: 'running', line: 7, functionName: 'main' });
    });
  });

  it('a defect while building the report keeps the whole output', async () => {
    const file = tempFile('defect.c', PRINTS_THEN_FREES);
    await withDefect(GlibcMalloc.prototype, 'kernelBytes', async () => {
      const out = await cli('run', file);
      assert.equal(out.exitCode, 70);
      assert.equal(out.stdout, 'before\nafter\n');
      assert.match(out.stderr, /internal error while building the report at step \d+: TypeError: injected defect/);
      assert.doesNotMatch(out.stderr, /\n\s+at /);
    });
  });

  it('reads no file but the program and its --stdin-file (the parser\'s own files apart), and writes none', async () => {
    const program = tempFile('echo.c', '#include <stdio.h>\n#include "../secret.h"\nint main(void) { return 0; }\n');
    const echo = tempFile('echo.c', '#include <stdio.h>\nint main(void) {\n  int c;\n  while ((c = getchar()) != EOF) putchar(c);\n  return 0;\n}\n');
    const input = tempFile('input.txt', 'typed by the user\n');
    // The program's own files live in the simulated process's file system, never the host's.
    const opens = tempFile('opens.c', '#include <stdio.h>\nint main(void) {\n  FILE *f = fopen("/etc/hostname", "r");\n  FILE *w = fopen("written-by-the-snippet.txt", "w");\n  if (w) { fputs("hello\\n", w); fclose(w); }\n  printf("%s %s\\n", f ? "read" : "no-read", w ? "wrote" : "no-write");\n  return 0;\n}\n');
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    const touched: string[] = [];
    const spied = ['openSync', 'readFileSync', 'writeFileSync', 'appendFileSync', 'createReadStream', 'createWriteStream', 'readdirSync', 'statSync', 'lstatSync'] as const;
    // The module object itself (what src/ reads through its import bindings), not this file's view of it.
    const originals = spied.map((name) => [name, realFs[name]] as const);
    for (const [name, original] of originals) {
      (realFs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        if (typeof args[0] === 'string') touched.push(`${name} ${path.resolve(args[0])}`);
        return (original as (...a: unknown[]) => unknown).apply(realFs, args);
      };
    }
    let outputs: Array<{ stdout: string; exitCode: number }>;
    try {
      outputs = [await cli('run', program), await cli('run', echo, '--stdin-file', input), await cli('maps', echo), await cli('run', opens)];
    } finally {
      for (const [name, original] of originals) (realFs as unknown as Record<string, unknown>)[name] = original;
    }
    assert.equal(outputs[0].exitCode, 1); // the include is refused, not read
    assert.equal(outputs[1].stdout, 'typed by the user\n');
    assert.equal(outputs[3].stdout, 'no-read wrote\n'); // the simulated file system has no /etc/hostname
    assert.ok(!fs.existsSync('written-by-the-snippet.txt') && !fs.existsSync(path.join(path.dirname(opens), 'written-by-the-snippet.txt')));
    const allowed = new Set([program, echo, input, opens].map((p) => path.resolve(p)));
    const stray = touched.filter((t) => {
      const [op, p] = [t.slice(0, t.indexOf(' ')), t.slice(t.indexOf(' ') + 1)];
      if (op.startsWith('write') || op.startsWith('append') || op === 'createWriteStream') return true;
      return !allowed.has(p) && !p.startsWith(path.join(root, 'node_modules') + path.sep) && !p.startsWith(path.join(root, 'dist') + path.sep) && p !== path.join(root, 'package.json');
    });
    assert.deepEqual(stray, []);
    assert.ok(touched.some((t) => t.endsWith(path.resolve(input))), 'the spy saw the reads');
  });

  it('never runs the program natively: nothing under src/ can start a process', () => {
    const src = path.resolve(__dirname, '..', '..', '..', '..', 'src');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|js)$/.test(e.name) && /from ['"](node:)?child_process['"]|require\(['"](node:)?child_process['"]\)/.test(fs.readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(src);
    assert.deepEqual(offenders, []);
  });
});
