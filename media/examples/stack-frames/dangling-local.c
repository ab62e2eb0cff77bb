/*
 * Returning a pointer to a local: the frame is gone, the pointer is not.
 *
 * make_counter() returns the address of its local variable. The moment it
 * returns, its frame is popped and those bytes belong to whichever call comes
 * next. Reading through the pointer afterwards is "stack use after return":
 * AddressSanitizer stops the program there, and so does Memory Atlas.
 *
 * @atlas title: Dangling local: a pointer into a frame that returned
 * @atlas view: stack, pointers
 * @atlas expect-stdout: <nothing>
 * @atlas expect-exit: 1
 * @atlas done: stackFrames.dangling when error stack-use-after-return
 */
#include <stdio.h>

int *make_counter(void) {
    int count = 42;
    int *p = &count;
    return p; // @atlas say: p holds the address of count, a local in make_counter's frame: {p}
}

void other_call(void) {
    int scratch[4] = {7, 7, 7, 7}; // @atlas say: other_call's frame is made in the same bytes make_counter's frame used. scratch may land right where count was.
    (void)scratch;
}

int main(void) {
    int *counter = make_counter();
    // @atlas say: make_counter has returned. counter still holds {counter}, but that address is below rsp now: the Stack view draws the old frame faded.
    other_call();
    // @atlas ask: What happens when main reads *counter here?
    // @atlas choice: It prints 42: the value is still there
    // @atlas choice: It prints 7: other_call wrote over it
    // @atlas correct: The read is an error: counter points into a frame that has returned
    // @atlas reveal: Memory Atlas stops the program before the read, as AddressSanitizer would: "stack-use-after-return". Natively the program might print 42, 7 or anything else;
    // @atlas reveal: that it sometimes "works" is what makes this bug hard to find. Return a heap block (malloc) instead, or let the caller pass in the place to write.
    // @atlas reveal: (The run ends with status 1 before the printf, as a sanitizer build ends.)
    int value = *counter; // @atlas expect-error: stack-use-after-return
    printf("after: %d\n", value);
    return 0;
}
