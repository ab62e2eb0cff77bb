import * as assert from 'node:assert/strict';
import { startC } from '../lang/c/interpreter/runC';

/** About ten million statements: a loop header and body of two statements, 3.3 million times. */
const LONG_LOOP = [
  'int main(void) {', //                              1
  '  long s = 0;', //                                 2
  '  for (long i = 0; i < 3300000; i++)', //          3
  '    s += i & 7;', //                               4
  '  return (int)(s & 0x7f);', //                     5
  '}',
].join('\n');

describe('Session: long runs in slices', function () {
  this.timeout(120_000);

  it('pauses a ten-million-step loop at a statement while the event loop stays responsive', async () => {
    const s = await startC(LONG_LOOP, { maxSteps: 50_000_000 });
    // Other callbacks keep running while it runs: a ticker that reschedules itself runs once per
    // turn of the event loop, and the gap between two turns is how long the loop was held. That
    // gap is bounded by both its wall time and the CPU time this process used in it (wall time
    // alone would also count what this shared machine gave other processes; CPU time alone, the
    // work of V8's background threads), so the smaller of the two is measured.
    let ticks = 0;
    let worstMs = 0;
    let measuring = false;
    let lastCpu = process.cpuUsage();
    let lastWall = performance.now();
    let ticking = true;
    const tick = () => {
      const cpu = process.cpuUsage(lastCpu);
      const wall = performance.now() - lastWall;
      lastCpu = process.cpuUsage();
      lastWall = performance.now();
      if (measuring) {
        ticks++;
        worstMs = Math.max(worstMs, Math.min(wall, (cpu.user + cpu.system) / 1000));
      }
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await new Promise((resolve) => setTimeout(resolve, 50));
    measuring = true;
    const running = s.begin({ kind: 'continue' });
    assert.equal(s.state, 'running');
    await new Promise((resolve) => setTimeout(resolve, 400));
    s.pause();
    const stop = await running;
    ticking = false;
    assert.equal(stop.kind, 'stopped');
    assert.equal(stop.kind === 'stopped' && stop.reason, 'pause');
    assert.ok(stop.kind === 'stopped' && [3, 4].includes(stop.line), 'paused at a statement of the loop');
    assert.ok(s.steps > 1000 && s.steps < 9_900_000, `paused part-way (${s.steps} steps)`);
    assert.ok(ticks >= 5, `other callbacks ran while the program ran (${ticks} turns of the event loop)`);
    // A slice is sized to about 20 ms.
    assert.ok(worstMs < 50, `the event loop was held for ${worstMs.toFixed(1)} ms at most`);
    assert.equal(s.state, 'paused');

    // It goes on from where it paused, to what the native program returns (sum of i & 7 = 11,550,000; & 0x7f).
    const end = await s.begin({ kind: 'continue' });
    assert.equal(end.kind === 'exited' && end.code, 48);
    assert.equal(end.steps, 2 + 3_300_001 + 3_300_000 * 2 + 2); // declarations, tests, bodies and increments, return and '}'
  });

  it('refuses a second command while one runs, and a pause while idle is ignored', async () => {
    const s = await startC(LONG_LOOP, { maxSteps: 50_000_000 });
    s.pause();
    const running = s.begin({ kind: 'continue' });
    await assert.rejects(s.begin({ kind: 'step-in' }), /running/);
    assert.throws(() => s.stepIn(), /running/);
    s.pause();
    const stop = await running;
    assert.equal(stop.kind === 'stopped' && stop.reason, 'pause');
  });

  it('a sliced step back and reverse continue land where the synchronous ones do', async () => {
    const program = LONG_LOOP.replace('3300000', '200000');
    const a = await startC(program);
    const b = await startC(program);
    a.setBreakpoints([4]);
    b.setBreakpoints([4]);
    for (let i = 0; i < 3; i++) {
      await a.begin({ kind: 'continue' });
      b.continue();
    }
    a.setBreakpoints([]);
    b.setBreakpoints([]);
    a.runToLine(5);
    b.runToLine(5);
    a.setBreakpoints([4]);
    b.setBreakpoints([4]);
    const back = await a.begin({ kind: 'reverse-continue' });
    assert.deepEqual(back, b.reverseContinue());
    assert.deepEqual(await a.begin({ kind: 'step-back' }), b.stepBack());
    assert.equal(a.steps, b.steps);
  });
});
