import type { MemoryAccess } from '../../../../engine/memory/memoryAccess';
import type { CallInstr } from '../lower/instructions';
import type { CheckerHost, MemoryChecker } from './memoryChecker';
import * as libc from '../../libc/stringFunctions';
import * as wide from '../../libc/wideStrings';
import { type Int64, lowI32, toNumber } from '../values/int64';
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
  /** The %s conversions of the printf format at addr (see printfStrings). */
  formatStrings(addr: number): ReturnType<typeof printfStrings>;
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
 * The strings a printf format reads through `%s`: for each, the argument index (counting from
 * the format's own index + 1) and the precision that bounds it, written in the format or given by
 * an argument (`%.*s`). Positional arguments (`%1$s`) are not followed: the format is then skipped.
 */
export function printfStrings(format: Uint8Array): { arg: number; precision?: number; precisionArg?: number }[] | undefined {
  const out: { arg: number; precision?: number; precisionArg?: number }[] = [];
  let arg = 0;
  const at = (i: number) => String.fromCharCode(format[i]);
  for (let i = 0; i < format.length; i++) {
    if (at(i) !== '%') continue;
    i++;
    if (at(i) === '%') continue;
    while ("-+ #0'I".includes(at(i)) && i < format.length) i++;
    if (at(i) === '*') { arg++; i++; } else while (at(i) >= '0' && at(i) <= '9') i++;
    if (at(i) === '$') return undefined;
    let precision: number | undefined;
    let precisionArg: number | undefined;
    if (at(i) === '.') {
      i++;
      if (at(i) === '*') { precisionArg = arg++; i++; } else {
        precision = 0;
        while (at(i) >= '0' && at(i) <= '9') precision = precision * 10 + (format[i++] - 48);
      }
    }
    while ('hlLqjzZt'.includes(at(i)) && i < format.length) i++;
    if (at(i) === 's') out.push({ arg, ...(precision !== undefined ? { precision } : {}), ...(precisionArg !== undefined ? { precisionArg } : {}) });
    if (at(i) !== 'm') arg++;
  }
  return out;
}

/** printf's `%s` arguments: each string read up to its NUL (or its precision), as ASan's printf interceptor checks them. */
function printfRanges(formatArg: number): RangeCheck {
  return (r, a) => {
    const format = num(a[formatArg]);
    if (format === 0) return;
    const strings = r.formatStrings(format);
    for (const s of strings ?? []) {
      const index = formatArg + 1 + s.arg;
      // A struct passed where %s expects a pointer is no address to check (printf itself reads
      // whatever the next integer register holds, see VarArgs).
      if (index >= a.length || (typeof a[index] !== 'number' && typeof a[index] !== 'bigint')) continue;
      const p = num(a[index]);
      // A double given for %s: the call reads an integer register the arguments did not fill.
      if (!Number.isSafeInteger(p)) continue;
      // A negative precision from an argument counts as none (C11 7.21.6.1p5).
      const given = s.precisionArg !== undefined ? lowI32(a[formatArg + 1 + s.precisionArg] as Int64) : s.precision;
      const precision = given !== undefined && given >= 0 ? given : undefined;
      if (p === 0) continue;
      const length = precision === undefined ? libc.strlen(r.raw, p) + 1 : Math.min(libc.strnlen(r.raw, p, precision) + 1, precision);
      r.read(index, p, length);
    }
  };
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
  // <wchar.h>: the interceptors of sanitizer_common count wchar_t elements of 4 bytes.
  wcslen: (r, a) => r.read(0, num(a[0]), 4 * (wide.wcslen(r.raw, num(a[0])) + 1)),
  wcsnlen: (r, a) => r.read(0, num(a[0]), 4 * Math.min(wide.wcsnlen(r.raw, num(a[0]), num(a[1])) + 1, num(a[1]))),
  wcscat: (r, a) => {
    const from = wide.wcslen(r.raw, num(a[1]));
    r.read(1, num(a[1]), 4 * (from + 1));
    const to = wide.wcslen(r.raw, num(a[0]));
    r.read(0, num(a[0]), 4 * (to + 1));
    r.write(0, num(a[0]) + 4 * to, 4 * (from + 1));
  },
  wcsncat: (r, a) => {
    const n = num(a[2]);
    const from = wide.wcsnlen(r.raw, num(a[1]), n);
    r.read(1, num(a[1]), 4 * Math.min(from + 1, n));
    const to = wide.wcslen(r.raw, num(a[0]));
    r.read(0, num(a[0]), 4 * (to + 1));
    r.write(0, num(a[0]) + 4 * to, 4 * (from + 1));
  },
  puts: (r, a) => r.read(0, num(a[0]), libc.strlen(r.raw, num(a[0])) + 1),
  fputs: (r, a) => r.read(0, num(a[0]), libc.strlen(r.raw, num(a[0])) + 1),
  printf: printfRanges(0),
  fprintf: printfRanges(1),
  sprintf: printfRanges(1),
  snprintf: printfRanges(2),
  free: (r, a) => r.free(num(a[0])),
  realloc: (r, a) => {
    if (num(a[0]) !== 0) r.free(num(a[0]));
  },
};

/**
 * Library functions that copy bytes without looking at them: the destination gets the source's
 * definedness (Memcheck copies V bits), nothing is reported. The value is the size of the
 * elements their third argument counts.
 */
export const COPIES_BYTES: ReadonlyMap<string, number> = new Map([['memcpy', 1], ['memmove', 1], ['wmemcpy', 4], ['wmemmove', 4]]);

/** Allocation calls whose NULL result may mean the simulated RAM + swap is used up. */
export const ALLOCATES = new Map<string, (args: readonly Value[]) => number>([
  ['malloc', (a) => num(a[0])],
  ['calloc', (a) => num(a[0]) * num(a[1])],
  ['realloc', (a) => num(a[1])],
  ['aligned_alloc', (a) => num(a[1])],
  ['memalign', (a) => num(a[1])],
  ['strdup', () => 1],
]);

/** The range checks of the library call being made: each argument against the object it names, then the poison map. */
export class ArgumentRanges implements RangeChecker {
  private call: CallInstr | undefined;
  private readonly formats = new WeakMap<Uint8Array, ReturnType<typeof printfStrings>>();

  constructor(private readonly checker: MemoryChecker, private readonly host: CheckerHost) {}

  of(call: CallInstr): this {
    this.call = call;
    return this;
  }

  get raw(): MemoryAccess {
    return this.host.process.mmu;
  }

  read(arg: number, addr: number, length: number): void {
    this.check(arg, addr, length, 'read');
  }

  write(arg: number, addr: number, length: number): void {
    this.check(arg, addr, length, 'write');
  }

  free(ptr: number): void {
    this.checker.checkFree(ptr);
  }

  /** A printf format's %s conversions, parsed once per format string (literals are read once, see Machine.constantString). */
  formatStrings(addr: number): ReturnType<typeof printfStrings> {
    const bytes = this.host.constantString(addr);
    let parsed = this.formats.get(bytes);
    if (parsed === undefined && !this.formats.has(bytes)) {
      parsed = printfStrings(bytes);
      this.formats.set(bytes, parsed);
    }
    return parsed;
  }

  private check(arg: number, addr: number, length: number, access: 'read' | 'write'): void {
    const ref = this.call?.argObjects?.[arg];
    const a = this.host.acts[this.host.acts.length - 1];
    this.checker.checkRange(addr, length, access, ref?.object, ref && a ? ref.base(a) : 0);
  }
}
