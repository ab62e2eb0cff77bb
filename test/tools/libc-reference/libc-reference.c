/*
 * Prints what glibc returns for a corpus of C-library calls, one record per line, so that
 * test/unit/lang/c/libc compares Memory Atlas's implementations with the real thing.
 * Usage: libc-reference FAMILY   (printf | numbers | rand | strtod | ctype | scanf | qsort | string)
 * Build: gcc -O0 -w -fno-builtin -o libc-reference *.c -lm
 */
#include <stdio.h>
#include <string.h>
#include <gnu/libc-version.h>

void run_printf(void);
void run_ctype(void);
void run_string(void);
void run_numbers(void);
void run_rand(void);
void run_qsort(void);
void run_strtod(void);
void run_scanf(void);

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FAMILY\n", argv[0]);
    return 2;
  }
  const char *family = argv[1];
  printf("#\tglibc %s\t%s\n", gnu_get_libc_version(), family);
  if (strcmp(family, "printf") == 0) run_printf();
  else if (strcmp(family, "ctype") == 0) run_ctype();
  else if (strcmp(family, "string") == 0) run_string();
  else if (strcmp(family, "numbers") == 0) run_numbers();
  else if (strcmp(family, "rand") == 0) run_rand();
  else if (strcmp(family, "qsort") == 0) run_qsort();
  else if (strcmp(family, "strtod") == 0) run_strtod();
  else if (strcmp(family, "scanf") == 0) run_scanf();
  else {
    fprintf(stderr, "unknown family %s\n", family);
    return 2;
  }
  return 0;
}
