#include "encode_world.h"

#include <string.h>

#include "encode_dedup.h"
#include "encode_util.h"
#include "wit_order.h"

/* Bound on declarations in one component or instance type. */
enum { MAX_DECLS = 1u << 20 };

/* One type being built: the outer component type or an instance type. */
typedef struct scope {
    xvec decls;             /* comp_decl */
    uint32_t type_count;
    u32map type_map;        /* wit type id -> type index here */
    dedup_table dedup;      /* anonymous and function types */
} scope;

typedef struct enc {
    const wit_resolve *r;
    comp_arena *arena;
    comp_error *err;
    scope outer;
    scope inner;
    bool in_inner;
    uint32_t iface;         /* interface being encoded, or WIT_NO_ID */
    bool import_types;      /* world-level types become imports */
    u32map import_map;      /* interface id -> outer instance index */
    u32map outer_aliases;   /* wit type id -> outer type index */
    uint32_t instances;
    uint32_t depth;
} enc;

static bool oom(enc *e)
{
    return comp_error_set(e->err, 0, "out of memory while encoding WIT");
}

static scope *cur(enc *e)
{
    return e->in_inner ? &e->inner : &e->outer;
}

static comp_decl *push_decl(enc *e, scope *s, uint8_t kind)
{
    comp_decl *d = xvec_push(e->arena, &s->decls, sizeof(comp_decl), MAX_DECLS);
    if (d)
        d->kind = kind;
    return d;
}


/* Adds a type definition to the current scope; anonymous types and
 * function types are shared when an equal one exists. */
static bool define(enc *e, comp_type *t, bool share, uint32_t *index)
{
    scope *s = cur(e);
    if (share) {
        uint32_t found = dedup_find(&s->dedup, t);
        if (found != UINT32_MAX) {
            *index = found;
            return true;
        }
    }
    comp_decl *d = push_decl(e, s, COMP_DECL_TYPE);
    if (!d)
        return oom(e);
    d->type = t;
    *index = s->type_count++;
    if (share && !dedup_add(e->arena, &s->dedup, t, *index))
        return oom(e);
    return true;
}

static comp_type *new_type(enc *e, uint8_t kind)
{
    comp_type *t = comp_arena_alloc(e->arena, sizeof *t);
    if (t)
        t->kind = kind;
    return t;
}

static const uint8_t prim_bytes[] = {
    [WIT_TREF_BOOL] = COMP_PRIM_BOOL,
    [WIT_TREF_U8] = COMP_PRIM_U8, [WIT_TREF_U16] = COMP_PRIM_U16,
    [WIT_TREF_U32] = COMP_PRIM_U32, [WIT_TREF_U64] = COMP_PRIM_U64,
    [WIT_TREF_S8] = COMP_PRIM_S8, [WIT_TREF_S16] = COMP_PRIM_S16,
    [WIT_TREF_S32] = COMP_PRIM_S32, [WIT_TREF_S64] = COMP_PRIM_S64,
    [WIT_TREF_F32] = COMP_PRIM_F32, [WIT_TREF_F64] = COMP_PRIM_F64,
    [WIT_TREF_CHAR] = COMP_PRIM_CHAR,
    [WIT_TREF_STRING] = COMP_PRIM_STRING,
    [WIT_TREF_ERROR_CONTEXT] = COMP_PRIM_ERROR_CONTEXT,
};

static bool valtype(enc *e, wit_tref t, comp_cvaltype *out);

/* A type exported (or, for world types, imported) under `name`. */
static bool export_type(enc *e, comp_str name, comp_externtype et, uint32_t *index)
{
    scope *s = cur(e);
    comp_decl *d = push_decl(e, s, !e->in_inner && e->import_types ? COMP_DECL_IMPORT : COMP_DECL_EXPORT);
    if (!d)
        return oom(e);
    d->name.name = name;
    d->extern_type = et;
    *index = s->type_count++;
    return true;
}

/* A type of interface `owner` seen from another scope: aliased out of the
 * owner's instance in the outer type, then (inside an instance type)
 * through an outer alias. */
