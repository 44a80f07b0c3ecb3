/* Clocks, sleeping and randomness: prints checks, never the values. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0)
        return -1;
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
    struct timespec res;
    printf("monotonic res > 0: %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 &&
                                          (res.tv_sec > 0 || res.tv_nsec > 0));
    printf("realtime res > 0: %d\n", clock_getres(CLOCK_REALTIME, &res) == 0 &&
                                         (res.tv_sec > 0 || res.tv_nsec > 0));
    long long m0 = ns(CLOCK_MONOTONIC);
    printf("realtime after 2020: %d\n", ns(CLOCK_REALTIME) > 1577836800LL * 1000000000LL);
    struct timespec nap = {0, 20 * 1000 * 1000};
    printf("nanosleep: %d\n", nanosleep(&nap, NULL));
    long long m1 = ns(CLOCK_MONOTONIC);
    printf("monotonic advanced 20ms: %d\n", m1 - m0 >= 20 * 1000 * 1000);
    printf("process cputime: %s\n", ns(CLOCK_PROCESS_CPUTIME_ID) >= 0 ? "available" : "unsupported");
    unsigned char a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    int ok = getentropy(a, sizeof a) == 0 && getentropy(b, sizeof b) == 0;
    printf("getentropy: %d, differs: %d\n", ok, memcmp(a, b, sizeof a) != 0);
    static unsigned char big[100000];
    printf("large getentropy chunks: %d\n", getentropy(big, 256) == 0);
    return 0;
}
