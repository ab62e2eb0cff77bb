/* rand: the first 50 numbers of rand() without srand (first, in a fresh process), then after
   srand(seed) for several seeds, random() after srandom(), and rand_r:
     R <TAB> how <TAB> seed <TAB> numbers (space-separated) */
#include <stdio.h>
#include <stdlib.h>

static void fifty(const char *how, unsigned seed, int use_random) {
  printf("R\t%s\t%u\t", how, seed);
  for (int i = 0; i < 50; i++) printf(i ? " %ld" : "%ld", use_random ? random() : (long)rand());
  putchar('\n');
}

void run_rand(void) {
  fifty("unseeded", 0, 0);
  const unsigned seeds[] = {1, 42, 0, 12345, 2147483647u, 2147483648u, 4294967295u, 123456789, 7};
  for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
    srand(seeds[i]);
    fifty("srand", seeds[i], 0);
  }
  srandom(99);
  fifty("srandom", 99, 1);
  srand(5);
  printf("R\tsrand-long\t5\t");
  for (int i = 0; i < 1000; i++) (void)rand();
  printf("%d\n", rand());
  const unsigned rseeds[] = {0, 1, 42, 4294967295u};
  for (size_t i = 0; i < sizeof rseeds / sizeof *rseeds; i++) {
    unsigned s = rseeds[i];
    printf("R\trand_r\t%u\t", s);
    for (int k = 0; k < 20; k++) {
      int v = rand_r(&s);
      printf(k ? " %d/%u" : "%d/%u", v, s);
    }
    putchar('\n');
  }
}
