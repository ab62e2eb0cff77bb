/*
 * Read-only memory: a string literal cannot be changed.
 *
 * "hello" is stored once, in the .rodata section, which the loader maps
 * read-only. A char array initialised from a literal is a copy on the stack,
 * and that copy can be changed. Writing through a pointer to the literal
 * itself makes the MMU refuse the write: the process gets SIGSEGV.
 *
 * @atlas title: Read-only memory: writing into a string literal
 * @atlas view: address-space, stack
 * @atlas expect-stdout: <nothing>
 * @atlas expect-exit: SIGSEGV
 * @atlas done: regions.readOnly when error segfault
 */
#include <stdio.h>

int main(void) {
    char copy[] = "hello";   // six bytes on the stack, copied from the literal
    const char *shared = "hello";
    // @atlas say: copy is an array in main's frame at {&copy}. shared points into .rodata at {shared}: look it up in the Address space view.
    copy[0] = 'J';
    // @atlas say: Changing the copy is fine: it is ordinary stack memory. copy now holds {copy}.
    char *sneaky = (char *)shared; // the cast hides the const, not the read-only page
    // @atlas ask: sneaky points at the literal. What happens when this line writes 'J' into it?
    // @atlas choice: The literal becomes "Jello" for the whole program
    // @atlas correct: The write is refused: the page is read-only, and the process gets SIGSEGV
    // @atlas choice: The compiler makes a private copy first
    // @atlas reveal: The page holding .rodata is mapped without write permission, so the MMU faults and the kernel sends SIGSEGV.
    // @atlas reveal: const in C is a promise the compiler checks; the read-only page is the machine enforcing it.
    sneaky[0] = 'J'; // @atlas expect-error: segfault
    printf("%s %s\n", copy, shared);
    return 0;
}
