import { strict as assert } from 'node:assert';
import * as N from '../../../../../src/lang/c/libc/strtol';
import { readFixture, records, unescape } from '../../../../tools/libc-reference/libcReference';
import { FlatMemory } from './flatMemory';
import { checkAll, liveReferenceSuite } from './referenceFixtures';

describe('strtol family and atoi: recorded glibc 2.36 results', () => {
  const rows = records(readFixture('numbers'), 'N');

  it('matches value, end pointer and errno for every recorded call', () => {
    assert.ok(rows.length > 1000);
    checkAll(rows, ([, fn, input, baseText, value, end, errno]) => {
      const m = new FlatMemory();
      const s = m.cString(unescape(input));
      const base = Number(baseText);
      let got: { value: bigint | number; end?: number | undefined; errno?: number };
      switch (fn) {
        case 'strtol':
        case 'strtoll':
          got = N.strtol(m, s, base);
          break;
        case 'strtoul':
        case 'strtoull':
          got = N.strtoul(m, s, base);
          break;
        case 'atoi':
          got = N.atoi(m, s);
          break;
        default:
          got = N.atol(m, s);
      }
      const gotEnd = fn.startsWith('ato') || got.end === undefined ? 'unset' : String(got.end - s);
      const actual = `${got.value} ${gotEnd} ${got.errno ?? 0}`;
      const expected = `${value} ${end} ${errno}`;
      return actual === expected ? undefined : `${fn}("${input}", ${base}): glibc ${expected}, got ${actual}`;
    });
  });

  it('reads no further than the byte that stops the number', () => {
    const m = new FlatMemory();
    const end = m.base + m.size;
    m.writeBytes(end - 3, Uint8Array.from([0x31, 0x32, 0x20])); // "12 " with no NUL, at the very end
    assert.deepEqual(N.strtol(m, end - 3, 10), { value: 12n, end: end - 1 });
  });
});

liveReferenceSuite('numbers');
