/* The forgotten-free loop as far as JSCPP 2.0.9 can run it: it has no malloc, and its sprintf
 * fails on any destination ("destination or source is not an array"), so make_greeting fills a
 * stack buffer with strcpy instead. Same calls and loop shape as programs/forgotten_free_loop.c;
 * the runner may lower ITERATIONS and scale the time (it says so). */
#include <stdio.h>
#include <string.h>

#define ITERATIONS 1000000

char *make_greeting(char *msg) {
    strcpy(msg, "hello");
    return msg;
}

int main() {
    char buf[64];
    char *last = buf;
    for (int i = 0; i < ITERATIONS; i++) {
        last = make_greeting(buf);
    }
    printf("%s\n", last);
    return 0;
}
