import { GlibcRandom } from '../../libc/rand';
import { atoi, atol, strtol, strtoul } from '../../libc/strtol';
import { atof, strtod, strtof } from '../../libc/strtod';
import { qsortSteps, bsearchSteps } from '../../libc/qsort';
import { type Int64, lowI32, toNumber, wrapI64, wrapU64 } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import { NativeCall } from '../vm/nativeCall';
import type { CallInstr } from '../lower/instructions';
import { ERRNO_ADDRESS } from './libraryObjects';

/**
 * stdlib.h: the allocator calls go to the process's allocator (glibc 2.36 malloc), and the bytes
 * a fresh block holds are marked uninitialized (calloc's are zero and defined); exit flushes
 * stdio; strtol, strtod, rand and qsort are libc's glibc-exact versions. qsort and bsearch call
 * the program's comparator: they run as a native frame of the VM that yields comparator calls.
 */
const size = (v: Value) => toNumber(v as Int64);
const ptr = (vm: Machine, v: Value) => vm.mem.address(v as Int64, 'read');

export function mallocFor(vm: Machine, n: number): number {
  const p = vm.process.allocator.malloc(n);
  if (p !== 0) vm.mem.shadow.markUndefined(p, n);
  else setErrno(vm, ENOMEM);
  return p;
}

/**
 * A block fresh from the allocator: its bytes are undefined, or defined when calloc zeroed them
 * (a reused chunk may still carry the old block's bits, which must not leak into the new one).
 */
function fresh(vm: Machine, p: number, n: number, zeroed: boolean): number {
  if (p !== 0 && n > 0) vm.mem.shadow.setRange(p, n, !zeroed);
  return p;
}

/** glibc's allocation functions set errno to ENOMEM when they return NULL for a request. */
const ENOMEM = 12;
const orNoMemory = (vm: Machine, p: number, requested: boolean): number => {
  if (p === 0 && requested) setErrno(vm, ENOMEM);
  return p;
};

function setErrno(vm: Machine, errno: number | undefined): void {
  if (errno !== undefined) vm.mem.write32(ERRNO_ADDRESS, errno);
}

function random(vm: Machine): GlibcRandom {
  return (vm.libc.random ??= new GlibcRandom());
}

function storeEnd(vm: Machine, endptr: Value, end: number | undefined): void {
  if (endptr !== 0 && end !== undefined) vm.mem.writeI64(ptr(vm, endptr), end);
}

const canonical = (v: bigint, signed: boolean) => (signed ? wrapI64(v) : wrapU64(v));

