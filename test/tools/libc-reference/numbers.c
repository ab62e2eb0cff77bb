/* strtol family and atoi:
     N <TAB> function <TAB> input <TAB> base <TAB> value <TAB> end offset (or "unset") <TAB> errno */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "common.h"

static const char *const INPUTS[] = {
  "0", "42", "-42", "+42", "   \t\n\v\f\r17xyz", "0x1A", "0X1a", "0x", "0xg", "-0x10", "010", "08", "0",
  "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
  "18446744073709551615", "18446744073709551616", "-18446744073709551615", "-18446744073709551616",
  "99999999999999999999999", "-1", "2147483647", "2147483648", "-2147483649", "4294967297", "",
  "   ", "-", "+", "+-1", " - 1", "zz", "ZZ", "z", "1e10", "0b101", "12abc", "  0x7fffffffffffffff",
  "0xffffffffffffffff", "0x10000000000000000", "777", "0777", "11111111", "1_000",
};
static const int BASES[] = {0, 10, 16, 8, 2, 36, 1, 37, -1};

static void row(const char *fn, const char *in, int base, const char *value, const char *in_start, char *end, int e) {
  printf("N\t%s\t", fn);
  esc(in, 0);
  printf("\t%d\t%s\t", base, value);
  if (end == (char *)1) printf("unset");
  else printf("%ld", (long)(end - in_start));
  printf("\t%d\n", e);
}

void run_numbers(void) {
  char v[64];
  for (size_t i = 0; i < sizeof INPUTS / sizeof *INPUTS; i++) {
    for (size_t b = 0; b < sizeof BASES / sizeof *BASES; b++) {
      char *end = (char *)1;
      errno = 0;
      long l = strtol(INPUTS[i], &end, BASES[b]);
      snprintf(v, sizeof v, "%ld", l);
      row("strtol", INPUTS[i], BASES[b], v, INPUTS[i], end, errno);
      end = (char *)1;
      errno = 0;
      unsigned long u = strtoul(INPUTS[i], &end, BASES[b]);
      snprintf(v, sizeof v, "%lu", u);
      row("strtoul", INPUTS[i], BASES[b], v, INPUTS[i], end, errno);
    }
    char *end = (char *)1;
    errno = 0;
    long long ll = strtoll(INPUTS[i], &end, 0);
    snprintf(v, sizeof v, "%lld", ll);
    row("strtoll", INPUTS[i], 0, v, INPUTS[i], end, errno);
    end = (char *)1;
    errno = 0;
    unsigned long long ull = strtoull(INPUTS[i], &end, 0);
    snprintf(v, sizeof v, "%llu", ull);
    row("strtoull", INPUTS[i], 0, v, INPUTS[i], end, errno);
    errno = 0;
    int a = atoi(INPUTS[i]);
    snprintf(v, sizeof v, "%d", a);
    row("atoi", INPUTS[i], 10, v, INPUTS[i], (char *)1, errno);
    errno = 0;
    long al = atol(INPUTS[i]);
    snprintf(v, sizeof v, "%ld", al);
    row("atol", INPUTS[i], 10, v, INPUTS[i], (char *)1, errno);
    errno = 0;
    long long all = atoll(INPUTS[i]);
    snprintf(v, sizeof v, "%lld", all);
    row("atoll", INPUTS[i], 10, v, INPUTS[i], (char *)1, errno);
  }
}
