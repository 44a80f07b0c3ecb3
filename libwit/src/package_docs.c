#include "package_docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode_util.h"
#include "json_read.h"
#include "print_internal.h"
#include "wit/encode.h"

enum { SECTION_VERSION = 1 };

/* ---- writing: compact JSON in serde_json's form ---------------------------- */

static void put(comp_buf *b, const char *s)
{
    comp_buf_append(b, s, strlen(s));
}

static void put_string(comp_buf *b, const char *s, size_t n)
{
    comp_buf_byte(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        switch (c) {
        case '"': put(b, "\\\""); break;
        case '\\': put(b, "\\\\"); break;
        case '\n': put(b, "\\n"); break;
        case '\r': put(b, "\\r"); break;
        case '\t': put(b, "\\t"); break;
        case '\b': put(b, "\\b"); break;
        case '\f': put(b, "\\f"); break;
        default:
            if (c < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", c);
                put(b, esc);
            } else {
                comp_buf_byte(b, c);
            }
        }
    }
    comp_buf_byte(b, '"');
}

/* An object being written: members are separated by commas. */
typedef struct obj {
    comp_buf *b;
    bool any;
} obj;

static void key(obj *o, const char *k, size_t n)
{
    comp_buf_byte(o->b, o->any ? ',' : '{');
    o->any = true;
    put_string(o->b, k, n);
    comp_buf_byte(o->b, ':');
}

/* Closes the object; an object without members is written as "{}". */
static void close_obj(obj *o)
{
    put(o->b, o->any ? "}" : "{}");
}

/* Appends `"name":` and the object in `sub` when it has members. */
static void member_if_any(obj *o, comp_str name, comp_buf *sub, bool any)
{
    if (any) {
        key(o, name.data, name.len);
        comp_buf_append(o->b, sub->data, sub->len);
    }
    if (sub->oom)
        o->b->oom = true;
    comp_buf_free(sub);
}

static void docs_member(obj *o, const wit_docs *d)
{
    comp_buf text = {0};
    if (wp_docs_contents(d, &text)) {
        key(o, "docs", 4);
        put_string(o->b, (const char *)text.data, text.len);
    }
    if (text.oom)
        o->b->oom = true;
    comp_buf_free(&text);
}

static void version_member(obj *o, const char *k, const wit_version *v)
{
    key(o, k, strlen(k));
    put_string(o->b, v->text.data, v->text.len);
}

/* {"stable":{"since":V}} or {"unstable":{"feature":F}}, maybe deprecated. */
static void stability_value(comp_buf *b, const wit_stability *s)
{
    obj outer = {b, false};
    bool stable = s->kind == WIT_STABILITY_STABLE;
    key(&outer, stable ? "stable" : "unstable", stable ? 6 : 8);
    obj inner = {b, false};
    if (stable) {
        version_member(&inner, "since", &s->since);
    } else {
        key(&inner, "feature", 7);
        put_string(b, s->feature.data, s->feature.len);
    }
    if (s->deprecated.present)
        version_member(&inner, "deprecated", &s->deprecated);
    close_obj(&inner);
    close_obj(&outer);
}

static void stability_member(obj *o, const wit_stability *s)
{
    if (s->kind == WIT_STABILITY_UNKNOWN)
        return;
    key(o, "stability", 9);
    stability_value(o->b, s);
}

/* {docs, stability} of a function; false if both are absent. */
static bool func_meta(comp_buf *b, const wit_docs *docs, const wit_stability *st)
{
    obj o = {b, false};
    docs_member(&o, docs);
    stability_member(&o, st);
    close_obj(&o);
    return o.any;
}

static bool type_meta(comp_buf *b, const wit_rtype *t)
{
    obj o = {b, false};
    docs_member(&o, &t->docs);
    stability_member(&o, &t->stability);
    bool has_items = t->kind == WIT_DEF_KIND_RECORD || t->kind == WIT_DEF_KIND_VARIANT ||
                     t->kind == WIT_DEF_KIND_ENUM || t->kind == WIT_DEF_KIND_FLAGS;
    comp_buf items = {0};
    obj io = {&items, false};
    for (uint32_t i = 0; has_items && i < t->field_count; i++) {
        comp_buf text = {0};
        if (wp_docs_contents(&t->fields[i].docs, &text)) {
            key(&io, t->fields[i].name.data, t->fields[i].name.len);
            put_string(&items, (const char *)text.data, text.len);
        }
        if (text.oom)
            items.oom = true;
        comp_buf_free(&text);
    }
    close_obj(&io);
    member_if_any(&o, (comp_str){"items", 5}, &items, io.any);
    close_obj(&o);
    return o.any;
}

