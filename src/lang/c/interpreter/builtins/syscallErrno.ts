import { ERRNO_NUMBERS, type SyscallResult } from '../../../../engine/kernel/syscallResult';
import type { Machine } from '../vm/machine';
import { ERRNO_ADDRESS } from './libraryObjects';

/** Sets errno, as a failing libc call does (a successful one leaves it alone). */
export function setErrno(vm: Machine, errno: number): void {
  vm.mem.write32(ERRNO_ADDRESS, errno);
}

/**
 * glibc's system-call wrappers: the kernel's value on success; on failure errno set from the
 * kernel's error and the wrapper's failure value returned (-1, or MAP_FAILED for mmap).
 */
export function syscallValue<T>(vm: Machine, result: SyscallResult<T>, failed: number | bigint = -1): T | number | bigint {
  if (result.ok) return result.value;
  setErrno(vm, ERRNO_NUMBERS[result.errno]);
  return failed;
}
