/* wit-inspect --embed: what `wasm-tools component embed` does, with
 * libwit's wit_embed_module; this file resolves the WIT, reports errors
 * against the file at fault and writes the result atomically. */
#include "inspect.h"
#include "comp/arena.h"
#include "comp/file.h"

#include "wit/diag.h"
#include "wit/embed.h"
#include "wit/resolve.h"

int embed_run(const char *wit_path, const char *world_name, const char *name,
              const uint8_t *data, size_t len, const wit_cli *o)
{
    if (!o->output) {
        fprintf(stderr, "wit-inspect: --embed needs an output file (-o OUT.wasm)\n");
        return EXIT_USAGE;
    }
    comp_arena arena;
    comp_arena_init(&arena);
    comp_buf result = {0};
    comp_error err = {0};
    int rc = EXIT_INVALID;
    wit_resolve_options ropts = {
        .features = o->features,
        .feature_count = o->feature_count,
        .all_features = o->all_features,
    };
    wit_resolve *r = NULL;
    wit_diag d = {0};
    if (!wit_resolve_path(wit_path, &ropts, &arena, &r, &d)) {
        wit_report_diag(&d, wit_path);
        goto done;
    }
    uint32_t world = wit_embed_find_world(r, world_name, &err);
    if (world == WIT_NO_ID) {
        fprintf(stderr, "%s: error: %s%s\n", wit_path, err.message,
                world_name ? "" : " (--world NAME)");
        goto done;
    }
    switch (wit_embed_module(data, len, r, world, NULL, &result, &err)) {
    case WIT_EMBED_OK:
        break;
    case WIT_EMBED_BAD_MODULE:
        fprintf(stderr, "%s:%zu: error: %s\n", name, err.offset, err.message);
        goto done;
    case WIT_EMBED_BAD_WORLD:
        fprintf(stderr, "%s: error: cannot encode the world: %s\n", wit_path, err.message);
        goto done;
    case WIT_EMBED_NO_MEMORY:
        fprintf(stderr, "wit-inspect: out of memory\n");
        rc = EXIT_USAGE;
        goto done;
    }
    if (!comp_write_file(o->output, result.data, result.len, &err)) {
        fprintf(stderr, "wit-inspect: %s: %s\n", o->output, err.message);
        rc = EXIT_USAGE;
        goto done;
    }
    rc = EXIT_OK;
done:
    comp_buf_free(&result);
    comp_arena_free(&arena);
    return rc;
}
