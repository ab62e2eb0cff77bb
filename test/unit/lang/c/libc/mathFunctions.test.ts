import { strict as assert } from 'node:assert';
import { cbrt, frexp } from '../../../../../src/lang/c/libc/mathFunctions';

/**
 * Subnormals through frexp and cbrt: 2^-e overflows to Infinity when e is below -1023, and
 * frexp once halved that Infinity forever (the fuzz tier's `cbrt_past_its_table.c`, whose
 * out-of-bounds reads fed cbrt a subnormal under --keep-going). Expected values: glibc 2.36.
 */
describe('math functions on subnormal and extreme arguments (glibc 2.36)', () => {
  it('cbrt', () => {
    const glibc: [number, number][] = [
      [0, 0], [1e-310, 4.6415888336127748e-104], [5e-324, 1.7031839360032601e-108], [-5e-324, -1.7031839360032601e-108],
      [1e308, 4.6415888336127795e+102], [2.2250738585072014e-308, 2.812644285236262e-103],
    ];
    for (const [x, expected] of glibc) assert.equal(cbrt(x), expected, `cbrt(${x})`);
    assert.ok(Object.is(cbrt(-0), -0));
    assert.equal(cbrt(Infinity), Infinity);
    assert.ok(Number.isNaN(cbrt(NaN)));
  });

  it('frexp', () => {
    assert.deepEqual(frexp(5e-324), { mantissa: 0.5, exponent: -1073 });
    assert.deepEqual(frexp(3e-320), { mantissa: 0.7412109375, exponent: -1061 });
    assert.deepEqual(frexp(1e-310), { mantissa: 0.5752618031559393, exponent: -1029 });
    assert.deepEqual(frexp(-48), { mantissa: -0.75, exponent: 6 });
  });
});
