/*
 * Lifetimes: how long a variable lives depends on the region it lives in.
 *
 * A local lives as long as its function's call. A static local lives in .data
 * for the whole run, so it remembers its value between calls. A heap block
 * lives until someone calls free(), whichever function that is.
 *
 * @atlas title: Lifetimes: locals, statics and heap blocks
 * @atlas view: stack, heap
 * @atlas expect-stdout: call 1: fresh 1, remembered 1
 * @atlas expect-stdout: call 2: fresh 1, remembered 2
 * @atlas expect-stdout: call 3: fresh 1, remembered 3
 * @atlas expect-stdout: the note says: still here
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 * @atlas done: regions.lifetimes when end
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void visit(int call) {
    int fresh = 0;           // on the stack: made again at every call
    static int remembered;   // in .bss: made once, before main starts
    fresh++;
    // @atlas ask: remembered started at 0 and this line adds one. On the next call to visit, will it start from 0 again or from 1?
    // @atlas choice: From 0, like fresh: every call gets new variables
    // @atlas correct: From 1: it keeps its value between calls
    // @atlas reveal: It now holds {remembered}, and the next call will find it there. A static local is not in the frame: it sits in .bss beside the globals for the whole run.
    // @atlas reveal: fresh is in the frame, so every call makes it again at 0. The Stack view shows fresh in visit's frame, and no remembered.
    remembered++;
    printf("call %d: fresh %d, remembered %d\n", call, fresh, remembered);
}

char *write_note(void) {
    char *note = malloc(16); // @atlas say: note is a local (gone when write_note returns), but the 16 bytes it points to are on the heap: they stay until free().
    strcpy(note, "still here");
    return note;
}

int main(void) {
    for (int call = 1; call <= 3; call++) visit(call);
    char *note = write_note();
    // @atlas say: write_note has returned and its frame is gone, yet the block it made is alive: note = {note}
    printf("the note says: %s\n", note);
    free(note);
    return 0;
}
