/**
 * Errors a system call can return. The user's program can cause all of them, so they are values
 * (what errno would hold), never exceptions.
 */
export type Errno = 'ENOMEM' | 'EINVAL' | 'EPERM' | 'EBADF' | 'EACCES' | 'EEXIST' | 'ENOENT' | 'EOVERFLOW' | 'ESPIPE' | 'ENODEV' | 'EISDIR' | 'EFBIG' | 'ENOTDIR';

export const ERRNO_NUMBERS: Record<Errno, number> = {
  EPERM: 1, ENOENT: 2, EBADF: 9, ENOMEM: 12, EACCES: 13, EEXIST: 17, ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, EFBIG: 27, ESPIPE: 29, EOVERFLOW: 75,
};

export type SyscallResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errno: Errno; readonly message: string };

export function ok<T>(value: T): SyscallResult<T> {
  return { ok: true, value };
}

export function fail<T>(errno: Errno, message: string): SyscallResult<T> {
  return { ok: false, errno, message };
}
