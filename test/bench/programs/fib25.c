/* Naive recursive fib(25): 242,785 calls, the interpreter's call path under load. */
#include <stdio.h>

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
    printf("%d\n", fib(25));
    return 0;
}
