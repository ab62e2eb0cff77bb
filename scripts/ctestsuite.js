#!/usr/bin/env node
// Runs c-testsuite's single-exec tests (github.com/c-testsuite/c-testsuite) on the simulated
// machine, judged as its posix runner judges a compiler: the program compiles, exits 0, and its
// stdout + stderr equal NAME.c.expected. The tests gcc's runner skips (tagged neither `portable`
// nor `arch-x86_64`) are skipped here too. The suite's code is not part of this project: give the
// path of a checkout (or an unpacked archive).
//
//   npm run ctestsuite -- /path/to/c-testsuite [--verbose] [NAME ...]
//
// Prints one line per failure with the reason, then the pass count and rate; exit status 0.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const positional = args.filter((a) => !a.startsWith('--'));
const suite = positional[0];
const only = new Set(positional.slice(1).map((n) => n.replace(/\.c$/, '')));

function fail(message) {
  console.error(message);
  process.exit(2);
}

if (!suite) fail('usage: npm run ctestsuite -- /path/to/c-testsuite [--verbose] [NAME ...]');
const dir = path.join(suite, 'tests', 'single-exec');
if (!fs.existsSync(dir)) fail(`${dir} does not exist: give the path of a c-testsuite checkout`);
const compiled = path.join(root, 'out', 'src', 'lang', 'c', 'program', 'cProgram.js');
if (!fs.existsSync(compiled)) fail('out/ is not built: run `npx tsc -p tsconfig.json` first (npm run ctestsuite does)');

const { CParser } = require(path.join(root, 'out', 'src', 'lang', 'c', 'parser.js'));
const { nodeModulesLocator } = require(path.join(root, 'out', 'src', 'lang', 'c', 'nodeModulesLocator.js'));
const { CProgram } = require(compiled);
const { Session } = require(path.join(root, 'out', 'src', 'session', 'session.js'));

/** The tags of a test (`portable`, `c89`, `arch-x86_64`, ...). */
function tags(file) {
  const t = `${file}.tags`;
  return fs.existsSync(t) ? fs.readFileSync(t, 'utf8').split(/\s+/).filter(Boolean) : [];
}

/** Why the test failed, or undefined when it passed. */
function judge(parser, file) {
  const source = fs.readFileSync(file, 'utf8');
  const expected = fs.readFileSync(`${file}.expected`, 'utf8');
  // The suite judges the compiled program as its runner runs it: an unchecked build (no ASan or Memcheck).
  const options = { noCheckpoints: true, maxSteps: 200_000_000, memoryChecks: false };
  let session;
  try {
    session = new Session(CProgram.create(parser, source, path.basename(file), options), options);
  } catch (e) {
    return `crash while compiling: ${e.message}`;
  }
  const errors = session.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || session.state === 'invalid') {
    const d = errors[0];
    return d ? `does not compile: ${d.range.startLine}:${d.range.startColumn}: ${d.message}` : 'does not compile';
  }
  let end;
  try {
    end = session.run();
  } catch (e) {
    return `crash while running: ${e.message}`;
  }
  const vm = session.program.vm;
  const output = vm.stdout + vm.stderr;
  if (end.kind !== 'exited') return `did not run to its end (${end.kind})`;
  if (end.signal) return `killed by ${end.signal}${vm.error ? `: ${vm.error.message}` : ''}`;
  if (end.code !== 0) return `exit status ${end.code}`;
  if (output !== expected) return `output differs: expected ${JSON.stringify(expected.slice(0, 80))}, got ${JSON.stringify(output.slice(0, 80))}`;
  return undefined;
}

(async () => {
  const parser = await CParser.create(nodeModulesLocator);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.c')).sort()
    .filter((f) => only.size === 0 || only.has(f.replace(/\.c$/, '')));
  let passed = 0;
  let skipped = 0;
  const failures = [];
  for (const f of files) {
    const file = path.join(dir, f);
    const t = tags(file);
    if (!t.includes('portable') && !t.includes('arch-x86_64')) {
      skipped++;
      continue;
    }
    const why = judge(parser, file);
    if (why === undefined) {
      passed++;
      if (verbose) console.log(`pass ${f}`);
    } else {
      failures.push(f);
      console.log(`FAIL ${f}: ${why}`);
    }
  }
  const run = passed + failures.length;
  const rate = run === 0 ? 0 : (100 * passed) / run;
  console.log(`c-testsuite single-exec: ${passed} of ${run} pass (${rate.toFixed(1)}%), ${skipped} skipped (not portable or x86-64)`);
})().catch((e) => fail(e.stack ?? String(e)));
