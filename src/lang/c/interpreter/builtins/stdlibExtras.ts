import { randR } from '../../libc/rand';
import { type Int64, toNumber, wrapI64 } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import { STDLIB } from './stdlib';
import { setErrno } from './syscallErrno';

/**
 * More of <stdlib.h>: div/ldiv/lldiv (structs returned by value), rand_r, random/srandom (the same
 * generator as rand, as in glibc), the drand48 family (the 48-bit LCG of stdlib/drand48-iter.c),
 * reallocarray (ENOMEM on overflow), valloc/pvalloc, and getenv over the environment exec put on
 * the stack (its strings are the process's own, so the pointer getenv returns points there).
 */
const num = (v: Value) => toNumber(v as Int64);
const big = (v: Value) => (typeof v === 'bigint' ? v : BigInt(v as number));
const ENOMEM = 12;
const PAGE = 4096;

/** A struct of two members of `bytes` bytes each, as a record value (quot, then rem). */
function pair(quot: bigint, rem: bigint, bytes: 4 | 8): Uint8Array {
  const out = new Uint8Array(bytes * 2);
  const view = new DataView(out.buffer);
  if (bytes === 4) {
    view.setInt32(0, Number(BigInt.asIntN(32, quot)), true);
    view.setInt32(4, Number(BigInt.asIntN(32, rem)), true);
  } else {
    view.setBigInt64(0, BigInt.asIntN(64, quot), true);
    view.setBigInt64(8, BigInt.asIntN(64, rem), true);
  }
  return out;
}

/** C's division truncates toward zero, as BigInt's does; INT_MIN / -1 traps as idiv does. */
function divide(vm: Machine, a: Value[], bytes: 4 | 8): Value {
  const n = big(a[0]);
  const d = big(a[1]);
  if (d === 0n || (d === -1n && n === -(1n << BigInt(bytes * 8 - 1)))) return vm.process.kernel.kill('SIGFPE', 'killed', 'integer division error in div');
  return pair(n / d, n % d, bytes);
}

/** The drand48 generator: X(n+1) = (a X(n) + c) mod 2^48, a = 0x5DEECE66D, c = 0xB. */
const A48 = 0x5deece66dn;
const C48 = 0xbn;
function next48(vm: Machine): bigint {
  const x = (A48 * (vm.libc.drand48 ?? 0n) + C48) & ((1n << 48n) - 1n);
  vm.libc.drand48 = x;
  return x;
}

/** The address of exec's envp[] on the stack: above argc and argv[]'s pointers and their NULL. */
function environ(vm: Machine): number {
  return vm.process.image.stack.entryRsp + 8 * (vm.process.argv.length + 2);
}

export const STDLIB_EXTRAS = {
  div: (vm: Machine, a: Value[]): Value => divide(vm, a, 4),
  ldiv: (vm: Machine, a: Value[]): Value => divide(vm, a, 8),
  lldiv: (vm: Machine, a: Value[]): Value => divide(vm, a, 8),
  rand_r(vm: Machine, a: Value[]): Value {
    const at = vm.mem.address(a[0] as Int64, 'write');
    const r = randR(vm.mem.read32(at) >>> 0);
    vm.mem.write32(at, r.seed | 0);
    return r.value;
  },
  random: (vm: Machine): Value => STDLIB.rand(vm) as number,
  srandom: (vm: Machine, a: Value[]): Value => STDLIB.srand(vm, a),
  drand48: (vm: Machine): Value => Number(next48(vm)) / 2 ** 48,
  lrand48: (vm: Machine): Value => Number(next48(vm) >> 17n),
  mrand48: (vm: Machine): Value => Number(BigInt.asIntN(32, next48(vm) >> 16n)),
  /** srand48(seed): the high 32 bits of X are the seed's low 32 bits, the low 16 are 0x330E. */
  srand48(vm: Machine, a: Value[]): Value {
    vm.libc.drand48 = (BigInt.asUintN(32, big(a[0])) << 16n) | 0x330en;
    return undefined;
  },
  /** reallocarray: realloc of n * size, or NULL with ENOMEM when the product overflows size_t. */
  reallocarray(vm: Machine, a: Value[]): Value {
    const total = big(a[1]) * big(a[2]);
    if (total >= 1n << 64n) {
      setErrno(vm, ENOMEM);
      return 0;
    }
    return STDLIB.realloc(vm, [a[0], wrapI64(total)]);
  },
  valloc: (vm: Machine, a: Value[]): Value => STDLIB.memalign(vm, [PAGE, a[0]]),
  /** pvalloc: page-aligned, the size rounded up to whole pages. */
  pvalloc: (vm: Machine, a: Value[]): Value => STDLIB.memalign(vm, [PAGE, Math.ceil(Math.max(num(a[0]), 1) / PAGE) * PAGE]),
  getenv(vm: Machine, a: Value[]): Value {
    const name = vm.mem.readCString(vm.mem.address(a[0] as Int64, 'read'));
    if (name.includes(61)) return 0; // a name with '=' matches nothing
    for (let p = environ(vm); ; p += 8) {
      const entry = vm.mem.readU64(p) as number;
      if (entry === 0) return 0;
      const text = vm.mem.readCString(entry, name.length + 1);
      if (text.length === name.length + 1 && text[name.length] === 61 && name.every((b, i) => text[i] === b)) return entry + name.length + 1;
    }
  },
};
