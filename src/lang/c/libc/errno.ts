/** The errno values the C-library pieces report (Linux x86-64, <asm-generic/errno-base.h>, <asm-generic/errno.h>). */
export const EBADF = 9;
export const EINVAL = 22;
export const ERANGE = 34;
export const EOVERFLOW = 75;
export const EILSEQ = 84;
