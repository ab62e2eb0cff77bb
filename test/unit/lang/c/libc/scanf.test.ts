import { strict as assert } from 'node:assert';
import { ByteCursor, MemoryStringCursor } from '../../../../../src/lang/c/libc/inputCursor';
import { scanFormatted, ScanfUnsupported, type ScanTargets } from '../../../../../src/lang/c/libc/scanf';
import { escape, readFixture, records, unescape } from '../../../../tools/libc-reference/libcReference';
import { FlatMemory } from './flatMemory';
import { checkAll, liveReferenceSuite } from './referenceFixtures';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function hex(m: FlatMemory, addr: number, n: number): string {
  return [...m.readBytes(addr, n)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function targetsAt(slots: number[]): ScanTargets {
  let i = 0;
  return { nextPointer: () => slots[i++] };
}

describe('sscanf: recorded glibc 2.36 results', () => {
  const rows = records(readFixture('scanf'), 'F');

  it('returns glibc’s count and leaves every target byte as glibc does', () => {
    assert.ok(rows.length >= 100);
    checkAll(rows, ([, input, format, kinds, ret, dumps]) => {
      const m = new FlatMemory();
      const slots = Array.from({ length: 8 }, () => m.alloc(32, 0xaa));
      const s = m.cString(unescape(input));
      const got = scanFormatted(new MemoryStringCursor(m, s), unescape(format), targetsAt(slots), m);
      const gotDumps = [...kinds].map((k, i) => hex(m, slots[i], k === 's' ? 24 : 12)).join(' ');
      const actual = `${got}\t${gotDumps}`;
      const expected = `${ret}\t${dumps ?? ''}`;
      return actual === expected ? undefined : `sscanf("${input}", "${format}"): glibc ${expected}, got ${actual}`;
    });
  });
});

describe('scanf: input cursors and limitations', () => {
  it('reads stdin bytes through a ByteCursor and leaves the rest unread', () => {
    const m = new FlatMemory();
    const a = m.alloc(4);
    const b = m.alloc(4);
    const stdin = new ByteCursor(bytes('12 34\nrest'));
    assert.equal(scanFormatted(stdin, bytes('%d %d'), targetsAt([a, b]), m), 2);
    assert.deepEqual([m.read32(a), m.read32(b)], [12, 34]);
    assert.equal(stdin.position, 5); // the newline after 34 is still there
    assert.equal(scanFormatted(stdin, bytes('%d'), targetsAt([a]), m), 0); // "rest" is no number
    assert.equal(escape(Uint8Array.from([stdin.read()])), 'r');
  });

  it('returns EOF at the end of stdin before the first assignment', () => {
    const m = new FlatMemory();
    assert.equal(scanFormatted(new ByteCursor(bytes('  \n')), bytes('%d'), targetsAt([m.alloc(4)]), m), -1);
  });

  it('reports what it cannot do instead of guessing', () => {
    const m = new FlatMemory();
    const t = targetsAt([m.alloc(8)]);
    assert.throws(() => scanFormatted(new ByteCursor(bytes('x')), bytes('%ms'), t, m), ScanfUnsupported);
    assert.throws(() => scanFormatted(new ByteCursor(bytes('x')), bytes('%1$d'), t, m), ScanfUnsupported);
    assert.throws(() => scanFormatted(new ByteCursor(bytes('x')), bytes('%ls'), t, m), ScanfUnsupported);
  });

  it('hands %Lf results to storeLongDouble when the interpreter provides it', () => {
    const m = new FlatMemory();
    const stored: number[] = [];
    const t: ScanTargets = { nextPointer: () => 0x1234, storeLongDouble: (_a, v) => stored.push(v) };
    assert.equal(scanFormatted(new ByteCursor(bytes('2.5')), bytes('%Lf'), t, m), 1);
    assert.deepEqual(stored, [2.5]);
  });
});

liveReferenceSuite('scanf');
