/*
 * Inside malloc: reusing, splitting and merging chunks (glibc's allocator).
 *
 * malloc never asks the kernel for each block. It carves blocks ("chunks")
 * out of a big heap area, and free() gives them back to malloc, not to the
 * kernel. Each chunk has a 16-byte header with its size, so a 24-byte request
 * takes a 32-byte chunk.
 *
 * @atlas title: Inside malloc: tcache, splitting and coalescing
 * @atlas view: heap
 * @atlas expect-stdout: small block reused: yes
 * @atlas expect-stdout: big block starts where a was: yes
 * @atlas expect-stdout: the rest was split off after it: yes
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 * @atlas done: allocator.chunks when end
 */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    // @atlas say: The first malloc grows the heap: glibc moves the program break up by 132 KiB with brk, then cuts a 32-byte chunk off the front. The rest is the "top" chunk.
    char *first = malloc(24);
    free(first); // @atlas say: free puts the chunk in the tcache: a per-size list of up to 7 recently freed chunks. In the Heap view, look at the free lists below the chunks.
    // @atlas ask: Now malloc(24) is called again. Which chunk will it return?
    // @atlas correct: The one just freed, straight from the tcache
    // @atlas choice: A new one cut from the top chunk
    // @atlas choice: Whichever: malloc picks at random
    // @atlas reveal: The same one: second == first ({second}). The tcache hands back the most recently freed chunk of a size first, and taking from it is the fastest path in malloc.
    // @atlas expect-after: second == first
    char *second = malloc(24);
    printf("small block reused: %s\n", second == first ? "yes" : "no");

    char *a = malloc(2000);
    char *b = malloc(2000);
    char *fence = malloc(16); // @atlas say: fence sits after b so that b does not touch the top chunk (a free chunk next to top would melt into it).
    free(a); // @atlas say: 2016-byte chunks are too big for the tcache, so a goes to the "unsorted" bin, waiting to be sorted or reused.
    // @atlas ask: b is next to a in memory, and a is free. What does free(b) do with the two neighbours?
    // @atlas choice: Keeps them apart, two free chunks of 2016 bytes
    // @atlas correct: Merges them into one free chunk of 4032 bytes
    // @atlas choice: Gives both back to the kernel
    // @atlas reveal: It merges them ("coalescing"): the chunk header's PREV_INUSE bit told free that the chunk before b was free. The Heap view now shows one 4032-byte free chunk where a and b were.
    free(b);
    char *big = malloc(3000); // @atlas say: 3000 bytes need a 3008-byte chunk. malloc takes the merged chunk and splits it: 3008 bytes for big, and a 1024-byte remainder goes back to a bin.
    printf("big block starts where a was: %s\n", big == a ? "yes" : "no");
    char *rest = malloc(1000);
    printf("the rest was split off after it: %s\n", rest == big + 3008 ? "yes" : "no");
    free(rest);
    free(big);
    free(fence);
    free(second);
    return 0;
}
// @atlas at-exit: Every block was freed, yet the heap stayed as big as it grew: glibc keeps freed memory for later requests and only gives the top of the heap back when a lot of it is free.
