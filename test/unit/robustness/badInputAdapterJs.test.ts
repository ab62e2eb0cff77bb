import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { SimulatedManagedHeap } from '../../../src/engine/managedHeap/simulatedManagedHeap';
import { jsLanguage } from '../../../src/lang/js/jsLanguage';
import { BAD_INPUT, generated, tempFile } from './badInputs';
import { DapHarness } from './dapHarness';

/**
 * The JavaScript bad inputs of issue #14 through the debug adapter, over DAP: what node answers
 * (quoted in badInputJs.test.ts) reaches the Debug Console, a runaway program is a stop that can be
 * stepped back from, and a file that cannot run fails its launch naming why.
 */
const dap = new DapHarness([jsLanguage()]);
const js = (name: string) => path.join(BAD_INPUT, name);

describe('bad input in JavaScript through the debug adapter (DAP): a clear answer, never a crash', function () {
  this.timeout(120_000);

  before(() => dap.listen());
  after(() => dap.close());
  afterEach(() => dap.stop());

  it('files that cannot run: the launch fails naming the problem and its line', async () => {
    const cases: Array<[string, RegExp]> = [
      [js('syntax_error.js'), /syntax_error\.js cannot run: 1 error \(line 3: SyntaxError: Unexpected token/],
      [js('unsupported.js'), /unsupported\.js cannot run: 1 error \(line 3: .*with/],
      [tempFile('huge.js', `${'let x = 1;\n'.repeat(1_000_000)}`), /line 1: this file has 11,000,000 characters/],
      [tempFile('binary.js', generated.binary()), /this file holds binary data/],
      [tempFile('brackets.js', `const a = ${'['.repeat(10_000)}${']'.repeat(10_000)};`), /this code is nested too deeply to parse/],
    ];
    for (const [program, why] of cases) {
      const { launched } = await dap.start({ program });
      await assert.rejects(launched, (e: Error) => why.test(e.message), `${program}: ${why}`);
      await dap.stop();
      dap.assertNoCrash();
    }
  });

  it('while (true) {} stops at the step limit, and can be stepped back from and continued', async () => {
    const stop = (await dap.runTo({ program: js('endless_loop.js'), stepLimit: 20_000 })) as DebugProtocol.StoppedEvent;
    assert.equal(stop.body.reason, 'step limit');
    assert.match(stop.body.description ?? '', /stopped after 20000 steps/);
    const dc = dap.dc!;
    const [back] = await Promise.all([dc.waitForEvent('stopped'), dc.stepBackRequest({ threadId: 1 })]);
    assert.equal((back as DebugProtocol.StoppedEvent).body.reason, 'step');
    const trace = await dc.stackTraceRequest({ threadId: 1 });
    assert.ok([3, 4].includes(trace.body.stackFrames[0].line), `line ${trace.body.stackFrames[0].line}`);
    const [again] = await Promise.all([dc.waitForEvent('stopped'), dc.continueRequest({ threadId: 1 })]);
    assert.equal((again as DebugProtocol.StoppedEvent).body.reason, 'step limit');
    dap.assertNoCrash();
  });

  it("a runaway array meets the simulated RAM + swap: V8's fatal out of memory in the Debug Console, and the out-of-memory filter stops before it", async () => {
    const end = (await dap.runTo({ program: js('runaway_array.js'), ramMiB: 4, swapMiB: 4 })) as DebugProtocol.StoppedEvent;
    assert.equal(end.body.reason, 'exited');
    assert.match(dap.printed(), /FATAL ERROR: Allocation failed - JavaScript heap out of memory/);
    dap.assertNoCrash();
    await dap.stop();
    const stop = (await dap.runTo({ program: js('runaway_array.js'), ramMiB: 4, swapMiB: 4 }, 'stopped', ['out-of-memory'])) as DebugProtocol.StoppedEvent;
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.description ?? '', /out-of-memory/);
    const trace = await dap.dc!.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0].line, 3);
    const vars = await dap.dc!.scopesRequest({ frameId: trace.body.stackFrames[0].id });
    assert.ok(vars.body.scopes.length > 0, 'the state is kept for inspection');
    dap.assertNoCrash();
  });

  it("recursion a million deep and new Array(2 ** 32) are node's uncaught RangeErrors, after what was printed before", async () => {
    for (const [name, error, before] of [
      ['deep_recursion.js', 'RangeError: Maximum call stack size exceeded', ''],
      ['invalid_array_length.js', 'RangeError: Invalid array length', 'before\n'],
    ]) {
      await dap.runTo({ program: js(name) });
      assert.ok(dap.printed().startsWith(before), name);
      assert.ok(dap.printed().includes(error), `${name}: ${dap.printed()}`);
      dap.assertNoCrash();
      await dap.stop();
    }
  });

  it('an empty file runs and ends with status 0', async () => {
    const end = (await dap.runTo({ program: js('empty.js') })) as DebugProtocol.StoppedEvent;
    assert.equal(end.body.reason, 'exited');
    assert.match(dap.printed(), /^exited with status 0 after \d+ steps?\n/);
  });

  it('one line of 100,000 characters runs to its output; a Latin-1 file (decoded as the editor decodes it, U+FFFD for the bad byte) prints what node prints', async () => {
    await dap.runTo({ program: tempFile('long.js', `let x = 0; ${'x = x + 1; '.repeat(10_000)}console.log(x);\n`) });
    assert.ok(dap.printed().includes('10000\n'), dap.printed());
    await dap.stop();
    await dap.runTo({ program: js('latin1.js') });
    assert.ok(dap.printed().includes('caf\ufffd 4\n'), dap.printed());
    dap.assertNoCrash();
  });

  it('output that looks like HTML reaches the Debug Console as the text it is', async () => {
    await dap.runTo({ program: js('html_output.js') });
    assert.ok(dap.outputs.includes('<img src=x onerror=alert(1)>\n'), JSON.stringify(dap.outputs));
    assert.ok(dap.outputs.includes('<script>alert(2)</script>\n'), JSON.stringify(dap.outputs));
  });

  it('a defect of Memory Atlas while running is an internal error with step and line, the output kept, and the session ends', async () => {
    const program = tempFile('defect.js', "console.log('before');\nconst o = { a: 1 };\nconsole.log(o.a);\n");
    // The object literal on line 2 is the program's first allocation after the image is set up.
    const original = SimulatedManagedHeap.prototype.allocate;
    SimulatedManagedHeap.prototype.allocate = function () {
      throw new TypeError('injected defect');
    };
    try {
      await dap.runTo({ program }, 'terminated');
    } finally {
      SimulatedManagedHeap.prototype.allocate = original;
    }
    assert.ok(dap.printed().startsWith('before\n'), 'what the program printed is kept');
    assert.match(dap.printed(), /Memory Atlas: internal error while running at step \d+, line 2: TypeError: injected defect/);
    assert.doesNotMatch(dap.printed(), /\n\s+at .+:\d+:\d+\)/);
  });
});
