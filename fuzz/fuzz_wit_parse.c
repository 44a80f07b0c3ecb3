/* libFuzzer target for the WIT front end: lex and parse any bytes; a
 * rejection must carry a position inside the input and a message, and must
 * render; an accepted file's items must have spans inside the input.
 * Seeds: fuzz/seeds/wit-*.wit (small files using every part of the grammar). */
#include <stdint.h>
#include <stdlib.h>

#include "wit/diag.h"
#include "wit/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_span(wit_span s, size_t size)
{
    if (s.start > s.end || s.end > size)
        abort();
}

static void check_items(const wit_top_item *items, uint32_t count, size_t size)
{
    for (uint32_t i = 0; i < count; i++) {
        check_span(items[i].span, size);
        if (items[i].kind == WIT_TOP_PACKAGE)
            check_items(items[i].package->items, items[i].package->item_count, size);
        if (items[i].kind == WIT_TOP_INTERFACE)
            for (uint32_t j = 0; j < items[i].iface->item_count; j++)
                check_span(items[i].iface->items[j].span, size);
        if (items[i].kind == WIT_TOP_WORLD)
            for (uint32_t j = 0; j < items[i].world->item_count; j++)
                check_span(items[i].world->items[j].span, size);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    comp_arena arena;
    comp_arena_init(&arena);
    wit_ast_file *file = NULL;
    wit_diag err = {0};
    const char *src = (const char *)data;
    if (wit_parse_file("fuzz.wit", src, size, &arena, &file, &err)) {
        check_items(file->items, file->item_count, size);
    } else {
        if (err.message[0] == '\0' || err.span.start > size || err.line == 0 || err.col == 0)
            abort();
        comp_buf out = {0};
        wit_diag_render(&err, src, size, &out);
        if (!out.oom && out.len == 0)
            abort();
        comp_buf_free(&out);
    }
    comp_arena_free(&arena);
    return 0;
}
