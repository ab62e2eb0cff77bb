// Records what Valgrind's Memcheck says about each program in test/fixtures/c-leaks/: compiles NAME.c
// with gcc -g -O0, runs it under `valgrind --leak-check=full --show-leak-kinds=all` and writes
// NAME.valgrind.json (heap summary, leak summary, loss records with their allocation lines).
// Usage: npx tsc -p tsconfig.json && node out/test/tools/recordLeakExpectations.js [NAME ...]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runValgrind } from './valgrindLeaks';

const DIR = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'c-leaks');
const only = process.argv.slice(2).map((n) => n.replace(/\.c$/, ''));
for (const file of fs.readdirSync(DIR).filter((f) => f.endsWith('.c')).sort()) {
  const name = file.slice(0, -2);
  if (only.length && !only.includes(name)) continue;
  const result = runValgrind(path.join(DIR, file));
  if (!result) throw new Error('gcc and valgrind are needed to record');
  fs.writeFileSync(path.join(DIR, `${name}.valgrind.json`), JSON.stringify(result, null, 2) + '\n');
  const s = result.summary;
  console.log(`${name}: definitely ${s.definitelyLost.bytes}/${s.definitelyLost.blocks}, indirectly ${s.indirectlyLost.bytes}/${s.indirectlyLost.blocks}, possibly ${s.possiblyLost.bytes}/${s.possiblyLost.blocks}, reachable ${s.stillReachable.bytes}/${s.stillReachable.blocks}`);
}
