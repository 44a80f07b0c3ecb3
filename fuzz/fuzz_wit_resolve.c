/* libFuzzer target for the WIT resolver, printer and binary form: resolve
 * any bytes as one in-memory file (nested `package { }` blocks are its
 * dependencies). A rejection must carry a message and a position inside
 * the input. An accepted package must print; the printed text must resolve
 * and print to the same text; and when the main package encodes as a
 * component (`--wasm` form), that binary must decode.
 * Seeds: fuzz/seeds/wit-*.wit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wit/decode.h"
#include "wit/encode.h"
#include "wit/print.h"
#include "wit/resolve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool resolve_print(const char *text, size_t len, comp_arena *arena, wit_resolve **r,
                          comp_buf *out, wit_diag *err)
{
    wit_source src = {"fuzz.wit", text, len, 0};
    if (!wit_resolve_sources(&src, 1, NULL, arena, r, err))
        return false;
    char why[256];
    return wit_print_all(*r, out, why, sizeof why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    comp_arena arena;
    comp_arena_init(&arena);
    wit_resolve *r = NULL;
    wit_diag err = {0};
    comp_buf first = {0}, second = {0}, bin = {0};
    if (!resolve_print((const char *)data, size, &arena, &r, &first, &err)) {
        /* Either rejected (with a message and position) or not printable. */
        if (!r && (err.message[0] == '\0' || err.span.start > size || err.line == 0))
            abort();
        goto done;
    }
    if (first.oom)
        goto done;
    comp_arena again;
    comp_arena_init(&again);
    wit_resolve *r2 = NULL;
    wit_diag err2 = {0};
    if (!resolve_print((const char *)first.data, first.len, &again, &r2, &second, &err2))
        abort(); /* printed text must resolve and print */
    if (!second.oom && (second.len != first.len || memcmp(first.data, second.data, first.len) != 0))
        abort(); /* print -> reparse -> print must be stable */
    comp_arena_free(&again);

    comp_error cerr = {0};
    if (wit_encode_package(r, r->main_package, &bin, &cerr) && !bin.oom) {
        comp_arena dec;
        comp_arena_init(&dec);
        wit_resolve *d = NULL;
        if (!wit_decode_binary(bin.data, bin.len, &dec, &d, NULL, &cerr))
            abort(); /* what we encode we must decode */
        comp_arena_free(&dec);
    }
done:
    comp_buf_free(&first);
    comp_buf_free(&second);
    comp_buf_free(&bin);
    comp_arena_free(&arena);
    return 0;
}
