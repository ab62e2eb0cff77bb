import * as assert from 'node:assert/strict';
import { startC } from '../lang/c/interpreter/runC';

const PROGRAM = [
  '#include <stdio.h>', //          1
  'int square(int x) {', //         2
  '  int r = x * x;', //            3
  '  return r;', //                 4
  '}', //                           5
  'int main(void) {', //            6
  '  int a = 2;', //                7
  '  int b = square(a);', //        8
  '  printf("%d\\n", b);', //       9
  '  return 0;', //                10
  '}', //                          11
].join('\n');

const lineOf = (e: { kind: string; line?: number }) => (e.kind === 'stopped' ? e.line : -1);

describe('Session: stepping', () => {
  it('starts paused at the first statement of main', async () => {
    const s = await startC(PROGRAM);
    assert.equal(s.state, 'paused');
    assert.equal(s.lastEvent.kind === 'stopped' && s.lastEvent.reason, 'entry');
    assert.equal(lineOf(s.lastEvent), 7);
  });

  it('step in enters calls and stops at the closing brace before returning', async () => {
    const s = await startC(PROGRAM);
    assert.deepEqual([s.stepIn(), s.stepIn(), s.stepIn(), s.stepIn(), s.stepIn()].map(lineOf), [8, 3, 4, 5, 9]);
  });

  it('step over runs a call as one step; step out finishes the function', async () => {
    const s = await startC(PROGRAM);
    assert.deepEqual([s.stepOver(), s.stepOver(), s.stepOver()].map(lineOf), [8, 9, 10]);
    const t = await startC(PROGRAM);
    t.stepIn();
    assert.equal(lineOf(t.stepIn()), 3);
    const out = t.stepOut();
    assert.equal(lineOf(out), 9);
    assert.equal(out.kind === 'stopped' && out.functionName, 'main');
  });

  it('step back lands on the statement executed before, with the machine as it was there', async () => {
    const s = await startC(PROGRAM, { checkpointInterval: 2 });
    for (let i = 0; i < 6; i++) s.stepIn();
    assert.equal(lineOf(s.lastEvent), 10);
    assert.equal(s.program.vm!.stdout, '');
    assert.equal(lineOf(s.stepBack()), 9);
    assert.equal(lineOf(s.stepBack()), 5);
    assert.equal(s.snapshot().frames[0].functionName, 'square');
    assert.equal(s.snapshot().frames[0].slots.find((x) => x.name === 'r')!.value, '4');
    assert.equal(lineOf(s.stepBack()), 4);
    assert.equal(lineOf(s.stepIn()), 5);
    assert.equal(lineOf(s.stepIn()), 9);
    const end = s.continue();
    assert.equal(end.kind, 'exited');
    assert.equal(s.program.vm!.stdout, '4\n');
  });

  it('step back without checkpoints replays from the start', async () => {
    const s = await startC(PROGRAM, { noCheckpoints: true });
    s.stepIn();
    s.stepIn();
    s.stepIn();
    assert.equal(lineOf(s.lastEvent), 4);
    assert.equal(lineOf(s.stepBack()), 3);
    assert.equal(lineOf(s.stepIn()), 4);
  });

  it('continue stops at breakpoints; reverse continue goes back to the previous hit', async () => {
    const loop = 'int main(void) {\n  int s = 0;\n  for (int i = 0; i < 4; i++)\n    s += i;\n  return s;\n}';
    const s = await startC(loop, { checkpointInterval: 3 });
    assert.deepEqual(s.setBreakpoints([4, 100]), [4]);
    const hits = [s.continue(), s.continue(), s.continue()];
    assert.deepEqual(hits.map((h) => h.kind === 'stopped' && h.reason), ['breakpoint', 'breakpoint', 'breakpoint']);
    assert.equal(s.snapshot().frames[0].slots.find((x) => x.name === 'i')!.value, '2');
    const back = s.reverseContinue();
    assert.equal(back.kind === 'stopped' && back.reason, 'breakpoint');
    assert.equal(s.snapshot().frames[0].slots.find((x) => x.name === 'i')!.value, '1');
    assert.equal(lineOf(s.runToLine(5)), 4, 'a breakpoint still stops runToLine');
    s.setBreakpoints([]);
    assert.equal(lineOf(s.runToLine(5)), 5);
    assert.equal(s.run().kind === 'exited' && s.lastEvent.kind === 'exited' && s.lastEvent.code, 6);
  });

  it('a step limit stops a runaway program with a message, keeping its state', async () => {
    const s = await startC('int main(void) {\n  long n = 0;\n  for (;;)\n    n++;\n}', { maxSteps: 1000 });
    const stop = s.run();
    assert.equal(stop.kind === 'stopped' && stop.reason, 'step-limit');
    assert.match(stop.kind === 'stopped' ? stop.message ?? '' : '', /step limit/);
    assert.equal(s.state, 'paused');
    assert.ok(Number(s.snapshot().frames[0].slots[0].value) > 400);
  });

  it('reports output events as glibc flushes stdout (at exit, for a pipe)', async () => {
    const s = await startC(PROGRAM);
    const events: string[] = [];
    s.onEvent((e) => events.push(e.kind === 'output' ? `output:${e.text}` : e.kind));
    s.run();
    assert.deepEqual(events, ['output:4\n', 'exited']);
  });
});
