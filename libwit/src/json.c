/* The JSON dump of a resolved model, field for field in the serde form of
 * wit-parser's `Resolve` (see wit/json.h). Optional fields (docs,
 * stability, results) are left out when absent, as serde does. */
#include "wit/json.h"

#include <stdio.h>
#include <stdlib.h>

#include "json_writer.h"
#include "print_internal.h"

typedef struct jctx {
    const wit_resolve *r;
    wj w;
} jctx;

static const char *prim_name(wit_tref_kind k)
{
    static const char *const names[] = {
        [WIT_TREF_BOOL] = "bool", [WIT_TREF_U8] = "u8", [WIT_TREF_U16] = "u16",
        [WIT_TREF_U32] = "u32", [WIT_TREF_U64] = "u64", [WIT_TREF_S8] = "s8",
        [WIT_TREF_S16] = "s16", [WIT_TREF_S32] = "s32", [WIT_TREF_S64] = "s64",
        [WIT_TREF_F32] = "f32", [WIT_TREF_F64] = "f64", [WIT_TREF_CHAR] = "char",
        [WIT_TREF_STRING] = "string", [WIT_TREF_ERROR_CONTEXT] = "error-context",
    };
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : NULL;
}

/* A type: a primitive's name or a type id; `null` when absent. */
static void j_type(jctx *c, wit_tref t)
{
    const char *prim = prim_name(t.kind);
    if (prim)
        wj_cstring(&c->w, prim);
    else if (t.kind == WIT_TREF_ID)
        wj_uint(&c->w, t.id);
    else
        wj_null(&c->w);
}

static void j_docs(jctx *c, const wit_docs *d)
{
    comp_buf text = {0};
    if (!wp_docs_contents(d, &text)) {
        comp_buf_free(&text);
        return;
    }
    if (text.oom)
        c->w.out->oom = true;
    wj_key(&c->w, "docs");
    wj_begin(&c->w, '{');
    wj_key(&c->w, "contents");
    wj_string(&c->w, (comp_str){(const char *)text.data, (uint32_t)text.len});
    wj_end(&c->w, '}');
    comp_buf_free(&text);
}

static void j_stability(jctx *c, const wit_stability *s)
{
    if (s->kind == WIT_STABILITY_UNKNOWN)
        return;
    wj_key(&c->w, "stability");
    wj_begin(&c->w, '{');
    wj_key(&c->w, s->kind == WIT_STABILITY_STABLE ? "stable" : "unstable");
    wj_begin(&c->w, '{');
    if (s->kind == WIT_STABILITY_STABLE) {
        wj_key(&c->w, "since");
        wj_string(&c->w, s->since.text);
    } else {
        wj_key(&c->w, "feature");
        wj_string(&c->w, s->feature);
    }
    if (s->deprecated.present) {
        wj_key(&c->w, "deprecated");
        wj_string(&c->w, s->deprecated.text);
    }
    wj_end(&c->w, '}');
    wj_end(&c->w, '}');
}

static void j_function(jctx *c, const wit_rfunc *f)
{
    wj *w = &c->w;
    wj_begin(w, '{');
    wj_key(w, "name");
    wj_string(w, f->name);
    wj_key(w, "kind");
    if (f->kind == WIT_FUNC_FREESTANDING) {
        wj_cstring(w, f->is_async ? "async-freestanding" : "freestanding");
    } else {
        const char *k = f->kind == WIT_FUNC_CONSTRUCTOR ? "constructor"
                        : f->kind == WIT_FUNC_METHOD   ? (f->is_async ? "async-method" : "method")
                                                       : (f->is_async ? "async-static" : "static");
        wj_begin(w, '{');
        wj_key(w, k);
        wj_uint(w, f->resource);
        wj_end(w, '}');
    }
    wj_key(w, "params");
    wj_begin(w, '[');
    for (uint32_t i = 0; i < f->param_count; i++) {
        wj_begin(w, '{');
        wj_key(w, "name");
        wj_string(w, f->params[i].name);
        wj_key(w, "type");
        j_type(c, f->params[i].type);
        wj_end(w, '}');
    }
    wj_end(w, ']');
    if (f->result.kind != WIT_TREF_NONE) {
        wj_key(w, "result");
        j_type(c, f->result);
    }
    j_docs(c, &f->docs);
    j_stability(c, &f->stability);
    wj_end(w, '}');
}

/* ---- types ------------------------------------------------------------- */

/* `{"key": [fields...]}`: record fields, variant/enum cases, flags. */
static void j_fields(jctx *c, const wit_rtype *t, const char *key, bool typed, bool optional)
{
    wj *w = &c->w;
    wj_begin(w, '{');
    wj_key(w, key);
    wj_begin(w, '[');
    for (uint32_t i = 0; i < t->field_count; i++) {
        wj_begin(w, '{');
        wj_key(w, "name");
        wj_string(w, t->fields[i].name);
        if (typed) {
            wj_key(w, "type");
            if (optional && t->fields[i].type.kind == WIT_TREF_NONE)
                wj_null(w);
            else
                j_type(c, t->fields[i].type);
        }
        j_docs(c, &t->fields[i].docs);
        wj_end(w, '}');
    }
    wj_end(w, ']');
    wj_end(w, '}');
}

