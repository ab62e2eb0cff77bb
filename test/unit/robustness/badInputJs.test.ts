import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { JsProgram } from '../../../src/lang/js/program/jsProgram';
import { decodeSource } from '../../../src/lang/sourceText';
import { Session } from '../../../src/session/session';
import type { RunReport } from '../../../src/shared/runReport';
import { BAD_INPUT, cli, generated, notACrash, tempFile } from './badInputs';

/**
 * The bad inputs of issue #14 in JavaScript, through `memory-atlas run` and through the Session.
 * Where node defines the answer (an uncaught RangeError, a syntax error, what is printed) the
 * message is node's (node 20.20.2, run by hand with --stack-trace-limit=0; quoted in each test).
 */
const js = (name: string) => path.join(BAD_INPUT, name);
const small = ['--ram', '4M', '--swap', '4M'];
/** The headline node prints for an uncaught error without frames. */
const headline = (stderr: string) => stderr.split('\n').find((l) => /^\[\w*Error: /.test(l));

function session(text: string, options: { ramBytes?: number; swapBytes?: number; maxSteps?: number } = {}): Session<JsProgram> {
  return new Session(JsProgram.create(text, 'test.js', options), { noCheckpoints: true, ...options });
}

describe('bad input in JavaScript through the CLI: node\'s answer, never a crash', function () {
  this.timeout(120_000);

  it('new Array(2 ** 32) is node\'s uncaught RangeError: Invalid array length, after the output before it', async () => {
    const out = notACrash(await cli('run', js('invalid_array_length.js')));
    assert.equal(out.stdout, 'before\n');
    assert.equal(headline(out.stderr), '[RangeError: Invalid array length]');
    assert.equal(out.exitCode, 1);
  });

  it('new Array(1e9) meets the simulated RAM + swap: V8\'s fatal heap out of memory (SIGABRT, 134), never the host\'s', async () => {
    const out = notACrash(await cli('run', js('huge_array.js')));
    assert.match(out.stderr, /FATAL ERROR: Allocation failed - JavaScript heap out of memory\n\(Memory Atlas: .*the heap asked for 8,000,\d{3},\d{3} bytes more, the simulated RAM \+ swap is 768 MiB\)/);
    assert.match(out.stderr, /killed by SIGABRT/);
    assert.equal(out.exitCode, 134);
    const report = JSON.parse((await cli('run', '--json', js('huge_array.js'))).stdout) as RunReport;
    assert.deepEqual([report.signal, report.errors.map((e) => [e.kind, e.line])], ['SIGABRT', [['out-of-memory', 2]]]);
  });

  it("'x'.repeat(2 ** 30) is node's RangeError: Invalid string length, catchable and uncaught", async () => {
    const out = notACrash(await cli('run', js('huge_repeat.js')));
    assert.equal(out.stdout, 'caught true Invalid string length\n');
    assert.equal(headline(out.stderr), '[RangeError: Invalid string length]');
    assert.equal(out.exitCode, 1);
  });

  it('an array and a Map growing forever: the simulated RAM + swap stops each with a message', async () => {
    for (const name of ['runaway_array.js', 'runaway_map.js']) {
      const out = notACrash(await cli('run', ...small, js(name)));
      assert.match(out.stderr, /FATAL ERROR: Allocation failed - JavaScript heap out of memory/, name);
      assert.equal(out.exitCode, 134, name);
    }
  });

  it('a string doubling forever ends as in node, even in 4 MiB: RangeError: Invalid string length', async () => {
    // `s + s` is a ConsString sharing its halves (32 bytes), so 29 doublings fit anywhere; node
    // --max-old-space-size=8 says the same.
    for (const limits of [[], small]) {
      const out = notACrash(await cli('run', ...limits, js('runaway_string.js')));
      assert.equal(headline(out.stderr), '[RangeError: Invalid string length]');
    }
  });

  it('while (true) {} stops at the step limit', async () => {
    const out = notACrash(await cli('run', '--max-steps', '20000', js('endless_loop.js')));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /stopped after 20000 steps \(the step limit\)/);
  });

  it('recursion a million deep is node\'s RangeError: Maximum call stack size exceeded', async () => {
    const out = notACrash(await cli('run', js('deep_recursion.js')));
    assert.equal(headline(out.stderr), '[RangeError: Maximum call stack size exceeded]');
    assert.equal(out.exitCode, 1);
  });

  it('a syntax error and an unsupported construct are diagnostics with their range', async () => {
    const syntax = notACrash(await cli('run', js('syntax_error.js')));
    assert.match(syntax.stderr, /syntax_error\.js:3:16: error: SyntaxError: Unexpected token/);
    const unsupported = notACrash(await cli('run', js('unsupported.js')));
    assert.match(unsupported.stderr, /unsupported\.js:3:1: error: .*with/);
    assert.equal(unsupported.exitCode, 1);
  });

  it('an empty file runs and exits 0, as node does', async () => {
    const out = notACrash(await cli('run', js('empty.js')));
    assert.deepEqual([out.stdout, out.exitCode], ['', 0]);
  });

  it('a 10 MB snippet, binary data and 10,000 nested brackets are one diagnostic each', async () => {
    const huge = notACrash(await cli('run', tempFile('huge.js', generated.tenMegabytes().replace(/int f(\d+)\(int x\)/g, 'function f$1(x)').replace('int main(void) { return f1(0); }', ''))));
    assert.match(huge.stderr, /huge\.js:1:1: error: this file has 10,\d{3},\d{3} characters/);
    assert.match(notACrash(await cli('run', tempFile('binary.js', generated.binary()))).stderr, /binary\.js:\d+:\d+: error: this file holds binary data/);
    for (const [name, text] of [['parens.js', `const x = ${'('.repeat(10_000)}1${')'.repeat(10_000)};`], ['arrays.js', `const a = ${'['.repeat(10_000)}${']'.repeat(10_000)};`], ['objects.js', `const o = ${'{a:'.repeat(10_000)}1${'}'.repeat(10_000)};`]]) {
      const out = notACrash(await cli('run', tempFile(name, text)));
      assert.equal(out.exitCode, 1, name);
      assert.match(out.stderr, /error: this code is nested too deeply to parse/, name);
    }
  });

  it('one line of 100,000 characters runs', async () => {
    const out = notACrash(await cli('run', tempFile('long.js', `let x = 0; ${'x = x + 1; '.repeat(10_000)}console.log(x);\n`)));
    assert.equal(out.stdout, '10000\n');
  });

  it('a Latin-1 file runs with a warning at its first bad byte; node prints the same', async () => {
    const out = notACrash(await cli('run', js('latin1.js')));
    assert.match(out.stderr, /latin1\.js:1:32: warning: this file is not UTF-8 \(byte 0xE9 here\)/);
    assert.equal(out.stdout, 'caf\ufffd 4\n'); // node: 'caf\ufffd 4'
  });

  it('output that looks like HTML is printed as text', async () => {
    const out = notACrash(await cli('run', js('html_output.js')));
    assert.equal(out.stdout, '<img src=x onerror=alert(1)>\n');
    assert.ok(out.stderr.startsWith('<script>alert(2)</script>\n'));
  });
});

