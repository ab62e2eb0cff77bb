/* printf corpus: each case is one line
     P <TAB> format <TAB> args <TAB> return value <TAB> output
   args are space-separated typed tokens: i:int, u:unsigned, l:long, U:unsigned long, d:double bits,
   D:long double (a double value) bits, s:string or s:NULL, W:wide string, p:pointer (hex),
   n/N/b/q: %n targets (int, short, signed char, long long) with the stored value, E:errno for %m. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "common.h"

static char out[1 << 17];
static int n_int;
static short n_short;
static signed char n_char;
static long long n_ll;

static void bits_of(double d, char tag) {
  uint64_t b;
  memcpy(&b, &d, 8);
  printf("%c:%016lx", tag, (unsigned long)b);
}

static void record(const char *fmt, int ret) {
  printf("\t%d\t", ret);
  esc_n(out, ret >= 0 && (size_t)ret < sizeof out ? (size_t)ret : (ret >= 0 ? sizeof out - 1 : strlen(out)), 0);
  putchar('\n');
}

static void pcase(const char *fmt, const char *sig, ...) {
  va_list ap, ap2;
  va_start(ap, sig);
  va_copy(ap2, ap);
  memset(out, 0, sizeof out);
  n_int = n_short = n_char = n_ll = -1;
  int ret = vsnprintf(out, sizeof out, fmt, ap2);
  va_end(ap2);
  printf("P\t");
  esc(fmt, 0);
  putchar('\t');
  for (const char *t = sig; *t; t++) {
    if (t != sig) putchar(' ');
    switch (*t) {
      case 'i': printf("i:%d", va_arg(ap, int)); break;
      case 'u': printf("u:%u", va_arg(ap, unsigned)); break;
      case 'l': printf("l:%ld", va_arg(ap, long)); break;
      case 'U': printf("U:%lu", va_arg(ap, unsigned long)); break;
      case 'd': bits_of(va_arg(ap, double), 'd'); break;
      case 'D': bits_of((double)va_arg(ap, long double), 'D'); break;
      case 's': {
        const char *s = va_arg(ap, const char *);
        if (s == NULL) printf("s:NULL");
        else { printf("s:"); esc(s, 1); }
        break;
      }
      case 'W': {
        const wchar_t *w = va_arg(ap, const wchar_t *);
        printf("W:");
        for (; *w; w++) printf("%s%x", w == NULL ? "" : "", (unsigned)*w), putchar(w[1] ? ',' : ' ' == 0 ? 0 : '\0');
        break;
      }
      case 'p': printf("p:%lx", (unsigned long)va_arg(ap, void *)); break;
      case 'n': va_arg(ap, int *); printf("n:%d", n_int); break;
      case 'N': va_arg(ap, short *); printf("N:%d", n_short); break;
      case 'b': va_arg(ap, signed char *); printf("b:%d", n_char); break;
      case 'q': va_arg(ap, long long *); printf("q:%lld", n_ll); break;
    }
  }
  va_end(ap);
  record(fmt, ret);
}

/* %m: errno set just before the call. */
static void mcase(const char *fmt, int e) {
  memset(out, 0, sizeof out);
  errno = e;
  int ret = snprintf(out, sizeof out, fmt);
  printf("P\t");
  esc(fmt, 0);
  printf("\tE:%d", e);
  record(fmt, ret);
}

static const char *const INT_FORMATS[] = {
  "%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "%-+5d|", "%.0d", "%.3d", "%8.3d",
  "%-8.3d|", "%08.3d", "%+.3d", "% 05d", "%5.0d|", "%u", "%+u", "% u", "%o", "%#o", "%#5o", "%#.0o",
  "%.0o", "%#.3o", "%x", "%X", "%#x", "%#X", "%#08x", "%#.3x", "%#.0x", "%-#10x|", "%+x", "%hhd",
  "%hhu", "%hd", "%hu", "%hhx", "%hx", "%'d", "%Id", "%b", "%#b", "%B", "%#B", "%010.0d",
};
static const int INT_VALUES[] = {0, 1, -1, 8, 42, -42, 255, 300, -300, 32768, 65535, INT_MAX, INT_MIN};

static const char *const LONG_FORMATS[] = {
  "%ld", "%lu", "%lx", "%lo", "%lld", "%llu", "%llx", "%#llo", "%zu", "%zd", "%zx", "%jd", "%ju",
  "%td", "%tx", "%qd", "%Ld", "%Zd", "%20ld", "%-20lld|", "%+lld", "%.25lld", "%020lld", "%#lX", "%lb",
};
static const long LONG_VALUES[] = {0, 1, -1, LONG_MIN, LONG_MAX, 4294967296L, 4294967295L, -4294967296L, 1000000000000000L};

