import * as wide from '../../libc/wideStrings';
import { type Int64, lowI32, toNumber } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';

/** <wchar.h>'s string functions: libc's element-by-element versions over the VM's memory (wideStrings.ts). */
const ptr = (vm: Machine, v: Value) => vm.mem.address(v as Int64, 'read');
const count = (v: Value) => toNumber(v as Int64);
const wc = (v: Value) => lowI32(v as Int64);

export const WCHAR = {
  wcslen: (vm: Machine, a: Value[]): Value => wide.wcslen(vm.mem, ptr(vm, a[0])),
  wcsnlen: (vm: Machine, a: Value[]): Value => wide.wcsnlen(vm.mem, ptr(vm, a[0]), count(a[1])),
  wcscpy: (vm: Machine, a: Value[]): Value => wide.wcscpy(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  wcsncpy: (vm: Machine, a: Value[]): Value => wide.wcsncpy(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  wcscat: (vm: Machine, a: Value[]): Value => wide.wcscat(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  wcsncat: (vm: Machine, a: Value[]): Value => wide.wcsncat(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  wcscmp: (vm: Machine, a: Value[]): Value => wide.wcscmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1])),
  wcsncmp: (vm: Machine, a: Value[]): Value => wide.wcsncmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  wcschr: (vm: Machine, a: Value[]): Value => wide.wcschr(vm.mem, ptr(vm, a[0]), wc(a[1])),
  wcsrchr: (vm: Machine, a: Value[]): Value => wide.wcsrchr(vm.mem, ptr(vm, a[0]), wc(a[1])),
  wmemset: (vm: Machine, a: Value[]): Value => wide.wmemset(vm.mem, ptr(vm, a[0]), wc(a[1]), count(a[2])),
  wmemcpy: (vm: Machine, a: Value[]): Value => wide.wmemmove(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  wmemmove: (vm: Machine, a: Value[]): Value => wide.wmemmove(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  wmemcmp: (vm: Machine, a: Value[]): Value => wide.wmemcmp(vm.mem, ptr(vm, a[0]), ptr(vm, a[1]), count(a[2])),
  wmemchr: (vm: Machine, a: Value[]): Value => wide.wmemchr(vm.mem, ptr(vm, a[0]), wc(a[1]), count(a[2])),
};
