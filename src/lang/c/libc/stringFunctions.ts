import type { MemoryAccess } from '../../../engine/memory/memoryAccess';

/**
 * <string.h> over simulated memory. Every function touches memory one byte at a time in the
 * order C describes (the source byte, then the destination byte; a string up to and including its
 * NUL and never further), so the first byte that is unmapped, freed or outside its object is the
 * one that faults or that a checker reports. Pointers are plain numbers; NULL is 0.
 *
 * Results are glibc's on x86-64:
 * - strcmp, strncmp and memcmp return the difference of the first differing bytes taken as
 *   unsigned char (strcmp("a", "c") is -2), which is what glibc's SSE2/AVX2/EVEX versions return;
 * - memcpy is glibc's memmove in disguise on x86-64 (both are __memmove_*_unaligned_erms), so
 *   overlapping copies come out as memmove's (C calls that undefined behaviour);
 * - strncpy pads the destination with NULs up to n; strncat always adds a NUL after at most n
 *   bytes.
 */

export function strlen(m: MemoryAccess, s: number): number {
  let n = 0;
  while (m.read8(s + n) !== 0) n++;
  return n;
}

export function strnlen(m: MemoryAccess, s: number, max: number): number {
  let n = 0;
  while (n < max && m.read8(s + n) !== 0) n++;
  return n;
}

export function strcpy(m: MemoryAccess, dst: number, src: number): number {
  for (let i = 0; ; i++) {
    const b = m.read8(src + i);
    m.write8(dst + i, b);
    if (b === 0) return dst;
  }
}

export function strncpy(m: MemoryAccess, dst: number, src: number, n: number): number {
  let i = 0;
  for (; i < n; i++) {
    const b = m.read8(src + i);
    if (b === 0) break;
    m.write8(dst + i, b);
  }
  for (; i < n; i++) m.write8(dst + i, 0);
  return dst;
}

export function strcat(m: MemoryAccess, dst: number, src: number): number {
  strcpy(m, dst + strlen(m, dst), src);
  return dst;
}

export function strncat(m: MemoryAccess, dst: number, src: number, n: number): number {
  const end = dst + strlen(m, dst);
  let i = 0;
  for (; i < n; i++) {
    const b = m.read8(src + i);
    if (b === 0) break;
    m.write8(end + i, b);
  }
  m.write8(end + i, 0);
  return dst;
}

export function strcmp(m: MemoryAccess, a: number, b: number): number {
  for (let i = 0; ; i++) {
    const x = m.read8(a + i);
    const y = m.read8(b + i);
    if (x !== y || x === 0) return x - y;
  }
}

export function strncmp(m: MemoryAccess, a: number, b: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = m.read8(a + i);
    const y = m.read8(b + i);
    if (x !== y || x === 0) return x - y;
  }
  return 0;
}

/** strchr: the first c (converted to char) in s, the terminator included; 0 when absent. */
export function strchr(m: MemoryAccess, s: number, c: number): number {
  const ch = c & 0xff;
  for (let i = 0; ; i++) {
    const b = m.read8(s + i);
    if (b === ch) return s + i;
    if (b === 0) return 0;
  }
}

/** strrchr: the last c in s (reads the whole string); 0 when absent. */
export function strrchr(m: MemoryAccess, s: number, c: number): number {
  const ch = c & 0xff;
  let found = 0;
  for (let i = 0; ; i++) {
    const b = m.read8(s + i);
    if (b === ch) found = s + i;
    if (b === 0) return found;
  }
}

/** strstr: the first occurrence of needle in haystack; haystack itself for an empty needle; 0 when absent. */
export function strstr(m: MemoryAccess, haystack: number, needle: number): number {
  const n = strlen(m, needle);
  if (n === 0) return haystack;
  const first = m.read8(needle);
  for (let i = 0; ; i++) {
    const b = m.read8(haystack + i);
    if (b === 0) return 0;
    if (b !== first) continue;
    let j = 1;
    while (j < n) {
      const h = m.read8(haystack + i + j);
      if (h !== m.read8(needle + j)) break;
      j++;
    }
    if (j === n) return haystack + i;
  }
}

/** strdup: malloc(strlen(s) + 1) through the process's allocator, then the copy; 0 when malloc fails. */
export function strdup(m: MemoryAccess, s: number, malloc: (size: number) => number): number {
  const size = strlen(m, s) + 1;
  const p = malloc(size);
  if (p === 0) return 0;
  return memcpy(m, p, s, size);
}

/** strndup: at most n bytes of s, always NUL-terminated, in malloc(len + 1). */
export function strndup(m: MemoryAccess, s: number, n: number, malloc: (size: number) => number): number {
  const len = strnlen(m, s, n);
  const p = malloc(len + 1);
  if (p === 0) return 0;
  memcpy(m, p, s, len);
  m.write8(p + len, 0);
  return p;
}

export function memcpy(m: MemoryAccess, dst: number, src: number, n: number): number {
  return memmove(m, dst, src, n);
}

/** memmove: forwards, or backwards when the destination starts inside the source. */
export function memmove(m: MemoryAccess, dst: number, src: number, n: number): number {
  // As one range when the memory can (the source read whole first: memmove's semantics).
  if (n > 0 && m.copyRange?.(dst, src, n) === true) return dst;
  if (dst > src && dst < src + n) {
    for (let i = n - 1; i >= 0; i--) m.write8(dst + i, m.read8(src + i));
  } else {
    for (let i = 0; i < n; i++) m.write8(dst + i, m.read8(src + i));
  }
  return dst;
}

const MEMSET_CHUNK = 1 << 16;

export function memset(m: MemoryAccess, s: number, c: number, n: number): number {
  const b = c & 0xff;
  if (m.writeRange !== undefined && n > 0) {
    // A page at a time: a wild size (`memset(p, 0, -1)`) writes on until the first page that
    // faults, as glibc's memset does, instead of asking the host for exabytes first.
    const page = new Uint8Array(Math.min(n, MEMSET_CHUNK)).fill(b);
    for (let done = 0; done < n; done += MEMSET_CHUNK) m.writeRange(s + done, n - done >= MEMSET_CHUNK ? page : page.subarray(0, n - done));
    return s;
  }
  for (let i = 0; i < n; i++) m.write8(s + i, b);
  return s;
}

export function memcmp(m: MemoryAccess, a: number, b: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = m.read8(a + i);
    const y = m.read8(b + i);
    if (x !== y) return x - y;
  }
  return 0;
}

/** memchr: the first byte equal to (unsigned char) c among n bytes; 0 when absent. */
export function memchr(m: MemoryAccess, s: number, c: number, n: number): number {
  const ch = c & 0xff;
  for (let i = 0; i < n; i++) if (m.read8(s + i) === ch) return s + i;
  return 0;
}
