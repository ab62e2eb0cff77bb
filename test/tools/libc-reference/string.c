/* string.h: return values of the comparisons and searches, and the buffer after the copies:
     S <TAB> function <TAB> a <TAB> b <TAB> n <TAB> result
   Searches give the offset of the returned pointer from a (or -1 for NULL); strncpy/strncat give
   the 24-byte destination buffer (initially "dst" + 0xAA filler) in hex. */
#include <stdio.h>
#include <string.h>
#include "common.h"

static void head(const char *fn, const char *a, const char *b, long n) {
  printf("S\t%s\t", fn);
  esc(a, 0);
  putchar('\t');
  esc(b, 0);
  printf("\t%ld\t", n);
}

static void offset(const char *a, const char *p) {
  printf("%ld\n", p == NULL ? -1L : (long)(p - a));
}

static void buffer(const unsigned char *buf) {
  for (int i = 0; i < 24; i++) printf("%02x", buf[i]);
  putchar('\n');
}

void run_string(void) {
  const char *const a[] = {"a", "abcd", "abcdefgh", "", "abc", "abc", "\x80", "hello world", "ab\x80", "zzz", "abc"};
  const char *const b[] = {"c", "abce", "abcdefgz", "", "abcd", "ab", "\x01", "hello", "ab\x01", "", "abc"};
  for (size_t i = 0; i < sizeof a / sizeof *a; i++) {
    head("strcmp", a[i], b[i], 0);
    printf("%d\n", strcmp(a[i], b[i]));
    head("strcmp", b[i], a[i], 0);
    printf("%d\n", strcmp(b[i], a[i]));
    for (long n = 0; n <= 5; n++) {
      head("strncmp", a[i], b[i], n);
      printf("%d\n", strncmp(a[i], b[i], n));
    }
    size_t la = strlen(a[i]) + 1, lb = strlen(b[i]) + 1;
    for (size_t n = 0; n <= (la < lb ? la : lb); n++) {
      head("memcmp", a[i], b[i], (long)n);
      printf("%d\n", memcmp(a[i], b[i], n));
    }
  }
  const char *const hay[] = {"hello world", "", "aaa", "abcabc", "mississippi"};
  const char *const needles[] = {"o", "world", "", "xyz", "l", "ss", "issip", "abc", "a", "aaaa"};
  const int chars[] = {'o', 'l', 0, 'z', 'a', 's', 'h' + 256};
  for (size_t h = 0; h < sizeof hay / sizeof *hay; h++) {
    for (size_t c = 0; c < sizeof chars / sizeof *chars; c++) {
      char cs[2] = {(char)chars[c], 0};
      head("strchr", hay[h], cs, chars[c]);
      offset(hay[h], strchr(hay[h], chars[c]));
      head("strrchr", hay[h], cs, chars[c]);
      offset(hay[h], strrchr(hay[h], chars[c]));
    }
    for (size_t n = 0; n < sizeof needles / sizeof *needles; n++) {
      head("strstr", hay[h], needles[n], 0);
      offset(hay[h], strstr(hay[h], needles[n]));
    }
    head("strlen", hay[h], "", 0);
    printf("%zu\n", strlen(hay[h]));
  }
  const char *const srcs[] = {"", "hi", "hello", "abcdefghij"};
  for (size_t s = 0; s < sizeof srcs / sizeof *srcs; s++) {
    for (long n = 0; n <= 12; n += 3) {
      unsigned char buf[24];
      memset(buf, 0xAA, sizeof buf);
      memcpy(buf, "dst", 4);
      strncpy((char *)buf, srcs[s], n);
      head("strncpy", "dst", srcs[s], n);
      buffer(buf);
      memset(buf, 0xAA, sizeof buf);
      memcpy(buf, "dst", 4);
      strncat((char *)buf, srcs[s], n);
      head("strncat", "dst", srcs[s], n);
      buffer(buf);
    }
  }
}
