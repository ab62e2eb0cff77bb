/**
 * Runs one C program on JSCPP (the C/C++ interpreter on npm, a devDependency) for `npm run bench`:
 *   node out/test/bench/jscppBench.js FILE [ITERATIONS]
 * ITERATIONS, when given, replaces the value of the program's `#define ITERATIONS` line, so a
 * program too slow for a bench run can be measured at a smaller size and scaled by the caller.
 * Prints one JSON line: { seconds, exitCode, stdout, iterations }. The time covers JSCPP.run
 * (its preprocessing and parsing included), in this fresh process.
 */
import * as fs from 'fs';

interface Jscpp {
  run(code: string, input: string, config: { stdio: { write(s: string): void } }): number;
}

export interface JscppBenchResult {
  readonly seconds: number;
  readonly exitCode: number;
  readonly stdout: string;
  readonly iterations?: number;
}

// JSCPP ships no type declarations; this is the one entry point used.
const jscpp = require('JSCPP') as Jscpp;

export function runOnJscpp(file: string, iterations?: number): JscppBenchResult {
  let code = fs.readFileSync(file, 'utf8');
  if (iterations !== undefined) {
    const define = /^#define ITERATIONS \d+$/m;
    if (!define.test(code)) throw new Error(`${file} has no "#define ITERATIONS N" line to resize`);
    code = code.replace(define, `#define ITERATIONS ${iterations}`);
  }
  let stdout = '';
  const start = process.hrtime.bigint();
  const exitCode = jscpp.run(code, '', { stdio: { write: (s) => { stdout += s; } } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, exitCode, stdout: stdout.trim(), iterations };
}

if (require.main === module) {
  const [file, n] = process.argv.slice(2);
  if (!file) throw new Error('usage: jscppBench.js FILE [ITERATIONS]');
  console.log(JSON.stringify(runOnJscpp(file, n === undefined ? undefined : Number(n))));
}
