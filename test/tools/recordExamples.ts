// Records what gcc + Valgrind (or AddressSanitizer, or node) say about every bundled example, in
// test/fixtures/examples/<tutorial>/<name>.json (see exampleTools.ts).
// Usage: npx tsc -p tsconfig.json && node out/test/tools/recordExamples.js [NAME ...]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledExamples, fixturePath, inParallel, observeExample, toolFor } from './exampleTools';

const only = process.argv.slice(2).map((n) => n.replace(/\.(c|js)$/, ''));
const files = bundledExamples().filter((f) => !only.length || only.includes(path.basename(f).replace(/\.(c|js)$/, '')));

void inParallel(files, 2, async (file) => {
  const { tool, available } = toolFor(file, fs.readFileSync(file, 'utf8'));
  if (!available) throw new Error(`${tool} is needed to record ${file}`);
  const fixture = await observeExample(file);
  const target = fixturePath(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, JSON.stringify(fixture, null, 2) + '\n');
  const what = fixture.error ? `${fixture.error.kind} at line ${fixture.error.line}` : fixture.leaks ? `definitely ${fixture.leaks.definitelyLost.bytes}, indirectly ${fixture.leaks.indirectlyLost.bytes}` : '';
  console.log(`${path.relative(process.cwd(), file)}: ${tool}, exit ${fixture.exitCode ?? fixture.signal} ${what}`);
}).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