static void j_kind(jctx *c, const wit_rtype *t)
{
    wj *w = &c->w;
    if (t->kind == WIT_DEF_KIND_RESOURCE) {
        wj_cstring(w, "resource");
        return;
    }
    wj_begin(w, '{');
    switch (t->kind) {
    case WIT_DEF_KIND_ALIAS:
        wj_key(w, "type");
        j_type(c, t->a);
        break;
    case WIT_DEF_KIND_RECORD:
        wj_key(w, "record");
        j_fields(c, t, "fields", true, false);
        break;
    case WIT_DEF_KIND_VARIANT:
        wj_key(w, "variant");
        j_fields(c, t, "cases", true, true);
        break;
    case WIT_DEF_KIND_ENUM:
        wj_key(w, "enum");
        j_fields(c, t, "cases", false, false);
        break;
    case WIT_DEF_KIND_FLAGS:
        wj_key(w, "flags");
        j_fields(c, t, "flags", false, false);
        break;
    case WIT_DEF_KIND_OWN:
    case WIT_DEF_KIND_BORROW:
        wj_key(w, "handle");
        wj_begin(w, '{');
        wj_key(w, t->kind == WIT_DEF_KIND_OWN ? "own" : "borrow");
        j_type(c, t->a);
        wj_end(w, '}');
        break;
    case WIT_DEF_KIND_TUPLE:
        wj_key(w, "tuple");
        wj_begin(w, '{');
        wj_key(w, "types");
        wj_begin(w, '[');
        for (uint32_t i = 0; i < t->field_count; i++)
            j_type(c, t->fields[i].type);
        wj_end(w, ']');
        wj_end(w, '}');
        break;
    case WIT_DEF_KIND_LIST:
    case WIT_DEF_KIND_OPTION:
    case WIT_DEF_KIND_FUTURE:
    case WIT_DEF_KIND_STREAM:
        wj_key(w, t->kind == WIT_DEF_KIND_LIST     ? "list"
                  : t->kind == WIT_DEF_KIND_OPTION ? "option"
                  : t->kind == WIT_DEF_KIND_FUTURE ? "future"
                                                   : "stream");
        j_type(c, t->a);
        break;
    case WIT_DEF_KIND_FIXED_LIST:
    case WIT_DEF_KIND_MAP:
        wj_key(w, t->kind == WIT_DEF_KIND_MAP ? "map" : "fixed-length-list");
        wj_begin(w, '[');
        j_type(c, t->a);
        if (t->kind == WIT_DEF_KIND_MAP)
            j_type(c, t->b);
        else
            wj_uint(w, t->length);
        wj_end(w, ']');
        break;
    case WIT_DEF_KIND_RESULT:
        wj_key(w, "result");
        wj_begin(w, '{');
        wj_key(w, "ok");
        j_type(c, t->a);
        wj_key(w, "err");
        j_type(c, t->b);
        wj_end(w, '}');
        break;
    default:
        break;
    }
    wj_end(w, '}');
}

static void j_owner(jctx *c, wit_owner_kind kind, uint32_t id)
{
    if (kind == WIT_OWNER_NONE) {
        wj_null(&c->w);
        return;
    }
    wj_begin(&c->w, '{');
    wj_key(&c->w, kind == WIT_OWNER_INTERFACE ? "interface" : "world");
    wj_uint(&c->w, id);
    wj_end(&c->w, '}');
}

static void j_typedef(jctx *c, const wit_rtype *t)
{
    wj *w = &c->w;
    wj_begin(w, '{');
    wj_key(w, "name");
    if (t->name.data)
        wj_string(w, t->name);
    else
        wj_null(w);
    wj_key(w, "kind");
    j_kind(c, t);
    wj_key(w, "owner");
    j_owner(c, t->owner_kind, t->owner);
    j_docs(c, &t->docs);
    j_stability(c, &t->stability);
    wj_end(w, '}');
}

/* ---- interfaces, worlds, packages -------------------------------------- */

static void j_interface(jctx *c, uint32_t id)
{
    wj *w = &c->w;
    const wit_rinterface *f = &c->r->interfaces[id];
    wj_begin(w, '{');
    wj_key(w, "name");
    if (f->name.data)
        wj_string(w, f->name);
    else
        wj_null(w);
    wj_key(w, "types");
    wj_begin(w, '{');
    uint32_t *order = malloc((f->type_count ? f->type_count : 1) * sizeof *order);
    if (order && wp_order_types(c->r, f->types, f->type_count, WIT_OWNER_INTERFACE, id, order)) {
        for (uint32_t i = 0; i < f->type_count; i++) {
            wj_key_str(w, c->r->types[order[i]].name);
            wj_uint(w, order[i]);
        }
    } else {
        w->out->oom = true;
    }
    free(order);
    wj_end(w, '}');
    wj_key(w, "functions");
    wj_begin(w, '{');
    for (uint32_t i = 0; i < f->func_count; i++) {
        wj_key_str(w, f->funcs[i].name);
        j_function(c, &f->funcs[i]);
    }
    wj_end(w, '}');
    j_docs(c, &f->docs);
    j_stability(c, &f->stability);
    wj_key(w, "package");
    wj_uint(w, f->package);
    wj_end(w, '}');
}

