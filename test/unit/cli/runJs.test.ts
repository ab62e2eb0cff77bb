import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/runCli';
import { nodeModulesLocator } from '../../../src/lang/c/nodeModulesLocator';
import type { RunReport } from '../../../src/shared/runReport';

const run = (...args: string[]) => runCli(args, nodeModulesLocator);

function tempScript(source: string, name = 'prog.js'): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-js-')), name);
  fs.writeFileSync(file, source);
  return file;
}

describe('memory-atlas run FILE.js', () => {
  it('prints what node prints and exits with its status; the report goes to stderr', async () => {
    const out = await run('run', tempScript("const m = new Map([['a', 1]]);\nconsole.log('hi', m, [1, 2]);\n"));
    assert.equal(out.exitCode, 0, out.stderr);
    assert.equal(out.stdout, "hi Map(1) { 'a' => 1 } [ 1, 2 ]\n");
    assert.match(out.stderr, /exited with status 0 after 2 steps \(JavaScript statements executed\)/);
  });

  it('--json: a RunReport with the JavaScript fields; an uncaught error is status 1', async () => {
    const out = await run('run', tempScript("console.log(1);\nnull.x;\n"), '--json');
    assert.equal(out.exitCode, 1);
    const r = JSON.parse(out.stdout) as RunReport;
    assert.equal(r.language, 'js');
    assert.equal(r.stdout, '1\n');
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /TypeError: Cannot read properties of null \(reading 'x'\)/);
    assert.deepEqual(r.gc, []);
  });

  it('refuses options that are for C programs, and a bad --gc', async () => {
    const file = tempScript('1;\n');
    assert.equal((await run('run', file, '--allocator', 'buddy')).exitCode, 2);
    assert.match((await run('run', file, '--gc', 'nope')).stderr, /--gc needs one of generational, refcount, refcount\+cycles, got 'nope'/);
    assert.match((await run('maps', file)).stderr, /maps takes a C file/);
  });

  it('a syntax error is a diagnostic in the compiler format, status 1', async () => {
    const out = await run('run', tempScript('let = = 1;\n'));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /prog\.js:1:\d+: error: SyntaxError: /);
  });
});

describe('memory-atlas check FILE.js', () => {
  it("checks a JavaScript snippet's annotations against its run, and fails when one does not hold", async () => {
    const good = tempScript("// @atlas expect-stdout: 3\n// @atlas expect-exit: 0\nconsole.log(1 + 2);\n", 'good.js');
    const ok = await run('check', good);
    assert.equal(ok.exitCode, 0, ok.stdout);
    assert.match(ok.stdout, /ok {3}line 1: stdout/);
    assert.match(ok.stdout, /all 2 expectations hold/);
    const bad = tempScript("// @atlas expect-stdout: 4\nconsole.log(1 + 2);\n", 'bad.js');
    const fail = await run('check', bad, '--json');
    assert.equal(fail.exitCode, 1);
    const report = JSON.parse(fail.stdout) as { ok: boolean; files: { results: { ok: boolean }[] }[] };
    assert.equal(report.ok, false);
    assert.equal(report.files[0].results[0].ok, false);
  });
});
