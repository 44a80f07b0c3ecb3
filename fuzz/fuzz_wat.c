/* libFuzzer target for the text parser (WAT: core modules and components).
 * For every input: parse and encode it (with the source map); a rejection
 * must say where (inside the text, with line and column) and what. When it
 * parses, the binary must decode; printing it must work, and parsing the
 * printed text must give exactly the same binary. abort() otherwise.
 * Seeds: the .wat files in fuzz/seeds (and the binary seeds, which the
 * lexer rejects quickly). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "comp/component.h"
#include "comp/module.h"
#include "comp/wasm.h"
#include "comp/wat.h"
#include "comp/wat_print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(const comp_error *err, size_t size)
{
    if (err->offset > size || err->message[0] == '\0')
        abort();
    /* Text errors carry a position, except running out of memory. */
    if (err->line == 0 && strcmp(err->message, "out of memory") != 0)
        abort();
}

/* The map is sorted and points into the text. */
static void check_map(const comp_wat_srcmap *map, size_t size)
{
    for (size_t i = 0; i < map->count; i++)
        if (map->entries[i].text > size ||
            (i > 0 && map->entries[i].binary < map->entries[i - 1].binary))
            abort();
}

/* Prints the binary as text into `text`; false only for the printer's
 * documented limits (absurd local counts, nesting), never for a decode
 * failure: what we encoded must decode. */
static bool print_binary(const comp_buf *bin, comp_arena *arena, comp_buf *text)
{
    comp_error err = {0};
    bool ok;
    if (comp_wasm_detect(bin->data, bin->len) == COMP_WASM_COMPONENT) {
        comp_component *c;
        if (!comp_component_decode(bin->data, bin->len, arena, &c, &err))
            abort();
        ok = comp_component_print_wat(c, text, &err);
    } else {
        comp_module *m;
        if (!comp_module_decode(bin->data, bin->len, arena, &m, &err))
            abort();
        ok = comp_module_print_wat(m, text, &err);
    }
    if (!ok && !strstr(err.message, "to print") && strcmp(err.message, "out of memory") != 0)
        abort();
    return ok && !text->oom;
}

static bool contains(const comp_buf *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, s, n) == 0)
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    comp_buf bin = {0}, text = {0}, again = {0};
    comp_wat_srcmap map;
    comp_error err = {0};
    comp_arena arena;
    comp_arena_init(&arena);
    if (!comp_wat_to_binary_mapped((const char *)data, size, &bin, &map, &err)) {
        check_error(&err, size);
    } else if (!bin.oom) {
        check_map(&map, size);
        if (print_binary(&bin, &arena, &text)) {
            comp_error err2 = {0};
            if (!comp_wat_to_binary((const char *)text.data, text.len, &again, &err2))
                abort();
            /* Names that collide (labels named alike) print disambiguated
             * as $"#kindN name", as wasm-tools prints them; those parse to
             * other names, so only the bytes without them could match. */
            bool renamed = contains(&text, "$\"#");
            if (!again.oom && !renamed &&
                (again.len != bin.len || memcmp(again.data, bin.data, bin.len) != 0))
                abort();
        }
    }
    comp_wat_srcmap_free(&map);
    comp_buf_free(&bin);
    comp_buf_free(&text);
    comp_buf_free(&again);
    comp_arena_free(&arena);
    return 0;
}
