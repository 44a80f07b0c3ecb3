#include "wit/encode.h"

#include <string.h>

#include "encode_util.h"
#include "encode_world.h"
#include "package_docs.h"
#include "wit_order.h"

/* wit-component's metadata version and string encoding (utf8). */
static const uint8_t encoding_section[2] = {0x04, 0x00};

enum { MAX_TOP_TYPES = 1u << 20 };

typedef struct top {
    comp_arena *arena;
    comp_error *err;
    xvec types;     /* comp_type */
    xvec exports;   /* comp_cexport */
} top;

static bool oom(comp_error *err)
{
    return comp_error_set(err, 0, "out of memory while encoding WIT");
}

/* Exports `ty` as a type named `name`. */
static bool add_export(top *t, comp_type *ty, comp_str name)
{
    comp_type *slot = xvec_push(t->arena, &t->types, sizeof *slot, MAX_TOP_TYPES);
    comp_cexport *ex = xvec_push(t->arena, &t->exports, sizeof *ex, MAX_TOP_TYPES);
    if (!slot || !ex)
        return oom(t->err);
    *slot = *ty;
    ex->name.name = name;
    ex->item.sort.sort = COMP_SORT_TYPE;
    ex->item.index = t->types.count - 1;
    return true;
}

/* The component type that exports the world's type as `ns:pkg/world@v`. */
static bool add_world(top *t, const wit_resolve *r, uint32_t world)
{
    comp_type *inner;
    if (!encode_world_type(r, world, t->arena, &inner, t->err))
        return false;
    const wit_rworld *w = &r->worlds[world];
    comp_type *wrap = comp_arena_alloc(t->arena, sizeof *wrap);
    comp_decl *decls = comp_arena_array(t->arena, 2, sizeof *decls);
    if (!wrap || !decls)
        return oom(t->err);
    decls[0].kind = COMP_DECL_TYPE;
    decls[0].type = inner;
    decls[1].kind = COMP_DECL_EXPORT;
    decls[1].name.name = wit_encode_item_id(r, w->package, w->name, t->arena);
    decls[1].extern_type = (comp_externtype){.kind = COMP_SORT_COMPONENT, .index = 0};
    if (!decls[1].name.name.data)
        return oom(t->err);
    wrap->kind = COMP_TYPE_COMPONENT;
    wrap->u.decls.decls = decls;
    wrap->u.decls.decl_count = 2;
    return add_export(t, wrap, w->name);
}

/* The component: the `wit-component-encoding` section (embed form), the
 * types and exports, then `docs` (package form: the package-docs section
 * contents, copied into the arena) when non-NULL. */
static bool finish(top *t, bool with_encoding_section, const comp_buf *docs, comp_component **out)
{
    comp_component *c = comp_arena_alloc(t->arena, sizeof *c);
    comp_component_section *secs = comp_arena_array(t->arena, 4, sizeof *secs);
    comp_custom *cu = comp_arena_array(t->arena, 2, sizeof *cu);
    if (!c || !secs || !cu)
        return oom(t->err);
    uint32_t n = 0;
    memset(c, 0, sizeof *c);
    c->customs = cu;
    if (with_encoding_section) {
        cu[0].name = (comp_str){"wit-component-encoding", (uint32_t)strlen("wit-component-encoding")};
        cu[0].data = encoding_section;
        cu[0].len = sizeof encoding_section;
        secs[n++] = (comp_component_section){.id = COMP_CSEC_CUSTOM, .first = c->custom_count++, .count = 1};
    }
    if (t->types.count) {
        secs[n++] = (comp_component_section){.id = COMP_CSEC_TYPE, .first = 0, .count = t->types.count};
        secs[n++] = (comp_component_section){.id = COMP_CSEC_EXPORT, .first = 0, .count = t->exports.count};
    }
    if (docs) {
        if (docs->oom || docs->len > UINT32_MAX)
            return oom(t->err);
        uint8_t *copy = comp_arena_alloc(t->arena, docs->len ? docs->len : 1);
        if (!copy)
            return oom(t->err);
        memcpy(copy, docs->data, docs->len);
        comp_custom *d = &cu[c->custom_count];
        d->name = (comp_str){WIT_PACKAGE_DOCS_SECTION, (uint32_t)strlen(WIT_PACKAGE_DOCS_SECTION)};
        d->data = copy;
        d->len = (uint32_t)docs->len;
        secs[n++] = (comp_component_section){.id = COMP_CSEC_CUSTOM, .first = c->custom_count++, .count = 1};
    }
    c->sections = secs;
    c->section_count = n;
    c->types = t->types.data;
    c->type_count = t->types.count;
    c->exports = t->exports.data;
    c->export_count = t->exports.count;
    *out = c;
    return true;
}

