/* Times a benchmark program's main natively, without process start-up: the program is compiled
 * with -Dmain=bench_main and linked with this file. Prints one JSON line on stderr (its stdout is
 * the program's own), with the peak RSS of the whole process. */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

int bench_main(void);

int main(void) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int status = bench_main();
    fflush(stdout);
    clock_gettime(CLOCK_MONOTONIC, &b);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    fprintf(stderr, "{\"seconds\": %.6f, \"peakRssMB\": %.1f, \"status\": %d}\n",
            (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9, usage.ru_maxrss / 1024.0, status);
    return status;
}
