/* The seed article's forgotten free, as written there: a million make_greeting() calls, each a
 * malloc(64) with sprintf into it, never freed (64 MB lost). Only the last pointer is kept, so the
 * program prints something to compare with the native run. */
#include <stdio.h>
#include <stdlib.h>

char *make_greeting(void) {
    char *msg = malloc(64);
    sprintf(msg, "hello");
    return msg; /* caller is supposed to call free() */
}

int main(void) {
    char *last = NULL;
    for (int i = 0; i < 1000000; i++) {
        last = make_greeting(); /* pointer thrown away */
    }
    printf("%s\n", last);
    return 0;
}
