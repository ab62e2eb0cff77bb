// How the JavaScript corpus (test/fixtures/js-programs/) is run by real node, shared by the
// recorder (scripts/record-js-corpus.js) and the unit test that compares Memory Atlas with node
// (test/unit/lang/js/corpus.test.ts), so both run node the same way.
//
// node runs with --stack-trace-limit=0: the interpreter's errors carry no stack frames (node's
// frames name its own internals, which a simulation cannot reproduce), so the reference is node
// printing its errors without frames, as it does for any error whose stack is its message line.
// A program that needs more flags says so on its second line: `// node-flags: --expose-gc`.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const CORPUS_DIR = path.join(__dirname, '..', 'test', 'fixtures', 'js-programs');
const BASE_FLAGS = ['--stack-trace-limit=0'];
/** Where a recorded fixture had the program's absolute path (node prints it in fatal errors). */
const PATH_PLACEHOLDER = '{{PROGRAM_PATH}}';
const TIMEOUT_MS = 20000;

/** The corpus programs' names (file names without .js), sorted. */
function programNames() {
  return fs.readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort();
}

function programPath(name) {
  return path.join(CORPUS_DIR, `${name}.js`);
}

/** The extra node flags a program's `// node-flags:` line (line 2) asks for. */
function nodeFlags(text) {
  const second = text.split('\n')[1] ?? '';
  const m = /^\/\/ node-flags:(.*)$/.exec(second);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}

/** The installed node's version ('v20.20.2'), or undefined when there is none. */
function installedNode() {
  const r = spawnSync('node', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * One run of a program by node: { stdout, stderr, exitCode } (exitCode null when killed, with
 * `signal`). `extraFlags` go before the program's own (a test preloading a module).
 */
function runNode(name, extraFlags = []) {
  const file = programPath(name);
  const flags = nodeFlags(fs.readFileSync(file, 'utf8'));
  return new Promise((resolve) => {
    const child = spawn('node', [...BASE_FLAGS, ...extraFlags, ...flags, file], { cwd: CORPUS_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode: code, ...(signal ? { signal } : {}), flags });
    });
  });
}

/** Runs `names` by node, `concurrency` at a time; resolves to a Map name -> run. */
async function runAll(names, concurrency = 2, extraFlags = []) {
  const results = new Map();
  const queue = [...names];
  async function worker() {
    while (queue.length) {
      const name = queue.shift();
      results.set(name, await runNode(name, extraFlags));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  return results;
}

function fixturePath(name) {
  return path.join(CORPUS_DIR, `${name}.expected.json`);
}

/** A recorded run with the program's path put back where the placeholder stands. */
function readFixture(name) {
  const file = fixturePath(name);
  if (!fs.existsSync(file)) return undefined;
  const f = JSON.parse(fs.readFileSync(file, 'utf8'));
  const put = (s) => s.split(PATH_PLACEHOLDER).join(programPath(name));
  return { ...f, stdout: put(f.stdout), stderr: put(f.stderr) };
}

/** The fixture text for a run: its path made a placeholder, so the fixture holds wherever the checkout is. */
function fixtureText(name, nodeVersion, run) {
  const take = (s) => s.split(programPath(name)).join(PATH_PLACEHOLDER);
  const fixture = { node: nodeVersion, flags: [...BASE_FLAGS, ...run.flags], stdout: take(run.stdout), stderr: take(run.stderr), exitCode: run.exitCode };
  return JSON.stringify(fixture, null, 2) + '\n';
}

module.exports = { CORPUS_DIR, BASE_FLAGS, PATH_PLACEHOLDER, programNames, programPath, nodeFlags, installedNode, runNode, runAll, fixturePath, readFixture, fixtureText };
