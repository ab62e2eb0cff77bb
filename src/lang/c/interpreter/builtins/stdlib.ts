import { type Int64, lowI32, toNumber, wrapI64, wrapU64 } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import type { CallInstr } from '../lower/instructions';

/**
 * stdlib.h: the allocator calls go to the process's allocator (glibc 2.36 malloc), and the bytes
 * a fresh block holds are marked uninitialized (calloc's are zero and defined); exit flushes
 * stdio; rand is glibc's TYPE_3 additive feedback generator, bit for bit.
 *
 * TODO(libc): take strtol/atoi/rand from src/lang/c/libc once it is committed.
 */
const size = (v: Value) => toNumber(v as Int64);

export function mallocFor(vm: Machine, n: number): number {
  const p = vm.process.allocator.malloc(n);
  if (p !== 0) vm.mem.shadow.markUndefined(p, n);
  return p;
}

export const STDLIB = {
  malloc(vm: Machine, args: Value[]): Value {
    return mallocFor(vm, size(args[0]));
  },
  calloc(vm: Machine, args: Value[]): Value {
    return vm.process.allocator.calloc(size(args[0]), size(args[1]));
  },
  realloc(vm: Machine, args: Value[]): Value {
    const old = size(args[0]);
    const n = size(args[1]);
    const oldUsable = old === 0 ? 0 : vm.process.allocator.mallocUsableSize(old);
    const p = vm.process.allocator.realloc(old, n);
    if (p !== 0 && n > 0) {
      const kept = Math.min(oldUsable, n);
      if (p !== old && kept > 0) vm.mem.shadow.copy(p, old, kept);
      if (n > kept) vm.mem.shadow.markUndefined(p + kept, n - kept);
    }
    return p;
  },
  free(vm: Machine, args: Value[]): Value {
    vm.process.allocator.free(size(args[0]));
    return undefined;
  },
  aligned_alloc(vm: Machine, args: Value[]): Value {
    return vm.process.allocator.alignedAlloc(size(args[0]), size(args[1]));
  },
  memalign(vm: Machine, args: Value[]): Value {
    return vm.process.allocator.memalign(size(args[0]), size(args[1]));
  },
  posix_memalign(vm: Machine, args: Value[]): Value {
    const r = vm.process.allocator.posixMemalign(size(args[1]), size(args[2]));
    if (r.ret === 0) vm.mem.writeI64(vm.mem.address(args[0] as Int64, 'write'), r.ptr);
    return r.ret;
  },
  malloc_usable_size(vm: Machine, args: Value[]): Value {
    return vm.process.allocator.mallocUsableSize(size(args[0]));
  },
  malloc_trim(vm: Machine, args: Value[]): Value {
    return vm.process.allocator.mallocTrim(size(args[0]));
  },
  exit(vm: Machine, args: Value[]): Value {
    vm.flushStdout();
    return vm.process.kernel.exit(lowI32(args[0] as Int64));
  },
  /** _exit skips stdio: buffered output is lost. */
  _exit(vm: Machine, args: Value[]): Value {
    return vm.process.kernel.exit(lowI32(args[0] as Int64));
  },
  abort(vm: Machine): Value {
    return vm.abort('');
  },
  abs(_vm: Machine, args: Value[]): Value {
    const v = args[0] as number;
    return v < 0 ? (-v) | 0 : v;
  },
  labs(_vm: Machine, args: Value[]): Value {
    const v = args[0] as Int64;
    return v < 0 ? wrapI64(-BigInt(v)) : v;
  },
  llabs(vm: Machine, args: Value[]): Value {
    return STDLIB.labs(vm, args);
  },
  atoi(vm: Machine, args: Value[]): Value {
    return lowI32(parseInteger(vm, args[0], 10, true).value);
  },
  atol(vm: Machine, args: Value[]): Value {
    return parseInteger(vm, args[0], 10, true).value;
  },
  strtol(vm: Machine, args: Value[]): Value {
    const r = parseInteger(vm, args[0], lowI32(args[2] as Int64), true);
    if (args[1] !== 0) vm.mem.writeI64(vm.mem.address(args[1] as Int64, 'write'), r.end);
    return r.value;
  },
  strtoul(vm: Machine, args: Value[]): Value {
    const r = parseInteger(vm, args[0], lowI32(args[2] as Int64), false);
    if (args[1] !== 0) vm.mem.writeI64(vm.mem.address(args[1] as Int64, 'write'), r.end);
    return r.value;
  },
  rand(vm: Machine): Value {
    return nextRandom(vm);
  },
  srand(vm: Machine, args: Value[]): Value {
    seedRandom(vm, (args[0] as number) >>> 0);
    return undefined;
  },
  getpid(vm: Machine): Value {
    return vm.process.kernel.getpid();
  },
  /** assert's failure path (glibc __assert_fail): the message, then abort. */
  __assert(vm: Machine, args: Value[], call: CallInstr): Value {
    if (args[0] !== 0) return undefined;
    const site = call.site!;
    const program = vm.process.argv[0] ?? 'a.out';
    return vm.abort(`${program}: ${vm.sourceName}:${site.line}: ${site.functionName}: Assertion \`${site.text}' failed.\n`);
  },
};

