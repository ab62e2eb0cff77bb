import * as assert from 'node:assert/strict';
import { groupDigits } from '../../../src/shared/groupDigits';

describe('groupDigits', () => {
  it("writes integers as toLocaleString('en-US') does", () => {
    for (const n of [0, 5, 12, 123, 1234, 12345, 123456, 1234567, 7000006, -1, -1234, -123456, 64000000, Number.MAX_SAFE_INTEGER, 1.5]) {
      assert.equal(groupDigits(n), n.toLocaleString('en-US'), String(n));
    }
  });
});
