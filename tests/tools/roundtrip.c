/* roundtrip FILE...: for each file, decode it (core module or component,
 * told apart by comp_wasm_detect), validate it, encode it again and compare
 * the bytes with the input. Prints `ok FILE` or `FILE:OFFSET: error: MESSAGE`
 * per file; exits 1 if any file failed, 2 on a usage or I/O error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/component.h"
#include "comp/module.h"
#include "comp/wasm.h"

/* Whole files are read into memory; this bounds what we try to allocate. */
#define MAX_INPUT_BYTES ((size_t)1 << 30)

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *data = malloc(cap);
    while (data) {
        n += fread(data + n, 1, cap - n, f);
        if (n < cap)
            break;
        if (cap >= MAX_INPUT_BYTES) {
            fprintf(stderr, "%s: error: larger than %zu bytes\n", path, MAX_INPUT_BYTES);
            free(data);
            data = NULL;
            break;
        }
        uint8_t *grown = realloc(data, cap * 2);
        if (!grown) {
            free(data);
            data = NULL;
            break;
        }
        data = grown;
        cap *= 2;
    }
    if (data && ferror(f)) {
        fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(errno));
        free(data);
        data = NULL;
    }
    fclose(f);
    *len = n;
    return data;
}

/* Decodes, validates and re-encodes; false with `err` set on failure. */
static bool roundtrip(const uint8_t *data, size_t len, comp_buf *out, comp_error *err)
{
    comp_arena arena;
    comp_arena_init(&arena);
    bool ok;
    if (comp_wasm_detect(data, len) == COMP_WASM_COMPONENT) {
        comp_component *c = NULL;
        ok = comp_component_decode(data, len, &arena, &c, err) &&
             comp_component_validate(c, COMP_FEATURES_DEFAULT, err) &&
             comp_component_encode(c, out, err);
    } else {
        /* Unknown preambles go to the module decoder, whose error says
         * what the first bytes should have been. */
        comp_module *m = NULL;
        ok = comp_module_decode(data, len, &arena, &m, err) &&
             comp_module_validate(m, COMP_FEATURES_DEFAULT, err) &&
             comp_module_encode(m, out, err);
    }
    comp_arena_free(&arena);
    if (ok && out->oom)
        ok = comp_error_set(err, 0, "out of memory while encoding");
    return ok;
}

static size_t first_difference(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return i;
    return n;
}

/* 0 ok, 1 invalid or not reproduced, 2 unreadable. */
static int check_file(const char *path)
{
    size_t len;
    uint8_t *data = read_file(path, &len);
    if (!data)
        return 2;
    comp_buf out = {0};
    comp_error err = {0};
    int status = 0;
    if (!roundtrip(data, len, &out, &err)) {
        fprintf(stderr, "%s:%zu: error: %s\n", path, err.offset, err.message);
        status = 1;
    } else if (out.len != len || memcmp(out.data, data, len) != 0) {
        fprintf(stderr, "%s:%zu: error: re-encoded bytes differ from the input here "
                "(input %zu bytes, output %zu bytes)\n",
                path, first_difference(data, len, out.data, out.len), len, out.len);
        status = 1;
    } else {
        printf("ok %s\n", path);
    }
    comp_buf_free(&out);
    free(data);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: roundtrip FILE...\n"
                "Decodes, validates and re-encodes each core module or component and\n"
                "checks that the output bytes equal the input.\n");
        return argc < 2 ? 2 : 0;
    }
    int worst = 0;
    for (int i = 1; i < argc; i++) {
        int status = check_file(argv[i]);
        if (status > worst)
            worst = status;
    }
    fflush(stdout);
    return worst;
}
