/* Holes in the heap: free every other block, then ask for bigger ones that fit no hole.
 * Compare how allocators cope:  memory-atlas compare allocator-holes.c --allocators glibc,first-fit,buddy
 * Run it under one of them:     memory-atlas run allocator-holes.c --allocator buddy (or the line below)
 * @atlas allocator: first-fit
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMALL 64
#define BIG 16

int main(void) {
    char *small[SMALL];
    for (int i = 0; i < SMALL; i++) {
        small[i] = malloc(100);
        memset(small[i], 'a' + i % 26, 100);
    }
    for (int i = 0; i < SMALL; i += 2) {
        free(small[i]);
        small[i] = NULL;
    }
    char *big[BIG];
    for (int i = 0; i < BIG; i++) big[i] = malloc(300);
    long sum = 0;
    for (int i = 1; i < SMALL; i += 2) sum += small[i][50];
    printf("%d small blocks kept, checksum %ld\n", SMALL / 2, sum);
    for (int i = 0; i < BIG; i++) free(big[i]);
    for (int i = 1; i < SMALL; i += 2) free(small[i]);
    return 0;
}
/* What this example promises (checked by `memory-atlas check` and the tests):
 * @atlas title: Holes in the heap: one program under several allocators
 * @atlas view: heap
 * @atlas expect-stdout: 32 small blocks kept, checksum 3478
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 */
