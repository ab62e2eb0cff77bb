/*
 * Fragmentation: free memory that is no use, because it is in pieces.
 *
 * The program allocates ten 100-byte blocks in a row, then frees every other
 * one. Half the bytes are free again, but as five separate holes. A request
 * for 300 bytes fits in none of them, so the heap has to grow.
 *
 * Try it under other allocators: run "memory-atlas compare" on this file, or
 * change the allocator line below to first-fit or buddy and step again.
 *
 * @atlas title: Fragmentation: free bytes in holes too small to use
 * @atlas view: heap
 * @atlas allocator: glibc
 * @atlas expect-stdout: freed 5 blocks of 100 bytes
 * @atlas expect-stdout: the 300-byte block fits in a hole: no
 * @atlas expect-stdout: a 100-byte block fits in a hole: yes
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 * @atlas done: allocator.fragmentation when end
 */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    char *blocks[10];
    for (int i = 0; i < 10; i++) blocks[i] = malloc(100); // @atlas say: Ten chunks of 112 bytes each (100 rounded up to 16, plus the header), one after another.
    int freed = 0;
    for (int i = 0; i < 10; i += 2) {
        free(blocks[i]);
        blocks[i] = NULL;
        freed++;
    }
    printf("freed %d blocks of 100 bytes\n", freed);
    // @atlas say: Every other chunk is free now. In the Heap view, free and used chunks alternate, and no two free ones touch, so none can be merged.
    // @atlas ask: 500 bytes are free, in holes of 112 bytes. Where will malloc(300) put its block?
    // @atlas choice: In the holes: malloc joins three of them
    // @atlas correct: After the last block, because no single hole is big enough
    // @atlas choice: Nowhere: malloc returns NULL
    // @atlas reveal: A block must be one run of bytes, and holes that do not touch cannot be joined. So the 300 bytes come from the top of the heap, and the holes stay empty:
    // @atlas reveal: that is external fragmentation. The Heap view's totals count the free bytes no request of this size can use.
    char *big = malloc(300);
    int in_hole = 0;
    for (int i = 0; i < 10; i++) {
        if (blocks[i] == NULL) continue;
        if (big < blocks[i]) in_hole = 1;
    }
    printf("the 300-byte block fits in a hole: %s\n", in_hole ? "yes" : "no");
    char *small = malloc(100); // @atlas say: A request that does fit takes a hole at once: here the hole freed last, straight from the tcache.
    printf("a 100-byte block fits in a hole: %s\n", small < big ? "yes" : "no");
    free(small);
    free(big);
    for (int i = 0; i < 10; i++) free(blocks[i]);
    return 0;
}
