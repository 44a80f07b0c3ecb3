/* wit-inspect --wit: WIT source (a package directory or a .wit file) is
 * resolved with libwit and printed as WIT (the main package, then its
 * dependencies as nested `package ... { }` blocks, like `wasm-tools
 * component wit DIR`), as the JSON dump of the model (--json), or encoded as
 * a component (--wasm, the `wasm-tools component wit --wasm` form). A
 * component binary is decoded into the world it targets (or the package it
 * encodes) and printed the way `jco wit` prints it. */
#include "inspect.h"
#include "comp/arena.h"
#include "comp/file.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wit/decode.h"
#include "wit/diag.h"
#include "wit/encode.h"
#include "wit/json.h"
#include "wit/print.h"
#include "wit/resolve.h"

bool wit_source_input(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return false;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return true;
    size_t n = strlen(path);
    return n >= 4 && strcmp(path + n - 4, ".wit") == 0;
}

void wit_report_diag(const wit_diag *d, const char *fallback_path)
{
    const char *path = d->path ? d->path : fallback_path;
    uint8_t *src = NULL;
    size_t len = 0;
    comp_error rerr;
    bool have_src = comp_read_file(path, &src, &len, &rerr);
    wit_diag shown = *d;
    shown.path = path;
    comp_buf b = {0};
    wit_diag_render(&shown, have_src ? (const char *)src : NULL, have_src ? len : 0, &b);
    fwrite(b.data, 1, b.len, stderr);
    comp_buf_free(&b);
    free(src);
}

/* Writes `bytes` to the output file (or standard output). */
static int write_result(const comp_buf *bytes, const char *output_path)
{
    comp_error err;
    if (!comp_write_file(output_path ? output_path : "-", bytes->data, bytes->len, &err)) {
        fprintf(stderr, "wit-inspect: %s: %s\n", output_path ? output_path : "standard output",
                err.message);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* Renders the model `r` as the options ask (`only_main`: the main package
 * alone, as `jco wit` prints a component) and writes it out. */
static int emit(const char *name, const wit_resolve *r, bool only_main, const wit_cli *o)
{
    comp_buf result = {0};
    char why[512] = "";
    bool ok;
    if (o->wasm) {
        comp_error err = {0};
        ok = wit_encode_package(r, r->main_package, &result, &err);
        if (!ok && !result.oom)
            snprintf(why, sizeof why, "cannot encode: %s", err.message);
    } else if (o->json) {
        ok = wit_json_write(r, &result);
    } else if (only_main) {
        ok = wit_print_package(r, r->main_package, &result, why, sizeof why);
    } else {
        ok = wit_print_all(r, &result, why, sizeof why);
    }
    if (!ok || result.oom) {
        bool oom = result.oom || !why[0];
        fprintf(stderr, "wit-inspect: %s: %s\n", name, oom ? "out of memory" : why);
        comp_buf_free(&result);
        return oom ? EXIT_USAGE : EXIT_INVALID;
    }
    int rc = write_result(&result, o->output);
    comp_buf_free(&result);
    return rc;
}

int wit_source_run(const char *path, const wit_cli *o)
{
    comp_arena arena;
    comp_arena_init(&arena);
    wit_resolve_options ropts = {
        .features = o->features,
        .feature_count = o->feature_count,
        .all_features = o->all_features,
    };
    wit_resolve *r = NULL;
    wit_diag d = {0};
    int rc;
    if (!wit_resolve_path(path, &ropts, &arena, &r, &d)) {
        wit_report_diag(&d, path);
        rc = EXIT_INVALID;
    } else {
        rc = emit(path, r, false, o);
    }
    comp_arena_free(&arena);
    return rc;
}

int wit_binary_run(const char *name, const uint8_t *data, size_t len, const wit_cli *o)
{
    comp_arena arena;
    comp_arena_init(&arena);
    wit_resolve *r = NULL;
    wit_decoded_kind kind;
    comp_error err = {0};
    int rc;
    if (!wit_decode_binary(data, len, &arena, &r, &kind, &err)) {
        fprintf(stderr, "%s:%zu: error: %s\n", name, err.offset, err.message);
        rc = EXIT_INVALID;
    } else {
        /* Dependencies decoded from a binary hold only what it describes,
         * so only the main package is printed (as `jco wit` does). */
        rc = emit(name, r, true, o);
    }
    comp_arena_free(&arena);
    return rc;
}

/* ---- feature lists ---------------------------------------------------------- */

void wit_cli_free(wit_cli *o)
{
    for (size_t i = 0; i < o->feature_count; i++)
        free((char *)o->features[i]);
    free((void *)o->features);
    o->features = NULL;
    o->feature_count = 0;
}

bool wit_cli_add_features(wit_cli *o, const char *list)
{
    const char *p = list;
    for (;;) {
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        if (!*p)
            return true;
        size_t n = strcspn(p, ", \t");
        const char **grown = comp_heap_reserve((void *)o->features, &o->feature_cap,
                                               o->feature_count + 1, sizeof *grown);
        if (!grown)
            return false;
        o->features = grown;
        char *name = malloc(n + 1);
        if (!name)
            return false;
        memcpy(name, p, n);
        name[n] = 0;
        o->features[o->feature_count++] = name;
        p += n;
    }
}
