/*
 * Where things live: every kind of variable a C program has, and the part of the process
 * it ends up in. Open the Memory Atlas panel (code lens above main, or the editor title button)
 * and hover any global to see its address, size and section.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct student {            /* 4 + 4 padding + 8 + 16 = 32 bytes: see the padding rule */
    int id;
    double grade;
    char initials[16];
};

int course_size = 30;                 /* initialized global: .data */
int enrolled;                         /* zero global: .bss, takes no room in the file */
static int next_id = 1000;            /* file-static: .data, invisible to other files */
const double pass_mark = 50.0;        /* const: .rodata, writing it is a segfault */
const char *course_name = "Systems";  /* the pointer is in .data, the text in .rodata */
char motto[] = "memory is bytes";     /* the array itself is in .data (16 bytes) */
struct student roster[4];             /* 4 x 32 = 128 bytes of .bss */
struct student *top_student = &roster[0];

int register_student(double grade) {
    static int calls;                 /* a static local: lives in .bss, not on the stack */
    calls++;
    struct student *s = &roster[enrolled % 4];
    s->id = next_id++;
    s->grade = grade;
    strcpy(s->initials, "AB");
    enrolled++;
    return calls;
}

int main(void) {
    char *note = malloc(32);          /* the pointer is on the stack, the block on the heap */
    snprintf(note, 32, "%s: %d", course_name, course_size);
    register_student(71.5);
    printf("%s, %d enrolled, pass mark %.0f\n", note, enrolled, pass_mark);
    free(note);
    return 0;
}
/* What this example promises (checked by `memory-atlas check` and the tests):
 * @atlas title: Where things live: every kind of variable and its section
 * @atlas view: address-space
 * @atlas expect-stdout: Systems: 30, 1 enrolled, pass mark 50
 * @atlas expect-leaks: none
 * @atlas expect-exit: 0
 */
