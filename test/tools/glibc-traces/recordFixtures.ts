/**
 * Records test/fixtures/glibc-traces/*.json from test/tools/glibc-traces/traces/*.trace by running
 * each trace against the system's glibc through trace-runner.c.
 *
 *   npx tsc -p tsconfig.json && node out/test/tools/glibc-traces/recordFixtures.js
 *
 * The first comment lines of a trace become the fixture's description.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildRunner, runOnGlibc, systemLibcVersion } from './liveGlibc';
import type { TraceFixture } from './traceFormat';

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

function main(): void {
  const root = repoRoot();
  const tracesDir = path.join(root, 'test/tools/glibc-traces/traces');
  const fixturesDir = path.join(root, 'test/fixtures/glibc-traces');
  const exe = buildRunner();
  const glibc = systemLibcVersion();
  for (const file of fs.readdirSync(tracesDir).filter((f) => f.endsWith('.trace')).sort()) {
    const name = file.replace(/\.trace$/, '');
    const lines = fs.readFileSync(path.join(tracesDir, file), 'utf8').split('\n');
    while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
    const description = lines
      .filter((l) => l.startsWith('#'))
      .map((l) => l.replace(/^#\s?/, ''))
      .join(' ')
      .trim();
    const expected = runOnGlibc(exe, lines);
    const fixture: TraceFixture = { name, description, trace: lines, glibc, expected };
    fs.writeFileSync(path.join(fixturesDir, `${name}.json`), JSON.stringify(fixture, null, 1) + '\n');
    console.log(`${name}: ${expected.results.length} calls${expected.abort ? `, abort: ${expected.abort}` : ''}`);
  }
}

main();
