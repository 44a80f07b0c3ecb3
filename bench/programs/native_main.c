/* Native driver for one benchmark program: `NAME.native N` calls run(N)
 * once, prints the checksum on stdout (compared with the wasm run's) and
 * the call's wall time on stderr. Linked with one program's object. */
#define _POSIX_C_SOURCE 199309L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

unsigned run(unsigned n);

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s N\n", argv[0]);
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long n = strtoul(argv[1], &end, 10);
    if (errno != 0 || *end != '\0' || end == argv[1] || n > 0xffffffffUL) {
        fprintf(stderr, "%s: N must be a 32-bit unsigned integer, got '%s'\n", argv[0], argv[1]);
        return 2;
    }
    double start = seconds_now();
    unsigned checksum = run((unsigned)n);
    double elapsed = seconds_now() - start;
    printf("%u\n", checksum);
    fprintf(stderr, "run(%lu) = %u in %.6f s\n", n, checksum, elapsed);
    return 0;
}
