/* Core import and export names as wit-component reads them. */
#include "cnew/cnew_internal.h"

#include <string.h>

#include "wit/encode.h"

static bool str_eq(comp_str a, comp_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

static bool has_prefix(comp_str s, const char *prefix, comp_str *rest)
{
    size_t n = strlen(prefix);
    if (s.len < n || memcmp(s.data, prefix, n) != 0)
        return false;
    rest->data = s.data + n;
    rest->len = s.len - (uint32_t)n;
    return true;
}

static const wit_rworld_item *find_exact_item(const wit_resolve *r, const wit_rworld_item *items, uint32_t n,
                                              comp_str name, comp_arena *scratch);

/* The world item (imports or exports) whose name is `name`, or else one
 * whose version is semver-compatible (merged worlds keep the newest). */
static const wit_rworld_item *find_item(const wit_resolve *r, const wit_rworld_item *items, uint32_t n,
                                        comp_str name, comp_arena *scratch)
{
    const wit_rworld_item *exact = find_exact_item(r, items, n, name, scratch);
    if (exact)
        return exact;
    char want_buf[512], have_buf[512];
    comp_str want = cn_semver_track(name, want_buf, sizeof want_buf);
    if (want.data == name.data)
        return NULL;
    for (uint32_t i = 0; i < n; i++) {
        const wit_rworld_item *it = &items[i];
        if (it->kind != WIT_ITEM_INTERFACE || it->key_kind != WIT_KEY_INTERFACE)
            continue;
        const wit_rinterface *in = &r->interfaces[it->id];
        comp_str id = wit_encode_item_id(r, in->package, in->name, scratch);
        comp_str have = id.data ? cn_semver_track(id, have_buf, sizeof have_buf) : id;
        if (have.data && str_eq(have, want))
            return it;
    }
    return NULL;
}

static const wit_rworld_item *find_exact_item(const wit_resolve *r, const wit_rworld_item *items, uint32_t n,
                                              comp_str name, comp_arena *scratch)
{
    for (uint32_t i = 0; i < n; i++) {
        const wit_rworld_item *it = &items[i];
        if (it->kind != WIT_ITEM_INTERFACE)
            continue;
        if (it->key_kind == WIT_KEY_NAME) {
            if (str_eq(it->name, name))
                return it;
            continue;
        }
        const wit_rinterface *in = &r->interfaces[it->id];
        comp_str id = wit_encode_item_id(r, in->package, in->name, scratch);
        if (id.data && str_eq(id, name))
            return it;
    }
    return NULL;
}

static const wit_rfunc *find_func(const wit_rinterface *in, comp_str name)
{
    for (uint32_t i = 0; i < in->func_count; i++)
        if (str_eq(in->funcs[i].name, name))
            return &in->funcs[i];
    return NULL;
}

uint32_t cn_find_resource(const wit_resolve *r, uint32_t world, uint32_t iface, comp_str name)
{
    const uint32_t *types;
    uint32_t n;
    if (iface != WIT_NO_ID) {
        types = r->interfaces[iface].types;
        n = r->interfaces[iface].type_count;
    } else {
        types = r->worlds[world].types;
        n = r->worlds[world].type_count;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!str_eq(r->types[types[i]].name, name))
            continue;
        uint32_t d = wit_resolve_deref(r, types[i]);
        if (d != WIT_NO_ID && r->types[d].kind == WIT_DEF_KIND_RESOURCE)
            return d;
    }
    return WIT_NO_ID;
}

static bool resource_form(comp_str name, cn_func_form *form, comp_str *rest)
{
    if (has_prefix(name, "[resource-drop]", rest))
        *form = CN_FORM_RESOURCE_DROP;
    else if (has_prefix(name, "[resource-new]", rest))
        *form = CN_FORM_RESOURCE_NEW;
    else if (has_prefix(name, "[resource-rep]", rest))
        *form = CN_FORM_RESOURCE_REP;
    else
        return false;
    return true;
}

/* `[export]I` `[resource-new]R` (and -rep, -drop): the intrinsics of a
 * resource R of exported interface I, which the component defines. */
static bool find_exported_resource(const cn_world *w, comp_str iface, comp_str name, cn_target *out,
                                   const char **why)
{
    const wit_resolve *r = w->r;
    const wit_rworld *world = &r->worlds[w->world];
    comp_str rest;
    if (!resource_form(name, &out->form, &rest)) {
        *why = "only [resource-new], [resource-rep] and [resource-drop] come from `[export]` modules";
        return false;
    }
    if (cn_str_eq(iface, "$root")) {
        *why = "resources of the world itself are not supported yet";
        return false;
    }
    comp_arena scratch;
    comp_arena_init(&scratch);
    const wit_rworld_item *it = find_item(r, world->exports, world->export_count, iface, &scratch);
    comp_arena_free(&scratch);
    if (!it) {
        *why = "the world does not export that interface";
        return false;
    }
    out->item = it;
    out->iface = it->id;
    out->exported = true;
    out->resource = cn_find_resource(r, w->world, it->id, rest);
    if (out->resource == WIT_NO_ID || r->types[out->resource].owner_kind != WIT_OWNER_INTERFACE ||
        r->types[out->resource].owner != it->id) {
        *why = "the exported interface defines no such resource";
        return false;
    }
    return true;
}