/* The types of interface `iface` in wit-parser's order, as wit-component
 * lists them. */
static bool types_meta(comp_buf *b, const wit_resolve *r, uint32_t iface)
{
    const wit_rinterface *f = &r->interfaces[iface];
    uint32_t n = f->type_count;
    uint32_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order || !wp_order_types(r, f->types, n, WIT_OWNER_INTERFACE, iface, order)) {
        free(order);
        b->oom = true;
        return false;
    }
    obj o = {b, false};
    for (uint32_t i = 0; i < n; i++) {
        comp_buf sub = {0};
        bool any = type_meta(&sub, &r->types[order[i]]);
        member_if_any(&o, r->types[order[i]].name, &sub, any);
    }
    close_obj(&o);
    free(order);
    return o.any;
}

/* Interface metadata; `item_stability` overrides the interface's own gate
 * (an inline interface's gate is written on the world item). */
static bool iface_meta(comp_buf *b, const wit_resolve *r, uint32_t id, const wit_docs *item_docs,
                       const wit_stability *item_stability)
{
    const wit_rinterface *f = &r->interfaces[id];
    obj o = {b, false};
    docs_member(&o, item_docs && item_docs->count ? item_docs : &f->docs);
    stability_member(&o, item_stability && item_stability->kind != WIT_STABILITY_UNKNOWN
                             ? item_stability : &f->stability);
    comp_buf funcs = {0};
    obj fo = {&funcs, false};
    for (uint32_t i = 0; i < f->func_count; i++) {
        comp_buf sub = {0};
        bool any = func_meta(&sub, &f->funcs[i].docs, &f->funcs[i].stability);
        member_if_any(&fo, f->funcs[i].name, &sub, any);
    }
    close_obj(&fo);
    member_if_any(&o, (comp_str){"funcs", 5}, &funcs, fo.any);
    comp_buf types = {0};
    bool any_types = types_meta(&types, r, id);
    member_if_any(&o, (comp_str){"types", 5}, &types, any_types);
    close_obj(&o);
    return o.any;
}

/* The maps of a world's metadata, in the order wit-component writes them. */
enum { W_IFACES, W_TYPES, W_FUNCS, W_IFACE_EXPORTS, W_FUNC_EXPORTS, W_IMPORT_STAB, W_EXPORT_STAB, W_MAPS };
static const char *const world_map_names[W_MAPS] = {
    "interfaces", "types", "funcs", "interface_exports", "func_exports",
    "interface_import_stability", "interface_export_stability",
};

static void world_item_meta(const wit_resolve *r, const wit_rworld_item *e, bool import,
                            obj *maps, comp_arena *scratch)
{
    comp_buf sub = {0};
    if (e->key_kind == WIT_KEY_INTERFACE) {
        if (e->stability.kind == WIT_STABILITY_UNKNOWN)
            return;
        stability_value(&sub, &e->stability);
        const wit_rinterface *f = &r->interfaces[e->id];
        comp_str id = wit_encode_item_id(r, f->package, f->name, scratch);
        obj *m = &maps[import ? W_IMPORT_STAB : W_EXPORT_STAB];
        if (!id.data)
            m->b->oom = true;
        member_if_any(m, id, &sub, id.data != NULL);
        return;
    }
    bool any;
    obj *m;
    switch (e->kind) {
    case WIT_ITEM_INTERFACE:
        any = iface_meta(&sub, r, e->id, &e->docs, &e->stability);
        m = &maps[import ? W_IFACES : W_IFACE_EXPORTS];
        break;
    case WIT_ITEM_TYPE:
        any = type_meta(&sub, &r->types[e->id]);
        m = &maps[W_TYPES];
        break;
    default:
        any = func_meta(&sub, e->func.docs.count ? &e->func.docs : &e->docs,
                        e->stability.kind != WIT_STABILITY_UNKNOWN ? &e->stability : &e->func.stability);
        m = &maps[import ? W_FUNCS : W_FUNC_EXPORTS];
        break;
    }
    member_if_any(m, e->name, &sub, any);
}

static bool world_meta(comp_buf *b, const wit_resolve *r, uint32_t id, comp_arena *scratch)
{
    const wit_rworld *w = &r->worlds[id];
    obj o = {b, false};
    docs_member(&o, &w->docs);
    stability_member(&o, &w->stability);
    comp_buf bufs[W_MAPS] = {{0}};
    obj maps[W_MAPS];
    for (int i = 0; i < W_MAPS; i++)
        maps[i] = (obj){&bufs[i], false};
    for (uint32_t i = 0; i < w->import_count; i++)
        world_item_meta(r, &w->imports[i], true, maps, scratch);
    for (uint32_t i = 0; i < w->export_count; i++)
        world_item_meta(r, &w->exports[i], false, maps, scratch);
    for (int i = 0; i < W_MAPS; i++) {
        close_obj(&maps[i]);
        member_if_any(&o, (comp_str){world_map_names[i], (uint32_t)strlen(world_map_names[i])},
                      &bufs[i], maps[i].any);
    }
    close_obj(&o);
    return o.any;
}