static bool import_type(enc *e, uint32_t owner, uint32_t id, uint32_t *index)
{
    uint32_t outer_idx = u32map_get(&e->outer_aliases, id);
    if (outer_idx == UINT32_MAX) {
        uint32_t instance = u32map_get(&e->import_map, owner);
        if (instance == UINT32_MAX)
            return comp_error_set(e->err, 0, "type `%.*s` is used from interface `%.*s`, which is not imported",
                                  (int)e->r->types[id].name.len, e->r->types[id].name.data,
                                  (int)e->r->interfaces[owner].name.len, e->r->interfaces[owner].name.data);
        comp_decl *d = push_decl(e, &e->outer, COMP_DECL_ALIAS);
        if (!d)
            return oom(e);
        d->alias.sort.sort = COMP_SORT_TYPE;
        d->alias.target = COMP_ALIAS_EXPORT;
        d->alias.instance = instance;
        d->alias.name = e->r->types[id].name;
        outer_idx = e->outer.type_count++;
        if (!u32map_put(e->arena, &e->outer_aliases, id, outer_idx))
            return oom(e);
    }
    if (!e->in_inner) {
        *index = outer_idx;
        return true;
    }
    comp_decl *d = push_decl(e, &e->inner, COMP_DECL_ALIAS);
    if (!d)
        return oom(e);
    d->alias.sort.sort = COMP_SORT_TYPE;
    d->alias.target = COMP_ALIAS_OUTER;
    d->alias.outer_count = 1;
    d->alias.outer_index = outer_idx;
    *index = e->inner.type_count++;
    return true;
}

static bool opt_valtype(enc *e, wit_tref t, bool *has, comp_cvaltype *out)
{
    *has = t.kind != WIT_TREF_NONE;
    return !*has || valtype(e, t, out);
}

/* Encodes the structure of type `id` (not its name). Returns the valtype
 * in *out; `share` says whether an equal definition may be reused. */