static const char *const FLOAT_FORMATS[] = {
  "%f", "%.0f", "%.1f", "%.2f", "%.3f", "%.10f", "%.20f", "%e", "%.0e", "%.3e", "%.10e", "%E",
  "%g", "%.0g", "%.1g", "%.2g", "%.3g", "%.10g", "%.17g", "%G", "%#g", "%#.0f", "%#.0e", "%#.3g",
  "%10.3f", "%-10.3f|", "%010.3f", "%+f", "% f", "%+.3e", "%015.4e", "%-+12.2e|", "%F", "%10.4g",
  "%-12g|", "%012g", "%a", "%A", "%.0a", "%.1a", "%.3a", "%.20a", "%#a", "%#.0a", "%20a", "%020a",
  "%-20a|", "%+a", "%lf", "%le", "%lg",
};

static void float_values(double *v, int *n) {
  double vals[] = {
    0.0, -0.0, 0.5, 1.5, 2.5, 3.5, -0.5, -2.5, 1.0, 0.1, 0.125, 1.0 / 3, 2.0 / 3, 123.456, -123.456,
    1e-5, 1e-4, 0.0001234, 99999.5, 999999.5, 1e6, 1234567.0, 9.9999995, 0.00001, 1e21, 1e22, 1e300,
    -1e300, 1.7976931348623157e308, 2.2250738585072014e-308, 4.9406564584124654e-324, 1e-310,
    INFINITY, -INFINITY, NAN, -NAN, 0.3, 9007199254740993.0, 0.015625, 1.005, 2.675, 1e15 + 0.3,
    0.95, 9.5, 0.05, 1e100, 123456789012345678.0, 5e-5, 0x1.fffffffffffffp+0, 0x1.8p+0, 0x1.08p+0,
    0x1.18p+0,
  };
  *n = sizeof vals / sizeof vals[0];
  memcpy(v, vals, sizeof vals);
}