describe('bad input in JavaScript through the Session: a stop with the state kept', function () {
  this.timeout(120_000);
  const text = (name: string) => decodeSource(fs.readFileSync(js(name))).text;

  it('runaway allocation ends in an out-of-memory fault; the snapshot still draws the full heap', () => {
    const s = session(text('runaway_array.js'), { ramBytes: 4 << 20, swapBytes: 4 << 20 });
    const end = s.run();
    assert.equal(end.kind === 'exited' && end.signal, 'SIGABRT');
    assert.deepEqual(s.program.faults().map((f) => [f.kind, f.line]), [['out-of-memory', 3]]);
    const snap = s.snapshot();
    assert.equal(snap.counters.rssBytes, 4 << 20); // the simulated RAM is full, the rest went to swap
  });

  it('an endless loop stops at the step limit, paused, and goes on', () => {
    const s = session(text('endless_loop.js'), { maxSteps: 20_000 });
    const stop = s.continue();
    assert.equal(stop.kind === 'stopped' && stop.reason, 'step-limit');
    assert.equal(s.state, 'paused');
    s.snapshot();
    assert.equal(s.continue().kind, 'stopped');
  });

  it('deep recursion, a huge repeat, an invalid length: uncaught RangeErrors, the session ends with status 1', () => {
    for (const name of ['deep_recursion.js', 'huge_repeat.js', 'invalid_array_length.js']) {
      const s = session(text(name));
      const end = s.run();
      assert.equal(end.kind === 'exited' && end.code, 1, name);
      assert.match(s.program.interp!.stderr, /\[RangeError: /, name);
      s.snapshot();
    }
  });

  it('files that cannot run are invalid sessions with a ranged diagnostic; an empty one has ended at once', () => {
    for (const [name, code, line] of [['syntax_error.js', 'syntax', 3], ['unsupported.js', 'unsupported', 3]] as const) {
      const s = session(text(name));
      assert.equal(s.state, 'invalid');
      assert.deepEqual([s.diagnostics[0].code, s.diagnostics[0].range.startLine], [code, line], name);
    }
    const empty = session('');
    assert.equal(empty.state, 'exited');
    assert.equal(empty.lastEvent.kind === 'exited' && empty.lastEvent.code, 0);
  });
});
