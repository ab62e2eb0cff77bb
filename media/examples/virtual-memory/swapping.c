/*
 * Out of RAM: pages go to swap, and coming back costs a major fault.
 *
 * This machine is given only 4 MiB of RAM (the annotation below), and the
 * program uses 8 MiB. The kernel cannot keep every page in RAM, so it writes
 * the least recently used ones out to swap. Touching such a page again is a
 * major fault: the page has to be read back from the disk, which on a real
 * machine is thousands of times slower than a minor fault.
 *
 * @atlas title: Swapping: 8 MiB of data in 4 MiB of RAM
 * @atlas view: counters, pages
 * @atlas ram: 4 MiB
 * @atlas swap: 64 MiB
 * @atlas expect-stdout: first pass: 2048 pages written
 * @atlas expect-stdout: second pass: sum 2048
 * @atlas expect-faults: minor >= 2048, major >= 1024
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 * @atlas done: virtualMemory.swap when end
 */
#include <stdio.h>
#include <stdlib.h>

#define SIZE (8 * 1024 * 1024)
#define PAGE 4096

int main(void) {
    char *data = malloc(SIZE);
    int written = 0;
    for (int offset = 0; offset < SIZE; offset += PAGE) {
        data[offset] = 1; // @atlas say: First pass: each page is new, so each write is a minor fault. After about 4 MiB the RAM is full, and every new page pushes an old one out to swap.
        written++;
    }
    printf("first pass: %d pages written\n", written);
    // @atlas say: RSS cannot go past the 4 MiB of RAM. In the Counters view, RSS has flattened while VSZ stays at 8 MiB more, and the Pages view shows part of the mapping in swap.
    // @atlas ask: The second pass reads every page again, from the start. What happens when it reads the first pages?
    // @atlas choice: Nothing special: they are still in RAM
    // @atlas correct: Major faults: those pages were moved to swap and must be read back
    // @atlas choice: The program crashes: it uses more memory than the machine has
    // @atlas reveal: The first pages were the oldest, so they were the first to go to swap. Reading one is a major fault, and bringing it back pushes another page out:
    // @atlas reveal: a pass over more data than fits in RAM faults on almost every page. This is why a machine that swaps feels slow.
    long sum = 0;
    for (int offset = 0; offset < SIZE; offset += PAGE) sum += data[offset];
    printf("second pass: sum %ld\n", sum);
    free(data);
    return 0;
}
// @atlas at-exit: Look at the fault counts in the report: over 2,048 minor faults (first touches) and over a thousand major ones (pages read back from swap).