static bool structure(enc *e, uint32_t id, bool share, comp_cvaltype *out)
{
    const wit_rtype *t = &e->r->types[id];
    comp_type *ty = NULL;
    switch (t->kind) {
    case WIT_DEF_KIND_ALIAS:
        if (t->a.kind == WIT_TREF_ID && !e->r->types[t->a.id].name.data)
            return structure(e, t->a.id, false, out);
        return valtype(e, t->a, out);
    case WIT_DEF_KIND_RECORD:
    case WIT_DEF_KIND_VARIANT:
    case WIT_DEF_KIND_TUPLE: {
        uint32_t n = t->field_count;
        comp_cvaltype *vts = comp_arena_array(e->arena, n ? n : 1, sizeof *vts);
        bool *has = comp_arena_array(e->arena, n ? n : 1, sizeof *has);
        if (!vts || !has)
            return oom(e);
        for (uint32_t i = 0; i < n; i++)
            if (!opt_valtype(e, t->fields[i].type, &has[i], &vts[i]))
                return false;
        if (t->kind == WIT_DEF_KIND_RECORD) {
            ty = new_type(e, COMP_TYPE_RECORD);
            comp_labelvaltype *f = comp_arena_array(e->arena, n ? n : 1, sizeof *f);
            if (!ty || !f)
                return oom(e);
            for (uint32_t i = 0; i < n; i++)
                f[i] = (comp_labelvaltype){t->fields[i].name, vts[i]};
            ty->u.record.fields = f;
            ty->u.record.field_count = n;
        } else if (t->kind == WIT_DEF_KIND_VARIANT) {
            ty = new_type(e, COMP_TYPE_VARIANT);
            comp_case *c = comp_arena_array(e->arena, n ? n : 1, sizeof *c);
            if (!ty || !c)
                return oom(e);
            for (uint32_t i = 0; i < n; i++)
                c[i] = (comp_case){t->fields[i].name, has[i], vts[i]};
            ty->u.variant.cases = c;
            ty->u.variant.case_count = n;
        } else {
            ty = new_type(e, COMP_TYPE_TUPLE);
            if (!ty)
                return oom(e);
            ty->u.tuple.types = vts;
            ty->u.tuple.type_count = n;
        }
        break;
    }
    case WIT_DEF_KIND_ENUM:
    case WIT_DEF_KIND_FLAGS: {
        ty = new_type(e, t->kind == WIT_DEF_KIND_ENUM ? COMP_TYPE_ENUM : COMP_TYPE_FLAGS);
        comp_str *labels = comp_arena_array(e->arena, t->field_count ? t->field_count : 1, sizeof *labels);
        if (!ty || !labels)
            return oom(e);
        for (uint32_t i = 0; i < t->field_count; i++)
            labels[i] = t->fields[i].name;
        ty->u.labels.labels = labels;
        ty->u.labels.label_count = t->field_count;
        break;
    }
    case WIT_DEF_KIND_RESOURCE:
        return comp_error_set(e->err, 0, "resource `%.*s` reached without a name", (int)t->name.len, t->name.data);
    case WIT_DEF_KIND_OWN:
    case WIT_DEF_KIND_BORROW: {
        comp_cvaltype r;
        if (!valtype(e, t->a, &r))
            return false;
        ty = new_type(e, t->kind == WIT_DEF_KIND_OWN ? COMP_TYPE_OWN : COMP_TYPE_BORROW);
        if (!ty)
            return oom(e);
        ty->u.resource = r.index;
        break;
    }
    case WIT_DEF_KIND_LIST:
    case WIT_DEF_KIND_FIXED_LIST:
    case WIT_DEF_KIND_OPTION: {
        comp_cvaltype el;
        if (!valtype(e, t->a, &el))
            return false;
        ty = new_type(e, t->kind == WIT_DEF_KIND_LIST ? COMP_TYPE_LIST
                         : t->kind == WIT_DEF_KIND_FIXED_LIST ? COMP_TYPE_FIXED_LIST : COMP_TYPE_OPTION);
        if (!ty)
            return oom(e);
        if (t->kind == WIT_DEF_KIND_OPTION)
            ty->u.option = el;
        else
            ty->u.list.elem = el, ty->u.list.length = t->kind == WIT_DEF_KIND_FIXED_LIST ? t->length : 0;
        break;
    }
    case WIT_DEF_KIND_RESULT:
        ty = new_type(e, COMP_TYPE_RESULT);
        if (!ty)
            return oom(e);
        if (!opt_valtype(e, t->a, &ty->u.result.has_ok, &ty->u.result.ok) ||
            !opt_valtype(e, t->b, &ty->u.result.has_err, &ty->u.result.err))
            return false;
        break;
    case WIT_DEF_KIND_MAP:
        ty = new_type(e, COMP_TYPE_MAP);
        if (!ty)
            return oom(e);
        if (!valtype(e, t->a, &ty->u.map.key) || !valtype(e, t->b, &ty->u.map.value))
            return false;
        break;
    case WIT_DEF_KIND_FUTURE:
    case WIT_DEF_KIND_STREAM:
        ty = new_type(e, t->kind == WIT_DEF_KIND_FUTURE ? COMP_TYPE_FUTURE : COMP_TYPE_STREAM);
        if (!ty)
            return oom(e);
        if (!opt_valtype(e, t->a, &ty->u.async.has_payload, &ty->u.async.payload))
            return false;
        break;
    }
    if (!ty)
        return comp_error_set(e->err, 0, "unknown kind of type definition %d", (int)t->kind);
    *out = (comp_cvaltype){0, 0};
    return define(e, ty, share, &out->index);
}

