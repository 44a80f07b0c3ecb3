/* Components: decode, re-encode, validate. */
#include "conformance.h"

#include <string.h>

#include "comp/component.h"

void check_component_binary(const uint8_t *data, size_t len, uint32_t features,
                            bool round_trip, binary_outcome *out)
{
    memset(out, 0, sizeof *out);
    comp_arena arena;
    comp_arena_init(&arena);
    comp_component *c = NULL;
    if (!comp_component_decode(data, len, &arena, &c, &out->err)) {
        out->stage = REJECTED_BY_DECODER;
    } else {
        if (round_trip) {
            comp_buf enc = {0};
            comp_error err = {0};
            bool ok = comp_component_encode(c, &enc, &err);
            compare_round_trip(data, len, ok, &enc, &err, out);
            comp_buf_free(&enc);
        }
        if (!comp_component_validate(c, features, &out->err))
            out->stage = REJECTED_BY_VALIDATOR;
    }
    comp_arena_free(&arena);
}
