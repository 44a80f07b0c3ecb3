/* Input files and atomic output for wit-compose. */
#include "io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/buf.h"
#include "comp/file.h"
#include "comp/wat.h"
#include "comp/wat_print.h"
#include "plug.h"

static bool read_all(const char *path, uint8_t **data, size_t *len)
{
    comp_error err;
    if (comp_read_file(path, data, len, &err))
        return true;
    fprintf(stderr, "wit-compose: %s: %s\n", path, err.message);
    return false;
}

static bool is_text(const uint8_t *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')
            continue;
        return data[i] == '(' || data[i] == ';';
    }
    return false;
}

bool io_read_component(const char *path, uint8_t **data, size_t *len, bool *invalid)
{
    *invalid = false;
    if (!read_all(path, data, len))
        return false;
    if (!is_text(*data, *len))
        return true;
    comp_buf bin = {0};
    comp_error err = {0};
    bool ok = comp_wat_to_binary((const char *)*data, *len, &bin, &err);
    free(*data);
    *data = NULL;
    if (!ok) {
        fprintf(stderr, "wit-compose: %s:%u:%u: error: %s\n", path, err.line, err.col,
                err.message);
        comp_buf_free(&bin);
        *invalid = true;
        return false;
    }
    *data = bin.data;
    *len = bin.len;
    return true;
}

bool io_write_atomic(const char *path, const void *data, size_t len)
{
    comp_error err;
    if (comp_write_file(path, data, len, &err))
        return true;
    if (strcmp(path, "-") == 0)
        fprintf(stderr, "wit-compose: %s\n", err.message);
    else
        fprintf(stderr, "wit-compose: %s: %s\n", path, err.message);
    return false;
}

/* Prints the result as text to `output` (stdout when NULL). */
static int write_wat(const comp_buf *bin, const char *output)
{
    comp_arena arena;
    comp_arena_init(&arena);
    comp_component *c;
    comp_buf text = {0};
    comp_error err = {0};
    int status = EXIT_OK;
    if (!comp_component_decode(bin->data, bin->len, &arena, &c, &err) ||
        !comp_component_print_wat(c, &text, &err)) {
        fprintf(stderr, "wit-compose: printing the result: %s\n", err.message);
        status = EXIT_INVALID;
    } else if (!io_write_atomic(output ? output : "-", text.data, text.len)) {
        status = EXIT_USAGE;
    }
    comp_buf_free(&text);
    comp_arena_free(&arena);
    return status;
}

int io_write_result(const comp_buf *bin, const char *output, bool wat)
{
    if (wat)
        return write_wat(bin, output);
    return io_write_atomic(output, bin->data, bin->len) ? EXIT_OK : EXIT_USAGE;
}