void package_docs_encode(const wit_resolve *r, uint32_t pkg, comp_buf *out)
{
    const wit_rpackage *p = &r->packages[pkg];
    comp_arena scratch;
    comp_arena_init(&scratch);
    comp_buf_byte(out, SECTION_VERSION);
    obj o = {out, false};
    docs_member(&o, &p->docs);
    comp_buf worlds = {0};
    obj wo = {&worlds, false};
    for (uint32_t i = 0; i < p->world_count; i++) {
        comp_buf sub = {0};
        bool any = world_meta(&sub, r, p->worlds[i], &scratch);
        member_if_any(&wo, r->worlds[p->worlds[i]].name, &sub, any);
    }
    close_obj(&wo);
    member_if_any(&o, (comp_str){"worlds", 6}, &worlds, wo.any);
    comp_buf ifaces = {0};
    obj io = {&ifaces, false};
    /* Interfaces in wit-parser's order, as wit-component lists them. */
    uint32_t *order = malloc((p->interface_count ? p->interface_count : 1) * sizeof *order);
    if (!order || !wp_order_interfaces(r, pkg, order))
        out->oom = true;
    for (uint32_t i = 0; order && !out->oom && i < p->interface_count; i++) {
        comp_buf sub = {0};
        bool any = iface_meta(&sub, r, order[i], NULL, NULL);
        member_if_any(&io, r->interfaces[order[i]].name, &sub, any);
    }
    free(order);
    close_obj(&io);
    member_if_any(&o, (comp_str){"interfaces", 10}, &ifaces, io.any);
    close_obj(&o);
    comp_arena_free(&scratch);
}

/* ---- reading ---------------------------------------------------------------- */

/* Names are matched by scanning, so the work is bounded explicitly. */
enum { MAX_WORK = 1 << 26 };

typedef struct rd {
    wit_resolve *r;
    comp_arena *arena;
    comp_error *err;
    uint64_t work;
} rd;

/* Counts `n` comparisons; false (with an error) past the bound. */
static bool spend(rd *d, uint64_t n)
{
    d->work += n;
    return d->work <= MAX_WORK ||
           comp_error_set(d->err, 0, "package-docs section: too many names to match");
}

static bool bad(rd *d, const char *what)
{
    return comp_error_set(d->err, 0, "package-docs section: %s", what);
}

static bool set_docs(rd *d, const jr_value *v, wit_docs *out)
{
    if (!v || v->kind == JR_NULL)
        return true;
    if (v->kind != JR_STRING)
        return bad(d, "docs must be a string");
    comp_str *line = comp_arena_alloc(d->arena, sizeof *line);
    if (!line)
        return comp_error_set(d->err, 0, "out of memory");
    *line = v->str;
    *out = (wit_docs){.lines = line, .count = 1, .normalized = true};
    return true;
}

static bool digits(comp_str s, uint32_t *i, uint64_t *out)
{
    uint32_t start = *i;
    uint64_t v = 0;
    while (*i < s.len && s.data[*i] >= '0' && s.data[*i] <= '9' && *i - start < 19)
        v = v * 10 + (uint64_t)(s.data[(*i)++] - '0');
    *out = v;
    return *i > start;
}

/* major.minor.patch[-pre][+build] */
static bool set_version(rd *d, const jr_value *v, wit_version *out)
{
    if (!v || v->kind != JR_STRING)
        return bad(d, "a version must be a string");
    wit_version ver = {.present = true, .text = v->str};
    comp_str s = v->str;
    uint32_t i = 0;
    if (!digits(s, &i, &ver.major) || i >= s.len || s.data[i++] != '.' ||
        !digits(s, &i, &ver.minor) || i >= s.len || s.data[i++] != '.' ||
        !digits(s, &i, &ver.patch))
        return bad(d, "malformed version");
    uint32_t plus = i;
    while (plus < s.len && s.data[plus] != '+')
        plus++;
    if (i < s.len && s.data[i] == '-')
        ver.pre = (comp_str){s.data + i + 1, plus - i - 1};
    else if (i != plus)
        return bad(d, "malformed version");
    if (plus < s.len)
        ver.build = (comp_str){s.data + plus + 1, s.len - plus - 1};
    *out = ver;
    return true;
}

