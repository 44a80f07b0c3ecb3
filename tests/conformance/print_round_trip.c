/* Print-then-parse round trips: a decoded module or component printed as
 * WAT must parse back to the same binary. */
#include "conformance.h"

#include <stdio.h>
#include <string.h>

#include "comp/component.h"
#include "comp/module.h"
#include "comp/wat.h"
#include "comp/wat_print.h"

/* Decodes `data` and appends its text to `text`. */
static bool print_binary(const uint8_t *data, size_t len, bool component, comp_buf *text,
                         char *detail, size_t size)
{
    comp_arena arena;
    comp_arena_init(&arena);
    comp_error err = {0};
    bool ok;
    if (component) {
        comp_component *c;
        ok = comp_component_decode(data, len, &arena, &c, &err) &&
             comp_component_print_wat(c, text, &err);
    } else {
        comp_module *m;
        ok = comp_module_decode(data, len, &arena, &m, &err) &&
             comp_module_print_wat(m, text, &err);
    }
    if (!ok)
        snprintf(detail, size, "printing failed at offset %zu: %.150s", err.offset, err.message);
    if (ok && text->oom) {
        snprintf(detail, size, "printer ran out of memory");
        ok = false;
    }
    comp_arena_free(&arena);
    return ok;
}

/* Prints the decoded binary and parses the text into `bin`. */
static bool print_parse(const uint8_t *data, size_t len, bool component, comp_buf *bin,
                        char *detail, size_t size)
{
    comp_buf text = {0};
    comp_error err = {0};
    bool ok = print_binary(data, len, component, &text, detail, size);
    if (ok && !comp_wat_to_binary((const char *)text.data, text.len, bin, &err)) {
        snprintf(detail, size, "the printed text does not parse (%u:%u: %.150s)", err.line,
                 err.col, err.message);
        ok = false;
    }
    comp_buf_free(&text);
    return ok;
}

/* `got` must be the bytes of `want`. */
static bool same_bytes(const uint8_t *want, size_t len, const comp_buf *got, char *detail,
                       size_t size)
{
    binary_outcome o = {0};
    compare_round_trip(want, len, true, got, NULL, &o);
    if (!o.round_trip_ok)
        snprintf(detail, size, "print -> parse gives other bytes: %.150s", o.round_trip_detail);
    return o.round_trip_ok;
}

bool check_print_round_trip(const uint8_t *data, size_t len, bool component, bool exact,
                            char *detail, size_t size)
{
    comp_buf bin = {0}, again = {0};
    bool ok = print_parse(data, len, component, &bin, detail, size);
    if (ok && exact) {
        /* Our own encoding of text: the bytes must be identical. */
        ok = same_bytes(data, len, &bin, detail, size);
    } else if (ok) {
        /* A binary from the suite may say what text cannot (padded LEB128s,
         * empty sections, an explicit memory 0...): the binary made of its
         * text must then survive print -> parse unchanged. */
        ok = print_parse(bin.data, bin.len, component, &again, detail, size) &&
             same_bytes(bin.data, bin.len, &again, detail, size);
    }
    comp_buf_free(&bin);
    comp_buf_free(&again);
    return ok;
}
