import type { MemoryAccess } from '../../../engine/memory/memoryAccess';
import { memmove } from './stringFunctions';

/**
 * <wchar.h>'s string functions over simulated memory: wchar_t is a 4-byte int on x86-64 Linux,
 * read and written one element at a time in C's order (as stringFunctions.ts does bytes), so the
 * first bad element is the one that faults or that a checker reports. Pointers are plain
 * numbers; NULL is 0. Results are glibc 2.36's on x86-64 (measured on Debian 12):
 * - wcscmp, wcsncmp and wmemcmp compare the elements as signed ints (wchar_t is int) and return
 *   -1, 0 or 1, not a difference (`wcscmp(L"\x80000000", L"\x1")` is -1). On stack arrays
 *   glibc's AVX2/EVEX wcscmp sometimes returns other magnitudes of the right sign (-3, 2, ...:
 *   about one run in fifty with ASLR on, depending on where the stack lands); -1 and 1 are what
 *   it returns otherwise and what the generic C version always returns;
 * - wcschr and wcsrchr find the terminator when asked for L'\0';
 * - wcsncpy pads the destination with null characters up to n; wcsncat always adds one.
 */
const W = 4;

const element = (m: MemoryAccess, s: number, i: number): number => m.read32(s + W * i) | 0;

export function wcslen(m: MemoryAccess, s: number): number {
  let n = 0;
  while (element(m, s, n) !== 0) n++;
  return n;
}

export function wcsnlen(m: MemoryAccess, s: number, max: number): number {
  let n = 0;
  while (n < max && element(m, s, n) !== 0) n++;
  return n;
}

export function wcscpy(m: MemoryAccess, dst: number, src: number): number {
  for (let i = 0; ; i++) {
    const c = element(m, src, i);
    m.write32(dst + W * i, c >>> 0);
    if (c === 0) return dst;
  }
}

export function wcsncpy(m: MemoryAccess, dst: number, src: number, n: number): number {
  let i = 0;
  for (; i < n; i++) {
    const c = element(m, src, i);
    if (c === 0) break;
    m.write32(dst + W * i, c >>> 0);
  }
  for (; i < n; i++) m.write32(dst + W * i, 0);
  return dst;
}

export function wcscat(m: MemoryAccess, dst: number, src: number): number {
  wcscpy(m, dst + W * wcslen(m, dst), src);
  return dst;
}

export function wcsncat(m: MemoryAccess, dst: number, src: number, n: number): number {
  const end = dst + W * wcslen(m, dst);
  let i = 0;
  for (; i < n; i++) {
    const c = element(m, src, i);
    if (c === 0) break;
    m.write32(end + W * i, c >>> 0);
  }
  m.write32(end + W * i, 0);
  return dst;
}

export function wcscmp(m: MemoryAccess, a: number, b: number): number {
  return wcsncmp(m, a, b, Infinity);
}

export function wcsncmp(m: MemoryAccess, a: number, b: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = element(m, a, i);
    const y = element(m, b, i);
    if (x !== y) return x < y ? -1 : 1;
    if (x === 0) return 0;
  }
  return 0;
}

/** wcschr: the first wc in s, the terminator included; 0 when absent. */
export function wcschr(m: MemoryAccess, s: number, wc: number): number {
  for (let i = 0; ; i++) {
    const c = element(m, s, i);
    if (c === (wc | 0)) return s + W * i;
    if (c === 0) return 0;
  }
}

/** wcsrchr: the last wc in s (reads the whole string); 0 when absent. */
export function wcsrchr(m: MemoryAccess, s: number, wc: number): number {
  let found = 0;
  for (let i = 0; ; i++) {
    const c = element(m, s, i);
    if (c === (wc | 0)) found = s + W * i;
    if (c === 0) return found;
  }
}

export function wmemset(m: MemoryAccess, s: number, wc: number, n: number): number {
  for (let i = 0; i < n; i++) m.write32(s + W * i, wc >>> 0);
  return s;
}

/** wmemmove (and wmemcpy, which glibc makes the same copy, like memcpy): memmove of n elements. */
export function wmemmove(m: MemoryAccess, dst: number, src: number, n: number): number {
  return memmove(m, dst, src, W * n);
}

export function wmemcmp(m: MemoryAccess, a: number, b: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = element(m, a, i);
    const y = element(m, b, i);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** wmemchr: the first wc among the n elements at s; 0 when absent. */
export function wmemchr(m: MemoryAccess, s: number, wc: number, n: number): number {
  for (let i = 0; i < n; i++) if (element(m, s, i) === (wc | 0)) return s + W * i;
  return 0;
}
