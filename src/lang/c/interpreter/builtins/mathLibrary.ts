import * as M from '../../libc/mathFunctions';
import { type Int64, toNumber, wrapI64 } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';

/**
 * The rest of <math.h> for double and float: the functions IEEE 754 fixes exactly come from
 * libc/mathFunctions.ts (glibc's results bit for bit); the transcendental ones (tan, the inverse
 * and hyperbolic functions, exp2, expm1, log1p) follow the host's libm (V8's fdlibm), which
 * can differ from glibc's in the last bit. A float function computes in double and rounds once
 * to float, which for these operations gives the correctly rounded float.
 */
type Impl = (vm: Machine, args: Value[]) => Value;
const d = (v: Value) => v as number;

const UNARY: Record<string, (x: number) => number> = {
  tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan, sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh, exp2: (x) => 2 ** x, expm1: Math.expm1, log1p: Math.log1p,
  cbrt: M.cbrt, rint: M.rint, nearbyint: M.rint, logb: M.logb,
};
const BINARY: Record<string, (x: number, y: number) => number> = {
  hypot: M.hypot, fmin: M.fmin, fmax: M.fmax, fdim: M.fdim, copysign: M.copysign, nextafter: M.nextafter, remainder: M.remainder,
};
/** The float forms of the functions ctypeMath.ts has for double. */
const FLOAT_OF_EXISTING: Record<string, (x: number) => number> = {
  sqrtf: Math.sqrt, fabsf: Math.abs, floorf: Math.floor, ceilf: Math.ceil, truncf: Math.trunc, roundf: M.round,
  expf: Math.exp, logf: Math.log, log2f: Math.log2, log10f: Math.log10, sinf: Math.sin, cosf: Math.cos,
};

const table: Record<string, Impl> = {};
for (const [name, f] of Object.entries(UNARY)) {
  table[name] = (_vm, a) => f(d(a[0]));
  table[`${name}f`] = (_vm, a) => Math.fround(f(d(a[0])));
}
for (const [name, f] of Object.entries(BINARY)) {
  table[name] = (_vm, a) => f(d(a[0]), d(a[1]));
  table[`${name}f`] = (_vm, a) => Math.fround(f(d(a[0]), d(a[1])));
}
for (const [name, f] of Object.entries(FLOAT_OF_EXISTING)) table[name] = (_vm, a) => Math.fround(f(d(a[0])));

/** lround and friends: the rounded value converted as cvttsd2si converts it. */
const toLong = (r: number): Value => wrapI64(M.toLong(r));
const asInt = (r: number): number => (Number.isFinite(r) && r >= -(2 ** 31) && r < 2 ** 31 ? r : -2147483648);

export const MATH_LIBRARY: Record<string, Impl> = {
  ...table,
  powf: (_vm, a) => Math.fround(Math.pow(d(a[0]), d(a[1]))),
  fmodf: (_vm, a) => Math.fround(d(a[0]) % d(a[1])),
  atan2f: (_vm, a) => Math.fround(Math.atan2(d(a[0]), d(a[1]))),
  fma: (_vm, a) => M.fma(d(a[0]), d(a[1]), d(a[2])),
  fmaf: (_vm, a) => Math.fround(M.fma(d(a[0]), d(a[1]), d(a[2]))),
  lround: (_vm, a) => toLong(M.round(d(a[0]))),
  llround: (_vm, a) => toLong(M.round(d(a[0]))),
  lrint: (_vm, a) => toLong(M.rint(d(a[0]))),
  llrint: (_vm, a) => toLong(M.rint(d(a[0]))),
  lroundf: (_vm, a) => toLong(M.round(d(a[0]))),
  ldexp: (_vm, a) => M.ldexp(d(a[0]), a[1] as number),
  scalbn: (_vm, a) => M.ldexp(d(a[0]), a[1] as number),
  scalbln: (_vm, a) => M.ldexp(d(a[0]), toNumber(a[1] as Int64)),
  ldexpf: (_vm, a) => Math.fround(M.ldexp(d(a[0]), a[1] as number)),
  ilogb: (_vm, a) => asInt(M.ilogb(d(a[0]))),
  frexp(vm, a) {
    const r = M.frexp(d(a[0]));
    vm.mem.write32(vm.mem.address(a[1] as Int64, 'write'), r.exponent);
    return r.mantissa;
  },
  modf(vm, a) {
    const r = M.modf(d(a[0]));
    vm.mem.writeF64(vm.mem.address(a[1] as Int64, 'write'), r.integral);
    return r.fraction;
  },
  isfinite: (_vm, a) => (Number.isFinite(d(a[0])) ? 1 : 0),
  /** isnormal: finite, not zero, not subnormal. */
  isnormal: (_vm, a) => (Number.isFinite(d(a[0])) && Math.abs(d(a[0])) >= 2 ** -1022 ? 1 : 0),
  /** fpclassify: FP_NAN 0, FP_INFINITE 1, FP_ZERO 2, FP_SUBNORMAL 3, FP_NORMAL 4. */
  fpclassify(_vm, a) {
    const x = d(a[0]);
    if (Number.isNaN(x)) return 0;
    if (!Number.isFinite(x)) return 1;
    if (x === 0) return 2;
    return Math.abs(x) < 2 ** -1022 ? 3 : 4;
  },
};

export const MATH_PROTOTYPES = [
  ...Object.keys(UNARY).flatMap((n) => [`double ${n}(double x);`, `float ${n}f(float x);`]),
  ...Object.keys(BINARY).flatMap((n) => [`double ${n}(double x, double y);`, `float ${n}f(float x, float y);`]),
  ...Object.keys(FLOAT_OF_EXISTING).map((n) => `float ${n}(float x);`),
  'float powf(float x, float y);', 'float fmodf(float x, float y);', 'float atan2f(float y, float x);',
  'double fma(double x, double y, double z);', 'float fmaf(float x, float y, float z);',
  'long lround(double x);', 'long long llround(double x);', 'long lrint(double x);', 'long long llrint(double x);', 'long lroundf(float x);',
  'double ldexp(double x, int exp);', 'double scalbn(double x, int n);', 'double scalbln(double x, long n);', 'float ldexpf(float x, int exp);',
  'int ilogb(double x);', 'double frexp(double x, int *exp);', 'double modf(double x, double *iptr);',
  'int isfinite(double x);', 'int isnormal(double x);', 'int fpclassify(double x);',
].join('\n');