static bool set_stability(rd *d, const jr_value *v, wit_stability *out)
{
    if (!v)
        return true;
    if (v->kind == JR_STRING && v->str.len == 7 && memcmp(v->str.data, "unknown", 7) == 0) {
        *out = (wit_stability){.kind = WIT_STABILITY_UNKNOWN};
        return true;
    }
    const jr_value *stable = jr_get(v, "stable"), *unstable = jr_get(v, "unstable");
    wit_stability s = {0};
    const jr_value *dep;
    if (stable) {
        s.kind = WIT_STABILITY_STABLE;
        if (!set_version(d, jr_get(stable, "since"), &s.since))
            return false;
        dep = jr_get(stable, "deprecated");
    } else if (unstable) {
        const jr_value *f = jr_get(unstable, "feature");
        if (!f || f->kind != JR_STRING)
            return bad(d, "an unstable gate needs a feature name");
        s.kind = WIT_STABILITY_UNSTABLE;
        s.feature = f->str;
        dep = jr_get(unstable, "deprecated");
    } else {
        return bad(d, "stability must be \"unknown\", {\"stable\": ...} or {\"unstable\": ...}");
    }
    if (dep && dep->kind != JR_NULL && !set_version(d, dep, &s.deprecated))
        return false;
    *out = s;
    return true;
}

/* Function metadata: a string (version 0: docs only) or {docs, stability}. */
static bool apply_func(rd *d, const jr_value *v, wit_docs *docs, wit_stability *st)
{
    if (v->kind == JR_STRING || v->kind == JR_NULL)
        return set_docs(d, v, docs);
    return set_docs(d, jr_get(v, "docs"), docs) && set_stability(d, jr_get(v, "stability"), st);
}

static bool apply_type(rd *d, const jr_value *v, uint32_t id)
{
    wit_rtype *t = &d->r->types[id];
    if (!set_docs(d, jr_get(v, "docs"), &t->docs) || !set_stability(d, jr_get(v, "stability"), &t->stability))
        return false;
    const jr_value *items = jr_get(v, "items");
    if (items && !spend(d, (uint64_t)items->count * t->field_count))
        return false;
    for (uint32_t i = 0; items && items->kind == JR_OBJECT && i < items->count; i++)
        for (uint32_t k = 0; k < t->field_count; k++)
            if (comp_str_eq(t->fields[k].name, items->keys[i]) &&
                !set_docs(d, &items->items[i], &t->fields[k].docs))
                return false;
    return true;
}

static bool apply_iface(rd *d, const jr_value *v, uint32_t id)
{
    wit_rinterface *f = &d->r->interfaces[id];
    if (!set_docs(d, jr_get(v, "docs"), &f->docs) || !set_stability(d, jr_get(v, "stability"), &f->stability))
        return false;
    const jr_value *funcs = jr_get(v, "funcs"), *types = jr_get(v, "types");
    if ((funcs && !spend(d, (uint64_t)funcs->count * f->func_count)) ||
        (types && !spend(d, (uint64_t)types->count * f->type_count)))
        return false;
    for (uint32_t i = 0; funcs && funcs->kind == JR_OBJECT && i < funcs->count; i++)
        for (uint32_t k = 0; k < f->func_count; k++)
            if (comp_str_eq(f->funcs[k].name, funcs->keys[i]) &&
                !apply_func(d, &funcs->items[i], &f->funcs[k].docs, &f->funcs[k].stability))
                return false;
    for (uint32_t i = 0; types && types->kind == JR_OBJECT && i < types->count; i++)
        for (uint32_t k = 0; k < f->type_count; k++)
            if (comp_str_eq(d->r->types[f->types[k]].name, types->keys[i]) &&
                !apply_type(d, &types->items[i], f->types[k]))
                return false;
    return true;
}

/* The item of that name (NAME keys) among `items`, or NULL. */
static wit_rworld_item *named_item(wit_rworld_item *items, uint32_t n, comp_str name, wit_item_kind kind)
{
    for (uint32_t i = 0; i < n; i++)
        if (items[i].key_kind == WIT_KEY_NAME && items[i].kind == kind &&
            comp_str_eq(items[i].name, name))
            return &items[i];
    return NULL;
}

