/* wasi-run --wast: runs spec scripts and prints a failure line per failed
 * check, `FILE: N passed, N failed` per file and the total. */
#include "wasi_run.h"
#include "comp/file.h"

#include <stdio.h>
#include <stdlib.h>

#include "comp/diag.h"
#include "comp/module.h"
#include "rt/wast_run.h"

/* What the callbacks need: the file being run. */
typedef struct script_ctx {
    const char *path;
    bool verbose;
} script_ctx;

static void on_failure(void *user, uint32_t line, const char *message)
{
    const script_ctx *c = user;
    printf("%s:%u: FAIL: %s\n", c->path, line, message);
}

static void on_skip(void *user, uint32_t line, const char *message)
{
    const script_ctx *c = user;
    printf("SKIP %s:%u: %s\n", c->path, line, message);
}

static void on_print(void *user, const char *text)
{
    const script_ctx *c = user;
    if (c->verbose)
        printf("%s\n", text);
}

static void print_counts(const char *prefix, const rt_wast_counts *n)
{
    printf("%s%u passed, %u failed", prefix, n->passed, n->failed);
    if (n->skipped)
        printf(", %u skipped", n->skipped);
    printf("\n");
}

/* Runs one script, adding to `total`. */
static void run_file(const run_options *o, const char *path, rt_wast_counts *total)
{
    rt_wast_counts n = {0};
    uint8_t *text = NULL;
    size_t len = 0;
    comp_error rerr;
    if (!comp_read_file(path, &text, &len, &rerr)) {
        fprintf(stderr, "wasi-run: %s: %s\n", path, rerr.message);
        n.failed = 1;
    } else {
        script_ctx ctx = {path, o->verbose};
        rt_wast_options opts = {
            .features = COMP_FEATURES_WASM2 | (o->exceptions ? COMP_FEATURE_EXCEPTIONS : 0),
            .component_features = COMP_FEATURES_DEFAULT,
            .fuel = o->fuel,
            .on_failure = on_failure,
            .on_skip = on_skip,
            .on_print = on_print,
            .user = &ctx,
        };
        comp_error err = {0};
        if (!rt_wast_run((const char *)text, len, &opts, &n, &err)) {
            /* The script does not read (or memory ran out): one failure. */
            comp_buf b = {0};
            comp_diag_render(&b, path, err.line ? (const char *)text : NULL, len, &err);
            fflush(stdout);
            if (b.data && !b.oom)
                fwrite(b.data, 1, b.len, stderr);
            else
                fprintf(stderr, "%s: error: %s\n", path, err.message);
            comp_buf_free(&b);
            n.failed++;
        }
    }
    free(text);
    char prefix[4200];
    snprintf(prefix, sizeof prefix, "%s: ", path);
    print_counts(prefix, &n);
    fflush(stdout);
    total->passed += n.passed;
    total->failed += n.failed;
    total->skipped += n.skipped;
}

int wast_main(const run_options *o, char **files, int count)
{
    rt_wast_counts total = {0};
    for (int i = 0; i < count; i++)
        run_file(o, files[i], &total);
    print_counts("", &total);
    return total.failed ? EXIT_FAILED : EXIT_OK;
}
