import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import { UnsupportedAtRunTime } from '../vm/unsupportedAtRunTime';
import { ffs } from '../../libc/stringExtras';

/**
 * gcc's bit builtins (__builtin_popcount, ctz, clz, parity, ffs, with their l and ll forms),
 * __builtin_expect (its value is the first argument), __builtin_unreachable, the byte swaps and
 * the floating constants <math.h>'s INFINITY and NAN are written with. ctz and clz of 0 are
 * undefined in gcc's documentation (the instruction gcc -O0 emits leaves its result register
 * unchanged): the run stops there and says so rather than invent a value.
 */
type Impl = (vm: Machine, args: Value[]) => Value;

/** The argument as an unsigned integer of `bits` bits. */
const unsigned = (v: Value, bits: number): bigint => BigInt.asUintN(bits, typeof v === 'bigint' ? v : BigInt(v as number));

function popcount(x: bigint): number {
  let n = 0;
  for (let v = x; v !== 0n; v &= v - 1n) n++;
  return n;
}

function ctz(name: string, x: bigint): number {
  if (x === 0n) throw new UnsupportedAtRunTime(`${name}(0), whose result gcc leaves undefined`);
  let n = 0;
  for (let v = x; (v & 1n) === 0n; v >>= 1n) n++;
  return n;
}

function clz(name: string, x: bigint, bits: number): number {
  if (x === 0n) throw new UnsupportedAtRunTime(`${name}(0), whose result gcc leaves undefined`);
  return bits - x.toString(2).length;
}

const WIDTHS: readonly [string, number][] = [['', 32], ['l', 64], ['ll', 64]];

const bitBuiltins: Record<string, Impl> = {};
for (const [suffix, bits] of WIDTHS) {
  bitBuiltins[`__builtin_popcount${suffix}`] = (_vm, a) => popcount(unsigned(a[0], bits));
  bitBuiltins[`__builtin_parity${suffix}`] = (_vm, a) => popcount(unsigned(a[0], bits)) & 1;
  bitBuiltins[`__builtin_ctz${suffix}`] = (_vm, a) => ctz(`__builtin_ctz${suffix}`, unsigned(a[0], bits));
  bitBuiltins[`__builtin_clz${suffix}`] = (_vm, a) => clz(`__builtin_clz${suffix}`, unsigned(a[0], bits), bits);
  bitBuiltins[`__builtin_ffs${suffix}`] = (_vm, a) => ffs(unsigned(a[0], bits));
  /** clrsb: the number of leading bits equal to the sign bit, less one. */
  bitBuiltins[`__builtin_clrsb${suffix}`] = (_vm, a) => {
    const v = unsigned(a[0], bits);
    const positive = (v >> BigInt(bits - 1)) === 0n ? v : BigInt.asUintN(bits, ~v);
    return positive === 0n ? bits - 1 : bits - positive.toString(2).length - 1;
  };
}

function bswap(v: Value, bytes: number): bigint {
  let x = unsigned(v, bytes * 8);
  let out = 0n;
  for (let i = 0; i < bytes; i++) {
    out = (out << 8n) | (x & 0xffn);
    x >>= 8n;
  }
  return out;
}
const canonical = (v: bigint): Value => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);

export const GCC_BUILTINS: Record<string, Impl> = {
  ...bitBuiltins,
  ffs: (_vm, a) => ffs(unsigned(a[0], 32)),
  ffsl: (_vm, a) => ffs(unsigned(a[0], 64)),
  ffsll: (_vm, a) => ffs(unsigned(a[0], 64)),
  __builtin_expect: (_vm, a) => a[0],
  __builtin_expect_with_probability: (_vm, a) => a[0],
  __builtin_unreachable: () => {
    throw new UnsupportedAtRunTime('reaching __builtin_unreachable(), which gcc lets the program fall through to anything');
  },
  __builtin_trap: (vm) => vm.process.kernel.kill('SIGILL', 'killed', 'ud2 (__builtin_trap)'),
  __builtin_bswap16: (_vm, a) => Number(bswap(a[0], 2)),
  __builtin_bswap32: (_vm, a) => Number(bswap(a[0], 4)),
  __builtin_bswap64: (_vm, a) => canonical(bswap(a[0], 8)),
  __builtin_inf: () => Infinity,
  __builtin_inff: () => Infinity,
  __builtin_huge_val: () => Infinity,
  __builtin_huge_valf: () => Infinity,
  __builtin_nan: () => NaN,
  __builtin_nanf: () => NaN,
};

export const GCC_BUILTIN_PROTOTYPES = [
  ...WIDTHS.flatMap(([s, bits]) => {
    const t = bits === 32 ? 'unsigned int' : s === 'l' ? 'unsigned long' : 'unsigned long long';
    const st = bits === 32 ? 'int' : s === 'l' ? 'long' : 'long long';
    return [
      `int __builtin_popcount${s}(${t} x);`, `int __builtin_parity${s}(${t} x);`, `int __builtin_ctz${s}(${t} x);`,
      `int __builtin_clz${s}(${t} x);`, `int __builtin_ffs${s}(${st} x);`, `int __builtin_clrsb${s}(${st} x);`,
    ];
  }),
  'int ffs(int i);', 'int ffsl(long i);', 'int ffsll(long long i);',
  'long __builtin_expect(long exp, long c);', 'long __builtin_expect_with_probability(long exp, long c, double probability);',
  'void __builtin_unreachable(void);', 'void __builtin_trap(void);',
  'unsigned short __builtin_bswap16(unsigned short x);', 'unsigned int __builtin_bswap32(unsigned int x);',
  'unsigned long __builtin_bswap64(unsigned long x);',
  'double __builtin_inf(void);', 'float __builtin_inff(void);', 'double __builtin_huge_val(void);', 'float __builtin_huge_valf(void);',
  'double __builtin_nan(const char *tag);', 'float __builtin_nanf(const char *tag);',
].join('\n');

