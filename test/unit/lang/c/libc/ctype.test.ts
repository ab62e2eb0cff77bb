import { strict as assert } from 'node:assert';
import { CTYPE_FUNCTIONS } from '../../../../../src/lang/c/libc/ctype';
import { readFixture, records } from '../../../../tools/libc-reference/libcReference';
import { checkAll, liveReferenceSuite } from './referenceFixtures';

const ORDER = ['isalnum', 'isalpha', 'isblank', 'iscntrl', 'isdigit', 'isgraph', 'islower', 'isprint', 'ispunct', 'isspace', 'isupper', 'isxdigit', 'isascii', 'toascii', 'toupper', 'tolower'];

describe('ctype: recorded glibc 2.36 C locale', () => {
  const rows = records(readFixture('ctype'), 'C');

  it('covers every argument from -128 to 255', () => {
    assert.equal(rows.length, 384);
  });

  it('answers every classification and case mapping with glibc’s exact int', () => {
    checkAll(rows, ([, c, values]) => {
      const got = ORDER.map((name) => CTYPE_FUNCTIONS[name](Number(c))).join(' ');
      return got === values ? undefined : `c=${c}: glibc ${values}, got ${got}`;
    });
  });
});

liveReferenceSuite('ctype');
