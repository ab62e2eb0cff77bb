/*
 * Forgotten free: the classic C leak.
 *
 * make_greeting() asks malloc for 64 bytes, writes a greeting into them and
 * hands back their address. main() calls it a thousand times and never keeps
 * what it gets back. Every block stays allocated, yet nothing in the program
 * knows where it is any more.
 *
 * @atlas title: Forgotten free: greetings nobody frees
 * @atlas view: heap, report
 * @atlas expect-stdout: made 1000 greetings
 * @atlas expect-leaks: definitely 64,000 bytes in 1,000 blocks
 * @atlas expect-exit: 0
 * @atlas done: forgottenFree.watched when end
 * @atlas done: forgottenFree.fixed when clean
 */
#include <stdio.h>
#include <stdlib.h>

char *make_greeting(int n) {
    // @atlas say: malloc looks for 64 free bytes on the heap and returns their address.
    // @atlas say: Watch the Heap view: after this line a new chunk is there, 80 bytes with its 16-byte header.
    char *msg = malloc(64);
    sprintf(msg, "hello #%d", n);
    return msg; // @atlas say: The block now holds text, and msg is the only thing in the program that knows where it is: {msg}
}

int main(void) {
    int made = 0; // @atlas say: Press F5 (Continue) to run to the next explained line, or F10 to go one line at a time. The panel shows the Heap and the Report.
    for (int i = 0; i < 1000; i++) {
        // @atlas ask: make_greeting hands back the block's address, and this line ignores it. What happens to the 64 bytes?
        // @atlas choice: They are freed, because nothing uses them any more
        // @atlas correct: They stay allocated, and no pointer to them is left
        // @atlas choice: They were on make_greeting's stack frame, so they went away when it returned
        // @atlas reveal: C never frees anything for you. The block is still in use on the heap, but the only copy of its address was msg,
        // @atlas reveal: and msg went away with make_greeting's frame. Valgrind calls such a block "definitely lost": the Report view now counts it.
        // @atlas expect-leaks-after: definitely 64 bytes in 1 block
        make_greeting(i);
        made++;
    }
    // @atlas say: The loop ran 1000 times: 1000 blocks of 64 bytes, each lost the moment its call returned. The program does not notice anything.
    printf("made %d greetings\n", made);
    return 0; // @atlas say: When main returns, the process ends and the kernel takes back every page. Until then those 64,000 bytes were billed to this process.
}
// @atlas at-exit: The leak report says 64,000 bytes in 1,000 blocks are definitely lost, all allocated in make_greeting.
// @atlas at-exit: With a million calls that is 64 MB. The fix is one line: keep the pointer and free() it when you are done (forgotten-free-fixed.c).