/** strtol's parse (C11 7.22.1.4): spaces, sign, base prefix, digits; saturating on overflow. */
function parseInteger(vm: Machine, p: Value, base: number, signed: boolean): { value: Int64; end: number } {
  const start = vm.mem.address(p as Int64, 'read');
  let at = start;
  const byte = (q: number) => vm.mem.read8(q);
  while (byte(at) === 32 || (byte(at) >= 9 && byte(at) <= 13)) at++;
  let negative = false;
  if (byte(at) === 43 || byte(at) === 45) { negative = byte(at) === 45; at++; }
  if ((base === 0 || base === 16) && byte(at) === 48 && (byte(at + 1) | 32) === 120 && isDigit(byte(at + 2), 16)) { at += 2; base = 16; }
  else if (base === 0) base = byte(at) === 48 ? 8 : 10;
  let value = 0n;
  const digitsStart = at;
  while (isDigit(byte(at), base)) value = value * BigInt(base) + BigInt(parseInt(String.fromCharCode(byte(at++)), base));
  if (at === digitsStart) return { value: 0, end: start };
  if (negative) value = -value;
  if (signed) {
    if (value > 0x7fffffffffffffffn) value = 0x7fffffffffffffffn;
    if (value < -0x8000000000000000n) value = -0x8000000000000000n;
    return { value: wrapI64(value), end: at };
  }
  if (value > 0xffffffffffffffffn || -value > 0xffffffffffffffffn) return { value: wrapU64(-1n), end: at };
  return { value: wrapU64(value), end: at };
}

function isDigit(c: number, base: number): boolean {
  if (c === 0) return false;
  const d = parseInt(String.fromCharCode(c), 36);
  return !Number.isNaN(d) && d < base;
}

/** srandom_r for TYPE_3 (degree 31, separation 3): the Park-Miller seeding, then 310 discarded. */
function seedRandom(vm: Machine, seed: number): void {
  const r = new Array<number>(31);
  r[0] = seed === 0 ? 1 : seed | 0;
  for (let i = 1; i < 31; i++) {
    // 16807 * r[i-1] % 2147483647 without overflow (Schrage's method), as glibc computes it.
    const hi = Math.trunc(r[i - 1] / 127773);
    const lo = r[i - 1] % 127773;
    let word = 16807 * lo - 2836 * hi;
    if (word < 0) word += 2147483647;
    r[i] = word;
  }
  vm.libc.randState = r;
  vm.libc.randFront = 3;
  vm.libc.randRear = 0;
  for (let i = 0; i < 310; i++) nextRandom(vm);
}

/** random_r: r[f] += r[r]; the result is the sum without its lowest bit. */
function nextRandom(vm: Machine): number {
  const l = vm.libc;
  if (!l.randState) seedRandom(vm, 1);
  const r = l.randState!;
  const sum = (r[l.randFront] + r[l.randRear]) | 0;
  r[l.randFront] = sum;
  const result = (sum >>> 1) & 0x7fffffff;
  l.randFront++;
  if (l.randFront >= 31) {
    l.randFront = 0;
    l.randRear++;
  } else {
    l.randRear++;
    if (l.randRear >= 31) l.randRear = 0;
  }
  return result;
}

