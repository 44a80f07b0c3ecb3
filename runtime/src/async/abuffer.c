/* Element-wise copies between stream/future buffers (CanonicalABI.md
 * "Buffer State": a ReadableBuffer lifts what a WritableBuffer lowers).
 * A buffer is guest memory (load_val / store_val with the guest's
 * options, so the reader's realloc places strings and lists), a host byte
 * buffer of scalars, or a host array of rt_cval. */
#include "async/async_internal.h"

#include <string.h>

static uint64_t elem_offset(const abuffer *b, uint32_t i)
{
    return b->ptr + (uint64_t)i * b->t->size;
}

/* Element i (counted from the buffer's progress) of `b`; values that must
 * outlive the copy (`keep`) are placed in `arena`. */
static bool elem_get(abuffer *b, uint32_t i, comp_arena *arena, bool keep, rt_cval *out,
                     rt_trap *trap)
{
    if (b->vals) {
        const rt_cval *v = &b->vals[b->progress + i];
        if (!keep) {
            *out = *v;
            return true;
        }
        return cval_copy(arena, v, b->t, out, 0) || ctrap(trap, "out of memory");
    }
    uint64_t at = elem_offset(b, i);
    if (b->host) {
        uint64_t bits = 0;
        for (uint32_t k = 0; k < b->t->size; k++)
            bits |= (uint64_t)b->host[at + k] << (8 * k);
        ccx cx = {.trap = trap};
        return lift_scalar(&cx, b->t, bits, out);
    }
    b->cx.arena = arena;
    b->cx.trap = trap;
    return load_val(&b->cx, at, b->t, out, 0);
}

static bool elem_put(abuffer *b, uint32_t i, const rt_cval *v, rt_trap *trap)
{
    if (b->vals) {
        b->vals[b->progress + i] = *v;
        return true;
    }
    uint64_t at = elem_offset(b, i);
    if (b->host) {
        uint64_t bits = scalar_bits(v);
        for (uint32_t k = 0; k < b->t->size; k++)
            b->host[at + k] = (uint8_t)(bits >> (8 * k));
        return true;
    }
    b->cx.trap = trap;
    return store_val(&b->cx, v, b->t, at, 0);
}

bool abuffer_copy_values(abuffer *dst, abuffer *src, uint32_t n, rt_trap *trap)
{
    /* Values read by the host live in its arena; otherwise a scratch arena
     * holds each lifted element until it is lowered. */
    bool keep = dst->vals != NULL;
    comp_arena scratch;
    comp_arena_init(&scratch);
    comp_arena *arena = keep ? dst->varena : &scratch;
    bool ok = true;
    for (uint32_t i = 0; ok && i < n; i++) {
        rt_cval v;
        memset(&v, 0, sizeof v);
        ok = elem_get(src, i, arena, keep, &v, trap) && elem_put(dst, i, &v, trap);
    }
    comp_arena_free(&scratch);
    return ok;
}
