/* Core modules: decode, re-encode, validate. */
#include "conformance.h"

#include <string.h>

#include "comp/module.h"

void check_core_binary(const uint8_t *data, size_t len, uint32_t features, bool round_trip,
                       binary_outcome *out)
{
    memset(out, 0, sizeof *out);
    comp_arena arena;
    comp_arena_init(&arena);
    comp_module *m = NULL;
    if (!comp_module_decode(data, len, &arena, &m, &out->err)) {
        out->stage = REJECTED_BY_DECODER;
    } else {
        if (round_trip) {
            comp_buf enc = {0};
            comp_error err = {0};
            bool ok = comp_module_encode(m, &enc, &err);
            compare_round_trip(data, len, ok, &enc, &err, out);
            comp_buf_free(&enc);
        }
        if (!comp_module_validate(m, features, &out->err))
            out->stage = REJECTED_BY_VALIDATOR;
    }
    comp_arena_free(&arena);
}
