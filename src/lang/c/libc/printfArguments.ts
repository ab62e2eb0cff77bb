/**
 * How printf pulls its variadic arguments: one call per va_arg, in format order, so the
 * interpreter can serve them from the registers and stack slots of the call (SysV x86-64:
 * integer class in rdi…r9 then the stack, double class in xmm0…xmm7 then the stack).
 */
export interface PrintfArguments {
  /**
   * The next integer-class argument as its full 64-bit slot (int, long, pointers, char and short
   * after promotion). The conversion decides how many low bits it uses and their signedness,
   * exactly as va_arg(ap, int) / va_arg(ap, long) would. A negative value stands for its two's
   * complement; a number (a safe integer) for the same slot as the bigint of that value, so an
   * interpreter can pass the numbers it computes with (the common case formats without BigInt).
   */
  nextInt(): bigint | number;
  /** The next double-class argument (float arguments arrive promoted to double). */
  nextDouble(): number;
  /**
   * The next long double argument, for %Lf/%Le/%Lg/%La. The simulated C treats long double as
   * having double's value; when this is absent, nextDouble() is used.
   */
  nextLongDouble?(): number;
  /** errno as the program sees it, for glibc's %m. */
  errno?(): number;
}
