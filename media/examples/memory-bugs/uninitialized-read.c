/*
 * Uninitialised memory: malloc does not clear the bytes it hands out.
 *
 * A fresh malloc block holds whatever bytes were there before, and a local
 * variable holds whatever the stack held. Reading them is not a crash, so the
 * program goes on with garbage. Valgrind's Memcheck tracks which bytes were
 * ever written and complains when a decision depends on one that never was.
 *
 * @atlas title: Uninitialised read: a sum over bytes never written
 * @atlas view: heap, report
 * @atlas expect-stdout: <nothing>
 * @atlas expect-exit: 1
 * @atlas done: memoryBugs.uninitialized when error uninitialized-read
 */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int count = 8;
    int *scores = malloc(count * sizeof *scores); // @atlas say: 32 bytes from malloc. Nothing has been written in them yet: they hold whatever those bytes held before.
    for (int i = 0; i < count - 1; i++) scores[i] = 10 * i; // one short: scores[7] is never set
    // @atlas say: Seven of the eight scores are set. scores[7] still holds whatever was in those bytes.
    int total = 0;
    for (int i = 0; i < count; i++) total += scores[i];
    // @atlas ask: total includes scores[7], which was never written. What will Memory Atlas do at this if?
    // @atlas choice: Nothing: the value is 0, because malloc clears memory
    // @atlas correct: Stop: the branch depends on a value that was never written
    // @atlas choice: Crash with a segmentation fault
    // @atlas reveal: Adding garbage gives garbage, and nothing stops there; the error shows where the garbage changes what the program does: this if.
    // @atlas reveal: That is where Memcheck reports "Conditional jump depends on uninitialised value". Use calloc, or set every element.
    if (total > 200) printf("high total\n"); // @atlas expect-error: uninitialized-read
    free(scores);
    return 0;
}