static bool valtype_id(enc *e, uint32_t id, comp_cvaltype *out)
{
    const wit_rtype *t = &e->r->types[id];
    uint32_t known = u32map_get(&cur(e)->type_map, id);
    if (known != UINT32_MAX) {
        *out = (comp_cvaltype){0, known};
        return true;
    }
    if (t->name.data && t->owner_kind == WIT_OWNER_INTERFACE && t->owner != e->iface) {
        if (!import_type(e, t->owner, id, &out->index))
            return false;
        out->prim = 0;
        return u32map_put(e->arena, &cur(e)->type_map, id, out->index) || oom(e);
    }
    if (t->kind == WIT_DEF_KIND_RESOURCE) {
        uint32_t index;
        comp_externtype et = {.kind = COMP_SORT_TYPE, .bound = COMP_BOUND_SUB_RESOURCE};
        if (!export_type(e, t->name, et, &index))
            return false;
        *out = (comp_cvaltype){0, index};
        return u32map_put(e->arena, &cur(e)->type_map, id, index) || oom(e);
    }
    if (!structure(e, id, !t->name.data, out))
        return false;
    if (t->name.data) {
        if (out->prim) {
            comp_type *p = new_type(e, out->prim);
            if (!p)
                return oom(e);
            if (!define(e, p, false, &out->index))
                return false;
            out->prim = 0;
        }
        comp_externtype et = {.kind = COMP_SORT_TYPE, .bound = COMP_BOUND_EQ, .index = out->index};
        if (!export_type(e, t->name, et, &out->index))
            return false;
    }
    if (!out->prim && !u32map_put(e->arena, &cur(e)->type_map, id, out->index))
        return oom(e);
    return true;
}

static bool valtype(enc *e, wit_tref t, comp_cvaltype *out)
{
    if (t.kind == WIT_TREF_ID) {
        if (t.id >= e->r->type_count)
            return comp_error_set(e->err, 0, "type id %u out of range", t.id);
        if (++e->depth > WIT_ENCODE_MAX_DEPTH)
            return comp_error_set(e->err, 0, "types nest deeper than %d", WIT_ENCODE_MAX_DEPTH);
        bool ok = valtype_id(e, t.id, out);
        e->depth--;
        return ok;
    }
    if ((size_t)t.kind >= sizeof prim_bytes || !prim_bytes[t.kind])
        return comp_error_set(e->err, 0, "missing type where a value type is required");
    *out = (comp_cvaltype){prim_bytes[t.kind], 0};
    return true;
}

static bool func_type(enc *e, const wit_rfunc *f, uint32_t *index)
{
    comp_type *ty = new_type(e, f->is_async ? COMP_TYPE_ASYNC_FUNC : COMP_TYPE_FUNC);
    comp_labelvaltype *ps = comp_arena_array(e->arena, f->param_count ? f->param_count : 1, sizeof *ps);
    if (!ty || !ps)
        return oom(e);
    for (uint32_t i = 0; i < f->param_count; i++) {
        ps[i].label = f->params[i].name;
        if (!valtype(e, f->params[i].type, &ps[i].type))
            return false;
    }
    ty->u.func.params = ps;
    ty->u.func.param_count = f->param_count;
    if (!opt_valtype(e, f->result, &ty->u.func.has_result, &ty->u.func.result))
        return false;
    return define(e, ty, true, index);
}

static void push_inner(enc *e)
{
    memset(&e->inner, 0, sizeof e->inner);
    e->in_inner = true;
}

/* Ends the instance type and adds it to the outer type. */
static bool pop_inner(enc *e, uint32_t *index)
{
    comp_type *ty = new_type(e, COMP_TYPE_INSTANCE);
    if (!ty)
        return oom(e);
    ty->u.decls.decls = e->inner.decls.data;
    ty->u.decls.decl_count = e->inner.decls.count;
    e->in_inner = false;
    return define(e, ty, false, index);
}

/* The types of interface `id` in wit-parser's order (`use`s first, then
 * definitions by dependency): wit-component encodes them in that order,
 * so a type is defined where the sorted list reaches it, not where the
 * source happened to write it. */
static bool iface_types(enc *e, uint32_t id, uint32_t **out)
{
    const wit_rinterface *in = &e->r->interfaces[id];
    uint32_t *order = comp_arena_array(e->arena, in->type_count ? in->type_count : 1, sizeof *order);
    if (!order || !wp_order_types(e->r, in->types, in->type_count, WIT_OWNER_INTERFACE, id, order))
        return oom(e);
    *out = order;
    return true;
}

