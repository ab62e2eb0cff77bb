#!/usr/bin/env node
// Records what real node prints for the JavaScript corpus in test/fixtures/js-programs/: runs each
// NAME.js with `node --stack-trace-limit=0` (plus the flags its `// node-flags:` line asks for),
// twice, and writes NAME.expected.json = { node, flags, stdout, stderr, exitCode }, the program's
// absolute path replaced by a placeholder.
//
// It fails (exit 1) when a corpus rule is broken:
//   - the two runs differ (what a program prints must not depend on timing or addresses);
//   - line 1 is not a one-line comment saying what the program teaches, or the file is not
//     5-120 lines;
//   - node is not the release the interpreter simulates (the fixtures would say another version).
//
// Usage: node scripts/record-js-corpus.js [--check] [NAME ...]
//   --check  record nothing; compare node's runs with the existing fixtures.
//   NAME     only these programs (with or without .js).
'use strict';
const fs = require('fs');
const corpus = require('./jsCorpusRuns');

/** Kept equal to SIMULATED_NODE_VERSION in src/lang/js/inspect/uncaughtText.ts (the corpus test checks). */
const SIMULATED_NODE = 'v20.20.2';

function ruleProblems(name) {
  const text = fs.readFileSync(corpus.programPath(name), 'utf8');
  const lines = text.split('\n');
  const problems = [];
  if (!/^\/\/ \S.*$/.test(lines[0])) problems.push('line 1 must be a comment saying what it teaches');
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  if (count < 5 || count > 120) problems.push(`${count} lines (5-120 expected)`);
  return problems;
}

const same = (a, b) => a.stdout === b.stdout && a.stderr === b.stderr && a.exitCode === b.exitCode && a.signal === b.signal;

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const wanted = args.filter((a) => !a.startsWith('--')).map((a) => a.replace(/\.js$/, ''));
  const all = corpus.programNames();
  const unknown = wanted.filter((n) => !all.includes(n));
  if (unknown.length) throw new Error(`no such program: ${unknown.join(', ')}`);
  const names = wanted.length ? wanted : all;
  const version = corpus.installedNode();
  if (version !== SIMULATED_NODE) throw new Error(`node ${version ?? 'is not installed'}; the corpus records ${SIMULATED_NODE}`);

  const first = await corpus.runAll(names);
  const second = await corpus.runAll(names);
  let failures = 0;
  for (const name of names) {
    const problems = ruleProblems(name);
    const run = first.get(name);
    if (!same(run, second.get(name))) problems.push('two runs printed different things');
    if (run.signal) problems.push(`killed by ${run.signal} (timeout?)`);
    const text = corpus.fixtureText(name, version, run);
    if (check) {
      const file = corpus.fixturePath(name);
      if (!fs.existsSync(file)) problems.push('no fixture');
      else if (fs.readFileSync(file, 'utf8') !== text) problems.push('node now prints something else than the fixture');
    } else if (problems.length === 0) {
      fs.writeFileSync(corpus.fixturePath(name), text);
    }
    if (problems.length) {
      failures++;
      console.log(`${name}: ${problems.join('; ')}`);
    } else {
      console.log(`${name}: ${check ? 'matches' : 'recorded'} (exit ${run.exitCode}${run.flags.length ? `, ${run.flags.join(' ')}` : ''})`);
    }
  }
  console.log(`${names.length - failures} of ${names.length} programs ${check ? 'match their fixtures' : 'recorded'}`);
  process.exitCode = failures ? 1 : 0;
}

main().catch((e) => {
  console.error(`record-js-corpus: ${e.message}`);
  process.exitCode = 1;
});
