import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const LEAKS = path.join(ROOT, 'test', 'fixtures', 'c-leaks');
const EXAMPLES = path.join(ROOT, 'media', 'examples');

export interface LeakProgram {
  readonly name: string;
  readonly source: string;
  /** Where Memcheck's recorded verdict is kept. */
  readonly expected: string;
}

/** The leak corpus and every bundled example: each has a recorded Memcheck verdict. */
export function LEAK_PROGRAMS(): LeakProgram[] {
  const list = (dir: string, expectedDir: string) =>
    fs.readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => ({
      name: f.slice(0, -2), source: path.join(dir, f), expected: path.join(expectedDir, `${f.slice(0, -2)}.valgrind.json`),
    }));
  return [...list(LEAKS, LEAKS), ...list(EXAMPLES, path.join(LEAKS, 'examples'))];
}
