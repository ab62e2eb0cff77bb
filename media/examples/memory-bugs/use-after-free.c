/*
 * Use after free: reading a block after giving it back.
 *
 * After free(), the bytes are malloc's again: it writes its own bookkeeping
 * into them and may hand them to the next caller. A pointer that still holds
 * the old address is "dangling", and using it is undefined behaviour.
 *
 * @atlas title: Use after free: a dangling pointer read
 * @atlas view: heap, report
 * @atlas expect-stdout: <nothing>
 * @atlas expect-exit: 1
 * @atlas done: memoryBugs.useAfterFree when error use-after-free
 */
#include <stdio.h>
#include <stdlib.h>

struct account {
    long id;
    long balance;
};

int main(void) {
    struct account *acct = malloc(sizeof *acct);
    acct->id = 7;
    acct->balance = 100;
    // @atlas say: acct points at a 16-byte block holding id 7 and balance 100. The Heap view shows the chunk in use.
    free(acct);
    // @atlas say: The chunk is free now: glibc put it in the tcache and wrote a list pointer over its first 8 bytes, where id was. acct still holds {acct}: it dangles.
    // @atlas ask: The next line reads acct->balance. What will Memory Atlas do?
    // @atlas choice: Print 100, the old balance
    // @atlas choice: Print 0: free cleared the block
    // @atlas correct: Stop before the read and report a use-after-free
    // @atlas reveal: The run stops just before the read, as AddressSanitizer stops a gcc -fsanitize=address build: READ of 8 bytes inside a block freed at the line above.
    // @atlas reveal: Without the check the read might even print 100, which is what makes the bug dangerous. Set acct = NULL after free and a mistake crashes at once instead.
    long balance = acct->balance; // @atlas expect-error: use-after-free
    printf("balance %ld\n", balance);
    return 0;
}
