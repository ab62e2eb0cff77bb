/* Native reference for the engine benchmark: a million malloc(64) with no frees, timed inside
 * the process (so process start-up is not counted), with the peak RSS. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

int main(void) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    void *last = NULL;
    for (int i = 0; i < 1000000; i++) last = malloc(64);
    clock_gettime(CLOCK_MONOTONIC, &b);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("{\"seconds\": %.6f, \"peakRssMB\": %.1f, \"last\": \"%p\"}\n",
           (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9, usage.ru_maxrss / 1024.0, last);
    return 0;
}
