import type { MemoryAccess } from '../../../engine/memory/memoryAccess';
import { tolower } from './ctype';
import { strlen } from './stringFunctions';

export { stpncpy } from './stringFunctions';

/**
 * The rest of <string.h> and <strings.h> that glibc 2.36 offers a single-threaded program (POSIX
 * and GNU extensions), byte by byte over simulated memory like stringFunctions.ts. Pointers are
 * numbers; NULL is 0. Comparisons return what glibc's x86-64 versions return: the difference of
 * the first differing bytes (as unsigned char, after tolower for the case-insensitive ones, in
 * the C locale).
 */

/** The set of bytes of the NUL-terminated string at `s`. */
function byteSet(m: MemoryAccess, s: number): Set<number> {
  const set = new Set<number>();
  for (let i = 0; ; i++) {
    const b = m.read8(s + i);
    if (b === 0) return set;
    set.add(b);
  }
}

/** strspn (inSet) / strcspn (!inSet): the length of the prefix of s whose bytes are (not) in set. */
export function spanOf(m: MemoryAccess, s: number, set: ReadonlySet<number>, inSet: boolean): number {
  let n = 0;
  for (;;) {
    const b = m.read8(s + n);
    if (b === 0 || set.has(b) !== inSet) return n;
    n++;
  }
}

export function strpbrk(m: MemoryAccess, s: number, accept: number): number {
  const set = byteSet(m, accept);
  const at = s + spanOf(m, s, set, false);
  return m.read8(at) === 0 ? 0 : at;
}

/** strchrnul: like strchr, but the terminating NUL's address when c is not found. */
export function strchrnul(m: MemoryAccess, s: number, c: number): number {
  const want = c & 0xff;
  for (let p = s; ; p++) {
    const b = m.read8(p);
    if (b === want || b === 0) return p;
  }
}

/** rawmemchr: searches without a length (the byte must be there). */
export function rawmemchr(m: MemoryAccess, s: number, c: number): number {
  const want = c & 0xff;
  for (let p = s; ; p++) if (m.read8(p) === want) return p;
}

/** memrchr: the last occurrence of c in the n bytes at s, searching from the end. */
export function memrchr(m: MemoryAccess, s: number, c: number, n: number): number {
  const want = c & 0xff;
  for (let i = n - 1; i >= 0; i--) if (m.read8(s + i) === want) return s + i;
  return 0;
}

/** memmem: the first occurrence of the needle's bytes in the haystack's; an empty needle matches at the start. */
export function memmem(m: MemoryAccess, hay: number, hayLength: number, needle: number, needleLength: number): number {
  if (needleLength === 0) return hay;
  const first = m.read8(needle);
  for (let i = 0; i + needleLength <= hayLength; i++) {
    if (m.read8(hay + i) !== first) continue;
    let j = 1;
    while (j < needleLength && m.read8(hay + i + j) === m.read8(needle + j)) j++;
    if (j === needleLength) return hay + i;
  }
  return 0;
}

/** memccpy: copies up to and including the first c; returns the byte after it in dst, or NULL. */
export function memccpy(m: MemoryAccess, dst: number, src: number, c: number, n: number): number {
  const stop = c & 0xff;
  for (let i = 0; i < n; i++) {
    const b = m.read8(src + i);
    m.write8(dst + i, b);
    if (b === stop) return dst + i + 1;
  }
  return 0;
}

/** mempcpy: memcpy returning the end of the copy. */
export function mempcpy(m: MemoryAccess, dst: number, src: number, n: number): number {
  for (let i = 0; i < n; i++) m.write8(dst + i, m.read8(src + i));
  return dst + n;
}

/** stpcpy: strcpy returning the address of the NUL it wrote. */
export function stpcpy(m: MemoryAccess, dst: number, src: number): number {
  for (let i = 0; ; i++) {
    const b = m.read8(src + i);
    m.write8(dst + i, b);
    if (b === 0) return dst + i;
  }
}

export function strcasecmp(m: MemoryAccess, a: number, b: number): number {
  return strncasecmp(m, a, b, Infinity);
}

export function strncasecmp(m: MemoryAccess, a: number, b: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = tolower(m.read8(a + i));
    const y = tolower(m.read8(b + i));
    if (x !== y || x === 0) return x - y;
  }
  return 0;
}