void run_printf(void) {
  for (size_t f = 0; f < sizeof INT_FORMATS / sizeof *INT_FORMATS; f++)
    for (size_t v = 0; v < sizeof INT_VALUES / sizeof *INT_VALUES; v++) pcase(INT_FORMATS[f], "i", INT_VALUES[v]);
  for (size_t f = 0; f < sizeof LONG_FORMATS / sizeof *LONG_FORMATS; f++)
    for (size_t v = 0; v < sizeof LONG_VALUES / sizeof *LONG_VALUES; v++) pcase(LONG_FORMATS[f], "l", LONG_VALUES[v]);
  pcase("%lld", "l", LLONG_MIN);
  pcase("%llu", "U", ULLONG_MAX);
  pcase("%hhd", "i", 300);
  pcase("%hhd", "i", 200);
  pcase("%hd", "i", 70000);
  pcase("%zu", "U", (unsigned long)sizeof(long double));

  double fv[64];
  int nf;
  float_values(fv, &nf);
  for (size_t f = 0; f < sizeof FLOAT_FORMATS / sizeof *FLOAT_FORMATS; f++)
    for (int v = 0; v < nf; v++) pcase(FLOAT_FORMATS[f], "d", fv[v]);
  /* %g around the style switch, where rounding carries into a new digit. */
  const char *const g_formats[] = {"%g", "%#g", "%.3g", "%#.3g", "%.1g", "%#.1g", "%#.2g", "%#.0g", "%#.4g"};
  const double g_values[] = {999999.5, 9.9999995, 99.99995, 0.99999995, 0.0999999995, 0.00999999995,
                             0.000999999995, 0.0000999999995, 0.00009999995, 9999995.0, 99950.0, 0.9995,
                             9.5, 0.95, 0.000095, 95.0, 995.0, 9995.0, 0.0000995, 0.00001, 123456.5, 0.099951};
  for (size_t f = 0; f < sizeof g_formats / sizeof *g_formats; f++)
    for (size_t v = 0; v < sizeof g_values / sizeof *g_values; v++) pcase(g_formats[f], "d", g_values[v]);

  const char *const long_float[] = {"%.60f", "%.40e", "%.30g", "%.330f", "%.20g"};
  const double long_values[] = {0.1, 1e300, 4.9406564584124654e-324, 1.0 / 3, 1e23, 2.5e-310};
  for (size_t f = 0; f < 5; f++)
    for (size_t v = 0; v < 6; v++) pcase(long_float[f], "d", long_values[v]);
  pcase("%f", "d", 1e300);
  pcase("%.1075f", "d", 4.9406564584124654e-324);

  const char *const ldbl_formats[] = {"%Lf", "%.3Le", "%Lg", "%La", "%.2La", "%LA", "%.0La", "%.1La", "%#.0La", "%.15La", "%.17La"};
  const double ldbl_values[] = {1.0, 0.1, -2.5, 1e300, 4.9406564584124654e-324, 0.0, INFINITY, NAN, 0.5, 3.0, 15.9375, 0x1.fffffffffffffp+0, 0x1.ep+3};
  for (size_t f = 0; f < sizeof ldbl_formats / sizeof *ldbl_formats; f++)
    for (size_t v = 0; v < sizeof ldbl_values / sizeof *ldbl_values; v++)
      pcase(ldbl_formats[f], "D", (long double)ldbl_values[v]);

  const char *const char_formats[] = {"%c", "%5c|", "%-5c|", "%05c", "%.0c", "%hhc", "%lc"};
  const int char_values[] = {'A', 0, 255, 256 + 'B', -1, ' '};
  for (size_t f = 0; f < sizeof char_formats / sizeof *char_formats; f++)
    for (size_t v = 0; v < sizeof char_values / sizeof *char_values; v++)
      pcase(char_formats[f], "i", char_values[v]);
  pcase("%C", "i", 'z');

  const char *const str_formats[] = {"%s", "%10s|", "%-10s|", "%.3s", "%10.3s|", "%-10.3s|", "%.0s|",
                                     "%010s", "%.10s", "%5s", "%.5s|", "%.6s|", "%-3s|"};
  const char *const str_values[] = {"hello", "", "a longer string here", NULL, "tab\there", "\xe9t\xe9"};
  for (size_t f = 0; f < sizeof str_formats / sizeof *str_formats; f++)
    for (size_t v = 0; v < sizeof str_values / sizeof *str_values; v++)
      pcase(str_formats[f], "s", str_values[v]);

  const char *const ptr_formats[] = {"%p", "%20p|", "%-20p|", "%020p", "%+p", "% p", "%.20p", "%#p",
                                     "%.3p", "%10.8p|", "%lp", "%hhp", "%.0p|", "%.5p|"};
  void *const ptr_values[] = {NULL, (void *)0x55555555a2a0, (void *)0x7ffc12345678, (void *)1, (void *)-1L};
  for (size_t f = 0; f < sizeof ptr_formats / sizeof *ptr_formats; f++)
    for (size_t v = 0; v < sizeof ptr_values / sizeof *ptr_values; v++)
      pcase(ptr_formats[f], "p", ptr_values[v]);

  /* '*' width and precision. */
  pcase("%*d|", "ii", 5, 42);
  pcase("%-*d|", "ii", 5, 42);
  pcase("%*d|", "ii", -5, 42);
  pcase("%.*d|", "ii", -1, 42);
  pcase("%.*d|", "ii", 0, 0);
  pcase("%.*f", "id", 3, 3.14159);
  pcase("%*.*f|", "iid", 10, 2, 3.14159);
  pcase("%-*.*e|", "iid", 14, 3, -3.14159);
  pcase("%.*s|", "is", 3, "abcdef");
  pcase("%*s|", "is", -6, "ab");
  pcase("%.*g", "id", -4, 0.000123456);
  pcase("%0*d", "ii", 6, -12);

  /* Positional arguments. */
  pcase("%2$s %1$s", "ss", "world", "hello");
  pcase("%1$d %1$d %1$x", "i", 255);
  pcase("%2$*1$d|", "ii", 6, 42);
  pcase("%1$.*2$f", "di", 3.14159, 2);
  pcase("%3$s-%1$d-%2$.2f", "ids", 7, 2.5, "x");

  /* Literal text, %% and unknown conversions. */
  pcase("100%% sure", "");
  pcase("%5%|", "");
  pcase("%-5%|", "");
  pcase("plain text", "");
  pcase("%y", "");
  pcase("%5.2y|", "");
  pcase("%-#+ 0y|", "");
  pcase("%ly|", "");
  pcase("%hhy|", "");
  pcase("%'Iy|", "");
  pcase("%-y|", "");
  pcase("%+y|", "");
  pcase("% y|", "");
  pcase("%0y|", "");
  pcase("%- y|", "");
  pcase("% 0y|", "");
  pcase("%+ y|", "");
  pcase("%-0y|", "");
  pcase("%0-y|", "");
  pcase("%'#y|", "");
  pcase("%I0y|", "");
  pcase("%#-y|", "");
  pcase("%-+y|", "");
  pcase("%*.*y|", "ii", -3, 2);
  pcase("%.*y|", "i", -3);
  pcase("%k %d", "i", 3);
  pcase("%*y|%d", "ii", 4, 9);
  pcase("abc%", "");
  pcase("abc%5", "");
  pcase("abc%-", "");
  pcase("abc%l", "");

  /* %n */
  pcase("abc%n", "n", &n_int);
  pcase("%5d%n|", "in", 42, &n_int);
  pcase("%300d%hhn", "ib", 1, &n_char);
  pcase("%70000d%hn", "iN", 1, &n_short);
  pcase("%s%lln", "sq", "hello world", &n_ll);
  pcase("%n", "n", &n_int);

  /* wide characters in the C locale */
  pcase("%lc|", "i", 0xe9);
  pcase("%ls|", "W", L"abc");
  pcase("%.2ls|", "W", L"abc");
  pcase("%5ls|", "W", L"ab");
  pcase("x%ls|", "W", L"h\xe9");

  /* %m */
  mcase("%m", 0);
  mcase("%m", 2);
  mcase("[%-30m]", 12);
  mcase("%m", 41);
  mcase("%m", 133);
  mcase("%m", 200);
}
