import { MemoryFault } from '../../../../engine/memory/memoryFault';
import { PAGE_SIZE } from '../../../../engine/addressSpace/layout';
import type { StreamIo } from '../../../../engine/kernel/fileIo';
import { type Int64, lowI32, toNumber, wrapU64 } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import { setErrno, syscallValue } from './syscallErrno';

/**
 * <unistd.h> and <fcntl.h>: the system calls on file descriptors (open, read, write, lseek,
 * ftruncate, close) on the simulated files, the program break (brk, sbrk) and the machine's
 * constants (getpagesize, sysconf). The standard streams are descriptors 0-2: read(0) takes
 * stdin's bytes directly (not through stdio's buffer), write(1) and write(2) reach the output at
 * once, before anything still waiting in stdout's buffer — as natively.
 */
const EFAULT = 14;
const EINVAL = 22;
const ENOMEM = 12;
/** (void *) -1: what sbrk and mmap return on failure. */
export const MINUS_ONE_POINTER = wrapU64(-1n);

const num = (v: Value) => toNumber(v as Int64);
const int = (v: Value) => lowI32(v as Int64);
const isStream = (v: unknown): v is StreamIo => typeof v === 'object' && v !== null && 'stream' in v;

/** A system call's copy to or from user memory that faults fails with EFAULT (the kernel checks; no signal). */
function userCopy<T>(vm: Machine, copy: () => T): T | undefined {
  try {
    return copy();
  } catch (e) {
    if (!(e instanceof MemoryFault)) throw e;
    setErrno(vm, EFAULT);
    return undefined;
  }
}

/** sysconf's answers for the simulated machine: one CPU, 4 KiB pages, the configured RAM. */
function sysconfValue(vm: Machine, name: number): number | undefined {
  switch (name) {
    case 2: return 100; // _SC_CLK_TCK: USER_HZ
    case 4: return 1024; // _SC_OPEN_MAX: RLIMIT_NOFILE's default soft limit
    case 30: return PAGE_SIZE; // _SC_PAGESIZE
    case 83: case 84: return 1; // _SC_NPROCESSORS_CONF/ONLN
    case 85: return vm.process.mmu.paging.physical.frameCount; // _SC_PHYS_PAGES
    case 86: return vm.process.mmu.paging.physical.frameCount - vm.process.mmu.paging.counters().residentPages; // _SC_AVPHYS_PAGES
    default: return undefined;
  }
}

export const UNISTD = {
  /** open(path, flags[, mode]): the mode (permission bits) is accepted; the simulated files have no owners. */
  open(vm: Machine, a: Value[]): Value {
    const path = new TextDecoder().decode(vm.mem.readCString(vm.mem.address(a[0] as Int64, 'read')));
    return syscallValue(vm, vm.process.kernel.io.open(path, int(a[1]))) as number;
  },
  close(vm: Machine, a: Value[]): Value {
    return syscallValue(vm, vm.process.kernel.close(int(a[0]))) as number;
  },
  read(vm: Machine, a: Value[]): Value {
    const count = num(a[2]);
    const result = vm.process.kernel.io.read(int(a[0]), count);
    const got = syscallValue(vm, result, -1);
    if (got === -1) return -1;
    const bytes = isStream(got) ? readStandardStream(vm, got, count) : got as Uint8Array;
    if (bytes === undefined) return -1;
    const buf = num(a[1]);
    return userCopy(vm, () => { if (bytes.length > 0) vm.mem.writeBytes(buf, bytes); return bytes.length; }) ?? -1;
  },
  write(vm: Machine, a: Value[]): Value {
    const fd = int(a[0]);
    const count = num(a[2]);
    const bytes = count === 0 ? new Uint8Array(0) : userCopy(vm, () => vm.mem.readBytes(num(a[1]), count));
    if (bytes === undefined) return -1;
    const written = syscallValue(vm, vm.process.kernel.io.write(fd, bytes));
    if (!isStream(written)) return written as number;
    if (written.stream === 'stdin') {
      // A pipe's read end.
      setErrno(vm, 9);
      return -1;
    }
    vm.write(written.stream, bytes);
    return bytes.length;
  },
  lseek(vm: Machine, a: Value[]): Value {
    return syscallValue(vm, vm.process.kernel.io.lseek(int(a[0]), num(a[1]), int(a[2]))) as number;
  },
  ftruncate(vm: Machine, a: Value[]): Value {
    return syscallValue(vm, vm.process.kernel.io.ftruncate(int(a[0]), num(a[1]))) as number;
  },
  /** sbrk(increment): the old break, or (void *) -1 with ENOMEM. */
  sbrk(vm: Machine, a: Value[]): Value {
    const increment = num(a[0]);
    const old = vm.process.kernel.sbrk(increment);
    if (old !== null) return old;
    setErrno(vm, ENOMEM);
    return MINUS_ONE_POINTER;
  },
  /** brk(addr): glibc's wrapper fails with ENOMEM when the kernel left the break below addr. */
  brk(vm: Machine, a: Value[]): Value {
    const want = num(a[0]);
    if (vm.process.kernel.brk(want) >= want) return 0;
    setErrno(vm, ENOMEM);
    return -1;
  },
  getpagesize(): Value {
    return PAGE_SIZE;
  },
  sysconf(vm: Machine, a: Value[]): Value {
    const value = sysconfValue(vm, int(a[0]));
    if (value !== undefined) return value;
    setErrno(vm, EINVAL);
    return -1;
  },
};

/** read(0, ...) takes what is left of the program's standard input; write-only streams give EBADF. */
function readStandardStream(vm: Machine, io: StreamIo, count: number): Uint8Array | undefined {
  if (io.stream !== 'stdin') {
    setErrno(vm, 9);
    return undefined;
  }
  const l = vm.libc;
  const bytes = l.input.slice(l.inputOffset, l.inputOffset + count);
  l.inputOffset += bytes.length;
  return bytes;
}
