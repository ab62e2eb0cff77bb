import { CTYPE_FUNCTIONS } from '../../libc/ctype';
import { type Int64, lowI32 } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';

/**
 * ctype.h (libc's C-locale tables, masked values as glibc returns them) and the math.h functions
 * whose results IEEE 754 fixes exactly (sqrt, fabs, floor, ceil, trunc, round, fmod) or that
 * classify (isnan, isinf, signbit); pow, exp, log and the trigonometric functions follow the host's
 * libm, which can differ from glibc's in the last bit.
 */
type Impl = (vm: Machine, args: Value[]) => Value;

const ctype: Record<string, Impl> = {};
for (const [name, f] of Object.entries(CTYPE_FUNCTIONS)) ctype[name] = (_vm, args) => f(lowI32(args[0] as Int64));

const d = (v: Value) => v as number;
/** C's round: halfway cases away from zero (Math.round rounds them toward +infinity). */
function roundAway(x: number): number {
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

export const CTYPE_MATH: Record<string, Impl> = {
  ...ctype,
  sqrt: (_vm, a) => Math.sqrt(d(a[0])),
  fabs: (_vm, a) => Math.abs(d(a[0])),
  floor: (_vm, a) => Math.floor(d(a[0])),
  ceil: (_vm, a) => Math.ceil(d(a[0])),
  trunc: (_vm, a) => Math.trunc(d(a[0])),
  round: (_vm, a) => (Number.isFinite(d(a[0])) ? roundAway(d(a[0])) : d(a[0])),
  fmod: (_vm, a) => d(a[0]) % d(a[1]),
  pow: (_vm, a) => Math.pow(d(a[0]), d(a[1])),
  exp: (_vm, a) => Math.exp(d(a[0])),
  log: (_vm, a) => Math.log(d(a[0])),
  log2: (_vm, a) => Math.log2(d(a[0])),
  log10: (_vm, a) => Math.log10(d(a[0])),
  sin: (_vm, a) => Math.sin(d(a[0])),
  cos: (_vm, a) => Math.cos(d(a[0])),
  atan2: (_vm, a) => Math.atan2(d(a[0]), d(a[1])),
  isnan: (_vm, a) => (Number.isNaN(d(a[0])) ? 1 : 0),
  isinf: (_vm, a) => (d(a[0]) === Infinity ? 1 : d(a[0]) === -Infinity ? -1 : 0),
  signbit: (_vm, a) => (d(a[0]) < 0 || Object.is(d(a[0]), -0) ? 1 : 0),
};
