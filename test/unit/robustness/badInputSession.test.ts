import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { SessionOptions } from '../../../src/session/session';
import { type CSession, cSession } from '../lang/c/interpreter/runC';
import { decodeSource } from '../../../src/lang/sourceText';
import { testParser } from '../cProgram';
import { BAD_INPUT, generated, nativeRun } from './badInputs';

/**
 * The same bad inputs through the Session, as the editor drives it: diagnostics with ranges for
 * what cannot run, stops that keep the state (and can be stepped back from) for what runs away,
 * snapshots that draw whatever the program did to the heap.
 */
async function open(text: string, options: SessionOptions = {}, file = 'test.c'): Promise<CSession> {
  return cSession(await testParser(), text, file, options);
}
const fixture = (name: string) => fs.readFileSync(path.join(BAD_INPUT, name), 'utf8');

describe('bad input through the Session: a clear answer, never a crash', function () {
  this.timeout(120_000);

  it('syntax, unsupported and type errors: an invalid session with ranged diagnostics; commands answer, they do not throw', async () => {
    const cases: Array<[string, string, [number, number]]> = [
      ['syntax_error.c', "expected ';'", [2, 12]],
      ['unsupported.c', 'a long double value (80-bit x87 arithmetic) is not supported yet', [3, 15]],
      ['type_errors.c', "incompatible types when assigning to type 'int *' from type 'struct point'", [5, 12]],
      ['no_main.c', "this file defines no 'main' function, so it cannot run", [1, 1]],
      ['empty.c', "this file defines no 'main' function, so it cannot run", [1, 1]],
    ];
    for (const [name, message, [line, column]] of cases) {
      const s = await open(fixture(name), {}, name);
      assert.equal(s.state, 'invalid', name);
      const d = s.diagnostics.find((x) => x.severity === 'error');
      assert.ok(d?.message.startsWith(message), `${name}: ${d?.message}`);
      assert.deepEqual([d?.range.startLine, d?.range.startColumn], [line, column], name);
      for (const command of [() => s.run(), () => s.stepIn(), () => s.stepBack(), () => s.continue()]) {
        const e = command();
        assert.equal(e.kind, 'exited');
        assert.equal(e.kind === 'exited' && e.message, 'the program has errors and cannot run');
      }
    }
  });

  it('an endless loop stops at the step limit, paused with its state: a snapshot, a step back, and on again', async () => {
    const s = await open(fixture('endless_loop.c'), { maxSteps: 20_000, checkpointInterval: 1000 });
    const stop = s.continue();
    assert.equal(stop.kind === 'stopped' && stop.reason, 'step-limit');
    assert.match(stop.kind === 'stopped' ? stop.message ?? '' : '', /stopped after 20000 steps \(the step limit\)/);
    assert.equal(s.state, 'paused');
    const counter = s.snapshot().frames[0].slots.find((x) => x.name === 'i');
    assert.ok(counter && Number(counter.value) > 9000, counter?.value);
    const back = s.stepBack();
    assert.equal(back.kind === 'stopped' && back.steps, 19_999);
    const again = s.continue();
    assert.equal(again.kind === 'stopped' && again.reason, 'step-limit');
    assert.equal(again.kind === 'stopped' && again.steps, 39_999);
  });

  it('runaway allocation: out-of-memory at the simulated RAM + swap; going on, malloc returns NULL and the program ends', async () => {
    const limits = { ramBytes: 8 << 20, swapBytes: 8 << 20 };
    const s = await open(fixture('runaway_allocation.c'), { ...limits, noCheckpoints: true });
    const end = s.run();
    assert.equal(end.kind === 'exited' && end.code, 1);
    assert.deepEqual(s.program.memoryErrors.map((e) => [e.kind, e.line]), [['out-of-memory', 8]]);
    assert.ok(s.snapshot().counters.swapBytes > 0, 'pages went to swap on the way');
    const going = await open(fixture('runaway_allocation.c'), { ...limits, noCheckpoints: true, keepGoing: true });
    going.run();
    assert.match(going.program.vm!.stdout, /^1[0-5] MiB\n$/);
  });

  it('allocations no machine can serve (2^46 bytes, calloc overflow, a negative size) are NULL for the program and an error for the report', async () => {
    for (const name of ['huge_malloc.c', 'calloc_overflow.c', 'negative_malloc.c']) {
      const s = await open(fixture(name), { keepGoing: true, noCheckpoints: true });
      const end = s.run();
      assert.deepEqual({ stdout: s.program.vm!.stdout, exitCode: end.kind === 'exited' ? end.code : undefined }, nativeRun(name), name);
      assert.deepEqual(s.program.memoryErrors.map((e) => e.kind), ['out-of-memory'], name);
    }
  });

  it('recursion a million deep ends in SIGSEGV on the guard page, with the frames still there to look at', async () => {
    const s = await open(fixture('deep_recursion.c'), { noCheckpoints: true });
    const end = s.run();
    assert.equal(end.kind === 'exited' && end.signal, 'SIGSEGV');
    assert.equal(s.program.memoryErrors[0]?.kind, 'stack-overflow');
    const snapshot = s.snapshot();
    assert.equal(snapshot.state, 'exited');
    assert.ok((snapshot.frameCount ?? 0) > 200_000, `${snapshot.frameCount} frames`);
    assert.equal(snapshot.frames.length, 256);
    assert.deepEqual(snapshot.frames.slice(0, 2).map((f) => f.functionName), ['depth', 'depth']);
    assert.ok(snapshot.counters.rssBytes >= 8 << 20);
  });

  it('a 10 MB snippet, 10,000 nested parentheses and binary data are one diagnostic each, found before any recursion', async () => {
    const cases: Array<[string, string]> = [
      [generated.tenMegabytes(), 'too-large'],
      [generated.nestedParentheses(10_000), 'too-deep'],
      [decodeSource(generated.binary()).text, 'binary'],
    ];
    for (const [text, code] of cases) {
      const s = await open(text);
      assert.equal(s.state, 'invalid', code);
      assert.deepEqual(s.diagnostics.map((d) => d.code), [code]);
    }
  });

  it('one line of 100,000 characters runs; nesting up to the limit runs, in every shape of nesting', async () => {
    const long = await open(generated.longLine(), { noCheckpoints: true });
    long.run();
    assert.equal(long.program.vm!.stdout, `${generated.LONG_LINE_TERMS}\n`);
    // Each of these recursions in the checker, the lowering and the evaluator must fit in the stack at the limit.
    const shapes: Record<string, (n: number) => string> = {
      parentheses: (n) => `int main(void) { int x = ${'('.repeat(n)}1${')'.repeat(n)}; return x; }`,
      blocks: (n) => `int main(void) { ${'{'.repeat(n)} int x = 1; ${'}'.repeat(n)} return 0; }`,
      subscripts: (n) => `int a[2];\nint main(void) { return ${'a['.repeat(n)}0${']'.repeat(n)}; }`,
      calls: (n) => `int f(int x) { return x; }\nint main(void) { return ${'f('.repeat(n / 2)}0${')'.repeat(n / 2)}; }`,
      sums: (n) => `int main(void) { int x = 1; x = ${'x + '.repeat(n)}1; return x & 1; }`,
      negations: (n) => `int main(void) { int x = 1; x = ${'- '.repeat(n)}x; return 0; }`,
      conditions: (n) => `int main(void) { int x = 1; ${'if (x) '.repeat(n)}x = 2; return 0; }`,
      pointers: (n) => `int main(void) { int ${'*'.repeat(n)}p = 0; return p != 0; }`,
      initializers: (n) => `int main(void) { int x[1] = ${'{'.repeat(n)}1${'}'.repeat(n)}; return 0; }`,
    };
    for (const [shape, make] of Object.entries(shapes)) {
      const s = await open(`${make(490)}\n`, { noCheckpoints: true, maxSteps: 100_000 });
      assert.ok(!s.diagnostics.some((d) => d.code === 'too-deep'), `${shape} at 490 levels is within the limit`);
      if (s.state !== 'invalid') s.run();
      const deeper = await open(`${make(1000)}\n`, { noCheckpoints: true });
      assert.ok(deeper.diagnostics.some((d) => d.code === 'too-deep'), `${shape} at 1000 levels is past the limit`);
    }
  });

  it('a file that is not UTF-8 decodes with replacement characters and runs; a byte-order mark and CRLF are read as gcc reads them', async () => {
    const latin1 = decodeSource(fs.readFileSync(path.join(BAD_INPUT, 'latin1.c')));
    assert.deepEqual(latin1.diagnostics.map((d) => [d.code, d.range.startLine, d.range.startColumn]), [['encoding', 2, 7]]);
    assert.ok(latin1.text.includes('\ufffd'));
    for (const [name, text] of [['latin1.c', latin1.text], ['bom_crlf.c', fs.readFileSync(path.join(BAD_INPUT, 'bom_crlf.c'), 'utf8')]]) {
      const s = await open(text, { noCheckpoints: true }, name);
      const end = s.run();
      assert.deepEqual({ stdout: s.program.vm!.stdout, exitCode: end.kind === 'exited' ? end.code : undefined }, nativeRun(name), name);
    }
  });
});
