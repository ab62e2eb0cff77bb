/* A 10,000-node linked list as a student writes it: built by pushing at the head, walked to sum
 * its values, then freed node by node (nothing leaks). The leak tracker's worst-looking case for
 * a re-marking design: every push drops a root pointer to a node that is still reachable. */
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

int main(void) {
    struct node *head = NULL;
    for (int i = 0; i < 10000; i++) {
        struct node *n = malloc(sizeof *n);
        n->value = i;
        n->next = head;
        head = n;
    }
    long sum = 0;
    for (struct node *p = head; p != NULL; p = p->next) sum += p->value;
    while (head != NULL) {
        struct node *next = head->next;
        free(head);
        head = next;
    }
    printf("%ld\n", sum);
    return 0;
}
