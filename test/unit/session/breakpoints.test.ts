import * as assert from 'node:assert/strict';
import type { SessionEvent } from '../../../src/session/sessionEvents';
import { startC } from '../lang/c/interpreter/runC';

const LOOP = [
  'int main(void) {', //                  1
  '  int total = 0;', //                  2
  '  // add them up', //                  3
  '  for (int i = 0; i < 10; i++) {', //  4
  '    total += i;', //                   5
  '  }', //                               6
  '  return total;', //                   7
  '}', //                                 8
].join('\n');

const valueOf = (s: Awaited<ReturnType<typeof startC>>, name: string) => {
  const v = s.program.inspector.evaluate(name, 0, 'watch');
  return 'error' in v ? v.error : v.value;
};

describe('Session: conditions, hit counts and logpoints', () => {
  it('moves a breakpoint on a comment to the next statement and refuses one past the end', async () => {
    const s = await startC(LOOP);
    assert.deepEqual(s.placeBreakpoints([{ line: 3 }, { line: 40 }]), [
      { requested: 3, line: 4 },
      { requested: 40, message: 'no statement on or after this line' },
    ]);
  });

  it('stops only where the condition holds, and on the Nth hit', async () => {
    const s = await startC(LOOP);
    s.placeBreakpoints([{ line: 5, condition: 'i == 6' }]);
    assert.equal(s.continue().kind, 'stopped');
    assert.equal(valueOf(s, 'i'), '6');
    const t = await startC(LOOP);
    t.placeBreakpoints([{ line: 5, hitCondition: '3' }]);
    t.continue();
    assert.equal(valueOf(t, 'i'), '2');
    assert.equal(t.continue().kind, 'exited', 'the 3rd hit only');
    const u = await startC(LOOP);
    u.placeBreakpoints([{ line: 5, hitCondition: '%4' }]);
    u.continue();
    assert.equal(valueOf(u, 'i'), '3');
    u.continue();
    assert.equal(valueOf(u, 'i'), '7');
    assert.match(u.placeBreakpoints([{ line: 5, hitCondition: 'often' }])[0].message ?? '', /not N/);
  });

  it('a condition that cannot be evaluated stops and says why; a logpoint logs and goes on', async () => {
    const s = await startC(LOOP);
    s.placeBreakpoints([{ line: 5, condition: 'j > 2' }]);
    const stop = s.continue();
    assert.match(stop.kind === 'stopped' ? stop.message ?? '' : '', /condition 'j > 2' could not be evaluated: No symbol "j"/);
    const t = await startC(LOOP);
    const logged: string[] = [];
    t.onEvent((e: SessionEvent) => {
      if (e.kind === 'output' && e.stream === 'console') logged.push(e.text);
    });
    t.placeBreakpoints([{ line: 5, logMessage: 'i={i} total={total}', condition: 'i % 3 == 0' }]);
    assert.equal(t.continue().kind, 'exited');
    assert.deepEqual(logged, ['i=0 total=0\n', 'i=3 total=3\n', 'i=6 total=15\n', 'i=9 total=36\n']);
  });

  it('reverse continue honours conditions', async () => {
    const s = await startC(LOOP);
    s.run();
    s.placeBreakpoints([{ line: 5, condition: 'i == 4' }]);
    assert.equal(s.reverseContinue().kind, 'stopped');
    assert.equal(valueOf(s, 'i'), '4');
  });
});