/** strcasestr: strstr ignoring case (C locale); an empty needle matches at the start. */
export function strcasestr(m: MemoryAccess, hay: number, needle: number): number {
  const n = strlen(m, needle);
  for (let p = hay; ; p++) {
    if (strncasecmp(m, p, needle, n) === 0) return p;
    if (m.read8(p) === 0) return 0;
  }
}

/**
 * strsep: the token at *stringp, ended by the first delimiter (overwritten with a NUL), and
 * *stringp moved past it (to NULL after the last token). Empty tokens between two delimiters are
 * returned, unlike strtok's.
 */
export function strsep(m: MemoryAccess, s: number, delimiters: number): { token: number; next: number } {
  if (s === 0) return { token: 0, next: 0 };
  const end = s + spanOf(m, s, byteSet(m, delimiters), false);
  if (m.read8(end) === 0) return { token: s, next: 0 };
  m.write8(end, 0);
  return { token: s, next: end + 1 };
}

/**
 * strtok_r (glibc's __strtok_r): skip delimiters, end the token at the next one with a NUL, and
 * give where to continue. Without a token, the continuation is the string's end.
 */
export function strtokR(m: MemoryAccess, s: number, delimiters: number): { token: number; next: number } {
  const set = byteSet(m, delimiters);
  const start = s + spanOf(m, s, set, true);
  if (m.read8(start) === 0) return { token: 0, next: start };
  const end = start + spanOf(m, start, set, false);
  if (m.read8(end) === 0) return { token: start, next: end };
  m.write8(end, 0);
  return { token: start, next: end + 1 };
}

/** strxfrm in the C locale: the string itself; copies it only when it fits in n bytes with its NUL. */
export function strxfrm(m: MemoryAccess, dst: number, src: number, n: number): number {
  const length = strlen(m, src);
  if (length < n) for (let i = 0; i <= length; i++) m.write8(dst + i, m.read8(src + i));
  return length;
}

/**
 * strverscmp (glibc string/strverscmp.c): compares as strcmp, except that runs of digits compare
 * by numeric value, and a run with leading zeros counts as a fraction (sorts before).
 */
export function strverscmp(m: MemoryAccess, a: number, b: number): number {
  // The states and result table of glibc's implementation: S_N normal, S_I integer, S_F fraction, S_Z leading zeros.
  const S_N = 0x0, S_I = 0x3, S_F = 0x6, S_Z = 0x9;
  const CMP = 2, LEN = 3;
  const nextState = [
    S_N, S_I, S_Z, S_N, S_I, S_I, S_N, S_F, S_F, S_N, S_F, S_Z,
  ];
  const resultType = [
    CMP, CMP, CMP, CMP, LEN, CMP, CMP, CMP, CMP,
    CMP, -1, -1, +1, LEN, LEN, +1, LEN, LEN,
    CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP,
    CMP, +1, +1, -1, CMP, CMP, -1, CMP, CMP,
  ];
  const isDigit = (c: number) => c >= 48 && c <= 57;
  const klass = (c: number) => (c === 48 ? 1 : 0) + (isDigit(c) ? 1 : 0);
  let p1 = a;
  let p2 = b;
  if (p1 === p2) return 0;
  let c1 = m.read8(p1++);
  let c2 = m.read8(p2++);
  let state = S_N + klass(c1);
  let diff: number;
  while ((diff = c1 - c2) === 0) {
    if (c1 === 0) return diff;
    state = nextState[state];
    c1 = m.read8(p1++);
    c2 = m.read8(p2++);
    state += klass(c1);
  }
  const result = resultType[state * 3 + klass(c2)];
  switch (result) {
    case CMP: return diff;
    case LEN:
      while (isDigit(m.read8(p1++))) if (!isDigit(m.read8(p2++))) return 1;
      return isDigit(m.read8(p2)) ? -1 : diff;
    default: return result;
  }
}

/** The 1-based index of the lowest set bit (ffs, ffsl, ffsll), 0 for 0. */
export function ffs(value: bigint): number {
  if (value === 0n) return 0;
  let v = BigInt.asUintN(64, value);
  let i = 1;
  while ((v & 1n) === 0n) {
    v >>= 1n;
    i++;
  }
  return i;
}

