/* bench_decode FILE [ITERATIONS]: decode, decode+validate and encode
 * throughput of libcomp on one core module or component, in MB/s
 * (10^6 bytes per second of input), timed with CLOCK_MONOTONIC. Each
 * iteration decodes into a fresh arena, as a tool would. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "comp/component.h"
#include "comp/module.h"
#include "comp/wasm.h"

#define MAX_INPUT_BYTES ((size_t)1 << 30)
#define MAX_ITERATIONS 100000

typedef enum { PHASE_DECODE, PHASE_VALIDATE, PHASE_ENCODE } phase;

static const char *phase_name[] = {"decode", "decode+validate", "decode+encode"};

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *data = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        if (size >= 0 && (size_t)size <= MAX_INPUT_BYTES && fseek(f, 0, SEEK_SET) == 0) {
            data = malloc(size ? (size_t)size : 1);
            if (data && fread(data, 1, (size_t)size, f) != (size_t)size) {
                free(data);
                data = NULL;
            }
            *len = (size_t)size;
        }
    }
    fclose(f);
    return data;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One iteration of `p`; false with `err` set when the input is rejected. */
static bool run_once(phase p, const uint8_t *data, size_t len, comp_error *err)
{
    comp_arena arena;
    comp_arena_init(&arena);
    comp_buf out = {0};
    bool ok;
    if (comp_wasm_detect(data, len) == COMP_WASM_COMPONENT) {
        comp_component *c = NULL;
        ok = comp_component_decode(data, len, &arena, &c, err);
        if (ok && p == PHASE_VALIDATE)
            ok = comp_component_validate(c, COMP_FEATURES_DEFAULT, err);
        if (ok && p == PHASE_ENCODE)
            ok = comp_component_encode(c, &out, err);
    } else {
        comp_module *m = NULL;
        ok = comp_module_decode(data, len, &arena, &m, err);
        if (ok && p == PHASE_VALIDATE)
            ok = comp_module_validate(m, COMP_FEATURES_DEFAULT, err);
        if (ok && p == PHASE_ENCODE)
            ok = comp_module_encode(m, &out, err);
    }
    comp_buf_free(&out);
    comp_arena_free(&arena);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_decode FILE [ITERATIONS]\n");
        return 2;
    }
    const char *path = argv[1];
    long iterations = argc == 3 ? strtol(argv[2], NULL, 10) : 20;
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
        fprintf(stderr, "bench_decode: ITERATIONS must be 1..%d\n", MAX_ITERATIONS);
        return 2;
    }
    size_t len = 0;
    uint8_t *data = read_file(path, &len);
    if (!data) {
        fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(errno));
        return 2;
    }
    printf("%s: %zu bytes, %ld iterations\n", path, len, iterations);
    int status = 0;
    for (phase p = PHASE_DECODE; p <= PHASE_ENCODE; p++) {
        comp_error err = {0};
        if (!run_once(p, data, len, &err)) { /* warm-up, and a check */
            fprintf(stderr, "%s:%zu: error: %s\n", path, err.offset, err.message);
            status = 1;
            break;
        }
        double best = 1e30, total = 0;
        for (long i = 0; i < iterations; i++) {
            double t0 = now_seconds();
            run_once(p, data, len, &err);
            double t = now_seconds() - t0;
            total += t;
            if (t < best)
                best = t;
        }
        double mean = total / (double)iterations;
        printf("%-16s mean %9.3f ms  best %9.3f ms  %8.1f MB/s (mean)  %8.1f MB/s (best)\n",
               phase_name[p], mean * 1e3, best * 1e3, (double)len / mean / 1e6,
               (double)len / best / 1e6);
    }
    free(data);
    return status;
}
