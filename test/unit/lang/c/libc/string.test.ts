import { strict as assert } from 'node:assert';
import * as S from '../../../../../src/lang/c/libc/stringFunctions';
import { readFixture, records, unescape } from '../../../../tools/libc-reference/libcReference';
import { FlatMemory, FlatMemoryFault } from './flatMemory';
import { checkAll, liveReferenceSuite } from './referenceFixtures';

function hexOf(m: FlatMemory, addr: number, n: number): string {
  return [...m.readBytes(addr, n)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('string.h: recorded glibc 2.36 results', () => {
  const rows = records(readFixture('string'), 'S');

  it('returns what glibc returns for every recorded call', () => {
    assert.ok(rows.length > 250);
    checkAll(rows, ([, fn, aText, bText, nText, expected]) => {
      const m = new FlatMemory();
      const a = m.cString(unescape(aText));
      const b = m.cString(unescape(bText));
      const n = Number(nText);
      const offset = (p: number) => String(p === 0 ? -1 : p - a);
      let got: string;
      switch (fn) {
        case 'strcmp':
          got = String(S.strcmp(m, a, b));
          break;
        case 'strncmp':
          got = String(S.strncmp(m, a, b, n));
          break;
        case 'memcmp':
          got = String(S.memcmp(m, a, b, n));
          break;
        case 'strchr':
          got = offset(S.strchr(m, a, n));
          break;
        case 'strrchr':
          got = offset(S.strrchr(m, a, n));
          break;
        case 'strstr':
          got = offset(S.strstr(m, a, b));
          break;
        case 'strlen':
          got = String(S.strlen(m, a));
          break;
        case 'strncpy':
        case 'strncat': {
          const buf = m.alloc(24, 0xaa);
          m.writeBytes(buf, Uint8Array.from([0x64, 0x73, 0x74, 0]));
          if (fn === 'strncpy') S.strncpy(m, buf, b, n);
          else S.strncat(m, buf, b, n);
          got = hexOf(m, buf, 24);
          break;
        }
        default:
          return `unknown function ${fn}`;
      }
      return got === expected ? undefined : `${fn}("${aText}", "${bText}", ${n}): glibc ${expected}, got ${got}`;
    });
  });
});

describe('string.h: touches exactly the bytes C says', () => {
  it('strlen reads the string and its NUL, nothing after', () => {
    const m = new FlatMemory();
    const s = m.cString('abc');
    m.logging = true;
    assert.equal(S.strlen(m, s), 3);
    assert.deepEqual(m.reads, [s, s + 1, s + 2, s + 3]);
  });

  it('strcpy into a too small buffer faults at the first byte past the end of memory', () => {
    const m = new FlatMemory();
    const end = m.base + m.size;
    const src = m.cString('0123456789');
    assert.throws(() => S.strcpy(m, end - 4, src), (e: unknown) => e instanceof FlatMemoryFault && e.address === end && e.kind === 'write');
    assert.equal(String.fromCharCode(...m.readBytes(end - 4, 4)), '0123'); // the bytes before the fault were written
  });

  it('strcpy writes the NUL too, and strcat appends at the old NUL', () => {
    const m = new FlatMemory();
    const buf = m.alloc(16, 0x55);
    S.strcpy(m, buf, m.cString('ab'));
    S.strcat(m, buf, m.cString('cd'));
    assert.equal(m.stringAt(buf), 'abcd');
    assert.equal(m.read8(buf + 5), 0x55);
  });

  it('memmove and memcpy handle overlap in both directions (glibc x86-64 memcpy is memmove)', () => {
    const m = new FlatMemory();
    const p = m.cString('abcdefgh');
    S.memmove(m, p + 2, p, 5);
    assert.equal(m.stringAt(p), 'ababcdeh');
    const q = m.cString('abcdefgh');
    S.memcpy(m, q, q + 3, 5);
    assert.equal(m.stringAt(q), 'defghfgh');
  });

  it('memset stores (unsigned char) c in n bytes and returns s', () => {
    const m = new FlatMemory();
    const p = m.alloc(8, 0);
    assert.equal(S.memset(m, p, 0x141, 3), p);
    assert.deepEqual([...m.readBytes(p, 4)], [0x41, 0x41, 0x41, 0]);
  });

  it('memcmp reads only up to the first difference', () => {
    const m = new FlatMemory();
    const a = m.cString('abX');
    const b = m.cString('abY');
    m.logging = true;
    assert.equal(S.memcmp(m, a, b, 100), 'X'.charCodeAt(0) - 'Y'.charCodeAt(0));
    assert.equal(m.reads.length, 6);
  });

  it('strdup and strndup allocate through the callback', () => {
    const m = new FlatMemory();
    const sizes: number[] = [];
    const malloc = (n: number) => {
      sizes.push(n);
      return m.alloc(n, 0x55);
    };
    const s = m.cString('hello');
    const d = S.strdup(m, s, malloc);
    assert.notEqual(d, s);
    assert.equal(m.stringAt(d), 'hello');
    const e = S.strndup(m, s, 3, malloc);
    assert.equal(m.stringAt(e), 'hel');
    assert.deepEqual(sizes, [6, 4]);
    assert.equal(S.strdup(m, s, () => 0), 0);
  });

  it('memchr finds (unsigned char) c within n bytes', () => {
    const m = new FlatMemory();
    const p = m.cString('abc');
    assert.equal(S.memchr(m, p, 0x163, 3), p + 2);
    assert.equal(S.memchr(m, p, 0x63, 2), 0);
  });
});

liveReferenceSuite('string');