/* Position of each function in wit-component's order: functions of a
 * resource follow the order of their resources among the interface's
 * (sorted) types; freestanding functions come last; ties keep source
 * order. */
static bool func_order(enc *e, const wit_rinterface *in, const uint32_t *types, uint32_t *order)
{
    u32map pos = {0};
    for (uint32_t i = 0; i < in->type_count; i++)
        if (u32map_get(&pos, types[i]) == UINT32_MAX && !u32map_put(e->arena, &pos, types[i], i))
            return oom(e);
    uint32_t *key = comp_arena_array(e->arena, in->func_count ? in->func_count : 1, sizeof *key);
    if (!key)
        return oom(e);
    for (uint32_t i = 0; i < in->func_count; i++) {
        const wit_rfunc *f = &in->funcs[i];
        uint32_t p = f->kind == WIT_FUNC_FREESTANDING ? UINT32_MAX : u32map_get(&pos, f->resource);
        key[i] = p == UINT32_MAX ? in->type_count : p;
        order[i] = i;
    }
    /* Insertion sort is stable; merge into runs would be faster, but the
     * order is almost sorted already (resources come first in practice). */
    for (uint32_t i = 1; i < in->func_count; i++) {
        uint32_t v = order[i], j = i;
        while (j > 0 && key[order[j - 1]] > key[v]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    return true;
}

/* The instance type of interface `id` with all its types and functions. */
static bool instance_type(enc *e, uint32_t id, uint32_t *index)
{
    const wit_rinterface *in = &e->r->interfaces[id];
    uint32_t *types;
    if (!iface_types(e, id, &types))
        return false;
    push_inner(e);
    e->iface = id;
    for (uint32_t i = 0; i < in->type_count; i++) {
        comp_cvaltype v;
        if (!valtype(e, (wit_tref){WIT_TREF_ID, types[i]}, &v))
            return false;
    }
    uint32_t *order = comp_arena_array(e->arena, in->func_count ? in->func_count : 1, sizeof *order);
    if (!order)
        return oom(e);
    if (!func_order(e, in, types, order))
        return false;
    for (uint32_t i = 0; i < in->func_count; i++) {
        const wit_rfunc *f = &in->funcs[order[i]];
        uint32_t ft;
        if (!func_type(e, f, &ft))
            return false;
        comp_decl *d = push_decl(e, &e->inner, COMP_DECL_EXPORT);
        if (!d)
            return oom(e);
        d->name.name = f->name;
        d->extern_type = (comp_externtype){.kind = COMP_SORT_FUNC, .index = ft};
    }
    if (!pop_inner(e, index))
        return false;
    if (!u32map_put(e->arena, &e->import_map, id, e->instances++))
        return oom(e);
    return true;
}

comp_str wit_encode_item_id(const wit_resolve *r, uint32_t pkg, comp_str name, comp_arena *arena)
{
    const wit_package_name *n = &r->packages[pkg].name;
    comp_buf b = {0};
    for (uint32_t i = 0; i < n->namespace_count; i++) {
        comp_buf_append(&b, n->namespaces[i].name.data, n->namespaces[i].name.len);
        comp_buf_byte(&b, ':');
    }
    comp_buf_append(&b, n->name.name.data, n->name.name.len);
    for (uint32_t i = 0; i < n->nested_count; i++) {
        comp_buf_byte(&b, '/');
        comp_buf_append(&b, n->nested[i].name.data, n->nested[i].name.len);
    }
    comp_buf_byte(&b, '/');
    comp_buf_append(&b, name.data, name.len);
    if (n->version.present) {
        comp_buf_byte(&b, '@');
        comp_buf_append(&b, n->version.text.data, n->version.text.len);
    }
    comp_str s = {NULL, 0};
    if (!b.oom) {
        s.data = comp_arena_strndup(arena, (const char *)b.data, b.len);
        s.len = s.data ? (uint32_t)b.len : 0;
    }
    comp_buf_free(&b);
    return s;
}

static bool item_key(enc *e, const wit_rworld_item *it, comp_str *out)
{
    if (it->key_kind == WIT_KEY_NAME) {
        *out = it->name;
        return true;
    }
    const wit_rinterface *in = &e->r->interfaces[it->id];
    *out = wit_encode_item_id(e->r, in->package, in->name, e->arena);
    return out->data || oom(e);
}

static bool world_item(enc *e, const wit_rworld_item *it, bool is_import)
{
    comp_externtype et = {0};
    e->iface = WIT_NO_ID;
    switch (it->kind) {
    case WIT_ITEM_INTERFACE:
        if (it->id >= e->r->interface_count)
            return comp_error_set(e->err, 0, "interface id %u out of range", it->id);
        et.kind = COMP_SORT_INSTANCE;
        if (!instance_type(e, it->id, &et.index))
            return false;
        break;
    case WIT_ITEM_FUNCTION:
        et.kind = COMP_SORT_FUNC;
        if (!func_type(e, &it->func, &et.index))
            return false;
        break;
    case WIT_ITEM_TYPE: {
        if (!is_import || it->id >= e->r->type_count)
            return comp_error_set(e->err, 0, "a world can only import types");
        comp_cvaltype v;
        e->import_types = true;
        bool ok = valtype(e, (wit_tref){WIT_TREF_ID, it->id}, &v);
        e->import_types = false;
        return ok;
    }
    }
    comp_decl *d = push_decl(e, &e->outer, is_import ? COMP_DECL_IMPORT : COMP_DECL_EXPORT);
    if (!d)
        return oom(e);
    d->extern_type = et;
    return item_key(e, it, &d->name.name);
}

static comp_type *finish_outer(enc *e)
{
    comp_type *ty = new_type(e, COMP_TYPE_COMPONENT);
    if (!ty) {
        oom(e);
        return NULL;
    }
    ty->u.decls.decls = e->outer.decls.data;
    ty->u.decls.decl_count = e->outer.decls.count;
    return ty;
}

/* Class of a world import in wit-parser's order: interfaces, then types
 * (`use`s before definitions), then freestanding functions, then the
 * functions of world resources. */
static int import_class(const wit_rworld_item *it)
{
    switch (it->kind) {
    case WIT_ITEM_INTERFACE:
        return 0;
    case WIT_ITEM_TYPE:
        return 1;
    default:
        return it->func.kind == WIT_FUNC_FREESTANDING ? 2 : 3;
    }
}

/* The imports of world `world` in the order wit-parser elaborates them
 * (a stable sort by class; types in wit-parser's type order), which is
 * the order wit-component encodes them in. */
static bool import_order(enc *e, uint32_t world, const wit_rworld_item ***out)
{
    const wit_rworld *w = &e->r->worlds[world];
    uint32_t n = w->import_count;
    const wit_rworld_item **items = comp_arena_array(e->arena, n ? n : 1, sizeof *items);
    uint32_t *type_ids = comp_arena_array(e->arena, n ? n : 1, sizeof *type_ids);
    uint32_t *type_order = comp_arena_array(e->arena, n ? n : 1, sizeof *type_order);
    u32map type_item = {0};     /* type id -> import index */
    if (!items || !type_ids || !type_order)
        return oom(e);
    uint32_t nt = 0, k = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (w->imports[i].kind != WIT_ITEM_TYPE)
            continue;
        if (w->imports[i].id >= e->r->type_count)
            return comp_error_set(e->err, 0, "type id %u out of range", w->imports[i].id);
        type_ids[nt++] = w->imports[i].id;
        if (!u32map_put(e->arena, &type_item, w->imports[i].id, i))
            return oom(e);
    }
    if (!wp_order_types(e->r, type_ids, nt, WIT_OWNER_WORLD, world, type_order))
        return oom(e);
    for (int c = 0; c < 4; c++) {
        if (c == 1) {
            for (uint32_t i = 0; i < nt; i++)
                items[k++] = &w->imports[u32map_get(&type_item, type_order[i])];
            continue;
        }
        for (uint32_t i = 0; i < n; i++)
            if (import_class(&w->imports[i]) == c)
                items[k++] = &w->imports[i];
    }
    *out = items;
    return true;
}

bool encode_world_type(const wit_resolve *r, uint32_t world, comp_arena *arena,
                       comp_type **out, comp_error *err)
{
    enc e = {.r = r, .arena = arena, .err = err, .iface = WIT_NO_ID};
    if (world >= r->world_count)
        return comp_error_set(err, 0, "world id %u out of range", world);
    const wit_rworld *w = &r->worlds[world];
    const wit_rworld_item **imports = NULL;
    if (!import_order(&e, world, &imports))
        return false;
    for (uint32_t i = 0; i < w->import_count; i++)
        if (!world_item(&e, imports[i], true))
            return false;
    for (uint32_t i = 0; i < w->export_count; i++)
        if (!world_item(&e, &w->exports[i], false))
            return false;
    *out = finish_outer(&e);
    return *out != NULL;
}

/* Interfaces `id` depends on, transitively, dependencies first, then `id`
 * (an explicit stack: no recursion on input-controlled depth). */
static bool live_interfaces(enc *e, uint32_t id, xvec *list)
{
    uint8_t *state = comp_arena_array(e->arena, e->r->interface_count, 1); /* 1 open, 2 done */
    uint32_t *stack = comp_arena_array(e->arena, e->r->interface_count, sizeof *stack);
    uint32_t *next = comp_arena_array(e->arena, e->r->interface_count, sizeof *next);
    if (!state || !stack || !next)
        return oom(e);
    uint32_t sp = 0;
    stack[sp++] = id;
    state[id] = 1;
    while (sp) {
        uint32_t top = stack[sp - 1];
        const wit_rinterface *in = &e->r->interfaces[top];
        if (next[top] < in->dep_count) {
            uint32_t d = in->deps[next[top]++];
            if (d < e->r->interface_count && !state[d]) {
                state[d] = 1;
                stack[sp++] = d;
            }
            continue;
        }
        state[top] = 2;
        sp--;
        uint32_t *slot = xvec_push(e->arena, list, sizeof *slot, UINT32_MAX);
        if (!slot)
            return oom(e);
        *slot = top;
    }
    return true;
}

bool encode_interface_type(const wit_resolve *r, uint32_t iface, comp_arena *arena,
                           comp_type **out, comp_error *err)
{
    enc e = {.r = r, .arena = arena, .err = err, .iface = WIT_NO_ID};
    if (iface >= r->interface_count)
        return comp_error_set(err, 0, "interface id %u out of range", iface);
    xvec list = {0};
    if (!live_interfaces(&e, iface, &list))
        return false;
    for (uint32_t i = 0; i < list.count; i++) {
        uint32_t id = ((uint32_t *)list.data)[i];
        const wit_rinterface *in = &r->interfaces[id];
        comp_externtype et = {.kind = COMP_SORT_INSTANCE};
        if (id == iface) {
            if (!instance_type(&e, id, &et.index))
                return false;
        } else {
            uint32_t *types;
            if (!iface_types(&e, id, &types))
                return false;
            push_inner(&e);
            e.iface = id;
            for (uint32_t t = 0; t < in->type_count; t++) {
                comp_cvaltype v;
                if (!valtype(&e, (wit_tref){WIT_TREF_ID, types[t]}, &v))
                    return false;
            }
            if (!pop_inner(&e, &et.index))
                return false;
            if (!u32map_put(arena, &e.import_map, id, e.instances++))
                return oom(&e);
        }
        comp_decl *d = push_decl(&e, &e.outer, id == iface ? COMP_DECL_EXPORT : COMP_DECL_IMPORT);
        if (!d)
            return oom(&e);
        d->extern_type = et;
        d->name.name = wit_encode_item_id(r, in->package, in->name, arena);
        if (!d->name.name.data)
            return oom(&e);
    }
    *out = finish_outer(&e);
    return *out != NULL;
}
