/* fib(25) for JSCPP: programs/fib25.c with `int main()`, since JSCPP rejects `(void)` parameter lists. */
#include <stdio.h>

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main() {
    printf("%d\n", fib(25));
    return 0;
}