bool cn_find_import(const cn_world *w, comp_str module, comp_str name, cn_target *out,
                    const char **why)
{
    memset(out, 0, sizeof *out);
    out->iface = WIT_NO_ID;
    out->resource = WIT_NO_ID;
    if (!w->r) {
        *why = "the module has no component-type metadata describing its imports";
        return false;
    }
    const wit_resolve *r = w->r;
    const wit_rworld *world = &r->worlds[w->world];
    comp_str rest;
    comp_str exported_iface;
    if (has_prefix(module, "[export]", &exported_iface))
        return find_exported_resource(w, exported_iface, name, out, why);
    if (cn_str_eq(module, "$root")) {
        if (resource_form(name, &out->form, &rest)) {
            out->resource = cn_find_resource(r, w->world, WIT_NO_ID, rest);
            if (out->resource == WIT_NO_ID || out->form != CN_FORM_RESOURCE_DROP) {
                *why = "the world has no such resource";
                return false;
            }
            return true;
        }
        for (uint32_t i = 0; i < world->import_count; i++)
            if (world->imports[i].kind == WIT_ITEM_FUNCTION && str_eq(world->imports[i].func.name, name)) {
                out->item = &world->imports[i];
                out->func = &world->imports[i].func;
                return true;
            }
        *why = "the world imports no function of that name";
        return false;
    }
    comp_arena scratch;
    comp_arena_init(&scratch);
    const wit_rworld_item *it = find_item(r, world->imports, world->import_count, module, &scratch);
    comp_arena_free(&scratch);
    if (!it) {
        *why = "the world does not import that interface";
        return false;
    }
    out->item = it;
    out->iface = it->id;
    const wit_rinterface *in = &r->interfaces[it->id];
    if (resource_form(name, &out->form, &rest)) {
        out->resource = cn_find_resource(r, w->world, it->id, rest);
        if (out->resource == WIT_NO_ID || out->form != CN_FORM_RESOURCE_DROP) {
            *why = out->resource == WIT_NO_ID ? "the interface has no such resource"
                                              : "only exported resources have [resource-new] and [resource-rep]";
            return false;
        }
        return true;
    }
    out->func = find_func(in, name);
    if (!out->func) {
        *why = "the interface has no function of that name";
        return false;
    }
    return true;
}

bool cn_find_export(const cn_world *w, comp_str name, cn_target *out)
{
    memset(out, 0, sizeof *out);
    out->iface = WIT_NO_ID;
    out->resource = WIT_NO_ID;
    if (!w->r)
        return false;
    const wit_resolve *r = w->r;
    const wit_rworld *world = &r->worlds[w->world];
    const char *hash = memchr(name.data, '#', name.len);
    if (!hash) {
        for (uint32_t i = 0; i < world->export_count; i++)
            if (world->exports[i].kind == WIT_ITEM_FUNCTION && str_eq(world->exports[i].func.name, name)) {
                out->item = &world->exports[i];
                out->func = &world->exports[i].func;
                return true;
            }
        return false;
    }
    comp_str iface = {name.data, (uint32_t)(hash - name.data)};
    comp_str fname = {hash + 1, name.len - iface.len - 1};
    comp_arena scratch;
    comp_arena_init(&scratch);
    const wit_rworld_item *it = find_item(r, world->exports, world->export_count, iface, &scratch);
    comp_arena_free(&scratch);
    if (!it)
        return false;
    out->item = it;
    out->iface = it->id;
    out->func = find_func(&r->interfaces[it->id], fname);
    return out->func != NULL;
}

comp_str cn_export_name(const wit_resolve *r, uint32_t iface, const wit_rfunc *f, comp_arena *arena)
{
    if (iface == WIT_NO_ID)
        return f->name;
    const wit_rinterface *in = &r->interfaces[iface];
    comp_str id = in->name.data ? wit_encode_item_id(r, in->package, in->name, arena) : (comp_str){NULL, 0};
    comp_buf b = {0};
    comp_buf_append(&b, id.data, id.len);
    comp_buf_byte(&b, '#');
    comp_buf_append(&b, f->name.data, f->name.len);
    comp_str s = {NULL, 0};
    if (!b.oom && (s.data = comp_arena_strndup(arena, (const char *)b.data, b.len)))
        s.len = (uint32_t)b.len;
    comp_buf_free(&b);
    return s;
}
