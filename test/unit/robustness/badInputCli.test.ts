import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { RunReport } from '../../../src/shared/runReport';
import { BAD_INPUT, cli, generated, nativeRun, notACrash, tempFile } from './badInputs';

/**
 * Every bad input of issue #14 through `memory-atlas run`: a clear message (a diagnostic with its
 * range, a report line, a usage error), the program's own output where it has one, and never an
 * internal error, a JS stack trace, a hang or a host out-of-memory.
 */
describe('bad input through the CLI: a clear answer, never a crash', function () {
  this.timeout(120_000);
  const fixture = (name: string) => path.join(BAD_INPUT, name);

  it('a syntax error is a gcc-style diagnostic at its line and column', async () => {
    const out = notACrash(await cli('run', fixture('syntax_error.c')));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /syntax_error\.c:2:12: error: expected ';'/);
    const report = JSON.parse(notACrash(await cli('run', '--json', fixture('syntax_error.c'))).stdout) as RunReport;
    assert.deepEqual(report.diagnostics[0].range, { startLine: 2, startColumn: 12, endLine: 2, endColumn: 13 });
  });

  it('an unsupported construct is named at the place that needs it', async () => {
    const out = notACrash(await cli('run', fixture('unsupported.c')));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /unsupported\.c:3:15: error: a long double value \(80-bit x87 arithmetic\) is not supported yet/);
  });

  it('type errors are diagnostics at each offending expression', async () => {
    const out = notACrash(await cli('run', fixture('type_errors.c')));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /type_errors\.c:5:12: error: incompatible types when assigning to type 'int \*' from type 'struct point'/);
    assert.match(out.stderr, /type_errors\.c:6:12: error: 'struct point' has no member named 'z'/);
  });

  it('an empty file and a file with no main say that there is nothing to run', async () => {
    for (const name of ['empty.c', 'no_main.c']) {
      const out = notACrash(await cli('run', fixture(name)));
      assert.equal(out.exitCode, 1);
      assert.match(out.stderr, new RegExp(`${name.replace('.', '\\.')}:1:1: error: this file defines no 'main' function, so it cannot run`));
    }
  });

  it('an endless loop stops at the step limit with a message, the report says it had not ended', async () => {
    const out = notACrash(await cli('run', '--max-steps', '20000', fixture('endless_loop.c')));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /step-limit: at line 4/);
    assert.match(out.stderr, /stopped after 20000 steps \(the step limit\): the program may be in an endless loop/);
    assert.match(out.stderr, /==4242== stopped \(it had not ended\) after 20,000 steps/);
  });

  it('runaway allocation ends at the simulated RAM + swap: an out-of-memory error, or NULL to the program with --keep-going', async () => {
    const out = notACrash(await cli('run', '--ram', '8M', '--swap', '8M', fixture('runaway_allocation.c')));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /out-of-memory: at line 8 \(in main\)/);
    assert.match(out.stderr, /malloc\(1048576\) returned NULL: the process would commit more than the simulated RAM \+ swap \(16 MiB\)/);
    const going = notACrash(await cli('run', '--ram', '8M', '--swap', '8M', '--keep-going', fixture('runaway_allocation.c')));
    assert.equal(going.exitCode, 0);
    assert.match(going.stdout, /^1[0-5] MiB\n$/);
    assert.equal((await cli('run', '--ram', '12', fixture('runaway_allocation.c'))).exitCode, 2);
  });

  for (const [name, why] of [
    ['huge_malloc.c', /malloc\(70368744177664\) returned NULL: the process would commit more than the simulated RAM \+ swap/],
    ['calloc_overflow.c', /calloc\(\) returned NULL: count \* size overflows size_t/],
    ['negative_malloc.c', /malloc\(about 1\.84e\+19 bytes\) returned NULL: no allocation can be that large/],
  ] as const) {
    it(`${name}: an allocation no machine can serve is reported as ASan does; --keep-going gives the program NULL, as glibc does`, async () => {
      const out = notACrash(await cli('run', fixture(name)));
      assert.equal(out.exitCode, 1);
      assert.match(out.stderr, why);
      const going = notACrash(await cli('run', '--keep-going', fixture(name)));
      assert.deepEqual({ stdout: going.stdout, exitCode: going.exitCode }, nativeRun(name));
    });
  }

  it('recursion a million deep overflows the 8 MiB stack: SIGSEGV with a stack-overflow error, as natively', async () => {
    const out = notACrash(await cli('run', '--json', fixture('deep_recursion.c')));
    const report = JSON.parse(out.stdout) as RunReport;
    assert.equal(report.signal, nativeRun('deep_recursion.c').signal);
    assert.equal(out.exitCode, 139);
    assert.deepEqual(report.errors.map((e) => [e.kind, e.line]), [['stack-overflow', 3]]);
  });

  it('a 10 MB snippet is refused with one diagnostic, without parsing it', async () => {
    const out = notACrash(await cli('run', tempFile('huge.c', generated.tenMegabytes())));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /huge\.c:1:1: error: this file has 10,\d{3},\d{3} characters; Memory Atlas runs programs of up to 1,048,576 characters/);
  });

  it('one line of 100,000 characters runs', async () => {
    const out = notACrash(await cli('run', tempFile('long_line.c', generated.longLine())));
    assert.equal(out.stdout, `${generated.LONG_LINE_TERMS}\n`);
    assert.equal(out.exitCode, 0);
  });

  it('10,000 nested parentheses are a diagnostic at the place where the nesting gets too deep', async () => {
    const out = notACrash(await cli('run', tempFile('parens.c', generated.nestedParentheses(10_000))));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /parens\.c:1:\d+: error: this expression is nested more than 500 levels deep, more than Memory Atlas follows \(gcc accepts it\)/);
  });

  it('a binary file is named as binary data, not a cascade of syntax errors', async () => {
    const out = notACrash(await cli('run', tempFile('binary.c', generated.binary())));
    assert.equal(out.exitCode, 1);
    assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
    assert.match(out.stderr, /binary\.c:\d+:\d+: error: this file holds binary data \(a NUL byte here\), not program text/);
  });

  it('a file that is not UTF-8 runs, with a warning at the first bad byte', async () => {
    const out = notACrash(await cli('run', fixture('latin1.c')));
    assert.match(out.stderr, /latin1\.c:2:7: warning: this file is not UTF-8 \(byte 0xE9 here\)/);
    assert.deepEqual({ stdout: out.stdout, exitCode: out.exitCode }, nativeRun('latin1.c'));
  });

  it('a byte-order mark and CRLF line ends (a file saved on Windows) run as gcc runs them', async () => {
    const out = notACrash(await cli('run', fixture('bom_crlf.c')));
    assert.deepEqual({ stdout: out.stdout, exitCode: out.exitCode }, nativeRun('bom_crlf.c'));
  });

  it('a directory, a missing file, or a device that never ends are usage errors that say so', async () => {
    assert.match(notACrash(await cli('run', BAD_INPUT)).stderr, /cannot read .*: it is a directory/);
    assert.match(notACrash(await cli('run', path.join(BAD_INPUT, 'missing.c'))).stderr, /cannot read .*missing\.c: ENOENT/);
    if (fs.existsSync('/dev/zero')) {
      const out = notACrash(await cli('run', '/dev/zero'));
      assert.equal(out.exitCode, 2);
      assert.match(out.stderr, /it is larger than 64 MiB/);
    }
  });
});
