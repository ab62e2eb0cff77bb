/*
 * Stack overflow: recursion that never stops.
 *
 * Every call takes a frame, and the stack has room for 8 MiB of them (the
 * default limit on Linux). A recursion without a base case keeps calling until
 * the next frame would land on the guard page below the stack: the process
 * gets SIGSEGV.
 *
 * @atlas title: Stack overflow: recursion without a base case
 * @atlas view: stack, counters
 * @atlas step-limit: 2,000,000
 * @atlas expect-stdout: <nothing>
 * @atlas expect-exit: SIGSEGV
 * @atlas done: memoryBugs.stackOverflow when error stack-overflow
 */
#include <stdio.h>

long countdown(long n) { // @atlas expect-error: stack-overflow
    char scratch[64];                 // 64 bytes in every frame, on top of the saved registers
    scratch[n % 64] = (char)n;
    // @atlas say: Each call of countdown pushes a frame of 96 bytes: the 64-byte array, n, the saved rbp and the return address, rounded to 16. The Stack view lists them; the Counters view shows rsp going down.
    // @atlas ask: This call has no base case: n is never checked. About how many frames fit in the 8 MiB stack before it overflows?
    // @atlas choice: About 100
    // @atlas choice: About 1,000
    // @atlas correct: About 87,000
    // @atlas choice: There is no limit: the stack grows as needed
    // @atlas reveal: 8 MiB divided by 96 bytes a frame is about 87,000 frames. The run stopped at the call whose frame would cross the guard page: n is {n}, and the Call Stack view lists them all.
    return countdown(n + 1) + scratch[0];
}

int main(void) {
    printf("%ld\n", countdown(0));
    return 0;
}
