import * as assert from 'node:assert/strict';
import type { StopEvent } from '../../../src/session/sessionEvents';
import { startC } from '../lang/c/interpreter/runC';

const stopLine = (e: StopEvent) => (e.kind === 'stopped' ? e.line : -1);
const reason = (e: StopEvent) => (e.kind === 'stopped' ? e.reason : e.kind);

const COUNTER = [
  '#include <stdlib.h>', //                      1
  'struct box { int a; int b; };', //            2
  'void bump(struct box *p) {', //               3
  '  p->b += 10;', //                            4
  '}', //                                        5
  'int main(void) {', //                         6
  '  struct box *q = malloc(sizeof *q);', //     7
  '  q->a = 1;', //                              8
  '  q->b = 2;', //                              9
  '  q->a = 3;', //                             10
  '  bump(q);', //                              11
  '  q->a = q->b;', //                          12
  '  free(q);', //                              13
  '  return 0;', //                             14
  '}', //                                       15
].join('\n');

describe('Session: data breakpoints and fault stops', () => {
  it('stops after each statement that writes a watched field, going forward and backward', async () => {
    const s = await startC(COUNTER);
    s.runToLine(8);
    const q = BigInt(s.snapshot().frames[0].slots.find((x) => x.name === 'q')!.value);
    // Watch q->b (4 bytes at offset 4 of the block).
    s.setDataBreakpoints([{ address: Number(q) + 4, size: 4 }]);
    const first = s.continue();
    assert.equal(reason(first), 'data-breakpoint');
    assert.equal(stopLine(first), 10, 'stopped after line 9 wrote q->b');
    assert.deepEqual(first.kind === 'stopped' && first.writes?.map((w) => w.size), [4]);
    const second = s.continue();
    assert.equal(reason(second), 'data-breakpoint');
    assert.equal(stopLine(second), 5, 'inside bump, after line 4 wrote it');
    assert.equal(second.kind === 'stopped' && second.functionName, 'bump');
    s.continue();
    assert.equal(s.lastEvent.kind, 'exited');

    // Which statement last wrote it? Going backwards stops before the writer.
    const back = s.reverseContinue();
    assert.equal(reason(back), 'data-breakpoint');
    assert.equal(stopLine(back), 4, 'before line 4, the last writer');
    const back2 = s.reverseContinue();
    assert.equal(stopLine(back2), 9);
    assert.equal(reason(s.reverseContinue()), 'entry');
  });

  it('stops at a use-after-free just before the faulting statement, alive, then runs into it', async () => {
    const uaf = COUNTER.replace('  return 0;', '  q->a = 5;');
    const s = await startC(uaf);
    s.setFaultStops(['use-after-free']);
    const stop = s.continue();
    assert.equal(reason(stop), 'exception');
    assert.equal(stopLine(stop), 14);
    assert.equal(s.state, 'paused');
    assert.ok(stop.kind === 'stopped' && stop.fault);
    assert.equal(stop.kind === 'stopped' && stop.fault?.kind, 'use-after-free');
    assert.match(stop.kind === 'stopped' ? stop.fault!.text.join('\n') : '', /^use-after-free: WRITE of 4 bytes at 0x[0-9a-f]+, line 14 \(in main\)\n {2}0x[0-9a-f]+ is 0 bytes inside the 8-byte block allocated at line 7 \(in main\) and freed at line 13 \(in main\)$/);
    // Going on runs the statement: the checked program ends there, as a sanitizer build does.
    const end = s.continue();
    assert.equal(end.kind, 'exited');
    assert.equal(end.kind === 'exited' && end.code, 1);
  });

  it('with keepGoing, stops before each new fault and goes on past it', async () => {
    const twice = COUNTER.replace('  return 0;', '  q->a = 5;\n  q->b = 6;\n  return 0;');
    const s = await startC(twice, { keepGoing: true });
    s.setFaultStops(['*']);
    assert.deepEqual([s.continue(), s.continue()].map(stopLine), [14, 15]);
    const end = s.continue();
    assert.equal(end.kind === 'exited' && end.code, 0);
    assert.equal(s.program.memoryErrors.length, 2);
  });

  it('stopping on leaks goes back to just before each statement that loses a last pointer', async () => {
    const leaky = [
      '#include <stdlib.h>', //           1
      'int main(void) {', //              2
      '  char *a = malloc(64);', //       3
      '  a = malloc(32);', //             4
      '  char *b = malloc(16);', //       5
      '  b = 0;', //                      6
      '  free(a);', //                    7
      '  return 0;', //                   8
      '}', //                             9
    ].join('\n');
    const s = await startC(leaky);
    s.setFaultStops(['leak']);
    const first = s.continue();
    assert.equal(reason(first), 'exception');
    assert.equal(stopLine(first), 4);
    assert.match(first.kind === 'stopped' ? first.fault!.text[0] : '', /^leak: the last pointer to the 64-byte block at 0x[0-9a-f]+ \(allocated at line 3 \(in main\)\) is lost here: it is definitely lost$/);
    assert.equal(stopLine(s.continue()), 6);
    assert.equal(s.continue().kind, 'exited');
  });

  it('step back to the previous stop undoes a step over instead of entering the call', async () => {
    const s = await startC(COUNTER);
    s.runToLine(11);
    s.stepOver();
    assert.equal(stopLine(s.lastEvent), 12);
    assert.equal(stopLine(s.stepBack('previous-stop')), 11);
    s.stepIn();
    assert.equal(stopLine(s.lastEvent), 4);
    assert.equal(stopLine(s.stepBack('previous-stop')), 11);
    // With no step to undo (after a continue), the previous statement of this function.
    s.setBreakpoints([12]);
    s.continue();
    assert.equal(stopLine(s.stepBack('previous-stop')), 11);
    assert.equal(stopLine(s.stepBack()), 10, 'one statement back');
  });

  it('steps into the call a user picks among those a statement makes', async () => {
    const nested = [
      'int twice(int x) {', //                 1
      '  return 2 * x;', //                    2
      '}', //                                  3
      'int add(int a, int b) {', //            4
      '  return a + b;', //                    5
      '}', //                                  6
      'int main(void) {', //                   7
      '  int r = add(twice(1), twice(2));', // 8
      '  return r;', //                        9
      '}', //                                 10
    ].join('\n');
    const s = await startC(nested);
    // gcc evaluates the arguments right to left: twice(2), twice(1), then add.
    assert.deepEqual(s.program.stepInTargets().map((t) => t.label), ['twice(2)', 'twice(1)', 'add(twice(1), twice(2))']);
    const intoAdd = s.runNow({ kind: 'step-in-target', target: 2 });
    assert.equal(intoAdd.kind === 'stopped' && intoAdd.functionName, 'add');
    assert.equal((s.program.inspector.evaluate('a', 0, 'watch') as { value: string }).value, '2');
    const t = await startC(nested);
    t.runNow({ kind: 'step-in-target', target: 1 });
    assert.equal((t.program.inspector.evaluate('x', 0, 'watch') as { value: string }).value, '1', 'the second call of twice');
  });

  it('steps by line: a for header is one stop, not three', async () => {
    const loop = 'int main(void) {\n  int s = 0;\n  for (int i = 0; i < 3; i++) s += i;\n  return s;\n}';
    const byStatement = await startC(loop);
    const byLine = await startC(loop);
    const statements: number[] = [];
    const lines: number[] = [];
    while (byStatement.stepOver().kind === 'stopped') statements.push(stopLine(byStatement.lastEvent));
    while (byLine.stepOver('line').kind === 'stopped') lines.push(stopLine(byLine.lastEvent));
    assert.ok(statements.filter((l) => l === 3).length > 3);
    assert.deepEqual(lines, [3, 4, 5]);
  });

  it('goes to any step, back or forward, and an edit becomes part of the history', async () => {
    const s = await startC(COUNTER);
    s.goToStep(4);
    assert.equal(s.steps, 4);
    assert.equal(reason(s.lastEvent), 'goto');
    const at4 = s.snapshot();
    s.goToStep(9);
    s.goToStep(4);
    assert.deepEqual(s.snapshot(), at4);
    // Writing memory at step 4 (as setVariable does) survives stepping back to step 4.
    const q = Number(BigInt(at4.frames[0].slots.find((x) => x.name === 'q')!.value));
    s.edit(() => s.program.vm!.mem.write32(q, 42));
    s.stepIn();
    s.stepBack();
    assert.equal(s.program.vm!.process.mmu.read32(q), 42);
  });
});
