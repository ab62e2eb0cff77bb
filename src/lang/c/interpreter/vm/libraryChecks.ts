import type { MemoryAccess } from '../../../../engine/memory/memoryAccess';
import * as libc from '../../libc/stringFunctions';
import { type Int64, toNumber } from '../values/int64';
import type { Value } from '../values/valueKind';

/** What a library function's range check may do: check one range of one argument, measure a string. */
export interface RangeChecker {
  /** The bytes [addr, addr + length) that argument `arg` points into are read (or written). */
  read(arg: number, addr: number, length: number): void;
  write(arg: number, addr: number, length: number): void;
  /** free(ptr) or realloc(ptr, n): the pointer must be one malloc returned and not yet freed. */
  free(ptr: number): void;
  /** Memory as it is, without checks (the interceptor measures a string before checking it). */
  readonly raw: MemoryAccess;
}

type RangeCheck = (r: RangeChecker, args: readonly Value[]) => void;

const num = (v: Value) => toNumber(v as Int64);

/** The index of the first byte at which two strings differ, or of the NUL that ends both, at most limit. */
function compared(m: MemoryAccess, a: number, b: number, limit: number): number {
  let i = 0;
  for (; i < limit; i++) {
    const x = m.read8(a + i);
    if (x !== m.read8(b + i) || x === 0) return i + 1;
  }
  return limit;
}

/**
 * The ranges ASan's interceptors check before calling the real function (compiler-rt's
 * asan_interceptors.cpp and sanitizer_common_interceptors.inc): a copy checks its whole source
 * and destination, a string function the string up to its NUL. The error is then reported at
 * the call, with the size of the whole range, as ASan reports it ("WRITE of size 11" for a
 * strcpy of a 10-character string). Functions not listed are checked access by access.
 */
export const LIBRARY_RANGES: Readonly<Record<string, RangeCheck>> = {
  memcpy: (r, a) => {
    r.read(1, num(a[1]), num(a[2]));
    r.write(0, num(a[0]), num(a[2]));
  },
  memmove: (r, a) => LIBRARY_RANGES.memcpy(r, a),
  memset: (r, a) => r.write(0, num(a[0]), num(a[2])),
  memcmp: (r, a) => {
    r.read(0, num(a[0]), num(a[2]));
    r.read(1, num(a[1]), num(a[2]));
  },
  strlen: (r, a) => r.read(0, num(a[0]), libc.strlen(r.raw, num(a[0])) + 1),
  strcpy: (r, a) => {
    const length = libc.strlen(r.raw, num(a[1])) + 1;
    r.read(1, num(a[1]), length);
    r.write(0, num(a[0]), length);
  },
  strncpy: (r, a) => {
    const n = num(a[2]);
    r.read(1, num(a[1]), Math.min(n, libc.strnlen(r.raw, num(a[1]), n) + 1));
    r.write(0, num(a[0]), n);
  },
  strcat: (r, a) => {
    const from = libc.strlen(r.raw, num(a[1]));
    r.read(1, num(a[1]), from + 1);
    const to = libc.strlen(r.raw, num(a[0]));
    r.read(0, num(a[0]), to + 1);
    r.write(0, num(a[0]) + to, from + 1);
  },
  strncat: (r, a) => {
    const n = num(a[2]);
    const from = libc.strnlen(r.raw, num(a[1]), n);
    r.read(1, num(a[1]), Math.min(from + 1, n));
    const to = libc.strlen(r.raw, num(a[0]));
    r.read(0, num(a[0]), to + 1);
    r.write(0, num(a[0]) + to, from + 1);
  },
  strcmp: (r, a) => {
    const n = compared(r.raw, num(a[0]), num(a[1]), Infinity);
    r.read(0, num(a[0]), n);
    r.read(1, num(a[1]), n);
  },
  strncmp: (r, a) => {
    const n = compared(r.raw, num(a[0]), num(a[1]), num(a[2]));
    r.read(0, num(a[0]), n);
    r.read(1, num(a[1]), n);
  },
  strdup: (r, a) => r.read(0, num(a[0]), libc.strlen(r.raw, num(a[0])) + 1),
  puts: (r, a) => r.read(0, num(a[0]), libc.strlen(r.raw, num(a[0])) + 1),
  fputs: (r, a) => r.read(0, num(a[0]), libc.strlen(r.raw, num(a[0])) + 1),
  free: (r, a) => r.free(num(a[0])),
  realloc: (r, a) => {
    if (num(a[0]) !== 0) r.free(num(a[0]));
  },
};

/**
 * Library functions that copy bytes without looking at them: the destination gets the source's
 * definedness (Memcheck copies V bits), nothing is reported.
 */
export const COPIES_BYTES = new Set(['memcpy', 'memmove']);

/** Allocation calls whose NULL result may mean the simulated RAM + swap is used up. */
export const ALLOCATES = new Map<string, (args: readonly Value[]) => number>([
  ['malloc', (a) => num(a[0])],
  ['calloc', (a) => num(a[0]) * num(a[1])],
  ['realloc', (a) => num(a[1])],
  ['aligned_alloc', (a) => num(a[1])],
  ['memalign', (a) => num(a[1])],
  ['strdup', () => 1],
]);
