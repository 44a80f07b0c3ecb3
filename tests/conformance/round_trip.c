/* Comparing a re-encoding with the bytes it was decoded from. */
#include "conformance.h"

#include <stdio.h>
#include <string.h>

void compare_round_trip(const uint8_t *in, size_t len, bool encoded, const comp_buf *enc,
                        const comp_error *err, binary_outcome *out)
{
    out->round_trip_done = true;
    out->round_trip_ok = false;
    if (!encoded) {
        snprintf(out->round_trip_detail, sizeof out->round_trip_detail,
                 "encoder failed at offset %zu: %.150s", err->offset, err->message);
        return;
    }
    if (enc->oom) {
        snprintf(out->round_trip_detail, sizeof out->round_trip_detail, "encoder ran out of memory");
        return;
    }
    size_t common = enc->len < len ? enc->len : len;
    size_t at = 0;
    while (at < common && enc->data[at] == in[at])
        at++;
    if (at == len && enc->len == len) {
        out->round_trip_ok = true;
        return;
    }
    if (at < common)
        snprintf(out->round_trip_detail, sizeof out->round_trip_detail,
                 "%zu input bytes, %zu encoded; first difference at offset %zu (0x%02x, encoded 0x%02x)",
                 len, enc->len, at, in[at], enc->data[at]);
    else
        snprintf(out->round_trip_detail, sizeof out->round_trip_detail,
                 "%zu input bytes, %zu encoded; identical up to offset %zu", len, enc->len, at);
}
