import { type Int64, lowI32, toNumber } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import { mallocFor } from './stdlib';

/**
 * string.h over simulated memory: every byte is read and written through the MMU, so running
 * off the end of a buffer touches what is really there (and faults where nothing is mapped).
 * Comparisons return the difference of the first differing bytes (as unsigned char), which is
 * what glibc's x86-64 implementations return.
 *
 * TODO(libc): switch to src/lang/c/libc's string functions once they are committed.
 */
const ptr = (vm: Machine, v: Value) => vm.mem.address(v as Int64, 'read');
const count = (v: Value) => toNumber(v as Int64);

function strlen(vm: Machine, p: number): number {
  let n = 0;
  while (vm.mem.read8(p + n) !== 0) n++;
  return n;
}

function copyBytes(vm: Machine, to: number, from: number, n: number): void {
  if (n <= 0) return;
  vm.mem.writeBytes(to, vm.mem.readBytes(from, n));
  vm.mem.shadow.copy(to, from, n);
}

export const STRING = {
  strlen(vm: Machine, args: Value[]): Value {
    return strlen(vm, ptr(vm, args[0]));
  },
  strcpy(vm: Machine, args: Value[]): Value {
    const src = ptr(vm, args[1]);
    copyBytes(vm, ptr(vm, args[0]), src, strlen(vm, src) + 1);
    return args[0];
  },
  /** strncpy pads with NULs up to n, and leaves the result unterminated when src is longer. */
  strncpy(vm: Machine, args: Value[]): Value {
    const dest = ptr(vm, args[0]);
    const src = ptr(vm, args[1]);
    const n = count(args[2]);
    let i = 0;
    for (; i < n; i++) {
      const b = vm.mem.read8(src + i);
      vm.mem.write8(dest + i, b);
      if (b === 0) break;
    }
    if (i < n) vm.mem.fill(dest + i, n - i, 0);
    return args[0];
  },
  strcat(vm: Machine, args: Value[]): Value {
    const dest = ptr(vm, args[0]);
    const src = ptr(vm, args[1]);
    copyBytes(vm, dest + strlen(vm, dest), src, strlen(vm, src) + 1);
    return args[0];
  },
  strncat(vm: Machine, args: Value[]): Value {
    const dest = ptr(vm, args[0]);
    const src = ptr(vm, args[1]);
    const n = count(args[2]);
    let end = dest + strlen(vm, dest);
    for (let i = 0; i < n; i++) {
      const b = vm.mem.read8(src + i);
      if (b === 0) break;
      vm.mem.write8(end++, b);
    }
    vm.mem.write8(end, 0);
    return args[0];
  },
  strcmp(vm: Machine, args: Value[]): Value {
    return compare(vm, ptr(vm, args[0]), ptr(vm, args[1]), Infinity, true);
  },
  strncmp(vm: Machine, args: Value[]): Value {
    return compare(vm, ptr(vm, args[0]), ptr(vm, args[1]), count(args[2]), true);
  },
  memcmp(vm: Machine, args: Value[]): Value {
    return compare(vm, ptr(vm, args[0]), ptr(vm, args[1]), count(args[2]), false);
  },
  strchr(vm: Machine, args: Value[]): Value {
    const p = ptr(vm, args[0]);
    const c = lowI32(args[1] as Int64) & 255;
    for (let i = 0; ; i++) {
      const b = vm.mem.read8(p + i);
      if (b === c) return p + i;
      if (b === 0) return 0;
    }
  },
  strrchr(vm: Machine, args: Value[]): Value {
    const p = ptr(vm, args[0]);
    const c = lowI32(args[1] as Int64) & 255;
    let found = 0;
    for (let i = 0; ; i++) {
      const b = vm.mem.read8(p + i);
      if (b === c) found = p + i;
      if (b === 0) return found;
    }
  },
  strstr(vm: Machine, args: Value[]): Value {
    const h = ptr(vm, args[0]);
    const needle = vm.mem.readCString(ptr(vm, args[1]));
    const hayLength = strlen(vm, h);
    const hay = vm.mem.readBytes(h, hayLength);
    outer: for (let i = 0; i + needle.length <= hay.length; i++) {
      for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
      return h + i;
    }
    return 0;
  },
  strdup(vm: Machine, args: Value[]): Value {
    const src = ptr(vm, args[0]);
    const n = strlen(vm, src) + 1;
    const p = mallocFor(vm, n);
    if (p !== 0) copyBytes(vm, p, src, n);
    return p;
  },
  memcpy(vm: Machine, args: Value[]): Value {
    copyBytes(vm, ptr(vm, args[0]), ptr(vm, args[1]), count(args[2]));
    return args[0];
  },
  memmove(vm: Machine, args: Value[]): Value {
    copyBytes(vm, ptr(vm, args[0]), ptr(vm, args[1]), count(args[2]));
    return args[0];
  },
  memset(vm: Machine, args: Value[]): Value {
    const n = count(args[2]);
    if (n > 0) vm.mem.fill(ptr(vm, args[0]), n, lowI32(args[1] as Int64) & 255);
    return args[0];
  },
};

function compare(vm: Machine, a: number, b: number, n: number, stopAtNul: boolean): number {
  for (let i = 0; i < n; i++) {
    const x = vm.mem.read8(a + i);
    const y = vm.mem.read8(b + i);
    if (x !== y) return x - y;
    if (stopAtNul && x === 0) return 0;
  }
  return 0;
}
