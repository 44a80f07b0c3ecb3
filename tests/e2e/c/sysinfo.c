/* Arguments, environment, clocks and randomness: the args_*, environ_*,
 * clock_* and random_get imports of wasi_snapshot_preview1. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void print_args(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = %s\n", i, argv[i]);
}

static int count_env(void)
{
    int n = 0;
    for (char **e = environ; *e; e++)
        n++;
    return n;
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    print_args(argc, argv);
    const char *home = getenv("HOME");
    printf("HOME=%s, %d variables\n", home ? home : "(unset)", count_env());

    struct timespec t0, t1, wall;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_REALTIME, &wall);
    printf("wall clock: %lld\n", (long long)wall.tv_sec);
    printf("time(): %lld\n", (long long)time(NULL));

    uint8_t bytes[16];
    if (getentropy(bytes, sizeof bytes) != 0) {
        perror("getentropy");
        return 1;
    }
    printf("random:");
    for (size_t i = 0; i < sizeof bytes; i++)
        printf(" %02x", bytes[i]);
    printf("\narc4random: %u\n", (unsigned)arc4random());

    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("elapsed: %.9f s\n", seconds_between(&t0, &t1));
    return 0;
}
