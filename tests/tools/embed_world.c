/* embed_world [--deps DIR]... WIT WORLD NAME CORE.wasm -o OUT.wasm
 *
 * Appends to a core module the `component-type:NAME` custom section that
 * describes world WORLD of the WIT package at WIT (a directory or .wit file;
 * each --deps DIR holds dependency packages, one per entry), the section
 * wit-component reads to learn an adapter's or a bindings user's world.
 * The work is libwit's wit_embed_module (which checks the module first); OUT
 * is written to a temporary name and renamed only on success.
 * Exit status: 0 success, 1 bad input, 2 usage or I/O. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/file.h"
#include "wit/diag.h"
#include "wit/embed.h"
#include "wit/resolve.h"

enum { MAX_DEPS = 16 };

static int usage(void)
{
    fprintf(stderr, "usage: embed_world [--deps DIR]... WIT WORLD NAME CORE.wasm -o OUT.wasm\n");
    return 2;
}

static int write_atomically(const char *path, const comp_buf *b)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return 2;
    snprintf(tmp, n, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(b->data, 1, b->len, f) == b->len;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        fprintf(stderr, "%s: error: cannot write\n", path);
        remove(tmp);
        free(tmp);
        return 2;
    }
    free(tmp);
    return 0;
}

int main(int argc, char **argv)
{
    const char *deps[MAX_DEPS], *pos[4], *out = NULL;
    size_t ndeps = 0, npos = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--deps") && i + 1 < argc && ndeps < MAX_DEPS)
            deps[ndeps++] = argv[++i];
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] != '-' && npos < 4)
            pos[npos++] = argv[i];
        else
            return usage();
    }
    if (npos != 4 || !out)
        return usage();
    const char *wit_path = pos[0], *world_name = pos[1], *section = pos[2], *core = pos[3];

    comp_error err = {0};
    uint8_t *data;
    size_t len;
    if (!comp_read_file(core, &data, &len, &err)) {
        fprintf(stderr, "%s: error: %s\n", core, err.message);
        return 2;
    }
    comp_arena arena;
    comp_arena_init(&arena);
    int status = 1;
    comp_buf buf = {0};
    wit_resolve_options opts = {.dep_dirs = deps, .dep_dir_count = ndeps};
    wit_resolve *r;
    wit_diag diag = {0};
    if (!wit_resolve_path(wit_path, &opts, &arena, &r, &diag)) {
        fprintf(stderr, "%s:%u:%u: error: %s\n", diag.path ? diag.path : wit_path, diag.line,
                diag.col, diag.message);
        goto done;
    }
    uint32_t world = wit_embed_find_world(r, world_name, &err);
    if (world == WIT_NO_ID) {
        fprintf(stderr, "%s: error: %s\n", wit_path, err.message);
        goto done;
    }
    switch (wit_embed_module(data, len, r, world, section, &buf, &err)) {
    case WIT_EMBED_OK:
        break;
    case WIT_EMBED_BAD_MODULE:
        fprintf(stderr, "%s:%zu: error: %s\n", core, err.offset, err.message);
        goto done;
    case WIT_EMBED_BAD_WORLD:
        fprintf(stderr, "%s: error: %s\n", wit_path, err.message);
        goto done;
    case WIT_EMBED_NO_MEMORY:
        fprintf(stderr, "embed_world: error: out of memory\n");
        status = 2;
        goto done;
    }
    status = write_atomically(out, &buf);
done:
    comp_buf_free(&buf);
    comp_arena_free(&arena);
    free(data);
    return status;
}
