/*
 * Demand paging: address space is promised at once, memory is given page by page.
 *
 * A request this big (8 MiB, far over glibc's 128 KiB threshold) does not come
 * from the heap: malloc asks the kernel for a fresh mapping with mmap. That adds
 * 8 MiB to the process's virtual size (VSZ) at once, but not one byte of RAM.
 * RAM comes one 4 KiB page at a time, the first time each page is touched:
 * a minor page fault, handled by the kernel without the program noticing.
 *
 * @atlas title: Demand paging: VSZ jumps, RSS follows page by page
 * @atlas view: pages, counters
 * @atlas expect-stdout: touched 2048 pages
 * @atlas expect-faults: minor >= 2048, major 0
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 * @atlas done: virtualMemory.paging when end
 */
#include <stdio.h>
#include <stdlib.h>

#define SIZE (8 * 1024 * 1024)
#define PAGE 4096

int main(void) {
    // @atlas say: The panel shows the Pages and the Counters. Note VSZ and RSS before the big request.
    // @atlas ask: malloc(8 MiB) is next. How much will RSS, the memory actually in RAM, grow by on this line?
    // @atlas choice: 8 MiB
    // @atlas correct: Almost nothing: the pages are not touched yet
    // @atlas choice: 4 KiB for every page, so 8 MiB
    // @atlas reveal: VSZ grew by 8 MiB at once: a new mapping sits in the mmap area, below the libraries. RSS barely moved: only the page holding malloc's 16-byte header was touched.
    // @atlas reveal: The kernel has promised the addresses; it gives RAM only when they are used.
    // @atlas expect-growth-after: vsz >= 8 MiB, rss < 64 KiB
    char *big = malloc(SIZE);
    int pages = 0;
    for (int offset = 0; offset < SIZE; offset += PAGE) {
        big[offset] = 1; // @atlas say: Each write to a new page is a minor fault: the kernel finds a free page of RAM, zero-fills it and maps it. Watch the fault counter climb, one per page.
        pages++;
    }
    // @atlas say: Now every page has been touched: RSS has caught up with VSZ for this mapping. {pages} pages, {pages} minor faults.
    // @atlas expect-growth-after: vsz >= 8 MiB, rss >= 8 MiB
    printf("touched %d pages\n", pages);
    free(big); // @atlas say: free() on an mmapped chunk gives it straight back with munmap: VSZ and RSS drop by 8 MiB at once.
    return 0;
}
// @atlas at-exit: Over the run, VSZ and RSS both grew by 8 MiB, and the report counts over 2,048 minor faults, one for each page touched. No major fault: the disk was never involved.