bool wit_encode_world_component(const wit_resolve *r, uint32_t world, comp_arena *arena,
                                comp_component **out, comp_error *err)
{
    top t = {.arena = arena, .err = err};
    if (world >= r->world_count)
        return comp_error_set(err, 0, "world id %u out of range", world);
    return add_world(&t, r, world) && finish(&t, true, NULL, out);
}

bool wit_encode_package_component(const wit_resolve *r, uint32_t pkg, comp_arena *arena,
                                  comp_component **out, comp_error *err)
{
    top t = {.arena = arena, .err = err};
    if (pkg >= r->package_count)
        return comp_error_set(err, 0, "package id %u out of range", pkg);
    const wit_rpackage *p = &r->packages[pkg];
    /* Interfaces in wit-parser's order (each after those of the package it
     * uses), the order wit-component exports them in. */
    uint32_t *order = comp_arena_array(arena, p->interface_count ? p->interface_count : 1, sizeof *order);
    if (!order || !wp_order_interfaces(r, pkg, order))
        return oom(err);
    for (uint32_t i = 0; i < p->interface_count; i++) {
        comp_type *ty;
        if (!encode_interface_type(r, order[i], arena, &ty, err) || !add_export(&t, ty, r->interfaces[order[i]].name))
            return false;
    }
    for (uint32_t i = 0; i < p->world_count; i++)
        if (!add_world(&t, r, p->worlds[i]))
            return false;
    comp_buf docs = {0};
    package_docs_encode(r, pkg, &docs);
    bool ok = finish(&t, false, &docs, out);
    comp_buf_free(&docs);
    return ok;
}

static bool to_bytes(const comp_component *c, comp_buf *out, comp_error *err)
{
    if (!comp_component_encode(c, out, err))
        return false;
    return !out->oom || oom(err);
}

bool wit_encode_world(const wit_resolve *r, uint32_t world, comp_buf *out, comp_error *err)
{
    comp_arena arena;
    comp_arena_init(&arena);
    comp_component *c;
    bool ok = wit_encode_world_component(r, world, &arena, &c, err) && to_bytes(c, out, err);
    comp_arena_free(&arena);
    return ok;
}

bool wit_encode_package(const wit_resolve *r, uint32_t pkg, comp_buf *out, comp_error *err)
{
    comp_arena arena;
    comp_arena_init(&arena);
    comp_component *c;
    bool ok = wit_encode_package_component(r, pkg, &arena, &c, err) && to_bytes(c, out, err);
    comp_arena_free(&arena);
    return ok;
}

static void put_u32(comp_buf *b, uint32_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        comp_buf_byte(b, (uint8_t)(byte | (v ? 0x80 : 0)));
    } while (v);
}

bool wit_encode_custom_section(const wit_resolve *r, uint32_t world, const char *name,
                               comp_buf *out, comp_error *err)
{
    comp_buf body = {0};
    static const char prefix[] = "component-type:";
    size_t name_len = strlen(prefix) + strlen(name);
    if (name_len > UINT32_MAX / 2)
        return comp_error_set(err, 0, "custom section name too long");
    put_u32(&body, (uint32_t)name_len);
    comp_buf_append(&body, prefix, strlen(prefix));
    comp_buf_append(&body, name, strlen(name));
    bool ok = wit_encode_world(r, world, &body, err);
    if (ok && (body.oom || body.len > UINT32_MAX))
        ok = oom(err);
    if (ok) {
        comp_buf_byte(out, 0);
        put_u32(out, (uint32_t)body.len);
        comp_buf_append(out, body.data, body.len);
        if (out->oom)
            ok = oom(err);
    }
    comp_buf_free(&body);
    return ok;
}
