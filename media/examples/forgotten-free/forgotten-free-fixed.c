/*
 * Forgotten free, fixed: the same greetings, each one freed once it has been used.
 *
 * The only change from forgotten-free.c is in main: it keeps the pointer that
 * make_greeting() returns, uses it, and gives the block back with free().
 *
 * @atlas title: Forgotten free, fixed: keep the pointer, then free it
 * @atlas view: heap, report
 * @atlas expect-stdout: hello #0
 * @atlas expect-stdout: made 1000 greetings
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 * @atlas done: forgottenFree.fixed when clean
 */
#include <stdio.h>
#include <stdlib.h>

char *make_greeting(int n) {
    char *msg = malloc(64);
    sprintf(msg, "hello #%d", n);
    return msg;
}

int main(void) {
    int made = 0;
    for (int i = 0; i < 1000; i++) {
        char *greeting = make_greeting(i);
        if (i == 0) printf("%s\n", greeting); // @atlas say: This time main keeps the address in greeting: the block has an owner. greeting = {greeting}
        // @atlas ask: After free(greeting), where do those 64 bytes go?
        // @atlas choice: Back to the kernel, so the process gets smaller
        // @atlas correct: Back to malloc, which keeps them for the next request of the same size
        // @atlas choice: Nowhere: free only marks the pointer as NULL
        // @atlas reveal: free hands the chunk to glibc's tcache, a small list of recently freed chunks per size.
        // @atlas reveal: The heap does not shrink, and greeting still holds the old address (now dangling). The next make_greeting gets the very same chunk back: watch its address in the Heap view.
        // @atlas expect-leaks-after: none
        free(greeting);
        made++;
    }
    // @atlas say: A thousand calls, and the heap only ever held one greeting at a time: each malloc reused the chunk the previous free gave back.
    printf("made %d greetings\n", made);
    return 0;
}
// @atlas at-exit: No block is lost and none is still in use: "All heap blocks were freed", as Valgrind would put it. Compare the heap figure with the leaky version's.
