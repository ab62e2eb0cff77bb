import type { CType } from '../../types';
import { pointerTo } from '../../types';

/**
 * The C library's objects a program can name: the FILE objects of the three standard streams
 * (in libc's writable data) and the `stdin`/`stdout`/`stderr` variables that point to them.
 * glibc's exact offsets are not reproduced: only these addresses' region (libc's .data) is real.
 */
const LIBC_DATA = 0x7ffff7fa8000;

export const LIBC_FILES = {
  stdin: LIBC_DATA + 0x8c0,
  stdout: LIBC_DATA + 0x1780,
  stderr: LIBC_DATA + 0x16a0,
} as const;

/**
 * errno: thread-local in glibc (*__errno_location()), so it lives in the main thread's static TLS
 * block, below the thread control block.
 */
export const ERRNO_ADDRESS = 0x7ffff7dd46c0;

export const FILE_TYPE: CType = { kind: 'struct', tag: '_IO_FILE', layout: { size: 216, align: 8 }, alias: 'FILE' };

export interface LibraryObject {
  readonly type: CType;
  readonly address: number;
  /** The pointer value the loader stores there. */
  readonly value: number;
}

export const LIBRARY_OBJECTS: Readonly<Record<string, LibraryObject>> = {
  stdin: { type: pointerTo(FILE_TYPE), address: LIBC_DATA + 0x868, value: LIBC_FILES.stdin },
  stdout: { type: pointerTo(FILE_TYPE), address: LIBC_DATA + 0x860, value: LIBC_FILES.stdout },
  stderr: { type: pointerTo(FILE_TYPE), address: LIBC_DATA + 0x858, value: LIBC_FILES.stderr },
};

/** `errno` names an int object (glibc: a macro for *__errno_location()). */
export const ERRNO_OBJECT = { type: { kind: 'integer', name: 'int', signed: true } as CType, address: ERRNO_ADDRESS };
