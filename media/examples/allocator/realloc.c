/*
 * realloc: growing a block in place, or moving it.
 *
 * realloc(p, n) gives a block of n bytes holding the old contents. If the
 * chunk after p is free (or is the top of the heap), malloc can just make p's
 * chunk bigger. If something is in the way, it allocates a new chunk, copies
 * the bytes, and frees the old one: every pointer to the old address dangles.
 *
 * @atlas title: realloc: growing in place or moving
 * @atlas view: heap
 * @atlas expect-stdout: grew in place: yes
 * @atlas expect-stdout: moved: yes
 * @atlas expect-stdout: contents kept: yes
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 * @atlas done: allocator.realloc when end
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *text = malloc(2000);
    strcpy(text, "the first words");
    // @atlas say: text is the last chunk before the top of the heap: the Heap view shows nothing between them.
    char *grown = realloc(text, 4000);
    printf("grew in place: %s\n", grown == text ? "yes" : "no"); // @atlas say: The top chunk was right there, so realloc only made the chunk bigger: same address, no copy.
    char *wall = malloc(16); // @atlas say: A small block right after it: now there is no room to grow in place.
    // @atlas ask: realloc(grown, 8000) now. What happens to the address?
    // @atlas choice: It stays the same, and wall is pushed further along
    // @atlas correct: It changes: a new chunk is allocated, the bytes copied, the old chunk freed
    // @atlas choice: realloc fails and returns NULL
    // @atlas reveal: Blocks never move under a program's feet, so realloc must move the data instead: moved is {(void *)moved}, grown was {(void *)grown}.
    // @atlas reveal: Always use the pointer realloc returns, and never the old one again.
    char *moved = realloc(grown, 8000);
    printf("moved: %s\n", moved != grown ? "yes" : "no");
    printf("contents kept: %s\n", strcmp(moved, "the first words") == 0 ? "yes" : "no");
    free(moved);
    free(wall);
    return 0;
}
