/*
 * Stack frames: what a call puts on the stack, and what a return takes away.
 *
 * Each call pushes a frame: the return address (where to go back to), the
 * caller's saved rbp, then room for the callee's locals. A return pops it in
 * one move of the stack pointer. On x86-64 Linux the first six integer or
 * pointer arguments travel in registers (rdi, rsi, rdx, rcx, r8, r9) and the
 * result comes back in rax; gcc at -O0 then copies the arguments into the frame.
 *
 * @atlas title: Stack frames: calls, returns and the calling convention
 * @atlas view: stack
 * @atlas expect-stdout: area 12, perimeter 14
 * @atlas expect-stdout: factorial(5) = 120
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 * @atlas done: stackFrames.calls when end
 */
#include <stdio.h>

int area(int width, int height) {
    // @atlas say: A new frame for area, below main's. width came in rdi and height in rsi; gcc copied both into the frame: width at {&width}, height at {&height}.
    // @atlas say: In the Stack view, above the locals are the saved rbp and the return address, the place in main to go back to.
    int result = width * height;
    return result; // @atlas say: The result goes back in rax. Then the frame is popped: rsp moves up, and main goes on right after its call.
}

int perimeter(int width, int height) {
    return 2 * (width + height);
}

long factorial(long n) {
    // @atlas ask: factorial calls itself until n is 1, and n is 1 now. How many frames of factorial are on the stack?
    // @atlas ask-when: n == 1
    // @atlas accept: 5
    // @atlas accept: five
    // @atlas reveal: Five, one per call still waiting: n = 5, 4, 3, 2 and 1. Each has its own n at its own address. The Call Stack view lists them, innermost first.
    // @atlas expect-after: n == 1
    if (n <= 1) return 1;
    return n * factorial(n - 1);
}

int main(void) {
    int w = 3, h = 4;
    // @atlas say: main's frame holds w and h. Step into (F11) area to watch its frame appear; step over (F10) runs the whole call as one step.
    int a = area(w, h);
    int p = perimeter(w, h); // @atlas say: area's frame is gone. perimeter's frame will take the very same bytes of the stack.
    printf("area %d, perimeter %d\n", a, p);
    long f = factorial(5);
    printf("factorial(5) = %ld\n", f);
    return 0;
}
// @atlas at-exit: Every frame was popped in the reverse order of the calls: last in, first out. Nothing on the stack ever needed a free().
