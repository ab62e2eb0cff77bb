import type { MemoryAccess } from '../../../engine/memory/memoryAccess';
import { memcpy } from './stringFunctions';

/**
 * qsort and qsort_r exactly as glibc 2.36 runs them (stdlib/msort.c, stdlib/qsort.c), so that a
 * comparator written in C is called with the same pointers in the same order, and prints the
 * same lines, as on Linux.
 *
 * The comparator is interpreted C, so the sort is a generator: it yields each comparison as
 * `{ a, b }` (the two pointers glibc passes) and expects the comparator's int back from
 * `next(result)`. `qsort()` drives it with a plain callback for callers that can call
 * synchronously. Every element move goes through `MemoryAccess` with the widths glibc uses.
 *
 * __qsort_r (msort.c):
 * - the temporary needs n*s bytes, or 2*n*8 + s for elements larger than 32 bytes, which are
 *   sorted indirectly (an array of pointers is merge-sorted, then the elements are permuted
 *   into place with one temporary element, Knuth 5.2-10);
 * - below 1024 bytes the temporary is alloca'd on the caller's stack (`host.alloca`);
 * - otherwise, if size / pagesize > phys_pages / 4 (sysconf(_SC_PHYS_PAGES)), or malloc fails,
 *   it falls back to _quicksort, which needs no temporary; else the temporary is malloc'd and
 *   freed at the end (so qsort changes the heap the way glibc's does);
 * - msort_with_tmp is a top-down merge sort: sort b[0..n/2) and b[n/2..n), merge into the
 *   temporary taking from the left run while cmp(left, right) <= 0 (hence stable), copy back;
 *   elements move as uint32 (s == 4), uint64 (s == 8, aligned), unsigned-long words (s a multiple
 *   of 8, aligned) or bytes (mempcpy), and pointers in the indirect case.
 * _quicksort (qsort.c): median of three, "collapse the walls" partitioning around the middle
 * element (followed as it is swapped), partitions of at most 4 elements left to a final
 * insertion sort, the larger partition pushed on an explicit stack.
 */
export interface QsortHost {
  readonly memory: MemoryAccess;
  /** glibc malloc / free of the simulated process. */
  malloc(size: number): number;
  free(ptr: number): void;
  /** alloca(size) in the frame of qsort: an address on the simulated stack, 16-byte aligned. */
  alloca(size: number): number;
  /** sysconf(_SC_PHYS_PAGES) of the simulated machine. */
  readonly physPages: number;
  /** sysconf(_SC_PAGESIZE); 4096 when absent. */
  readonly pageSize?: number;
}

/** One call of the comparator: cmp(a, b). */
export interface Comparison {
  readonly a: number;
  readonly b: number;
}

export type SortSteps = Generator<Comparison, void, number>;

/** What the sort decided about its temporary buffer (for narration and tests). */
export type QsortStrategy = 'msort-stack' | 'msort-malloc' | 'quicksort';

const POINTER = 8;

