/* sscanf: the return value and the bytes of every target afterwards.
     F <TAB> input <TAB> format <TAB> targets <TAB> return value <TAB> target dumps (space-separated hex)
   targets: one letter per pointer argument: i int, h short, c char, l long, f float, d double,
   s char buffer. Every target starts as 0xAA bytes; scalars dump 12 bytes, buffers 24. */
#include <stdio.h>
#include <string.h>
#include "common.h"

struct scase {
  const char *input, *format, *targets;
};

static const struct scase CASES[] = {
  {"42", "%d", "i"}, {"  -17  ", "%d", "i"}, {"+5", "%d", "i"}, {"", "%d", "i"}, {"   ", "%d", "i"},
  {"abc", "%d", "i"}, {"-", "%d", "i"}, {"- 5", "%d", "i"}, {"12345", "%3d%d", "ii"}, {"99999999999", "%d", "i"},
  {"99999999999999999999", "%d", "i"}, {"-99999999999999999999", "%ld", "l"}, {"300", "%hhd", "c"},
  {"70000", "%hd", "h"}, {"0x1f", "%i", "i"}, {"017", "%i", "i"}, {"0x", "%x%s", "is"}, {"0xg", "%x%s", "is"},
  {"0x1G", "%i%s", "is"}, {"ff", "%x", "i"}, {"FF", "%X", "i"}, {"777", "%o", "i"}, {"8", "%o", "i"},
  {"-1", "%u", "i"}, {"4294967296", "%u", "i"}, {"0x7ffc1234", "%p", "l"}, {"12 34 56", "%d %d %d", "iii"},
  {"12,34", "%d,%d", "ii"}, {"12 ,34", "%d,%d", "ii"}, {"12, 34", "%d,%d", "ii"}, {"12 , 34", "%d , %d", "ii"},
  {"1 2", "%d%*d%d", "ii"}, {"1", "%d%d", "ii"}, {"1 x", "%d%d", "ii"}, {"hello world", "%s%s", "ss"},
  {"hello world", "%5s%s", "ss"}, {"  hi", "%s", "s"}, {"abc", "%c", "c"}, {" abc", "%c", "c"},
  {" abc", " %c", "c"}, {"abcdef", "%3c", "s"}, {"ab", "%5c", "s"}, {"", "%c", "c"}, {"abc123", "%[a-z]%d", "si"},
  {"abc123", "%[^0-9]%s", "ss"}, {"]ab]c", "%[]ab]", "s"}, {"a-b", "%[-ab]", "s"}, {"a-b", "%[ab-]", "s"},
  {"123", "%[a-z]", "s"}, {"", "%[a-z]", "s"}, {"zzz", "%2[z]", "s"}, {"a b", "%[^\n]", "s"},
  {"3.14", "%f", "f"}, {"3.14", "%lf", "d"}, {"-2.5e3", "%lf", "d"}, {"1e+x", "%lf%s", "ds"},
  {"100ergs", "%lf%s", "ds"}, {"0x1.8p1", "%lf", "d"}, {"0x", "%lf", "d"}, {"0xz", "%lf%s", "ds"},
  {"inf", "%lf", "d"}, {"-Infinity", "%lf", "d"}, {"infinite", "%lf%s", "ds"}, {"nan", "%lf", "d"},
  {"nax", "%lf", "d"}, {".5", "%lf", "d"}, {".", "%lf", "d"}, {"1.2.3", "%lf%s", "ds"}, {"12345.678", "%5lf%s", "ds"},
  {"1e5", "%2lf%s", "ds"}, {"0.1", "%f", "f"}, {"0.1", "%e", "f"}, {"0.1", "%g", "f"}, {"1.5", "%Lf", "d"},
  {"-", "%lf", "d"}, {"+x", "%lf", "d"}, {"e5", "%lf", "d"}, {"5e", "%lf%s", "ds"}, {"0", "%lf", "d"},
  {"0e1", "%lf", "d"}, {"00x", "%lf%s", "ds"},
  {"abc", "%n", "i"}, {"abc", "%s%n", "si"}, {"  12  ", "%d%n", "ii"}, {"  12  ", "%d %n", "ii"},
  {"12 x", "%*d %n%c", "ic"}, {"100%", "%d%%", "i"}, {"100 %", "%d%%", "i"}, {"100x", "%d%%", "i"},
  {"100", "%d%%", "i"}, {"abc", "abd", ""}, {"abc", "abc%d", "i"}, {"", "abc", ""}, {"x", "%y", "i"},
  {"", "%*d", ""}, {"abc", "%*s%d", "i"}, {"5", "%d ", "i"}, {"  ", " ", ""}, {"42abc", "%d%n", "ii"},
  {"12", "%1d%1d", "ii"}, {"-12", "%1d", "i"}, {"123", "%0d", "i"}, {"1 2 3 4", "%d %d %*d %d", "iii"},
  {"x", "%c%c", "cc"}, {"9223372036854775808", "%lld", "l"}, {"18446744073709551615", "%llu", "l"},
  {"18446744073709551616", "%llu", "l"}, {"-5", "%lu", "l"}, {"5", "%zu", "l"}, {"5", "%hhu", "c"},
  {"abc", "%[abc", "s"}, {"aaa", "%2[a]%s", "ss"}, {"  x", "%[ x]", "s"}, {"-0x10", "%i", "i"},
  {"+0x", "%x%s", "is"}, {"12e", "%d%s", "is"}, {"1e-3", "%4lf", "d"}, {"-inf", "%3lf%s", "ds"},
  {"nan(1)", "%lf%s", "ds"}, {"INFINITY", "%lf", "d"}, {"info", "%lf%s", "ds"}, {"infin", "%lf%s", "ds"},
  {"-5", "%2lf", "d"}, {"0x1p", "%lf%s", "ds"}, {"0x1p-2", "%4lf%s", "ds"}, {"1,5", "%lf%s", "ds"},
  {"z9", "%[z-a]%s", "ss"}, {"-", "%[a-]", "s"}, {"\t\n 7", "%d", "i"}, {"1.0000001", "%f", "f"}, {"3.4e39", "%f", "f"}, {"1e-50", "%f", "f"}, {"1e400", "%lf", "d"},
};

static void dump(const unsigned char *p, int n) {
  for (int i = 0; i < n; i++) printf("%02x", p[i]);
}

void run_scanf(void) {
  for (size_t k = 0; k < sizeof CASES / sizeof *CASES; k++) {
    const struct scase *sc = &CASES[k];
    unsigned char slots[8][32];
    memset(slots, 0xAA, sizeof slots);
    int ret = sscanf(sc->input, sc->format, slots[0], slots[1], slots[2], slots[3], slots[4], slots[5], slots[6], slots[7]);
    printf("F\t");
    esc(sc->input, 0);
    putchar('\t');
    esc(sc->format, 0);
    printf("\t%s\t%d\t", sc->targets, ret);
    for (size_t t = 0; sc->targets[t]; t++) {
      if (t) putchar(' ');
      dump(slots[t], sc->targets[t] == 's' ? 24 : 12);
    }
    putchar('\n');
  }
}
