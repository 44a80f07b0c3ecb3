/* wit-inspect --wit for WIT sources: resolve a package directory or a .wit
 * file with libwit, then print it as WIT (the main package, then its
 * dependencies as nested `package ... { }` blocks, like `wasm-tools
 * component wit DIR`) or, with --json, as the JSON dump of the model. */
#include "inspect.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wit/diag.h"
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

/* path:line:col: error: message, the source line and a caret. */
static void report(const wit_diag *d, const char *fallback_path)
{
    const char *path = d->path ? d->path : fallback_path;
    uint8_t *src = NULL;
    size_t len = 0;
    char why[256];
    bool have_src = input_read(path, &src, &len, why, sizeof why);
    wit_diag shown = *d;
    shown.path = path;
    comp_buf b = {0};
    wit_diag_render(&shown, have_src ? (const char *)src : NULL, have_src ? len : 0, &b);
    fwrite(b.data, 1, b.len, stderr);
    comp_buf_free(&b);
    free(src);
}

int wit_source_run(const char *path, bool json, const char *output_path)
{
    comp_arena arena;
    comp_arena_init(&arena);
    wit_resolve *r = NULL;
    wit_diag d = {0};
    if (!wit_resolve_path(path, NULL, &arena, &r, &d)) {
        report(&d, path);
        comp_arena_free(&arena);
        return EXIT_INVALID;
    }
    comp_buf text = {0};
    char why[256] = "";
    bool ok = json ? wit_json_write(r, &text) : wit_print_all(r, &text, why, sizeof why);
    comp_arena_free(&arena);
    if (!ok) {
        bool oom = text.oom || !why[0];
        fprintf(stderr, "wit-inspect: %s: %s\n", path, oom ? "out of memory" : why);
        comp_buf_free(&text);
        return oom ? EXIT_USAGE : EXIT_INVALID;
    }
    output out;
    if (!output_open(&out, output_path, why, sizeof why)) {
        fprintf(stderr, "wit-inspect: %s: %s\n", output_path, why);
        comp_buf_free(&text);
        return EXIT_USAGE;
    }
    fwrite(text.data, 1, text.len, out.f);
    comp_buf_free(&text);
    if (!output_commit(&out, why, sizeof why)) {
        fprintf(stderr, "wit-inspect: %s: %s\n", output_path ? output_path : "standard output", why);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}