/** qsort(base, n, size, cmp) as a generator of comparisons. `onStrategy` reports the path taken. */
export function* qsortSteps(host: QsortHost, base: number, n: number, s: number, onStrategy?: (s: QsortStrategy) => void): SortSteps {
  const m = host.memory;
  const indirect = s > 32;
  const size = indirect ? 2 * n * POINTER + s : n * s;
  let t: number;
  let heapTemp = 0;
  if (size < 1024) {
    t = host.alloca(size);
    onStrategy?.('msort-stack');
  } else {
    const pageSize = host.pageSize ?? 4096;
    const physPages = Math.floor((host.physPages < 0 ? Number.MAX_SAFE_INTEGER : host.physPages) / 4);
    if (Math.floor(size / pageSize) > physPages) {
      onStrategy?.('quicksort');
      yield* quicksortSteps(m, base, n, s);
      return;
    }
    heapTemp = host.malloc(size);
    if (heapTemp === 0) {
      onStrategy?.('quicksort');
      yield* quicksortSteps(m, base, n, s);
      return;
    }
    t = heapTemp;
    onStrategy?.('msort-malloc');
  }

  if (indirect) {
    const tp = t + n * POINTER;
    const tmpStorage = tp + n * POINTER;
    for (let i = 0; i < n; i++) m.write64(tp + i * POINTER, base + i * s);
    yield* msortWithTmp({ m, s: POINTER, variant: 'indirect', t }, tp, n);
    // Permute the elements into the order of tp (Knuth vol. 3, exercise 5.2-10).
    for (let i = 0, ip = base; i < n; i++, ip += s) {
      let kp = m.read64(tp + i * POINTER);
      if (kp === ip) continue;
      let j = i;
      let jp = ip;
      memcpy(m, tmpStorage, ip, s);
      do {
        const k = Math.floor((kp - base) / s);
        m.write64(tp + j * POINTER, jp);
        memcpy(m, jp, kp, s);
        j = k;
        jp = kp;
        kp = m.read64(tp + k * POINTER);
      } while (kp !== ip);
      m.write64(tp + j * POINTER, jp);
      memcpy(m, jp, tmpStorage, s);
    }
  } else {
    let variant: MergeVariant = 'bytes';
    if (s % 4 === 0 && base % 4 === 0) {
      if (s === 4) variant = 'u32';
      else if (s === 8 && base % 8 === 0) variant = 'u64';
      else if (s % 8 === 0 && base % 8 === 0) variant = 'words';
    }
    yield* msortWithTmp({ m, s, variant, t }, base, n);
  }
  if (heapTemp !== 0) host.free(heapTemp);
}

type MergeVariant = 'u32' | 'u64' | 'words' | 'indirect' | 'bytes';

interface MergeParams {
  readonly m: MemoryAccess;
  readonly s: number;
  readonly variant: MergeVariant;
  readonly t: number;
}

function* msortWithTmp(p: MergeParams, b: number, n: number): SortSteps {
  if (n <= 1) return;
  let n1 = Math.floor(n / 2);
  let n2 = n - n1;
  let b1 = b;
  let b2 = b + n1 * p.s;
  yield* msortWithTmp(p, b1, n1);
  yield* msortWithTmp(p, b2, n2);

  const { m, s } = p;
  let tmp = p.t;
  while (n1 > 0 && n2 > 0) {
    const c =
      p.variant === 'indirect'
        ? yield { a: m.read64(b1), b: m.read64(b2) }
        : yield { a: b1, b: b2 };
    let from: number;
    if (c <= 0) {
      from = b1;
      b1 += s;
      n1--;
    } else {
      from = b2;
      b2 += s;
      n2--;
    }
    moveElement(p, tmp, from);
    tmp += s;
  }
  if (n1 > 0) memcpy(m, tmp, b1, n1 * s);
  memcpy(m, b, p.t, (n - n2) * s);
}

/** One element into the temporary, with the access widths msort_with_tmp uses. */
function moveElement(p: MergeParams, to: number, from: number): void {
  const m = p.m;
  switch (p.variant) {
    case 'u32':
      m.write32(to, m.read32(from));
      return;
    case 'u64':
    case 'indirect':
      m.write64n(to, m.read64n(from));
      return;
    case 'words':
      for (let i = 0; i < p.s; i += 8) m.write64n(to + i, m.read64n(from + i));
      return;
    default:
      memcpy(m, to, from, p.s);
  }
}

const MAX_THRESH = 4;

/** SWAP(a, b, size) of qsort.c: byte by byte. */
function swap(m: MemoryAccess, a: number, b: number, size: number): void {
  for (let i = 0; i < size; i++) {
    const t = m.read8(a + i);
    m.write8(a + i, m.read8(b + i));
    m.write8(b + i, t);
  }
}

