/**
 * What the standard headers a teaching program includes provide, as glibc 2.36 on x86-64 defines
 * it: macros (as replacement text) and typedef names (resolved by the type checker).
 * Only what `#include` brought in is visible, as with gcc.
 */
export interface HeaderContents {
  readonly macros?: Readonly<Record<string, string>>;
  /** Function-like macros: `name(params)` and the replacement text. */
  readonly functionMacros?: Readonly<Record<string, string>>;
  /** Typedef names and the C type each stands for, written in C. */
  readonly typedefs?: Readonly<Record<string, string>>;
  /** Structs the header declares: tag and members as C declarations, in glibc's order (so sizes and offsets are glibc's). */
  readonly records?: Readonly<Record<string, string>>;
}

const SIZE_T = { size_t: 'unsigned long' };
const NULL_MACRO = { NULL: '((void *)0)' };
const SEEK_MACROS = { SEEK_SET: '0', SEEK_CUR: '1', SEEK_END: '2' };
/** <bits/stat.h>'s file type and permission bits (octal, as glibc writes them). */
const MODE_MACROS = {
  S_IFMT: '0170000', S_IFREG: '0100000', S_IFDIR: '0040000', S_IRWXU: '0700', S_IRUSR: '0400', S_IWUSR: '0200', S_IXUSR: '0100',
  S_IRWXG: '070', S_IRGRP: '040', S_IWGRP: '020', S_IXGRP: '010', S_IRWXO: '07', S_IROTH: '04', S_IWOTH: '02', S_IXOTH: '01',
};
/** div's, ldiv's and lldiv's results (the same text as the library's prototypes use, so the same type). */
export const DIV_TYPES = {
  div_t: 'struct { int quot; int rem; }', ldiv_t: 'struct { long quot; long rem; }', lldiv_t: 'struct { long long quot; long long rem; }',
};
const TIMEVAL = { timeval: 'long tv_sec; long tv_usec' };
/** <bits/wchar.h>: gcc's __WCHAR_MAX__ and glibc's (-WCHAR_MAX - 1). */
const WCHAR_LIMITS = { WCHAR_MIN: '(-2147483647 - 1)', WCHAR_MAX: '2147483647' };

