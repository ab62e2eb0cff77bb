/*
 * The five regions: where each kind of thing in a C program lives.
 *
 * text   - the compiled instructions (functions)
 * data   - globals and statics that start with a value
 * bss    - globals and statics that start at zero
 * heap   - blocks malloc hands out while the program runs
 * stack  - the frames of the calls in progress: locals, arguments, return addresses
 *
 * The program prints only comparisons, so its output is the same on every run
 * even though the real addresses change from run to run on a Linux machine.
 *
 * @atlas title: The five regions: text, data, bss, heap, stack
 * @atlas view: address-space, pointers
 * @atlas expect-stdout: code below globals: yes
 * @atlas expect-stdout: data below bss: yes
 * @atlas expect-stdout: globals below heap: yes
 * @atlas expect-stdout: heap below stack: yes
 * @atlas expect-stdout: literal below globals: yes
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 * @atlas done: regions.toured when end
 */
#include <stdio.h>
#include <stdlib.h>

int counter = 42;      // starts with a value: .data
int table[256];        // starts at zero: .bss (it takes no room in the executable file)
const char *motto = "hello"; // the pointer is data; the characters are a read-only literal

int main(void) {
    // @atlas say: Before main ran, the loader mapped the program's file into memory: its code (text), its literals (rodata), and data + bss.
    // @atlas say: counter lives in .data at {&counter}, table in .bss at {&table}. Hover over them in the editor to see their sections.
    int local = 7;
    // @atlas say: local is on the stack, in main's frame, at {&local}: far above the globals, near the top of the address space.
    int *block = malloc(sizeof *block);
    *block = local;
    // @atlas ask: malloc just returned block. Where does its address sit?
    // @atlas choice: Next to local, on the stack
    // @atlas correct: Just above the program's globals, in the heap
    // @atlas choice: Inside the program's code
    // @atlas reveal: block = {block}. The heap starts right after bss and grows upward with brk; the stack starts near the top and grows down. The Address space view marks both.
    printf("code below globals: %s\n", (void *)main < (void *)&counter ? "yes" : "no");
    printf("data below bss: %s\n", (void *)&counter < (void *)table ? "yes" : "no");
    printf("globals below heap: %s\n", (void *)table < (void *)block ? "yes" : "no");
    printf("heap below stack: %s\n", (void *)block < (void *)&local ? "yes" : "no");
    printf("literal below globals: %s\n", (void *)motto < (void *)&counter ? "yes" : "no"); // @atlas say: The literal "hello" sits in .rodata, between the code and the globals. Writing into it would crash the program.
    free(block);
    return 0;
}
// @atlas at-exit: From low addresses to high: code, read-only literals, data, bss, the heap (growing up), a big gap with the shared libraries, then the stack (growing down).