export const STDLIB = {
  malloc(vm: Machine, args: Value[]): Value {
    return mallocFor(vm, size(args[0]));
  },
  calloc(vm: Machine, args: Value[]): Value {
    const n = size(args[0]) * size(args[1]);
    return orNoMemory(vm, fresh(vm, vm.process.allocator.calloc(size(args[0]), size(args[1])), n, true), n !== 0);
  },
  realloc(vm: Machine, args: Value[]): Value {
    const old = size(args[0]);
    const n = size(args[1]);
    const oldUsable = old === 0 ? 0 : vm.process.allocator.mallocUsableSize(old);
    const p = orNoMemory(vm, vm.process.allocator.realloc(old, n), n > 0);
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
    return fresh(vm, vm.process.allocator.alignedAlloc(size(args[0]), size(args[1])), size(args[1]), false);
  },
  memalign(vm: Machine, args: Value[]): Value {
    return fresh(vm, vm.process.allocator.memalign(size(args[0]), size(args[1])), size(args[1]), false);
  },
  posix_memalign(vm: Machine, args: Value[]): Value {
    const r = vm.process.allocator.posixMemalign(size(args[1]), size(args[2]));
    if (r.ret === 0) vm.mem.writeI64(ptr(vm, args[0]), fresh(vm, r.ptr, size(args[2]), false));
    return r.ret;
  },
  malloc_usable_size(vm: Machine, args: Value[]): Value {
    return vm.process.allocator.mallocUsableSize(size(args[0]));
  },
  malloc_trim(vm: Machine, args: Value[]): Value {
    return vm.process.allocator.mallocTrim(size(args[0]));
  },
  /** _exit (and C's _Exit) skips the atexit handlers and stdio: buffered output is lost. */
  _exit(vm: Machine, args: Value[]): Value {
    return vm.process.kernel.exit(lowI32(args[0] as Int64));
  },
  _Exit(vm: Machine, args: Value[]): Value {
    return STDLIB._exit(vm, args);
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
    const r = atoi(vm.mem, ptr(vm, args[0]));
    setErrno(vm, r.errno);
    return r.value;
  },
  atol(vm: Machine, args: Value[]): Value {
    const r = atol(vm.mem, ptr(vm, args[0]));
    setErrno(vm, r.errno);
    return wrapI64(r.value);
  },
  atoll(vm: Machine, args: Value[]): Value {
    return STDLIB.atol(vm, args);
  },
  strtol(vm: Machine, args: Value[]): Value {
    const r = strtol(vm.mem, ptr(vm, args[0]), lowI32(args[2] as Int64));
    storeEnd(vm, args[1], r.end);
    setErrno(vm, r.errno);
    return canonical(r.value, true);
  },
  strtoll(vm: Machine, args: Value[]): Value {
    return STDLIB.strtol(vm, args);
  },
  strtoul(vm: Machine, args: Value[]): Value {
    const r = strtoul(vm.mem, ptr(vm, args[0]), lowI32(args[2] as Int64));
    storeEnd(vm, args[1], r.end);
    setErrno(vm, r.errno);
    return canonical(r.value, false);
  },
  strtoull(vm: Machine, args: Value[]): Value {
    return STDLIB.strtoul(vm, args);
  },
  strtod(vm: Machine, args: Value[]): Value {
    const r = strtod(vm.mem, ptr(vm, args[0]));
    storeEnd(vm, args[1], r.end);
    setErrno(vm, r.errno);
    return r.value;
  },
  strtof(vm: Machine, args: Value[]): Value {
    const r = strtof(vm.mem, ptr(vm, args[0]));
    storeEnd(vm, args[1], r.end);
    setErrno(vm, r.errno);
    return r.value;
  },
  atof(vm: Machine, args: Value[]): Value {
    return atof(vm.mem, ptr(vm, args[0]));
  },
  rand(vm: Machine): Value {
    return random(vm).rand();
  },
  srand(vm: Machine, args: Value[]): Value {
    random(vm).srand((args[0] as number) >>> 0);
    return undefined;
  },
  getpid(vm: Machine): Value {
    return vm.process.kernel.getpid();
  },
  /** qsort(base, n, size, cmp): libc's msort, with its temporary in qsort's own stack frame. */
  qsort(vm: Machine, args: Value[]): Value | NativeCall {
    const base = ptr(vm, args[0]);
    const n = size(args[1]);
    const s = size(args[2]);
    return new NativeCall('qsort', args[3] as Int64, (host) => qsortSteps({
      memory: vm.mem,
      malloc: (bytes) => mallocFor(vm, bytes),
      free: (p) => vm.process.allocator.free(p),
      alloca: host.alloca,
      physPages: 256 * 256,
    }, base, n, s), () => undefined);
  },
  bsearch(vm: Machine, args: Value[]): Value | NativeCall {
    const steps = bsearchSteps(size(args[0]), ptr(vm, args[1]), size(args[2]), size(args[3]));
    return new NativeCall('bsearch', args[4] as Int64, () => steps, (r) => r as number);
  },
  /** assert's failure path (glibc __assert_fail): the message on stderr, then abort. */
  __assert(vm: Machine, args: Value[], call: CallInstr): Value {
    if (args[0] !== 0) return undefined;
    const site = call.site!;
    const program = vm.process.argv[0] ?? 'a.out';
    return vm.abort(`${program}: ${vm.sourceName}:${site.line}: ${site.functionName}: Assertion \`${site.text}' failed.\n`);
  },
};
