/*
 * Two ways to get memory from the kernel: brk for small blocks, mmap for big ones.
 *
 * glibc's malloc serves small requests from the heap, which it grows by moving
 * the program break (brk). A request of 128 KiB or more gets a mapping of its
 * own (mmap), far from the heap, that free() gives straight back to the kernel.
 *
 * @atlas title: brk or mmap: where big blocks come from
 * @atlas view: address-space, counters
 * @atlas expect-stdout: small block near the globals: yes
 * @atlas expect-stdout: big block far from them: yes
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 * @atlas done: virtualMemory.mmap when end
 */
#include <stdio.h>
#include <stdlib.h>

int marker; // a global: it sits in bss, just below where the heap starts

int main(void) {
    char *small = malloc(100 * 1024); // @atlas say: 100 KiB is under glibc's 128 KiB threshold: malloc moves the program break up (brk) and carves the block from the heap.
    // @atlas ask: This asks for 200 KiB. Where will the block be?
    // @atlas choice: Right after the 100 KiB block, in the heap
    // @atlas correct: In a mapping of its own, far below the stack, among the shared libraries
    // @atlas choice: On the stack
    // @atlas reveal: Over the threshold, malloc calls mmap: the Address space view shows a new anonymous mapping of 204 KiB (200 KiB and a page of header, rounded to pages), away from [heap].
    // @atlas expect-growth-after: vsz >= 200 KiB
    char *big = malloc(200 * 1024);
    printf("small block near the globals: %s\n", small - (char *)&marker < (1L << 30) ? "yes" : "no");
    printf("big block far from them: %s\n", big - (char *)&marker > (1L << 30) ? "yes" : "no");
    free(big); // @atlas say: A mapped chunk goes straight back to the kernel with munmap: VSZ drops by its size at once.
    free(small); // @atlas say: A heap chunk goes back to malloc, which may keep the memory for later.
    return 0;
}
