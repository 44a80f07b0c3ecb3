/* bench_wit DIR [ITERATIONS]: parse+resolve time of libwit for every
 * package directory in DIR (each resolved with its siblings as its
 * dependencies, as tests/unit/test_wit_resolve.c does), timed with
 * CLOCK_MONOTONIC. One pass resolves all the packages from the files on
 * disk into fresh arenas, as a tool would; prints the mean and best pass. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wit/resolve.h"

#define MAX_ITERATIONS 100000
#define MAX_PACKAGES 256

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One pass: resolves every package; counts the files and types seen. */
static int one_pass(const char *dir, char paths[][1024], int n, unsigned *files, unsigned *types)
{
    const char *deps[] = {dir};
    wit_resolve_options opts = {.dep_dirs = deps, .dep_dir_count = 1, .all_features = true};
    *files = *types = 0;
    for (int i = 0; i < n; i++) {
        comp_arena a;
        comp_arena_init(&a);
        wit_resolve *r = NULL;
        wit_diag d = {0};
        if (!wit_resolve_path(paths[i], &opts, &a, &r, &d)) {
            fprintf(stderr, "bench_wit: %s:%u:%u: %s\n", d.path ? d.path : paths[i], d.line,
                    d.col, d.message);
            comp_arena_free(&a);
            return -1;
        }
        *files += r->file_count;
        *types += r->type_count;
        comp_arena_free(&a);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_wit DIR [ITERATIONS]\n");
        return 2;
    }
    long iterations = argc == 3 ? strtol(argv[2], NULL, 10) : 50;
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
        fprintf(stderr, "bench_wit: ITERATIONS must be 1..%d\n", MAX_ITERATIONS);
        return 2;
    }
    static char paths[MAX_PACKAGES][1024];
    int n = 0;
    DIR *dp = opendir(argv[1]);
    if (!dp) {
        perror(argv[1]);
        return 1;
    }
    struct dirent *e;
    while ((e = readdir(dp)) && n < MAX_PACKAGES) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(paths[n++], sizeof paths[0], "%s/%s", argv[1], e->d_name);
    }
    closedir(dp);
    if (n == 0) {
        fprintf(stderr, "bench_wit: no packages in %s\n", argv[1]);
        return 1;
    }
    unsigned files = 0, types = 0;
    double total = 0, best = 1e30;
    for (long i = 0; i < iterations; i++) {
        double t0 = now();
        if (one_pass(argv[1], paths, n, &files, &types) != 0)
            return 1;
        double t = now() - t0;
        total += t;
        if (t < best)
            best = t;
    }
    printf("wit parse+resolve  %s: %d packages (%u files read, %u types): "
           "mean %.3f ms  best %.3f ms per pass over %ld passes\n",
           argv[1], n, files, types, total / (double)iterations * 1e3, best * 1e3, iterations);
    return 0;
}
