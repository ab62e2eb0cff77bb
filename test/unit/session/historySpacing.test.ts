import * as assert from 'node:assert/strict';
import { History } from '../../../src/session/history';

describe('Session history: saves that grow slow are spaced out', () => {
  it('keeps the regular interval while saves are cheap', () => {
    const h = new History(1000);
    h.noteSave(0.3, 5, 1000);
    assert.equal(h.nextDue(1000), 2000);
  });

  it('after a slow save, waits until saving is a tenth of the run (a recursion a million deep copies its frames each time)', () => {
    const h = new History(1000);
    // 1000 statements ran in 4 ms, and the save took 300 ms: the next waits 300 * 10 * 250 statements.
    h.noteSave(300, 4, 1000);
    assert.equal(h.nextDue(1000), 1000 + 750_000);
    // Once saves are cheap again (the stack unwound), the interval is the regular one.
    h.noteSave(1, 4, 1000);
    assert.equal(h.nextDue(1000), 2000);
  });
});
