/* The `component-type*` custom sections bindings generators leave in a
 * core module: each is the embed form of one WIT world (encode.h). */
#include "cnew/cnew_internal.h"

#include <string.h>

#include "wit/decode.h"

static bool is_metadata(const comp_custom *c)
{
    static const char prefix[] = "component-type";
    return c->name.len >= sizeof prefix - 1 && memcmp(c->name.data, prefix, sizeof prefix - 1) == 0;
}

bool cn_read_metadata(const comp_module *m, const uint8_t *base, const char *who,
                      comp_arena *arena, cn_world *out, comp_error *err)
{
    out->r = NULL;
    out->world = WIT_NO_ID;
    for (uint32_t i = 0; i < m->custom_count; i++) {
        const comp_custom *c = &m->customs[i];
        if (!is_metadata(c))
            continue;
        size_t at = (size_t)(c->data - base);
        wit_resolve *r;
        wit_decoded_kind kind;
        comp_error inner;
        if (!wit_decode_binary(c->data, c->len, arena, &r, &kind, &inner))
            return comp_error_set(err, at + inner.offset, "%s: custom section `%.*s`: %s", who,
                                  (int)c->name.len, c->name.data, inner.message);
        const wit_rpackage *p = &r->packages[r->main_package];
        if (kind != WIT_DECODED_PACKAGE || p->world_count != 1)
            return comp_error_set(err, at, "%s: custom section `%.*s`: expected the encoding of one WIT world",
                                  who, (int)c->name.len, c->name.data);
        cn_world w = {r, p->worlds[0]};
        if (!out->r)
            *out = w;
        else if (!cn_merge_worlds(out, &w, arena, err))
            return comp_error_set(err, at, "%s: custom section `%.*s`: %s", who, (int)c->name.len,
                                  c->name.data, err->message);
    }
    return true;
}

comp_module *cn_strip_metadata(const comp_module *m, comp_arena *arena)
{
    comp_module *copy = comp_arena_alloc(arena, sizeof *copy);
    comp_section *secs = comp_arena_array(arena, m->section_count ? m->section_count : 1, sizeof *secs);
    if (!copy || !secs)
        return NULL;
    *copy = *m;
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->section_count; i++)
        if (m->sections[i].id != COMP_SEC_CUSTOM || !is_metadata(&m->customs[m->sections[i].custom]))
            secs[n++] = m->sections[i];
    copy->sections = secs;
    copy->section_count = n;
    return copy;
}