/** glibc 2.36's _quicksort (stdlib/qsort.c). */
export function* quicksortSteps(m: MemoryAccess, base: number, totalElems: number, size: number): SortSteps {
  const maxThresh = MAX_THRESH * size;
  if (totalElems === 0) return;
  if (totalElems > MAX_THRESH) {
    let lo = base;
    let hi = base + size * (totalElems - 1);
    const stack: [number, number][] = [[0, 0]];
    while (stack.length > 0) {
      let mid = lo + size * (Math.floor((hi - lo) / size) >> 1);
      if ((yield { a: mid, b: lo }) < 0) swap(m, mid, lo, size);
      if ((yield { a: hi, b: mid }) < 0) {
        swap(m, mid, hi, size);
        if ((yield { a: mid, b: lo }) < 0) swap(m, mid, lo, size);
      }
      let left = lo + size;
      let right = hi - size;
      do {
        while ((yield { a: left, b: mid }) < 0) left += size;
        while ((yield { a: mid, b: right }) < 0) right -= size;
        if (left < right) {
          swap(m, left, right, size);
          if (mid === left) mid = right;
          else if (mid === right) mid = left;
          left += size;
          right -= size;
        } else if (left === right) {
          left += size;
          right -= size;
          break;
        }
      } while (left <= right);

      if (right - lo <= maxThresh) {
        if (hi - left <= maxThresh) [lo, hi] = stack.pop()!;
        else lo = left;
      } else if (hi - left <= maxThresh) {
        hi = right;
      } else if (right - lo > hi - left) {
        stack.push([lo, right]);
        lo = left;
      } else {
        stack.push([left, hi]);
        hi = right;
      }
    }
  }

  // Insertion sort over the whole array, after putting the smallest of the first few in front.
  const end = base + size * (totalElems - 1);
  let tmp = base;
  const thresh = Math.min(end, base + maxThresh);
  for (let run = tmp + size; run <= thresh; run += size) if ((yield { a: run, b: tmp }) < 0) tmp = run;
  if (tmp !== base) swap(m, tmp, base, size);
  let run = base + size;
  while ((run += size) <= end) {
    tmp = run - size;
    while ((yield { a: run, b: tmp }) < 0) tmp -= size;
    tmp += size;
    if (tmp !== run) {
      for (let trav = run + size - 1; trav >= run; trav--) {
        const c = m.read8(trav);
        let hiP = trav;
        let loP = trav;
        while ((loP -= size) >= tmp) {
          m.write8(hiP, m.read8(loP));
          hiP = loP;
        }
        m.write8(hiP, c);
      }
    }
  }
}

/** Drives a sort with a synchronous comparator. */
export function runSort(steps: SortSteps, compare: (a: number, b: number) => number): void {
  let r = steps.next();
  while (!r.done) r = steps.next(compare(r.value.a, r.value.b) | 0);
}

/** qsort with a synchronous comparator. */
export function qsort(host: QsortHost, base: number, n: number, size: number, compare: (a: number, b: number) => number): void {
  runSort(qsortSteps(host, base, n, size), compare);
}

/**
 * bsearch(key, base, n, size, cmp) as glibc's inline version (bits/stdlib-bsearch.h): halve
 * [l, u) at (l + u) / 2, calling cmp(key, element); returns the element's address or 0.
 */
export function* bsearchSteps(key: number, base: number, n: number, size: number): Generator<Comparison, number, number> {
  let l = 0;
  let u = n;
  while (l < u) {
    const idx = Math.floor((l + u) / 2);
    const p = base + idx * size;
    const c = yield { a: key, b: p };
    if (c < 0) u = idx;
    else if (c > 0) l = idx + 1;
    else return p;
  }
  return 0;
}

export function bsearch(key: number, base: number, n: number, size: number, compare: (a: number, b: number) => number): number {
  const steps = bsearchSteps(key, base, n, size);
  let r = steps.next();
  while (!r.done) r = steps.next(compare(r.value.a, r.value.b) | 0);
  return r.value;
}
