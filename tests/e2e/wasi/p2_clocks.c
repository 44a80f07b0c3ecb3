/* Clocks: the monotonic clock never goes back, nanosleep and poll_oneoff
 * (through the adapter: monotonic-clock subscribe-duration and poll) wait
 * at least as long as asked, the wall clock is past 2020 and agrees with
 * time(), resolutions are positive. Prints one line per check. */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static int64_t ns(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec; }

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
}

int main(void)
{
    struct timespec a, b, res;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int monotonic = 1;
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        monotonic &= ns(&b) >= ns(&a);
        a = b;
    }
    check("monotonic clock never goes back", monotonic);

    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec d = {0, 30 * 1000000};
    nanosleep(&d, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    check("nanosleep 30 ms waits at least 30 ms", ns(&b) - ns(&a) >= 30 * 1000000);

    clock_gettime(CLOCK_MONOTONIC, &a);
    poll(NULL, 0, 20);
    clock_gettime(CLOCK_MONOTONIC, &b);
    check("poll timeout 20 ms waits at least 20 ms", ns(&b) - ns(&a) >= 20 * 1000000);

    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    check("wall clock after 2020", wall.tv_sec > 1577836800);
    time_t t = time(NULL);
    check("time() agrees with the wall clock", t - wall.tv_sec >= 0 && t - wall.tv_sec < 5);
    check("wall clock nanoseconds below one second", wall.tv_nsec >= 0 && wall.tv_nsec < 1000000000);

    check("monotonic resolution positive", clock_getres(CLOCK_MONOTONIC, &res) == 0 && ns(&res) > 0);
    check("realtime resolution positive", clock_getres(CLOCK_REALTIME, &res) == 0 && ns(&res) > 0);
    return 0;
}