export const STANDARD_HEADERS: Readonly<Record<string, HeaderContents>> = {
  'stdio.h': {
    macros: { ...NULL_MACRO, EOF: '(-1)', BUFSIZ: '8192', SEEK_SET: '0', SEEK_CUR: '1', SEEK_END: '2' },
    typedefs: { ...SIZE_T, FILE: 'struct _IO_FILE', ssize_t: 'long', off_t: 'long' },
  },
  'stdlib.h': {
    macros: { ...NULL_MACRO, EXIT_SUCCESS: '0', EXIT_FAILURE: '1', RAND_MAX: '2147483647' },
    typedefs: { ...SIZE_T, ...DIV_TYPES, wchar_t: 'int' },
  },
  'string.h': { macros: { ...NULL_MACRO }, typedefs: { ...SIZE_T } },
  'strings.h': { typedefs: { ...SIZE_T } },
  'stddef.h': {
    macros: { ...NULL_MACRO },
    // gcc's max_align_t: a struct of a long long and a long double, 32 bytes aligned to 16.
    typedefs: { ...SIZE_T, ptrdiff_t: 'long', wchar_t: 'int', max_align_t: 'struct { long long ll; long double ld; }' },
  },
  'stdint.h': {
    macros: {
      INT8_MIN: '(-128)', INT16_MIN: '(-32767-1)', INT32_MIN: '(-2147483647-1)', INT64_MIN: '(-9223372036854775807L-1)',
      INT8_MAX: '(127)', INT16_MAX: '(32767)', INT32_MAX: '(2147483647)', INT64_MAX: '(9223372036854775807L)',
      UINT8_MAX: '(255)', UINT16_MAX: '(65535)', UINT32_MAX: '(4294967295U)', UINT64_MAX: '(18446744073709551615UL)',
      SIZE_MAX: '(18446744073709551615UL)', INTPTR_MAX: '(9223372036854775807L)', UINTPTR_MAX: '(18446744073709551615UL)',
      ...WCHAR_LIMITS,
    },
    typedefs: {
      int8_t: 'signed char', int16_t: 'short', int32_t: 'int', int64_t: 'long',
      uint8_t: 'unsigned char', uint16_t: 'unsigned short', uint32_t: 'unsigned int', uint64_t: 'unsigned long',
      intptr_t: 'long', uintptr_t: 'unsigned long', intmax_t: 'long', uintmax_t: 'unsigned long',
      int_least32_t: 'int', uint_least32_t: 'unsigned int', int_fast32_t: 'long', uint_fast32_t: 'unsigned long',
    },
  },
  'inttypes.h': {
    macros: { PRId32: '"d"', PRIu32: '"u"', PRId64: '"ld"', PRIu64: '"lu"', PRIx64: '"lx"', PRIxPTR: '"lx"' },
    typedefs: { int32_t: 'int', uint32_t: 'unsigned int', int64_t: 'long', uint64_t: 'unsigned long', uint8_t: 'unsigned char', intptr_t: 'long', uintptr_t: 'unsigned long' },
  },
  'stdbool.h': { macros: { bool: '_Bool', true: '1', false: '0', __bool_true_false_are_defined: '1' } },
  'limits.h': {
    macros: {
      CHAR_BIT: '8', SCHAR_MIN: '(-128)', SCHAR_MAX: '127', UCHAR_MAX: '255', CHAR_MIN: '(-128)', CHAR_MAX: '127',
      SHRT_MIN: '(-32768)', SHRT_MAX: '32767', USHRT_MAX: '65535', INT_MIN: '(-2147483647-1)', INT_MAX: '2147483647',
      UINT_MAX: '4294967295U', LONG_MIN: '(-9223372036854775807L-1)', LONG_MAX: '9223372036854775807L',
      ULONG_MAX: '18446744073709551615UL', LLONG_MIN: '(-9223372036854775807LL-1)', LLONG_MAX: '9223372036854775807LL',
      ULLONG_MAX: '18446744073709551615ULL', PATH_MAX: '4096',
    },
  },
  'float.h': {
    macros: {
      FLT_RADIX: '2', FLT_MANT_DIG: '24', DBL_MANT_DIG: '53', FLT_DIG: '6', DBL_DIG: '15', DECIMAL_DIG: '21',
      FLT_MIN_EXP: '(-125)', DBL_MIN_EXP: '(-1021)', FLT_MAX_EXP: '128', DBL_MAX_EXP: '1024',
      FLT_MAX: '3.40282346638528859811704183484516925e+38F', DBL_MAX: '((double)1.79769313486231570814527423731704357e+308L)',
      FLT_MIN: '1.17549435082228750796873653722224568e-38F', DBL_MIN: '((double)2.22507385850720138309023271733240406e-308L)',
      FLT_EPSILON: '1.19209289550781250000000000000000000e-7F', DBL_EPSILON: '((double)2.22044604925031308084726333618164062e-16L)',
      FLT_TRUE_MIN: '1.40129846432481707092372958328991613e-45F', DBL_TRUE_MIN: '((double)4.94065645841246544176568792868221372e-324L)',
    },
  },
  // <bits/setjmp.h> and <bits/types/struct___jmp_buf_tag.h>: 8 saved words, the mask flag, a sigset_t.
  'setjmp.h': {
    records: { __jmp_buf_tag: 'long __jmpbuf[8]; int __mask_was_saved; unsigned long __saved_mask[16]' },
    typedefs: { jmp_buf: 'struct __jmp_buf_tag[1]', sigjmp_buf: 'struct __jmp_buf_tag[1]' },
  },
  'ctype.h': {},
  'assert.h': {},
  'math.h': {
    macros: {
      M_E: '2.7182818284590452354', M_LOG2E: '1.4426950408889634074', M_LOG10E: '0.43429448190325182765', M_LN2: '0.69314718055994530942',
      M_LN10: '2.30258509299404568402', M_PI: '3.14159265358979323846', M_PI_2: '1.57079632679489661923', M_PI_4: '0.78539816339744830962',
      M_1_PI: '0.31830988618379067154', M_2_PI: '0.63661977236758134308', M_2_SQRTPI: '1.12837916709551257390',
      M_SQRT2: '1.41421356237309504880', M_SQRT1_2: '0.70710678118654752440',
      INFINITY: '(__builtin_inff())', NAN: '(__builtin_nanf(""))', HUGE_VAL: '(__builtin_huge_val())', HUGE_VALF: '(__builtin_huge_valf())',
      FP_NAN: '0', FP_INFINITE: '1', FP_ZERO: '2', FP_SUBNORMAL: '3', FP_NORMAL: '4', FP_ILOGB0: '(-2147483647 - 1)', FP_ILOGBNAN: '(-2147483647 - 1)',
    },
    typedefs: { float_t: 'float', double_t: 'double' },
  },
  // gcc's own: va_list is its builtin __builtin_va_list. va_arg's type argument is passed as a
  // cast `(T)0` because tree-sitter cannot parse a bare type name as a call argument; the
  // checker reads the type out of it (gcc's `__builtin_va_arg(v, T)`).
  'stdarg.h': {
    typedefs: { va_list: '__builtin_va_list', __gnuc_va_list: '__builtin_va_list' },
    functionMacros: {
      'va_start(v, l)': '__builtin_va_start(v, l)', 'va_end(v)': '__builtin_va_end(v)', 'va_arg(v, T)': '__builtin_va_arg(v, (T)0)',
      'va_copy(d, s)': '__builtin_va_copy(d, s)', '__va_copy(d, s)': '__builtin_va_copy(d, s)',
    },
  },
  'errno.h': {
    macros: {
      EPERM: '1', ENOENT: '2', ESRCH: '3', EINTR: '4', EIO: '5', EBADF: '9', EAGAIN: '11', ENOMEM: '12', EACCES: '13',
      EFAULT: '14', EBUSY: '16', EEXIST: '17', ENOTDIR: '20', EISDIR: '21', EINVAL: '22', ENFILE: '23', EMFILE: '24',
      EFBIG: '27', ENOSPC: '28', ESPIPE: '29', EROFS: '30', EPIPE: '32', ENODEV: '19', ENOSYS: '38', ENOTSUP: '95', EOPNOTSUPP: '95', EDOM: '33', ERANGE: '34', EILSEQ: '84', EOVERFLOW: '75',
    },
  },
  'time.h': { macros: { ...NULL_MACRO, CLOCKS_PER_SEC: '1000000' }, typedefs: { ...SIZE_T, time_t: 'long', clock_t: 'long' } },
  'unistd.h': {
    macros: {
      ...NULL_MACRO, STDIN_FILENO: '0', STDOUT_FILENO: '1', STDERR_FILENO: '2', ...SEEK_MACROS,
      // <bits/confname.h>: the sysconf names a program asks about memory and the machine.
      _SC_CLK_TCK: '2', _SC_OPEN_MAX: '4', _SC_PAGESIZE: '30', _SC_PAGE_SIZE: '30',
      _SC_NPROCESSORS_CONF: '83', _SC_NPROCESSORS_ONLN: '84', _SC_PHYS_PAGES: '85', _SC_AVPHYS_PAGES: '86',
    },
    typedefs: { ...SIZE_T, ssize_t: 'long', pid_t: 'int', off_t: 'long', intptr_t: 'long' },
  },
  'sys/types.h': { typedefs: { ...SIZE_T, ssize_t: 'long', pid_t: 'int', off_t: 'long', mode_t: 'unsigned int' } },
  'fcntl.h': {
    macros: {
      O_RDONLY: '00', O_WRONLY: '01', O_RDWR: '02', O_ACCMODE: '0003', O_CREAT: '0100', O_EXCL: '0200', O_NOCTTY: '0400',
      O_TRUNC: '01000', O_APPEND: '02000', O_NONBLOCK: '04000', O_DIRECTORY: '0200000', O_CLOEXEC: '02000000',
      ...SEEK_MACROS, ...MODE_MACROS,
    },
    typedefs: { off_t: 'long', mode_t: 'unsigned int', pid_t: 'int' },
  },
  'sys/stat.h': { macros: { ...MODE_MACROS }, typedefs: { off_t: 'long', mode_t: 'unsigned int' } },
  'sys/mman.h': {
    macros: {
      PROT_NONE: '0x0', PROT_READ: '0x1', PROT_WRITE: '0x2', PROT_EXEC: '0x4', MAP_SHARED: '0x01', MAP_PRIVATE: '0x02',
      MAP_SHARED_VALIDATE: '0x03', MAP_TYPE: '0x0f', MAP_FIXED: '0x10', MAP_ANONYMOUS: '0x20', MAP_ANON: 'MAP_ANONYMOUS',
      MAP_NORESERVE: '0x04000', MAP_POPULATE: '0x08000', MAP_FIXED_NOREPLACE: '0x100000', MAP_FAILED: '((void *) -1)',
      MS_ASYNC: '1', MS_INVALIDATE: '2', MS_SYNC: '4',
      MADV_NORMAL: '0', MADV_RANDOM: '1', MADV_SEQUENTIAL: '2', MADV_WILLNEED: '3', MADV_DONTNEED: '4', MADV_FREE: '8',
      MADV_DONTFORK: '10', MADV_DOFORK: '11', MADV_HUGEPAGE: '14', MADV_NOHUGEPAGE: '15', MADV_DONTDUMP: '16', MADV_DODUMP: '17',
    },
    typedefs: { ...SIZE_T, off_t: 'long', mode_t: 'unsigned int' },
  },
  // <bits/types/struct_timeval.h> and <bits/types/struct_rusage.h>: each long of struct rusage
  // is in glibc a union with __syscall_slong_t, the same size and place.
  'sys/time.h': { records: { ...TIMEVAL }, typedefs: { time_t: 'long', suseconds_t: 'long' } },
  'sys/resource.h': {
    macros: { RUSAGE_SELF: '0', RUSAGE_CHILDREN: '(-1)', RUSAGE_THREAD: '1' },
    records: {
      ...TIMEVAL,
      rusage: 'struct timeval ru_utime; struct timeval ru_stime; long ru_maxrss; long ru_ixrss; long ru_idrss; long ru_isrss; '
        + 'long ru_minflt; long ru_majflt; long ru_nswap; long ru_inblock; long ru_oublock; long ru_msgsnd; long ru_msgrcv; '
        + 'long ru_nsignals; long ru_nvcsw; long ru_nivcsw',
    },
    typedefs: { time_t: 'long', suseconds_t: 'long' },
  },
  'malloc.h': { typedefs: { ...SIZE_T } },
  // wchar_t is int on x86-64 Linux (gcc's __WCHAR_TYPE__), wint_t unsigned int. glibc's
  // mbstate_t is { int __count; union { unsigned __wch; char __wchb[4]; } __value; }: the union
  // is written as its unsigned member (the same 8 bytes, aligned to 4).
  'wchar.h': {
    macros: { ...NULL_MACRO, ...WCHAR_LIMITS, WEOF: '(0xffffffffu)' },
    typedefs: { ...SIZE_T, wchar_t: 'int', wint_t: 'unsigned int', mbstate_t: 'struct { int __count; unsigned int __value; }', FILE: 'struct _IO_FILE' },
  },
  // <uchar.h>: char16_t and char32_t are uint_least16_t and uint_least32_t.
  'uchar.h': { typedefs: { ...SIZE_T, char16_t: 'unsigned short', char32_t: 'unsigned int', mbstate_t: 'struct { int __count; unsigned int __value; }' } },
  'signal.h': { macros: { SIGSEGV: '11', SIGABRT: '6' } },
};

/** gcc's builtins that are spelled as another construct the checker knows (`offsetof` is tree-sitter's own expression). */
export const PREDEFINED_FUNCTION_MACROS: Readonly<Record<string, string>> = {
  '__builtin_offsetof(T, m)': 'offsetof(T, m)',
};

/** Macros gcc 12 predefines for x86-64 Linux that programs test. */
export const PREDEFINED_MACROS: Readonly<Record<string, string>> = {
  __STDC__: '1', __STDC_VERSION__: '201710L', __STDC_HOSTED__: '1', __GNUC__: '12', __GNUC_MINOR__: '2',
  __x86_64__: '1', __x86_64: '1', __linux__: '1', __linux: '1', __unix__: '1', __LP64__: '1', _LP64: '1',
  __SIZEOF_POINTER__: '8', __SIZEOF_INT__: '4', __SIZEOF_LONG__: '8', __CHAR_BIT__: '8', __ORDER_LITTLE_ENDIAN__: '1234',
  __BYTE_ORDER__: '__ORDER_LITTLE_ENDIAN__',
};