/* wit-parser keeps a world's imports grouped: interfaces, `use`d types,
 * other types, functions, resource functions. */
static int item_class(const wit_resolve *r, const wit_rworld_item *e)
{
    if (e->kind == WIT_ITEM_INTERFACE)
        return 0;
    if (e->kind == WIT_ITEM_TYPE)
        return e->id < r->type_count && wp_type_is_import(r, e->id) ? 1 : 2;
    return e->func.kind == WIT_FUNC_FREESTANDING ? 3 : 4;
}

static void j_world_items(jctx *c, const wit_rworld_item *items, uint32_t n)
{
    wj *w = &c->w;
    wj_begin(w, '{');
    for (uint32_t i = 0; i < 5 * n; i++) {
        const wit_rworld_item *e = &items[i % n];
        if (item_class(c->r, e) != (int)(i / n))
            continue;
        if (e->key_kind == WIT_KEY_NAME) {
            wj_key_str(w, e->name);
        } else {
            char key[32];
            snprintf(key, sizeof key, "interface-%u", (unsigned)e->id);
            wj_key(w, key);
        }
        wj_begin(w, '{');
        if (e->kind == WIT_ITEM_FUNCTION) {
            wj_key(w, "function");
            j_function(c, &e->func);
        } else if (e->kind == WIT_ITEM_TYPE) {
            wj_key(w, "type");
            wj_uint(w, e->id);
        } else {
            wj_key(w, "interface");
            wj_begin(w, '{');
            wj_key(w, "id");
            wj_uint(w, e->id);
            j_stability(c, &e->stability);
            if (e->external_id.data) {
                wj_key(w, "external_id");
                wj_string(w, e->external_id);
            }
            j_docs(c, &e->docs);
            wj_end(w, '}');
        }
        wj_end(w, '}');
    }
    wj_end(w, '}');
}

static void j_world(jctx *c, const wit_rworld *wd)
{
    wj *w = &c->w;
    wj_begin(w, '{');
    wj_key(w, "name");
    wj_string(w, wd->name);
    wj_key(w, "imports");
    j_world_items(c, wd->imports, wd->import_count);
    wj_key(w, "exports");
    j_world_items(c, wd->exports, wd->export_count);
    wj_key(w, "package");
    wj_uint(w, wd->package);
    j_docs(c, &wd->docs);
    j_stability(c, &wd->stability);
    wj_end(w, '}');
}

static void j_package(jctx *c, uint32_t id)
{
    wj *w = &c->w;
    const wit_rpackage *p = &c->r->packages[id];
    wj_begin(w, '{');
    wj_key(w, "name");
    wj_string(w, p->full_name);
    j_docs(c, &p->docs);
    wj_key(w, "interfaces");
    wj_begin(w, '{');
    uint32_t *order = malloc((p->interface_count ? p->interface_count : 1) * sizeof *order);
    if (order && wp_order_interfaces(c->r, id, order)) {
        for (uint32_t i = 0; i < p->interface_count; i++) {
            wj_key_str(w, c->r->interfaces[order[i]].name);
            wj_uint(w, order[i]);
        }
    } else {
        w->out->oom = true;
    }
    free(order);
    wj_end(w, '}');
    wj_key(w, "worlds");
    wj_begin(w, '{');
    for (uint32_t i = 0; i < p->world_count; i++) {
        wj_key_str(w, c->r->worlds[p->worlds[i]].name);
        wj_uint(w, p->worlds[i]);
    }
    wj_end(w, '}');
    wj_end(w, '}');
}

bool wit_json_write(const wit_resolve *r, comp_buf *out)
{
    jctx c = {.r = r, .w = {.out = out}};
    wj *w = &c.w;
    wj_begin(w, '{');
    wj_key(w, "worlds");
    wj_begin(w, '[');
    for (uint32_t i = 0; i < r->world_count; i++)
        j_world(&c, &r->worlds[i]);
    wj_end(w, ']');
    wj_key(w, "interfaces");
    wj_begin(w, '[');
    for (uint32_t i = 0; i < r->interface_count; i++)
        j_interface(&c, i);
    wj_end(w, ']');
    wj_key(w, "types");
    wj_begin(w, '[');
    for (uint32_t i = 0; i < r->type_count; i++)
        j_typedef(&c, &r->types[i]);
    wj_end(w, ']');
    wj_key(w, "packages");
    wj_begin(w, '[');
    for (uint32_t i = 0; i < r->package_count; i++)
        j_package(&c, i);
    wj_end(w, ']');
    wj_end(w, '}');
    comp_buf_byte(out, '\n');
    return !out->oom;
}
