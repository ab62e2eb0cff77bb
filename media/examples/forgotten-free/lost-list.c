/*
 * One lost pointer, many lost blocks: a linked list whose head is dropped.
 *
 * Each node is its own malloc'd block, and each node holds the address of the
 * next. Only the first node is pointed to by a variable. Lose that variable
 * and the whole chain goes with it.
 *
 * @atlas title: Lost list: definitely and indirectly lost
 * @atlas view: pointers, report
 * @atlas expect-stdout: sum 10
 * @atlas expect-leaks: definitely 16 bytes in 1 block, indirectly 48 bytes in 3 blocks
 * @atlas expect-exit: 0
 * @atlas done: forgottenFree.list when end
 */
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

struct node *push(struct node *head, int value) {
    struct node *n = malloc(sizeof *n); // @atlas say: Every node is a 16-byte block: 4 bytes of value, 4 of padding, 8 for the next pointer.
    n->value = value;
    n->next = head;
    return n;
}

int main(void) {
    struct node *list = NULL;
    for (int v = 1; v <= 4; v++) list = push(list, v);
    // @atlas say: The list holds 4, 3, 2, 1. In the Pointers view, list points at the newest node, and each node points at the next one.
    int sum = 0;
    for (struct node *p = list; p; p = p->next) sum += p->value;
    printf("sum %d\n", sum);
    // @atlas ask: This line overwrites list without freeing anything. How many of the four blocks can the program still reach?
    // @atlas accept: 0
    // @atlas accept: none
    // @atlas accept: zero
    // @atlas reveal: None. Only the first node was lost directly: Valgrind calls it "definitely lost". The other three are still pointed to, but only by lost blocks,
    // @atlas reveal: so they are "indirectly lost". Free the first one and the others become definitely lost; free all four (walk the list first) and nothing is lost.
    // @atlas expect-leaks-after: definitely 16 bytes in 1 block, indirectly 48 bytes in 3 blocks
    list = NULL;
    return 0;
}
// @atlas at-exit: The report names two losses: 16 bytes definitely lost (with 48 more that only it points to) and 48 bytes indirectly lost, all allocated in push.
