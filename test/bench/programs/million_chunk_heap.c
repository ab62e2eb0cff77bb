/* A heap of a million small chunks, all still held, then a few plain statements to step through:
 * what a stop costs (the snapshot the editor draws) when the heap is large. */
#include <stdlib.h>

int main(void) {
    char **blocks = malloc(1000000 * sizeof *blocks);
    for (int i = 0; i < 1000000; i++) blocks[i] = malloc(16);
    int steps = 0; /* stepping starts here */
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    steps = steps + 1;
    blocks[0][0] = (char)steps;
    return 0;
}
