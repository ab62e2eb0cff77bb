import { strict as assert } from 'node:assert';
import { doubleBits } from '../../../../../src/lang/c/libc/exactDecimal';
import { atof, strtod, strtof } from '../../../../../src/lang/c/libc/strtod';
import { readFixture, records, unescape } from '../../../../tools/libc-reference/libcReference';
import { FlatMemory } from './flatMemory';
import { checkAll, liveReferenceSuite } from './referenceFixtures';

function bits64(x: number): string {
  return doubleBits(x).toString(16).padStart(16, '0');
}

function bits32(x: number): string {
  const b = new Uint32Array(Float32Array.of(x).buffer)[0];
  return b.toString(16).padStart(8, '0');
}

describe('strtod, strtof, atof: recorded glibc 2.36 results', () => {
  const rows = records(readFixture('strtod'), 'D');

  it('rounds, ends and sets errno as glibc for every recorded input', () => {
    assert.ok(rows.length >= 100);
    checkAll(rows, ([, input, dBits, dEnd, dErrno, fBits, fEnd, fErrno, aBits]) => {
      const m = new FlatMemory();
      const s = m.cString(unescape(input));
      const d = strtod(m, s);
      const f = strtof(m, s);
      const got = `${bits64(d.value)} ${d.end - s} ${d.errno ?? 0} ${bits32(f.value)} ${f.end - s} ${f.errno ?? 0} ${bits64(atof(m, s))}`;
      const expected = `${dBits} ${dEnd} ${dErrno} ${fBits} ${fEnd} ${fErrno} ${aBits}`;
      return got === expected ? undefined : `"${input.slice(0, 60)}": glibc ${expected}, got ${got}`;
    });
  });
});

liveReferenceSuite('strtod');
