import * as fs from 'fs';
import * as path from 'path';

/**
 * The C programs of the interpreter benchmark live as files in test/bench/programs/, so the
 * interpreter (interpreterBench.ts) and gcc (scripts/bench.js) run the very same source.
 */
export const BENCH_PROGRAMS = path.join(__dirname, '..', '..', '..', 'test', 'bench', 'programs');

export function benchProgram(file: string): string {
  return fs.readFileSync(path.join(BENCH_PROGRAMS, file), 'utf8');
}
