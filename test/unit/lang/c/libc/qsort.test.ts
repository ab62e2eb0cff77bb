import { strict as assert } from 'node:assert';
import { bsearch, qsort, qsortSteps, runSort, type QsortHost, type QsortStrategy } from '../../../../../src/lang/c/libc/qsort';
import { readFixture, records } from '../../../../tools/libc-reference/libcReference';
import { FlatMemory } from './flatMemory';
import { liveReferenceSuite } from './referenceFixtures';

function fnv(h: number, v: number): number {
  return Math.imul((h ^ v) >>> 0, 16777619) >>> 0;
}

/** The generator's key sequence (qsort.c's next_key). */
function keysFrom(state: number, modulo: number, n: number): number[] {
  let lcg = state >>> 0;
  return Array.from({ length: n }, () => {
    lcg = (Math.imul(lcg, 1103515245) + 12345) >>> 0;
    return (lcg >>> 16) % modulo;
  });
}

interface Host extends QsortHost {
  mallocs: number[];
  frees: number[];
}

function hostOn(m: FlatMemory, mallocWorks: boolean): Host {
  const host: Host = {
    memory: m,
    mallocs: [],
    frees: [],
    malloc: (n) => {
      host.mallocs.push(n);
      return mallocWorks ? m.alloc(n) : 0;
    },
    free: (p) => host.frees.push(p),
    alloca: (n) => m.alloc(n),
    physPages: 2 * 1024 * 1024,
  };
  return host;
}

describe('qsort and bsearch: recorded glibc 2.36 comparator calls', () => {
  const text = readFixture('qsort');

  for (const [, sText, nText, misalign, keyText, how, calls, final] of records(text, 'Q')) {
    const s = Number(sText);
    const n = Number(nText);
    it(`${how}: ${n} elements of ${s} bytes${misalign !== '0' ? ' (unaligned base)' : ''}`, () => {
      const m = new FlatMemory(0x10000, 4 << 20);
      const keys = keyText.startsWith('lcg:') ? keysFrom(Number(keyText.split(':')[1]), Number(keyText.split(':')[2]), n) : keyText === '' ? [] : keyText.split(',').map(Number);
      const arr = m.alloc(n * s + 16) + Number(misalign);
      keys.forEach((k, i) => {
        m.fill(arr + i * s, s, 0x5a);
        m.write32(arr + i * s, k);
        if (s >= 8) m.write32(arr + i * s + 4, i);
      });
      const host = hostOn(m, how !== 'quicksort');
      const log: string[] = [];
      let count = 0;
      let hash = 2166136261;
      let strategy: QsortStrategy | undefined;
      runSort(
        qsortSteps(host, arr, n, s, (st) => (strategy = st)),
        (a, b) => {
          count++;
          hash = fnv(fnv(hash, a - arr), b - arr);
          if (keyText.startsWith('lcg:')) {
            // large sorts are checked by count and hash
          } else {
            log.push(`${a - arr}/${b - arr}`);
          }
          const x = m.read32(a) | 0;
          const y = m.read32(b) | 0;
          return Number(x > y) - Number(x < y);
        },
      );
      const values = Array.from({ length: n }, (_, i) => m.read32(arr + i * s + (s >= 8 ? 4 : 0)) | 0);
      if (keyText.startsWith('lcg:')) {
        assert.equal(`count:${count} hash:${hash}`, calls);
        assert.equal(`hash:${values.reduce((h, v) => fnv(h, v >>> 0), 2166136261)}`, final);
      } else {
        assert.equal(log.join(' '), calls);
        assert.equal(values.join(','), final);
      }
      const tempSize = s > 32 ? 2 * n * 8 + s : n * s;
      if (how === 'quicksort') assert.equal(strategy, 'quicksort');
      else assert.equal(strategy, tempSize < 1024 ? 'msort-stack' : 'msort-malloc');
      assert.equal(host.frees.length, strategy === 'msort-malloc' ? 1 : 0);
    });
  }

  for (const [, nText, keyText, key, calls, result] of records(text, 'B')) {
    it(`bsearch for ${key} in ${nText} sorted ints`, () => {
      const m = new FlatMemory();
      const arr = m.alloc(4 * Number(nText));
      keyText.split(',').forEach((k, i) => m.write32(arr + 4 * i, Number(k)));
      const keyAddr = m.alloc(4);
      m.write32(keyAddr, Number(key));
      const log: string[] = [];
      const hit = bsearch(keyAddr, arr, Number(nText), 4, (a, b) => {
        log.push(`${a - keyAddr}/${b - arr}`);
        const x = m.read32(a) | 0;
        const y = m.read32(b) | 0;
        return Number(x > y) - Number(x < y);
      });
      assert.equal(log.join(' '), calls);
      assert.equal(hit === 0 ? -1 : (hit - arr) / 4, Number(result));
    });
  }
});

describe('qsort: where the temporary buffer comes from', () => {
  it('mallocs above 1024 bytes and frees it; alloca below', () => {
    const m = new FlatMemory();
    const host = hostOn(m, true);
    const arr = m.alloc(4 * 300);
    qsort(host, arr, 300, 4, () => 0);
    assert.deepEqual(host.mallocs, [1200]);
    assert.equal(host.frees.length, 1);
    const small = hostOn(m, true);
    qsort(small, arr, 255, 4, () => 0);
    assert.deepEqual(small.mallocs, []);
  });

  it('sorts indirectly (pointer array + element permutation) above 32 bytes', () => {
    const m = new FlatMemory();
    const host = hostOn(m, true);
    const arr = m.alloc(40 * 10);
    [5, 3, 9, 1, 7, 3, 0, 8, 2, 6].forEach((k, i) => m.write32(arr + 40 * i, k));
    qsort(host, arr, 10, 40, (a, b) => (m.read32(a) | 0) - (m.read32(b) | 0));
    assert.deepEqual(Array.from({ length: 10 }, (_, i) => m.read32(arr + 40 * i)), [0, 1, 2, 3, 3, 5, 6, 7, 8, 9]);
    assert.deepEqual(host.mallocs, []); // 2*10*8 + 40 = 200 bytes: on the stack
  });

  it('falls back to quicksort when a quarter of physical memory is too small', () => {
    const m = new FlatMemory();
    const host = { ...hostOn(m, true), physPages: 3 }; // 3/4 = 0 pages allowed
    const arr = m.alloc(4 * 2048);
    let strategy: QsortStrategy | undefined;
    runSort(qsortSteps(host, arr, 2048, 4, (s) => (strategy = s)), () => 0);
    assert.equal(strategy, 'quicksort');
    assert.deepEqual(host.mallocs, []);
  });
});

liveReferenceSuite('qsort');
