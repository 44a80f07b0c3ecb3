/* wasi:cli, wasi:clocks and wasi:random@0.2 through the preview1 adapter,
 * success and error paths, with output that is the same on every run:
 * arguments, environment, stdin copied to stdout in upper case, a line on
 * stderr, clocks (resolutions, monotonic time across relative and absolute
 * sleeps, the wall clock), randomness, and the errors of unknown clocks
 * and empty polls. The last argument picks the exit: a number N exits
 * with N (exit(ok), exit(err) or exit-with-code), "-" returns from main
 * with the failure count. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

extern char **environ;
static int failures;

static void ok(const char *what, int good)
{
    printf("%s: %s\n", what, good ? "ok" : "FAILED");
    if (!good)
        failures++;
}

static long long now_ns(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0)
        return -1;
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    /* get-arguments, get-environment */
    for (int i = 1; i < argc; i++)
        printf("arg %d: %s\n", i, argv[i]);
    for (char **e = environ; *e; e++)
        printf("env %s\n", *e);

    /* get-stdin, get-stdout, get-stderr (blocking-read, blocking-write-and-flush) */
    char buf[256];
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            buf[i] = (char)toupper((unsigned char)buf[i]);
        fwrite(buf, 1, (size_t)n, stdout);
    }
    ok("stdin read to its end", n == 0);
    fflush(stdout);
    fprintf(stderr, "to stderr\n");
    errno = 0;
    ok("read from stdout is refused", read(1, buf, 1) < 0 && errno == EBADF);

    /* monotonic-clock: resolution, now, subscribe-duration, subscribe-instant */
    struct timespec res;
    ok("monotonic resolution",
       clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0));
    long long m0 = now_ns(CLOCK_MONOTONIC);
    struct timespec nap = {0, 30 * 1000 * 1000};
    ok("relative sleep (subscribe-duration)", nanosleep(&nap, NULL) == 0);
    long long m1 = now_ns(CLOCK_MONOTONIC);
    ok("monotonic advanced 30 ms", m0 >= 0 && m1 - m0 >= 30 * 1000 * 1000);
    struct timespec until = {(time_t)((m1 + 20000000) / 1000000000),
                             (long)((m1 + 20000000) % 1000000000)};
    ok("absolute sleep (subscribe-instant)",
       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == 0);
    ok("monotonic passed the instant", now_ns(CLOCK_MONOTONIC) >= m1 + 20000000);
    struct timespec past = {0, 1};
    ok("an instant in the past does not wait",
       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL) == 0);

    /* wall-clock: resolution, now */
    ok("wall-clock resolution",
       clock_getres(CLOCK_REALTIME, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0));
    ok("wall-clock after 2020", now_ns(CLOCK_REALTIME) > 1577836800LL * 1000000000LL);

    /* unknown clocks and empty polls */
    __wasi_timestamp_t t;
    ok("clock_time_get of clock 99 is invalid",
       __wasi_clock_time_get(99, 1, &t) == __WASI_ERRNO_INVAL);
    ok("clock_res_get of clock 99 is invalid", __wasi_clock_res_get(99, &t) == __WASI_ERRNO_INVAL);
    __wasi_subscription_t sub;
    __wasi_event_t ev;
    __wasi_size_t nev;
    ok("poll_oneoff of nothing is invalid",
       __wasi_poll_oneoff(&sub, &ev, 0, &nev) == __WASI_ERRNO_INVAL);

    /* random: get-random-bytes, small and over a page */
    unsigned char a[32] = {0}, b[32] = {0};
    ok("random bytes",
       getentropy(a, sizeof a) == 0 && getentropy(b, sizeof b) == 0 && memcmp(a, b, sizeof a) != 0);
    static unsigned char big[70000];
    ok("random_get of 70000 bytes", __wasi_random_get(big, sizeof big) == 0 &&
                                        memcmp(big + 69000, (unsigned char[32]){0}, 32) != 0);

    fflush(stdout);
    const char *last = argc > 1 ? argv[argc - 1] : "-";
    if (strcmp(last, "-") != 0)
        exit(atoi(last)); /* exit(ok) for 0, exit(err) for 1, exit-with-code beyond */
    return failures;
}
