/* Shared helpers of the libc reference generator: escaping bytes into one-line fields. */
#ifndef LIBC_REFERENCE_COMMON_H
#define LIBC_REFERENCE_COMMON_H
#include <stdio.h>
#include <stddef.h>

/* Printable ASCII stays as is; '\\', tab, newline and anything else become \xNN. With
   escape_space, spaces too (for space-separated tokens). */
static void esc_n(const char *s, size_t n, int escape_space) {
  for (size_t i = 0; i < n; i++) {
    unsigned char b = (unsigned char)s[i];
    if (b > 0x20 && b < 0x7f && b != '\\') putchar(b);
    else if (b == 0x20 && !escape_space) putchar(b);
    else printf("\\x%02x", b);
  }
}

static void esc(const char *s, int escape_space) {
  size_t n = 0;
  while (s[n]) n++;
  esc_n(s, n, escape_space);
}
#endif
