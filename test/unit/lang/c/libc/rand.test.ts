import { strict as assert } from 'node:assert';
import { GlibcRandom, randR } from '../../../../../src/lang/c/libc/rand';
import { readFixture, records } from '../../../../tools/libc-reference/libcReference';
import { liveReferenceSuite } from './referenceFixtures';

describe('rand: recorded glibc 2.36 sequences', () => {
  const rows = records(readFixture('rand'), 'R');

  for (const [, how, seed, numbers] of rows) {
    it(`${how} ${seed}`, () => {
      const r = new GlibcRandom();
      if (how === 'rand_r') {
        let s = Number(seed);
        const got = Array.from({ length: 20 }, () => {
          const step = randR(s);
          s = step.seed;
          return `${step.value}/${step.seed}`;
        });
        assert.equal(got.join(' '), numbers);
        return;
      }
      if (how !== 'unseeded') r.srand(Number(seed));
      if (how === 'srand-long') {
        for (let i = 0; i < 1000; i++) r.rand();
        assert.equal(String(r.rand()), numbers);
        return;
      }
      assert.equal(Array.from({ length: 50 }, () => r.rand()).join(' '), numbers);
    });
  }

  it('srand(42); rand() starts 71876166, 708592740, 1483128881', () => {
    const r = new GlibcRandom();
    r.srand(42);
    assert.deepEqual([r.rand(), r.rand(), r.rand()], [71876166, 708592740, 1483128881]);
  });
});

liveReferenceSuite('rand');
