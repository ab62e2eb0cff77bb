/*
 * Heap buffer overflow: writing one byte past the end of a block.
 *
 * A string of n characters needs n + 1 bytes: the last one holds the '\0'
 * that marks its end. Forget it, and strcpy writes one byte past the block,
 * over the header of the next chunk.
 *
 * @atlas title: Heap overflow: the byte for '\0' was forgotten
 * @atlas view: heap, report
 * @atlas expect-stdout: <nothing>
 * @atlas expect-exit: 1
 * @atlas done: memoryBugs.overflow when error heap-buffer-overflow
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *name = "memory";
    size_t length = strlen(name); // @atlas say: strlen counts the characters, not the '\0' after them: length will be 6.
    char *copy = malloc(length); // @atlas say: 6 bytes: room for the letters, none for the terminating '\0'. glibc gives a 24-byte usable chunk anyway, but only 6 bytes are the program's.
    // @atlas ask: strcpy copies 7 bytes: six letters and the '\0'. What happens?
    // @atlas choice: Nothing wrong: the chunk is bigger than 6 bytes anyway
    // @atlas correct: The seventh byte is a heap buffer overflow
    // @atlas choice: strcpy stops at 6 bytes because it knows the block's size
    // @atlas reveal: strcpy never knows how big the destination is. The write of the '\0' lands 0 bytes past the 6-byte block: Memory Atlas stops, as AddressSanitizer would.
    // @atlas reveal: Natively this often "works" (the chunk has spare bytes), until the day a longer name overwrites the next chunk's header. Allocate strlen(name) + 1.
    strcpy(copy, name); // @atlas expect-error: heap-buffer-overflow
    printf("%s\n", copy);
    free(copy);
    return 0;
}
