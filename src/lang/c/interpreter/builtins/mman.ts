import { PAGE_SIZE } from '../../../../engine/addressSpace/layout';
import { type Int64, lowI32, toNumber } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import { setErrno, syscallValue } from './syscallErrno';
import { MINUS_ONE_POINTER } from './unistd';

/**
 * <sys/mman.h> and getrusage: glibc's thin wrappers around the kernel model's calls, with the
 * kernel's return values and errno (mmap's MAP_FAILED is (void *) -1).
 */
const num = (v: Value) => toNumber(v as Int64);
const int = (v: Value) => lowI32(v as Int64);
const EINVAL = 22;

/** Offsets in glibc's struct rusage (two struct timevals, then fourteen longs). */
const RUSAGE_SIZE = 144;
const RU_MAXRSS = 32;
const RU_MINFLT = 64;
const RU_MAJFLT = 72;

export const MMAN = {
  mmap(vm: Machine, a: Value[]): Value {
    // glibc checks the offset's alignment itself before making the call.
    const offset = num(a[5]);
    if (offset % PAGE_SIZE !== 0) {
      setErrno(vm, EINVAL);
      return MINUS_ONE_POINTER;
    }
    const result = vm.process.kernel.mmap(num(a[0]), num(a[1]), int(a[2]), int(a[3]), int(a[4]), offset);
    return syscallValue(vm, result, MINUS_ONE_POINTER) as Int64;
  },
  munmap(vm: Machine, a: Value[]): Value {
    return syscallValue(vm, vm.process.kernel.munmap(num(a[0]), num(a[1]))) as number;
  },
  mprotect(vm: Machine, a: Value[]): Value {
    return syscallValue(vm, vm.process.kernel.mprotect(num(a[0]), num(a[1]), int(a[2]))) as number;
  },
  madvise(vm: Machine, a: Value[]): Value {
    return syscallValue(vm, vm.process.kernel.madvise(num(a[0]), num(a[1]), int(a[2]))) as number;
  },
  msync(vm: Machine, a: Value[]): Value {
    return syscallValue(vm, vm.process.kernel.msync(num(a[0]), num(a[1]))) as number;
  },
  /**
   * getrusage(who, usage): the simulated process's own page faults and peak RSS (ru_maxrss in
   * KiB). The simulation has no clock, so the CPU times are 0, and no I/O blocks, context switches
   * or signals are counted; RUSAGE_CHILDREN is all zeros (the process starts no children).
   */
  getrusage(vm: Machine, a: Value[]): Value {
    const who = int(a[0]);
    if (who !== 0 && who !== 1 && who !== -1) {
      setErrno(vm, EINVAL);
      return -1;
    }
    const usage = new Uint8Array(RUSAGE_SIZE);
    if (who !== -1) {
      const c = vm.process.mmu.paging.counters();
      const view = new DataView(usage.buffer);
      view.setBigInt64(RU_MAXRSS, BigInt(c.peakResidentPages * (PAGE_SIZE / 1024)), true);
      view.setBigInt64(RU_MINFLT, BigInt(c.minorFaults), true);
      view.setBigInt64(RU_MAJFLT, BigInt(c.majorFaults), true);
    }
    vm.mem.writeBytes(vm.mem.address(a[1] as Int64, 'write'), usage);
    return 0;
  },
};
