/* Checks over the type graph: named types must not contain themselves, and
 * function results must not contain `borrow` handles. Both walks are
 * iterative with marks per type, so each type is visited once. */
#include "resolve_internal.h"

#include <stdlib.h>

enum {
    CYCLE_ACTIVE = 1,
    CYCLE_DONE = 2,
    BORROW_ACTIVE = 4,
    BORROW_DONE = 8,
    BORROW_FOUND = 16,
};

#define MARKS(c) ((uint8_t *)(c)->type_marks.data)

/* The i-th type that `t` contains by value (handles contain none). */
static bool child(const wit_rtype *t, uint32_t i, uint32_t *out)
{
    if (t->kind == WIT_DEF_KIND_OWN || t->kind == WIT_DEF_KIND_BORROW ||
        t->kind == WIT_DEF_KIND_RESOURCE)
        return false;
    const wit_tref *refs[2] = {&t->a, &t->b};
    uint32_t n = 0;
    for (uint32_t k = 0; k < 2; k++) {
        if (refs[k]->kind != WIT_TREF_ID)
            continue;
        if (n++ == i) {
            *out = refs[k]->id;
            return true;
        }
    }
    for (uint32_t k = 0; k < t->field_count; k++) {
        if (t->fields[k].type.kind != WIT_TREF_ID)
            continue;
        if (n++ == i) {
            *out = t->fields[k].type.id;
            return true;
        }
    }
    return false;
}

bool check_type_cycles(ctx *c, const type_scope *s)
{
    walk_stack st = {0};
    bool ok = true;
    for (uint32_t r = 0; ok && r < s->owned->count; r++) {
        uint32_t root = ((const uint32_t *)s->owned->data)[r];
        if (MARKS(c)[root] & CYCLE_DONE)
            continue;
        MARKS(c)[root] |= CYCLE_ACTIVE;
        if (!(ok = walk_push(c, &st, root)))
            break;
        while (ok && st.count) {
            walk_frame *f = &st.data[st.count - 1];
            uint32_t next;
            if (!child(&TYPES(c)[f->id], f->next++, &next)) {
                MARKS(c)[f->id] = (uint8_t)((MARKS(c)[f->id] & ~CYCLE_ACTIVE) | CYCLE_DONE);
                st.count--;
                continue;
            }
            uint8_t m = MARKS(c)[next];
            if (m & CYCLE_DONE)
                continue;
            if (m & CYCLE_ACTIVE) {
                const wit_rtype *t = &TYPES(c)[next];
                if (!t->name.data)
                    t = &TYPES(c)[root];
                ok = fail(c, t->file, t->span, "type `%.*s` refers to itself", STR(t->name));
                break;
            }
            MARKS(c)[next] |= CYCLE_ACTIVE;
            ok = walk_push(c, &st, next);
        }
        /* On an error, leave no type marked active for later walks. */
        for (uint32_t i = 0; i < st.count; i++)
            MARKS(c)[st.data[i].id] &= (uint8_t)~CYCLE_ACTIVE;
        st.count = 0;
    }
    free(st.data);
    return ok;
}

static bool has_borrow(ctx *c, uint32_t root, bool *found)
{
    walk_stack st = {0};
    if (!(MARKS(c)[root] & BORROW_DONE)) {
        MARKS(c)[root] |= BORROW_ACTIVE;
        if (!walk_push(c, &st, root))
            return false;
    }
    while (st.count) {
        walk_frame *f = &st.data[st.count - 1];
        const wit_rtype *t = &TYPES(c)[f->id];
        uint32_t next;
        if (!child(t, f->next++, &next)) {
            uint8_t m = MARKS(c)[f->id];
            bool yes = t->kind == WIT_DEF_KIND_BORROW;
            for (uint32_t i = 0; !yes && child(t, i, &next); i++)
                yes = (MARKS(c)[next] & BORROW_FOUND) != 0;
            m = (uint8_t)((m & ~BORROW_ACTIVE) | BORROW_DONE | (yes ? BORROW_FOUND : 0));
            MARKS(c)[f->id] = m;
            st.count--;
            continue;
        }
        if (MARKS(c)[next] & (BORROW_DONE | BORROW_ACTIVE))
            continue;
        MARKS(c)[next] |= BORROW_ACTIVE;
        if (!walk_push(c, &st, next)) {
            free(st.data);
            return false;
        }
    }
    free(st.data);
    *found = (MARKS(c)[root] & BORROW_FOUND) != 0;
    return true;
}

bool check_no_borrow(ctx *c, const wit_rfunc *f)
{
    if (f->result.kind != WIT_TREF_ID)
        return true;
    bool found = false;
    if (!has_borrow(c, f->result.id, &found))
        return false;
    if (found)
        return fail(c, f->file, f->span,
                    "function `%.*s` returns a `borrow` handle; borrows are only allowed in parameters",
                    STR(f->name));
    return true;
}
