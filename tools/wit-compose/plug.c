/* `wit-compose plug`: reads the socket and plugs, composes, and writes the
 * result (binary or text) or prints the instantiation graph. */
#include "plug.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/compose.h"
#include "io.h"

static bool add_input(comp_compose *g, const char *path, uint8_t **keep, uint32_t *id,
                      int *status)
{
    size_t len;
    bool invalid;
    if (!io_read_component(path, keep, &len, &invalid)) {
        *status = invalid ? EXIT_INVALID : EXIT_USAGE;
        return false;
    }
    comp_error err = {0};
    /* Messages name inputs by file name: they must fit comp_error. */
    const char *slash = strrchr(path, '/');
    if (!comp_compose_add_component(g, slash ? slash + 1 : path, *keep, len, id, &err)) {
        fprintf(stderr, "wit-compose: %s:0x%zx: error: %s\n", path, err.offset, err.message);
        *status = EXIT_INVALID;
        return false;
    }
    return true;
}

int plug_run(const plug_args *a)
{
    comp_compose *g = comp_compose_new(COMP_FEATURES_DEFAULT);
    uint8_t **inputs = calloc((size_t)a->plug_count + 1, sizeof *inputs);
    uint32_t *plugs = calloc((size_t)a->plug_count + 1, sizeof *plugs);
    int status = EXIT_OK;
    uint32_t socket;
    comp_error err = {0};
    comp_buf out = {0};
    if (!g || !inputs || !plugs) {
        fprintf(stderr, "wit-compose: out of memory\n");
        status = EXIT_USAGE;
        goto done;
    }
    if (!add_input(g, a->socket, &inputs[0], &socket, &status))
        goto done;
    for (int i = 0; i < a->plug_count; i++)
        if (!add_input(g, a->plugs[i], &inputs[i + 1], &plugs[i], &status))
            goto done;
    if (!comp_compose_plug(g, socket, plugs, (uint32_t)a->plug_count, &err)) {
        fprintf(stderr, "wit-compose: error: %s\n", err.message);
        status = EXIT_INVALID;
        goto done;
    }
    if (a->dry_run) {
        if (!comp_compose_print_graph(g, &out, &err)) {
            fprintf(stderr, "wit-compose: error: %s\n", err.message);
            status = EXIT_INVALID;
        } else if (!io_write_atomic("-", out.data, out.len)) {
            status = EXIT_USAGE;
        }
        goto done;
    }
    if (!comp_compose_encode(g, &out, &err)) {
        fprintf(stderr, "wit-compose: error: %s\n", err.message);
        status = EXIT_INVALID;
        goto done;
    }
    status = io_write_result(&out, a->output, a->wat);
done:
    comp_buf_free(&out);
    comp_compose_free(g);
    for (int i = 0; inputs && i <= a->plug_count; i++)
        free(inputs[i]);
    free(inputs);
    free(plugs);
    return status;
}
