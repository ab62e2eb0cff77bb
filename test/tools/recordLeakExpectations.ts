// Records what Valgrind's Memcheck says about each program in test/fixtures/c-leaks/ and each
// bundled example in media/examples/: compiles NAME.c with gcc -g -O0, runs it under
// `valgrind --leak-check=full --show-leak-kinds=all` and writes NAME.valgrind.json (heap summary,
// leak summary, loss records with their allocation lines) to test/fixtures/c-leaks/ (the
// examples' to test/fixtures/c-leaks/examples/).
// Usage: npx tsc -p tsconfig.json && node out/test/tools/recordLeakExpectations.js [NAME ...]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runValgrind } from './valgrindLeaks';

import { LEAK_PROGRAMS } from './leakPrograms';

const only = process.argv.slice(2).map((n) => n.replace(/\.c$/, ''));
for (const { name, source, expected } of LEAK_PROGRAMS()) {
  if (only.length && !only.includes(name)) continue;
  const result = runValgrind(source);
  if (!result) throw new Error('gcc and valgrind are needed to record');
  fs.mkdirSync(path.dirname(expected), { recursive: true });
  fs.writeFileSync(expected, JSON.stringify(result, null, 2) + '\n');
  const s = result.summary;
  console.log(`${name}: definitely ${s.definitelyLost.bytes}/${s.definitelyLost.blocks}, indirectly ${s.indirectlyLost.bytes}/${s.indirectlyLost.blocks}, possibly ${s.possiblyLost.bytes}/${s.possiblyLost.blocks}, reachable ${s.stillReachable.bytes}/${s.stillReachable.blocks}`);
}