static bool apply_world_map(rd *d, wit_rworld *w, const jr_value *map, wit_item_kind kind, bool exports_only)
{
    if (map && !spend(d, (uint64_t)map->count * (w->import_count + w->export_count)))
        return false;
    for (uint32_t i = 0; map && map->kind == JR_OBJECT && i < map->count; i++) {
        comp_str name = map->keys[i];
        const jr_value *v = &map->items[i];
        wit_rworld_item *e = exports_only ? NULL : named_item(w->imports, w->import_count, name, kind);
        if (!e && kind != WIT_ITEM_TYPE)
            e = named_item(w->exports, w->export_count, name, kind);
        if (!e)
            continue;
        bool ok = kind == WIT_ITEM_TYPE      ? apply_type(d, v, e->id)
                  : kind == WIT_ITEM_FUNCTION ? apply_func(d, v, &e->func.docs, &e->stability)
                  : apply_iface(d, v, e->id) && set_stability(d, jr_get(v, "stability"), &e->stability);
        if (!ok)
            return false;
        if (kind == WIT_ITEM_FUNCTION)
            e->func.stability = e->stability;
    }
    return true;
}

static bool apply_world_stability(rd *d, wit_rworld_item *items, uint32_t n, const jr_value *map)
{
    if (!map || map->kind != JR_OBJECT || !spend(d, (uint64_t)map->count * n))
        return true;
    for (uint32_t k = 0; k < n; k++) {
        if (items[k].key_kind != WIT_KEY_INTERFACE)
            continue;
        const wit_rinterface *f = &d->r->interfaces[items[k].id];
        comp_str id = wit_encode_item_id(d->r, f->package, f->name, d->arena);
        if (!id.data)
            return comp_error_set(d->err, 0, "out of memory");
        for (uint32_t i = 0; i < map->count; i++)
            if (comp_str_eq(id, map->keys[i]) && !set_stability(d, &map->items[i], &items[k].stability))
                return false;
    }
    return true;
}

static bool apply_world(rd *d, const jr_value *v, uint32_t id)
{
    wit_rworld *w = &d->r->worlds[id];
    return set_docs(d, jr_get(v, "docs"), &w->docs) &&
           set_stability(d, jr_get(v, "stability"), &w->stability) &&
           apply_world_map(d, w, jr_get(v, "interfaces"), WIT_ITEM_INTERFACE, false) &&
           apply_world_map(d, w, jr_get(v, "interface_exports"), WIT_ITEM_INTERFACE, true) &&
           apply_world_map(d, w, jr_get(v, "types"), WIT_ITEM_TYPE, false) &&
           apply_world_map(d, w, jr_get(v, "funcs"), WIT_ITEM_FUNCTION, false) &&
           apply_world_map(d, w, jr_get(v, "func_exports"), WIT_ITEM_FUNCTION, true) &&
           apply_world_stability(d, w->imports, w->import_count, jr_get(v, "interface_import_stability")) &&
           apply_world_stability(d, w->exports, w->export_count, jr_get(v, "interface_export_stability"));
}

bool package_docs_apply(wit_resolve *r, uint32_t pkg, const uint8_t *data, size_t len,
                        comp_arena *arena, comp_error *err)
{
    rd d = {r, arena, err, 0};
    if (!len || data[0] > SECTION_VERSION)
        return comp_error_set(err, 0, "package-docs section: expected version 0 or 1, got %s",
                              len ? "a newer one" : "nothing");
    jr_value root;
    if (!jr_parse(data + 1, len - 1, arena, &root, err)) {
        err->offset += 1;
        return false;
    }
    if (root.kind != JR_OBJECT)
        return bad(&d, "expected a JSON object");
    wit_rpackage *p = &r->packages[pkg];
    if (!set_docs(&d, jr_get(&root, "docs"), &p->docs))
        return false;
    const jr_value *worlds = jr_get(&root, "worlds"), *ifaces = jr_get(&root, "interfaces");
    if ((worlds && !spend(&d, (uint64_t)worlds->count * p->world_count)) ||
        (ifaces && !spend(&d, (uint64_t)ifaces->count * p->interface_count)))
        return false;
    for (uint32_t i = 0; worlds && worlds->kind == JR_OBJECT && i < worlds->count; i++)
        for (uint32_t k = 0; k < p->world_count; k++)
            if (comp_str_eq(r->worlds[p->worlds[k]].name, worlds->keys[i]) &&
                !apply_world(&d, &worlds->items[i], p->worlds[k]))
                return false;
    for (uint32_t i = 0; ifaces && ifaces->kind == JR_OBJECT && i < ifaces->count; i++)
        for (uint32_t k = 0; k < p->interface_count; k++)
            if (comp_str_eq(r->interfaces[p->interfaces[k]].name, ifaces->keys[i]) &&
                !apply_iface(&d, &ifaces->items[i], p->interfaces[k]))
                return false;
    return true;
}
