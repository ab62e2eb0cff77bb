import * as libc from '../../libc/stringFunctions';
import * as gnu from '../../libc/stringExtras';
import { strerrorText } from '../../libc/strerror';
import { type Int64, lowI32, toNumber } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import { mallocFor } from './stdlib';

/**
 * string.h: libc's byte-exact functions over the VM's memory (every byte through the MMU, and
 * defined in the shadow as it is written), plus strtok/strspn/strcspn and strerror.
 */
const ptr = (vm: Machine, v: Value) => vm.mem.address(v as Int64, 'read');
const count = (v: Value) => toNumber(v as Int64);

/** Bytes of the NUL-terminated set at `set`. */
function byteSet(vm: Machine, set: number): Set<number> {
  return new Set(vm.mem.readCString(set));
}

/** strspn / strcspn: the length of the prefix of s whose bytes are (not) in the set. */
function span(vm: Machine, s: number, set: Set<number>, inSet: boolean): number {
  let n = 0;
  for (;;) {
    const b = vm.mem.read8(s + n);
    if (b === 0 || set.has(b) !== inSet) return n;
    n++;
  }
}

/** strerror's strings, once each in a libc buffer (glibc returns pointers into its own table). */
const STRERROR_AREA = 0x7ffff7faa000;

export const STRING = {
  strlen: (vm: Machine, a: Value[]): Value => libc.strlen(vm.mem, ptr(vm, a[0])),
  strnlen: (vm: Machine, a: Value[]): Value => libc.strnlen(vm.mem, ptr(vm, a[0]), count(a[1])),
  strcpy: (vm: Machine, a: Value[]): Value => libc.strcpy(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  strncpy: (vm: Machine, a: Value[]): Value => libc.strncpy(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  strcat: (vm: Machine, a: Value[]): Value => libc.strcat(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  strncat: (vm: Machine, a: Value[]): Value => libc.strncat(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  strcmp: (vm: Machine, a: Value[]): Value => libc.strcmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  strncmp: (vm: Machine, a: Value[]): Value => libc.strncmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  strchr: (vm: Machine, a: Value[]): Value => libc.strchr(vm.mem, ptr(vm, a[0]), lowI32(a[1] as Int64)),
  strrchr: (vm: Machine, a: Value[]): Value => libc.strrchr(vm.mem, ptr(vm, a[0]), lowI32(a[1] as Int64)),
  strstr: (vm: Machine, a: Value[]): Value => libc.strstr(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  strdup: (vm: Machine, a: Value[]): Value => libc.strdup(vm.mem, ptr(vm, a[0]), (n) => mallocFor(vm, n)),
  strndup: (vm: Machine, a: Value[]): Value => libc.strndup(vm.mem, ptr(vm, a[0]), count(a[1]), (n) => mallocFor(vm, n)),
  memcpy: (vm: Machine, a: Value[]): Value => libc.memcpy(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  memmove: (vm: Machine, a: Value[]): Value => libc.memmove(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  memset: (vm: Machine, a: Value[]): Value => libc.memset(vm.mem, ptr(vm, a[0]), lowI32(a[1] as Int64), count(a[2])),
  memcmp: (vm: Machine, a: Value[]): Value => libc.memcmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  memchr: (vm: Machine, a: Value[]): Value => libc.memchr(vm.mem, ptr(vm, a[0]), lowI32(a[1] as Int64), count(a[2])),
  strspn: (vm: Machine, a: Value[]): Value => span(vm, ptr(vm, a[0]), byteSet(vm, ptr(vm, a[1])), true),
  strcspn: (vm: Machine, a: Value[]): Value => span(vm, ptr(vm, a[0]), byteSet(vm, ptr(vm, a[1])), false),
  /**
   * strtok (glibc's __strtok_r with a static save pointer): skip delimiters, end the token at
   * the next one by writing a NUL there, and remember where to continue.
   */
  strtok(vm: Machine, a: Value[]): Value {
    const set = byteSet(vm, ptr(vm, a[1]));
    let s = a[0] === 0 ? vm.libc.strtokNext : ptr(vm, a[0]);
    if (s === 0) return 0;
    s += span(vm, s, set, true);
    if (vm.mem.read8(s) === 0) {
      vm.libc.strtokNext = s;
      return 0;
    }
    const end = s + span(vm, s, set, false);
    if (vm.mem.read8(end) === 0) vm.libc.strtokNext = end;
    else {
      vm.mem.write8(end, 0);
      vm.libc.strtokNext = end + 1;
    }
    return s;
  },
  strpbrk: (vm: Machine, a: Value[]): Value => gnu.strpbrk(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  strchrnul: (vm: Machine, a: Value[]): Value => gnu.strchrnul(vm.mem, ptr(vm, a[0]), lowI32(a[1] as Int64)),
  rawmemchr: (vm: Machine, a: Value[]): Value => gnu.rawmemchr(vm.mem, ptr(vm, a[0]), lowI32(a[1] as Int64)),
  memrchr: (vm: Machine, a: Value[]): Value => gnu.memrchr(vm.mem, ptr(vm, a[0]), lowI32(a[1] as Int64), count(a[2])),
  memmem: (vm: Machine, a: Value[]): Value => gnu.memmem(vm.mem, ptr(vm, a[0]), count(a[1]), ptr(vm, a[2]), count(a[3])),
  memccpy: (vm: Machine, a: Value[]): Value => gnu.memccpy(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), lowI32(a[2] as Int64), count(a[3])),
  mempcpy: (vm: Machine, a: Value[]): Value => gnu.mempcpy(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  stpcpy: (vm: Machine, a: Value[]): Value => gnu.stpcpy(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  stpncpy: (vm: Machine, a: Value[]): Value => gnu.stpncpy(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  strcasecmp: (vm: Machine, a: Value[]): Value => gnu.strcasecmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  strncasecmp: (vm: Machine, a: Value[]): Value => gnu.strncasecmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  strcasestr: (vm: Machine, a: Value[]): Value => gnu.strcasestr(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  /** strcoll in the C locale is strcmp; strxfrm copies. */
  strcoll: (vm: Machine, a: Value[]): Value => libc.strcmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  strxfrm: (vm: Machine, a: Value[]): Value => gnu.strxfrm(vm.mem, a[0] === 0 ? 0 : ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  strverscmp: (vm: Machine, a: Value[]): Value => gnu.strverscmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  /** strsep(&s, delim): the token, and s moved past it. */
  strsep(vm: Machine, a: Value[]): Value {
    const at = ptr(vm, a[0]);
    const s = vm.mem.readU64(at) as number;
    const r = gnu.strsep(vm.mem, s === 0 ? 0 : ptr(vm, s), ptr(vm, a[1]));
    if (s !== 0) vm.mem.writeI64(at, r.next);
    return r.token;
  },
  /** strtok_r(s, delim, &save): strtok with the position kept in *save. */
  strtok_r(vm: Machine, a: Value[]): Value {
    const save = ptr(vm, a[2]);
    const s = a[0] === 0 ? (vm.mem.readU64(save) as number) : ptr(vm, a[0]);
    if (s === 0) return 0;
    const r = gnu.strtokR(vm.mem, ptr(vm, s), ptr(vm, a[1]));
    vm.mem.writeI64(save, r.next);
    return r.token;
  },
  /** bzero, explicit_bzero, bcopy, bcmp, index, rindex: <strings.h>'s old names. */
  bzero: (vm: Machine, a: Value[]): Value => { libc.memset(vm.mem, ptr(vm, a[0]), 0, count(a[1])); return undefined; },
  explicit_bzero: (vm: Machine, a: Value[]): Value => { libc.memset(vm.mem, ptr(vm, a[0]), 0, count(a[1])); return undefined; },
  bcopy: (vm: Machine, a: Value[]): Value => { libc.memmove(vm.mem, ptr(vm, a[1]), ptr(vm, a[0]), count(a[2])); return undefined; },
  bcmp: (vm: Machine, a: Value[]): Value => libc.memcmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  index: (vm: Machine, a: Value[]): Value => libc.strchr(vm.mem, ptr(vm, a[0]), lowI32(a[1] as Int64)),
  rindex: (vm: Machine, a: Value[]): Value => libc.strrchr(vm.mem, ptr(vm, a[0]), lowI32(a[1] as Int64)),
  strerror(vm: Machine, a: Value[]): Value {
    const errno = lowI32(a[0] as Int64);
    const text = new TextEncoder().encode(strerrorText(errno));
    const at = STRERROR_AREA + (errno >= 0 && errno < 134 ? errno : 134) * 64;
    const bytes = new Uint8Array(Math.min(text.length, 63) + 1);
    bytes.set(text.subarray(0, 63));
    vm.mem.writeBytes(at, bytes);
    return at;
  },
};
