/*
 * Double free: giving the same block back twice.
 *
 * Two parts of a program both believe they own a block, and both free it. The
 * second free() corrupts malloc's lists: glibc usually notices ("free(): double
 * free detected in tcache 2") and aborts the process.
 *
 * @atlas title: Double free: two owners, one block
 * @atlas view: heap, report
 * @atlas expect-stdout: <nothing>
 * @atlas expect-exit: 1
 * @atlas done: memoryBugs.doubleFree when error double-free
 */
#include <stdlib.h>
#include <string.h>

struct message {
    char *text;
};

void release(struct message *m) {
    free(m->text); // @atlas say: release frees the text. The caller does not know, and still holds the same address in its own copy.
}

int main(void) {
    struct message m;
    m.text = malloc(32);
    strcpy(m.text, "see you later");
    char *copy = m.text;
    release(&m); // @atlas say: copy and m.text hold the same address, {copy}: two pointers, one block. Neither knows about the other.
    // @atlas ask: free(copy) is next. Is it safe?
    // @atlas choice: Yes: copy is a different variable
    // @atlas correct: No: the block it points to was already freed
    // @atlas reveal: It is the same block: free sees a chunk that is already in the tcache. Memory Atlas stops here with "double-free", naming the line that freed it first.
    // @atlas reveal: Decide who owns each block, and let only the owner free it.
    free(copy); // @atlas expect-error: double-free
    return 0;
}
