/* qsort: the comparator calls glibc makes (as byte offsets from the array) and the final order.
     Q <TAB> element size <TAB> n <TAB> base address mod 16 <TAB> keys <TAB> how <TAB> calls <TAB> final
   Elements hold an int key at offset 0 and, when they are 8 bytes or more, their original index at
   offset 4 (so the final order shows stability). calls is "a/b a/b ..." for small sorts, or
   "count:N hash:H" (FNV-1a over the offsets) for large ones, whose keys are given as the state of
   the generator's LCG ("lcg:STATE:MODULO") and whose final order is hashed the same way. how is "msort" or, for the sort run
   under an address-space limit that makes malloc fail, "quicksort".
     B <TAB> n <TAB> keys <TAB> key <TAB> calls <TAB> result index (or -1)     -- bsearch */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <sys/resource.h>

static char *cmp_base;
static int cmp_log; /* print every call, or only hash them */
static unsigned long cmp_count;
static uint32_t cmp_hash;
static char *calls_text;
static size_t calls_len;

static void note(long a, long b) {
  cmp_count++;
  cmp_hash = (cmp_hash ^ (uint32_t)a) * 16777619u;
  cmp_hash = (cmp_hash ^ (uint32_t)b) * 16777619u;
  if (cmp_log) calls_len += sprintf(calls_text + calls_len, cmp_count > 1 ? " %ld/%ld" : "%ld/%ld", a, b);
}

static int by_key(const void *a, const void *b) {
  note((const char *)a - cmp_base, (const char *)b - cmp_base);
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static uint32_t lcg = 12345;
static int next_key(int modulo) {
  lcg = lcg * 1103515245u + 12345u;
  return (int)((lcg >> 16) % (unsigned)modulo);
}

static void run_one(char *arr, size_t n, size_t s, int modulo, const char *how, int log) {
  int *keys = malloc(n * sizeof(int));
  uint32_t lcg_before = lcg;
  for (size_t i = 0; i < n; i++) {
    keys[i] = next_key(modulo);
    memset(arr + i * s, 0x5a, s);
    memcpy(arr + i * s, &keys[i], 4);
    if (s >= 8) {
      int idx = (int)i;
      memcpy(arr + i * s + 4, &idx, 4);
    }
  }
  cmp_base = arr;
  cmp_log = log;
  cmp_count = 0;
  cmp_hash = 2166136261u;
  calls_len = 0;
  if (log) calls_text[0] = 0;
  if (strcmp(how, "quicksort") == 0) {
    /* Make malloc fail: give the free top of the heap back, then limit the address space to
       what is mapped now (plus a little), so neither brk nor mmap can grow it. */
    malloc_trim(0);
    struct rlimit old, lim;
    getrlimit(RLIMIT_AS, &old);
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    fscanf(f, "%lu", &pages);
    fclose(f);
    lim = old;
    lim.rlim_cur = pages * 4096 + 16 * 4096;
    setrlimit(RLIMIT_AS, &lim);
    qsort(arr, n, s, by_key);
    setrlimit(RLIMIT_AS, &old);
  } else {
    qsort(arr, n, s, by_key);
  }
  printf("Q\t%zu\t%zu\t%d\t", s, n, (int)((uintptr_t)arr & 15));
  if (log) for (size_t i = 0; i < n; i++) printf(i ? ",%d" : "%d", keys[i]);
  else printf("lcg:%u:%d", lcg_before, modulo);
  printf("\t%s\t", how);
  if (log) fputs(calls_text, stdout);
  else printf("count:%lu hash:%u", cmp_count, cmp_hash);
  putchar('\t');
  uint32_t final_hash = 2166136261u;
  for (size_t i = 0; i < n; i++) {
    int v;
    memcpy(&v, arr + i * s + (s >= 8 ? 4 : 0), 4);
    if (log) printf(i ? ",%d" : "%d", v);
    final_hash = (final_hash ^ (uint32_t)v) * 16777619u;
  }
  if (!log) printf("hash:%u", final_hash);
  putchar('\n');
  free(keys);
}

static int bkey(const void *k, const void *e) {
  note((const char *)k - (const char *)k, (const char *)e - cmp_base);
  int x = *(const int *)k, y = *(const int *)e;
  return (x > y) - (x < y);
}

static char big[40000 * 4];

void run_qsort(void) {
  calls_text = malloc(1 << 22);
  static _Alignas(16) char arr[64 * 48];
  const size_t sizes[] = {4, 8, 12, 16, 24, 40, 3};
  const size_t counts[] = {0, 1, 2, 3, 5, 7, 10, 17, 33, 64};
  for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
    for (size_t ci = 0; ci < sizeof counts / sizeof *counts; ci++) {
      if (counts[ci] * sizes[si] > sizeof arr) continue;
      run_one(arr, counts[ci], sizes[si], counts[ci] > 8 ? 5 : 100, "msort", 1);
    }
  /* Unaligned base: byte copies. */
  run_one(arr + 1, 20, 8, 7, "msort", 1);
  /* Large: the temporary comes from malloc. */
  run_one(big, 5000, 4, 1000, "msort", 0);
  run_one(big, 3000, 40, 50, "msort", 0);
  /* malloc fails: glibc falls back to _quicksort. */
  run_one(big, 40000, 4, 100000, "quicksort", 0);
  run_one(big, 40000, 4, 7, "quicksort", 0);
  run_one(big, 20000, 8, 300, "quicksort", 0);

  /* bsearch over a sorted array. */
  int sorted[] = {1, 3, 3, 5, 8, 13, 21, 34, 55};
  const int keys[] = {1, 3, 4, 55, 0, 100, 21};
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
    cmp_base = (char *)sorted;
    cmp_log = 1;
    cmp_count = 0;
    calls_len = 0;
    calls_text[0] = 0;
    int *hit = bsearch(&keys[k], sorted, 9, sizeof(int), bkey);
    printf("B\t9\t1,3,3,5,8,13,21,34,55\t%d\t%s\t%ld\n", keys[k], calls_text, hit ? (long)(hit - sorted) : -1L);
  }
}
