/* libFuzzer target for the binary layer: detect, decode, validate, and for
 * every input that decodes, encode it again and abort() unless the bytes
 * are exactly the input (decode -> encode is the identity on what decodes).
 * Seeds in fuzz/seeds/: tiny core modules from clang -Oz (freestanding with
 * SIMD and bulk memory; wasi-libc hello), a jco-wrapped command component,
 * and hand-assembled components covering each section kind. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "comp/component.h"
#include "comp/module.h"
#include "comp/wasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A decoded input must encode (unless memory ran out) to the same bytes. */
static void check_encoding(bool encoded, const uint8_t *data, size_t size, const comp_buf *out)
{
    if (out->oom)
        return;
    if (!encoded || out->len != size || memcmp(out->data, data, size) != 0)
        abort();
}

/* A rejection must say where and what: an offset inside the input (or just
 * past its end, for truncation) and a message. */
static void check_error(const comp_error *err, size_t size)
{
    if (err->offset > size || err->message[0] == '\0')
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    comp_arena arena;
    comp_arena_init(&arena);
    comp_buf out = {0};
    comp_error err = {0}; /* so a failure that sets no message is caught */
    if (comp_wasm_detect(data, size) == COMP_WASM_COMPONENT) {
        comp_component *c = NULL;
        if (comp_component_decode(data, size, &arena, &c, &err)) {
            if (!comp_component_validate(c, COMP_FEATURES_DEFAULT, &err))
                check_error(&err, size);
            check_encoding(comp_component_encode(c, &out, &err), data, size, &out);
        } else {
            check_error(&err, size);
        }
    } else {
        comp_module *m = NULL;
        if (comp_module_decode(data, size, &arena, &m, &err)) {
            if (!comp_module_validate(m, COMP_FEATURES_DEFAULT, &err))
                check_error(&err, size);
            check_encoding(comp_module_encode(m, &out, &err), data, size, &out);
        } else {
            check_error(&err, size);
        }
    }
    comp_buf_free(&out);
    comp_arena_free(&arena);
    return 0;
}
