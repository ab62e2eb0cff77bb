import * as assert from 'node:assert/strict';
import { runC, startC } from './runC';

/**
 * exit() and atexit() as glibc 2.36 runs them; each expected output is what the same program
 * printed compiled by gcc 12 and run natively (stdout a pipe). The corpus programs exit_status.c
 * and atexit_handlers.c compare whole runs with gcc.
 */
describe('C interpreter: exit and atexit', () => {
  const HANDLERS = `#include <stdio.h>
#include <stdlib.h>
static void h1(void) { printf("h1\\n"); }
static void h2(void) { printf("h2 calls exit(7)\\n"); exit(7); }
static void h3(void) { printf("h3\\n"); }
static void h4(void) { printf("h4 registers h1 again\\n"); atexit(h1); }
`;

  it('handlers run newest first after main returns; one registered during exit runs next; exit in a handler goes on with the rest', async () => {
    const run = await runC(`${HANDLERS}int main(void) { atexit(h1); atexit(h2); atexit(h3); atexit(h4); printf("main returns 2\\n"); return 2; }\n`);
    assert.equal(run.stdout, 'main returns 2\nh4 registers h1 again\nh1\nh3\nh2 calls exit(7)\nh1\n');
    assert.equal(run.code, 7);
  });

  it('exit() from deep in the call stack runs them too, before stdio is flushed', async () => {
    const run = await runC(`${HANDLERS}void deep(int n) { if (n == 0) { printf("exit(5)\\n"); exit(5); } deep(n - 1); printf("never\\n"); }
int main(void) { atexit(h1); atexit(h3); deep(3); return 0; }\n`);
    assert.equal(run.stdout, 'exit(5)\nh3\nh1\n');
    assert.equal(run.code, 5);
  });

  it('_exit and _Exit skip the handlers and lose buffered output', async () => {
    for (const call of ['_exit', '_Exit']) {
      const run = await runC(`#include <stdio.h>\n#include <stdlib.h>\n#include <unistd.h>\nstatic void h(void) { printf("handler\\n"); }\nint main(void) { atexit(h); printf("lost"); ${call}(4); }\n`);
      assert.equal(run.stdout, '', call);
      assert.equal(run.code, 4, call);
    }
  });

  it('the 32nd handler (ld.so registered one) gets a calloc\'d block, freed again at exit', async () => {
    const s = await startC(`#include <stdlib.h>\nstatic void h(void) { }\nint main(void) {\n  for (int i = 0; i < 31; i++) atexit(h);\n  atexit(h);\n  return 0;\n}\n`, { noCheckpoints: true });
    // calloc(1, 1040) is a 1056-byte chunk (the first allocation also creates glibc's 656-byte tcache).
    const listBlocks = () => s.program.vm!.process.allocator.chunks().filter((c) => c.state === 'in-use' && c.size === 1056).length;
    s.runToLine(5);
    assert.equal(listBlocks(), 0);
    s.stepIn();
    assert.equal(listBlocks(), 1);
    s.run();
    assert.equal(listBlocks(), 0);
  });

  it('a handler is an ordinary call from exit\'s frame: it can be stepped into', async () => {
    const s = await startC(`#include <stdio.h>\n#include <stdlib.h>\nstatic void bye(void) {\n  puts("bye");\n}\nint main(void) {\n  atexit(bye);\n  return 0;\n}\n`);
    s.setBreakpoints([4]);
    const stop = s.continue();
    assert.equal(stop.kind, 'stopped');
    assert.deepEqual(s.snapshot().frames.map((f) => f.functionName), ['bye']);
    assert.deepEqual(s.program.vm!.process.callStack.frames.map((f) => f.functionName), ['exit', 'bye']);
    // Back to main's closing brace (the step before), and into the handler again.
    const back = s.stepBack();
    assert.equal(back.kind === 'stopped' && back.functionName, 'main');
    assert.equal(s.stepIn().kind === 'stopped' && s.snapshot().frames[0].functionName, 'bye');
    const end = s.continue();
    assert.equal(end.kind, 'exited');
    assert.equal(s.program.vm!.stdout, 'bye\n');
  });
});
