import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { GlibcMalloc } from '../../../src/engine/heap/glibc/glibcMalloc';
import { nodeModulesLocator } from '../../../src/lang/c/nodeModulesLocator';
import { cLanguage } from '../../../src/lang/c/program/cLanguage';
import { BAD_INPUT, generated, nativeRun, tempFile } from './badInputs';
import { DapHarness } from './dapHarness';

/**
 * The bad inputs through the debug adapter, over DAP, served in this process so a test can also
 * inject a defect into Memory Atlas and see the adapter's boundary catch it.
 */
const dap = new DapHarness([cLanguage(nodeModulesLocator)]);
const start = (args: Record<string, unknown>) => dap.start(args);
const runTo = (args: Record<string, unknown>, event?: string, filters?: string[]) => dap.runTo(args, event, filters);
const printed = () => dap.printed();
const continueUntilPrinted = (text: string) => dap.continueUntilPrinted(text);
const noCrash = () => dap.assertNoCrash();

describe('bad input through the debug adapter (DAP): a clear answer, never a crash', function () {
  this.timeout(120_000);

  before(() => dap.listen());
  after(() => dap.close());
  afterEach(() => dap.stop());

  it('files that cannot run: the launch fails naming the problem, the Debug Console lists the diagnostics', async () => {
    const cases: Array<[string, RegExp]> = [
      [path.join(BAD_INPUT, 'syntax_error.c'), /syntax_error\.c cannot run: 1 error \(line 2: expected ';'/],
      [path.join(BAD_INPUT, 'unsupported.c'), /line 3: a long double value \(80-bit x87 arithmetic\) is not supported yet/],
      [path.join(BAD_INPUT, 'type_errors.c'), /2 errors \(line 5: incompatible types/],
      [path.join(BAD_INPUT, 'empty.c'), /line 1: this file defines no 'main' function/],
      [path.join(BAD_INPUT, 'no_main.c'), /no_main\.c cannot run: 1 error \(line 1: this file defines no 'main' function/],
      [tempFile('huge.c', generated.tenMegabytes()), /line 1: this file has 10,\d{3},\d{3} characters/],
      [tempFile('parens.c', generated.nestedParentheses(10_000)), /nested more than 500 levels deep/],
      [tempFile('binary.c', generated.binary()), /this file holds binary data/],
    ];
    for (const [program, why] of cases) {
      const { launched } = await start({ program });
      await assert.rejects(launched, (e: Error) => why.test(e.message), program);
      await dap.stop();
      noCrash();
    }
  });

  it('an endless loop stops at the step limit, and can be stepped back from', async () => {
    const stop = (await runTo({ program: path.join(BAD_INPUT, 'endless_loop.c'), stepLimit: 20_000 })) as DebugProtocol.StoppedEvent;
    assert.equal(stop.body.reason, 'step limit');
    assert.match(stop.body.description ?? '', /stopped after 20000 steps/);
    const [back] = await Promise.all([dap.dc!.waitForEvent('stopped'), dap.dc!.stepBackRequest({ threadId: 1 })]);
    assert.equal((back as DebugProtocol.StoppedEvent).body.reason, 'step');
    noCrash();
  });

  it('runaway allocation meets the simulated RAM + swap: the program sees NULL and ends', async () => {
    await runTo({ program: path.join(BAD_INPUT, 'runaway_allocation.c'), ramMiB: 8, swapMiB: 8, keepGoing: true }, 'stopped');
    assert.match(printed(), /1[0-5] MiB\n/);
    noCrash();
  });

  it('recursion a million deep: a stop before the stack overflow, and a stack trace that pages through 200,000 frames', async () => {
    const stop = (await runTo({ program: path.join(BAD_INPUT, 'deep_recursion.c') })) as DebugProtocol.StoppedEvent;
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.description ?? '', /stack-overflow/);
    const trace = await dap.dc!.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 20 });
    assert.equal(trace.body.stackFrames.length, 20);
    assert.ok((trace.body.totalFrames ?? 0) > 200_000, `${trace.body.totalFrames} frames`);
    assert.equal(trace.body.stackFrames[0].name, 'depth');
    noCrash();
  });

  it("the issue's dangling-pointer program with keepGoing prints what gcc's build prints; every stop's snapshot is built", async () => {
    await runTo({ program: path.join(BAD_INPUT, 'dangling_keep_going.c'), keepGoing: true }, 'stopped');
    await continueUntilPrinted(nativeRun('dangling_keep_going.c').stdout);
    noCrash();
  });

  for (const name of ['huge_malloc.c', 'calloc_overflow.c', 'negative_malloc.c']) {
    it(`${name}: an allocation no machine can serve ends the run as ASan does; with keepGoing the program sees NULL, as natively (and the out-of-memory filter stops there)`, async () => {
      const end = (await runTo({ program: path.join(BAD_INPUT, name) })) as DebugProtocol.StoppedEvent;
      assert.equal(end.body.reason, 'exited');
      assert.match(printed(), /out-of-memory: at line \d+ \(in main\)\n  (malloc|calloc)\(.*\) returned NULL: /);
      noCrash();
      await dap.stop();
      const stop = (await runTo({ program: path.join(BAD_INPUT, name), keepGoing: true }, 'stopped', ['out-of-memory'])) as DebugProtocol.StoppedEvent;
      assert.equal(stop.body.reason, 'exception');
      assert.match(stop.body.description ?? '', /out-of-memory/);
      await continueUntilPrinted(nativeRun(name).stdout);
      noCrash();
    });
  }

  it('one line of 100,000 characters runs to its output', async () => {
    await runTo({ program: tempFile('long_line.c', generated.longLine()) }, 'stopped');
    await continueUntilPrinted(`${generated.LONG_LINE_TERMS}\n`);
    noCrash();
  });

  it('a file that is not UTF-8 and a file saved on Windows (BOM + CRLF) run to what gcc\'s build prints', async () => {
    for (const name of ['latin1.c', 'bom_crlf.c']) {
      await runTo({ program: path.join(BAD_INPUT, name) }, 'stopped');
      await continueUntilPrinted(nativeRun(name).stdout);
      noCrash();
      await dap.stop();
    }
  });

  it('a defect of Memory Atlas while running is an internal error in the Debug Console with step and line, no stack, and the session ends', async () => {
    const program = tempFile('defect.c', '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  printf("before\\n");\n  fflush(stdout);\n  int *p = malloc(sizeof *p);\n  free(p);\n  return 0;\n}\n');
    const original = GlibcMalloc.prototype.free;
    GlibcMalloc.prototype.free = () => {
      throw new TypeError('injected defect');
    };
    try {
      await runTo({ program }, 'terminated');
    } finally {
      GlibcMalloc.prototype.free = original;
    }
    assert.ok(printed().includes('before\n'), 'what the program printed is kept');
    assert.match(printed(), /Memory Atlas: internal error while running at step \d+, line 7 \(in main\): TypeError: injected defect \(a defect of Memory Atlas/);
    assert.doesNotMatch(printed(), /\n\s+at .+:\d+:\d+\)/);
  });

  it('program output that looks like HTML reaches the Debug Console as the text it is', async () => {
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const program = tempFile('xss.c', `#include <stdio.h>\nint main(void) {\n  puts("${payload}");\n  return 0;\n}\n`);
    await runTo({ program }, 'stopped');
    assert.ok(dap.outputs.includes(`${payload}\n`), JSON.stringify(dap.outputs));
  });
});
