#include "wit/decode.h"

#include <string.h>

#include "decode_eval.h"
#include "encode_util.h"
#include "package_docs.h"

/* The model while it is built; finished into a wit_resolve at the end. */
typedef struct biface {
    comp_str name;
    uint32_t package, world;
    xvec types;     /* uint32_t */
    xvec funcs;     /* wit_rfunc */
    xvec deps;      /* uint32_t */
} biface;

typedef struct bpkg {
    wit_package_name name;
    comp_str full_name;
    xvec ifaces, worlds; /* uint32_t */
} bpkg;

typedef struct bworld {
    comp_str name;
    uint32_t package;
    xvec imports, exports; /* wit_rworld_item */
    xvec types;            /* uint32_t */
} bworld;

typedef struct dec {
    eval ev;
    comp_arena *arena;
    comp_error *err;
    xvec pkgs, ifaces, worlds, types; /* bpkg, biface, bworld, wit_rtype */
    u32map named;   /* entity -> named type id */
    u32map anon;    /* entity -> anonymous type id */
    uint32_t depth;
} dec;

enum { LIMIT = WIT_DECODE_MAX_ENTITIES };

#define PKG(d, i) (&((bpkg *)(d)->pkgs.data)[i])
#define IFACE(d, i) (&((biface *)(d)->ifaces.data)[i])
#define WORLD(d, i) (&((bworld *)(d)->worlds.data)[i])
#define TYPE(d, i) (&((wit_rtype *)(d)->types.data)[i])

static bool oom(dec *d)
{
    return comp_error_set(d->err, 0, "out of memory while decoding WIT");
}

static bool push_u32(dec *d, xvec *v, uint32_t x)
{
    uint32_t *slot = xvec_push(d->arena, v, sizeof *slot, LIMIT);
    if (!slot)
        return oom(d);
    *slot = x;
    return true;
}

/* ---- names ------------------------------------------------------------- */

static bool parse_u64(comp_str s, uint64_t *out)
{
    if (!s.len || s.len > 19)
        return false;
    uint64_t v = 0;
    for (uint32_t i = 0; i < s.len; i++) {
        if (s.data[i] < '0' || s.data[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s.data[i] - '0');
    }
    *out = v;
    return true;
}

static comp_str sub(comp_str s, uint32_t from, uint32_t to)
{
    return (comp_str){s.data + from, to - from};
}

static uint32_t find_char(comp_str s, uint32_t from, char ch)
{
    for (uint32_t i = from; i < s.len; i++)
        if (s.data[i] == ch)
            return i;
    return s.len;
}

static bool parse_version(comp_str text, wit_version *v)
{
    memset(v, 0, sizeof *v);
    v->present = true;
    v->text = text;
    uint32_t plus = find_char(text, 0, '+');
    uint32_t dash = find_char(sub(text, 0, plus), 0, '-');
    comp_str core = sub(text, 0, dash);
    v->pre = dash < plus ? sub(text, dash + 1, plus) : (comp_str){text.data + dash, 0};
    v->build = plus < text.len ? sub(text, plus + 1, text.len) : (comp_str){text.data + text.len, 0};
    uint32_t d1 = find_char(core, 0, '.'), d2 = find_char(core, d1 + 1 < core.len ? d1 + 1 : core.len, '.');
    return d1 < core.len && d2 < core.len && parse_u64(sub(core, 0, d1), &v->major) &&
           parse_u64(sub(core, d1 + 1, d2), &v->minor) && parse_u64(sub(core, d2 + 1, core.len), &v->patch);
}

/* Splits `ns:pkg/name@version` (namespaces may nest: `a:b:pkg`). */
static bool split_id(comp_str id, comp_str *pkg_part, comp_str *name, comp_str *version)
{
    uint32_t slash = find_char(id, 0, '/');
    uint32_t colon = find_char(id, 0, ':');
    if (slash >= id.len || colon >= slash)
        return false;
    uint32_t at = find_char(id, slash, '@');
    *pkg_part = sub(id, 0, slash);
    *name = sub(id, slash + 1, at);
    *version = at < id.len ? sub(id, at + 1, id.len) : (comp_str){NULL, 0};
    return name->len > 0;
}

static bool find_or_add_package(dec *d, comp_str pkg_part, comp_str version, uint32_t *out)
{
    comp_str full = version.data ? xstr_fmt(d->arena, "%.*s@%.*s", (int)pkg_part.len, pkg_part.data,
                                            (int)version.len, version.data)
                                 : xstr_fmt(d->arena, "%.*s", (int)pkg_part.len, pkg_part.data);
    if (!full.data)
        return oom(d);
    for (uint32_t i = 0; i < d->pkgs.count; i++)
        if (comp_str_eq(PKG(d, i)->full_name, full)) {
            *out = i;
            return true;
        }
    bpkg *p = xvec_push(d->arena, &d->pkgs, sizeof *p, LIMIT);
    if (!p)
        return oom(d);
    p->full_name = full;
    uint32_t count = 0;
    for (uint32_t i = 0; i < pkg_part.len; i++)
        count += pkg_part.data[i] == ':';
    p->name.namespaces = comp_arena_array(d->arena, count ? count : 1, sizeof *p->name.namespaces);
    if (!p->name.namespaces)
        return oom(d);
    uint32_t start = 0;
    for (uint32_t k = 0; k < count; k++) {
        uint32_t c = find_char(pkg_part, start, ':');
        p->name.namespaces[k].name = sub(pkg_part, start, c);
        start = c + 1;
    }
    p->name.namespace_count = count;
    p->name.name.name = sub(pkg_part, start, pkg_part.len);
    if (version.data && !parse_version(version, &p->name.version))
        return comp_error_set(d->err, 0, "`%.*s` is not a semantic version", (int)version.len, version.data);
    *out = d->pkgs.count - 1;
    return true;
}

/* ---- types ------------------------------------------------------------- */

static bool new_type(dec *d, wit_def_kind kind, comp_str name, wit_owner_kind ok, uint32_t owner, uint32_t *out)
{
    wit_rtype *t = xvec_push(d->arena, &d->types, sizeof *t, LIMIT);
    if (!t)
        return oom(d);
    t->kind = kind;
    t->name = name;
    t->owner_kind = ok;
    t->owner = ok == WIT_OWNER_NONE ? WIT_NO_ID : owner;
    t->a.kind = t->b.kind = WIT_TREF_NONE;
    t->file = WIT_NO_ID;
    *out = d->types.count - 1;
    return true;
}

static const struct { uint8_t prim; wit_tref_kind kind; } prims[] = {
    {COMP_PRIM_BOOL, WIT_TREF_BOOL}, {COMP_PRIM_S8, WIT_TREF_S8}, {COMP_PRIM_U8, WIT_TREF_U8},
    {COMP_PRIM_S16, WIT_TREF_S16}, {COMP_PRIM_U16, WIT_TREF_U16}, {COMP_PRIM_S32, WIT_TREF_S32},
    {COMP_PRIM_U32, WIT_TREF_U32}, {COMP_PRIM_S64, WIT_TREF_S64}, {COMP_PRIM_U64, WIT_TREF_U64},
    {COMP_PRIM_F32, WIT_TREF_F32}, {COMP_PRIM_F64, WIT_TREF_F64}, {COMP_PRIM_CHAR, WIT_TREF_CHAR},
    {COMP_PRIM_STRING, WIT_TREF_STRING}, {COMP_PRIM_ERROR_CONTEXT, WIT_TREF_ERROR_CONTEXT},
};

static bool prim_tref(dec *d, uint8_t prim, wit_tref *out)
{
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
        if (prims[i].prim == prim) {
            *out = (wit_tref){prims[i].kind, 0};
            return true;
        }
    return comp_error_set(d->err, 0, "unknown primitive type 0x%02x", prim);
}

static bool tref_of(dec *d, vref v, wit_tref *out);

static bool fields_of(dec *d, const ent *e, uint32_t n, wit_rfield **out)
{
    wit_rfield *f = comp_arena_array(d->arena, n ? n : 1, sizeof *f);
    if (!f)
        return oom(d);
    for (uint32_t i = 0; i < n; i++) {
        f[i].type.kind = WIT_TREF_NONE;
        if (i < e->ref_count && (e->refs[i].prim || e->refs[i].ent != UINT32_MAX) && !tref_of(d, e->refs[i], &f[i].type))
            return false;
    }
    *out = f;
    return true;
}

static const struct { uint8_t kind; wit_def_kind def; } anon_kinds[] = {
    {COMP_TYPE_LIST, WIT_DEF_KIND_LIST}, {COMP_TYPE_FIXED_LIST, WIT_DEF_KIND_FIXED_LIST},
    {COMP_TYPE_TUPLE, WIT_DEF_KIND_TUPLE}, {COMP_TYPE_OPTION, WIT_DEF_KIND_OPTION},
    {COMP_TYPE_RESULT, WIT_DEF_KIND_RESULT}, {COMP_TYPE_OWN, WIT_DEF_KIND_OWN},
    {COMP_TYPE_BORROW, WIT_DEF_KIND_BORROW}, {COMP_TYPE_STREAM, WIT_DEF_KIND_STREAM},
    {COMP_TYPE_FUTURE, WIT_DEF_KIND_FUTURE}, {COMP_TYPE_MAP, WIT_DEF_KIND_MAP},
};

/* Fills type `id` from the structure of entity `ent_id` (a DEF). */
static bool fill_structure(dec *d, uint32_t id, uint32_t ent_id)
{
    const ent *e = &ENTS(&d->ev)[ent_id];
    const comp_type *t = e->type;
    wit_rfield *f = NULL;
    uint32_t n = 0;
    switch (t->kind) {
    case COMP_TYPE_RECORD:
        n = t->u.record.field_count;
        if (!fields_of(d, e, n, &f))
            return false;
        for (uint32_t i = 0; i < n; i++)
            f[i].name = t->u.record.fields[i].label;
        TYPE(d, id)->kind = WIT_DEF_KIND_RECORD;
        break;
    case COMP_TYPE_VARIANT:
        n = t->u.variant.case_count;
        if (!fields_of(d, e, n, &f))
            return false;
        for (uint32_t i = 0; i < n; i++)
            f[i].name = t->u.variant.cases[i].label;
        TYPE(d, id)->kind = WIT_DEF_KIND_VARIANT;
        break;
    case COMP_TYPE_ENUM:
    case COMP_TYPE_FLAGS:
        n = t->u.labels.label_count;
        f = comp_arena_array(d->arena, n ? n : 1, sizeof *f);
        if (!f)
            return oom(d);
        for (uint32_t i = 0; i < n; i++)
            f[i].name = t->u.labels.labels[i];
        TYPE(d, id)->kind = t->kind == COMP_TYPE_ENUM ? WIT_DEF_KIND_ENUM : WIT_DEF_KIND_FLAGS;
        break;
    case COMP_TYPE_TUPLE:
        n = t->u.tuple.type_count;
        if (!fields_of(d, e, n, &f))
            return false;
        TYPE(d, id)->kind = WIT_DEF_KIND_TUPLE;
        break;
    default: {
        if (comp_is_primvaltype(t->kind)) {
            wit_tref p;
            if (!prim_tref(d, t->kind, &p))
                return false;
            TYPE(d, id)->kind = WIT_DEF_KIND_ALIAS;
            TYPE(d, id)->a = p;
            return true;
        }
        wit_def_kind k = WIT_DEF_KIND_ALIAS;
        for (size_t i = 0; i < sizeof anon_kinds / sizeof anon_kinds[0]; i++)
            if (anon_kinds[i].kind == t->kind)
                k = anon_kinds[i].def;
        if (k == WIT_DEF_KIND_ALIAS)
            return comp_error_set(d->err, t->offset, "type 0x%02x is not a WIT value type", t->kind);
        wit_tref a = {WIT_TREF_NONE, 0}, b = {WIT_TREF_NONE, 0};
        if (e->ref_count > 0 && (e->refs[0].prim || e->refs[0].ent != UINT32_MAX) && !tref_of(d, e->refs[0], &a))
            return false;
        if (e->ref_count > 1 && (e->refs[1].prim || e->refs[1].ent != UINT32_MAX) && !tref_of(d, e->refs[1], &b))
            return false;
        wit_rtype *w = TYPE(d, id);
        w->kind = k;
        w->a = a;
        w->b = b;
        w->length = t->kind == COMP_TYPE_FIXED_LIST ? t->u.list.length : 0;
        return true;
    }
    }
    TYPE(d, id)->fields = f;
    TYPE(d, id)->field_count = n;
    return true;
}

static bool tref_of(dec *d, vref v, wit_tref *out)
{
    if (v.prim)
        return prim_tref(d, v.prim, out);
    if (v.ent >= d->ev.ents.count)
        return comp_error_set(d->err, 0, "missing type");
    uint32_t id = u32map_get(&d->named, v.ent);
    if (id == UINT32_MAX)
        id = u32map_get(&d->anon, v.ent);
    if (id != UINT32_MAX) {
        *out = (wit_tref){WIT_TREF_ID, id};
        return true;
    }
    const ent *e = &ENTS(&d->ev)[v.ent];
    if (e->kind != ENT_DEF)
        return comp_error_set(d->err, 0, e->kind == ENT_RESOURCE ? "a resource type has no name"
                                                                 : "a value type is required");
    uint8_t k = e->type->kind;
    if (comp_is_primvaltype(k))
        return prim_tref(d, k, out);
    if (k == COMP_TYPE_RECORD || k == COMP_TYPE_VARIANT || k == COMP_TYPE_ENUM || k == COMP_TYPE_FLAGS)
        return comp_error_set(d->err, e->type->offset, "a record, variant, enum or flags type has no name");
    if (++d->depth > WIT_DECODE_MAX_DEPTH)
        return comp_error_set(d->err, e->type->offset, "types nest deeper than %d", WIT_DECODE_MAX_DEPTH);
    bool ok = new_type(d, WIT_DEF_KIND_ALIAS, (comp_str){NULL, 0}, WIT_OWNER_NONE, 0, &id) &&
              (u32map_put(d->arena, &d->anon, v.ent, id) || oom(d)) && fill_structure(d, id, v.ent);
    d->depth--;
    *out = (wit_tref){WIT_TREF_ID, id};
    return ok;
}

/* The named type that alias entity `ent_id` stands for: the first entity
 * along its chain of `eq` aliases that has a name (WIT_NO_ID if none has),
 * and the entity at the end of the chain in *base. */
static bool alias_target(dec *d, uint32_t ent_id, uint32_t *target, uint32_t *base)
{
    uint32_t cur = ent_id;
    *target = WIT_NO_ID;
    for (uint32_t steps = 0; ENTS(&d->ev)[cur].alias_of != UINT32_MAX; steps++) {
        if (steps == WIT_DECODE_MAX_DEPTH)
            return comp_error_set(d->err, 0, "type aliases chain deeper than %d", WIT_DECODE_MAX_DEPTH);
        cur = ENTS(&d->ev)[cur].alias_of;
        *target = u32map_get(&d->named, cur);
        if (*target != UINT32_MAX)
            return true;
    }
    *target = WIT_NO_ID;
    *base = cur;
    return true;
}

/* `name` as another name for type `target`: a `use` when the target belongs
 * to another interface (which the owner then depends on), else
 * `type name = target;`. */
static bool alias_type(dec *d, comp_str name, uint32_t target, wit_owner_kind ok, uint32_t owner, uint32_t *out)
{
    if (!new_type(d, WIT_DEF_KIND_ALIAS, name, ok, owner, out))
        return false;
    TYPE(d, *out)->a = (wit_tref){WIT_TREF_ID, target};
    const wit_rtype *src = TYPE(d, target);
    if (src->owner_kind != WIT_OWNER_INTERFACE || (ok == WIT_OWNER_INTERFACE && src->owner == owner))
        return true;
    TYPE(d, *out)->from_use = true;
    TYPE(d, *out)->use_source_name = src->name;
    if (ok != WIT_OWNER_INTERFACE)
        return true;
    biface *in = IFACE(d, owner);
    for (uint32_t i = 0; i < in->deps.count; i++)
        if (((uint32_t *)in->deps.data)[i] == src->owner)
            return true;
    return push_u32(d, &in->deps, src->owner);
}

/* A named type of an interface or world for entity `ent_id`: another name
 * for a type named before (`use`, `type a = b;`), or a definition. */
static bool named_type(dec *d, comp_str name, uint32_t ent_id, wit_owner_kind ok, uint32_t owner, uint32_t *out)
{
    /* The same entity named twice (no `eq` alias between): the second name
     * is an alias of the first. */
    uint32_t prev = u32map_get(&d->named, ent_id);
    if (prev != UINT32_MAX)
        return alias_type(d, name, prev, ok, owner, out);
    uint32_t base = ent_id;
    if (!alias_target(d, ent_id, &prev, &base))
        return false;
    if (prev != UINT32_MAX)
        return alias_type(d, name, prev, ok, owner, out) &&
               (u32map_put(d->arena, &d->named, ent_id, *out) || oom(d));
    if (!new_type(d, WIT_DEF_KIND_RESOURCE, name, ok, owner, out))
        return false;
    if (!u32map_put(d->arena, &d->named, ent_id, *out))
        return oom(d);
    const ent *e = &ENTS(&d->ev)[ent_id];
    bool needs_name = e->kind == ENT_RESOURCE ||
                      (e->kind == ENT_DEF && (e->type->kind == COMP_TYPE_RECORD || e->type->kind == COMP_TYPE_VARIANT ||
                                              e->type->kind == COMP_TYPE_ENUM || e->type->kind == COMP_TYPE_FLAGS));
    /* A type that cannot be anonymous takes the name of its first alias,
     * should anything refer to the definition itself. */
    if (needs_name && base != ent_id && u32map_get(&d->named, base) == UINT32_MAX &&
        !u32map_put(d->arena, &d->named, base, *out))
        return oom(d);
    if (e->kind == ENT_RESOURCE)
        return true;
    if (e->kind != ENT_DEF)
        return comp_error_set(d->err, 0, "type `%.*s` is not a value type", (int)name.len, name.data);
    uint8_t k = e->type->kind;
    if (needs_name || comp_is_primvaltype(k))
        return fill_structure(d, *out, ent_id);
    /* `type x = list<...>`: an alias of an anonymous type. */
    uint32_t anon;
    if (!new_type(d, WIT_DEF_KIND_ALIAS, (comp_str){NULL, 0}, WIT_OWNER_NONE, 0, &anon) ||
        !fill_structure(d, anon, ent_id))
        return false;
    TYPE(d, *out)->kind = WIT_DEF_KIND_ALIAS;
    TYPE(d, *out)->a = (wit_tref){WIT_TREF_ID, anon};
    return true;
}

/* ---- functions --------------------------------------------------------- */

static bool starts(comp_str s, const char *p, comp_str *rest)
{
    size_t n = strlen(p);
    if (s.len < n || memcmp(s.data, p, n) != 0)
        return false;
    *rest = (comp_str){s.data + n, s.len - (uint32_t)n};
    return true;
}

/* The resource named `name` among `types`, or WIT_NO_ID. */
static uint32_t find_resource(dec *d, const xvec *types, comp_str name)
{
    for (uint32_t i = 0; i < types->count; i++) {
        uint32_t id = ((uint32_t *)types->data)[i];
        if (comp_str_eq(TYPE(d, id)->name, name))
            return id;
    }
    return WIT_NO_ID;
}

static bool make_func(dec *d, comp_str name, uint32_t ent_id, const xvec *scope_types, wit_rfunc *f)
{
    const ent *e = &ENTS(&d->ev)[ent_id];
    if (e->kind != ENT_FUNC)
        return comp_error_set(d->err, 0, "`%.*s` is not a function type", (int)name.len, name.data);
    const comp_type *t = e->type;
    memset(f, 0, sizeof *f);
    f->name = name;
    f->item_name = name;
    f->file = WIT_NO_ID;
    f->resource = WIT_NO_ID;
    f->is_async = t->kind == COMP_TYPE_ASYNC_FUNC;
    comp_str rest, res = {NULL, 0};
    if (starts(name, "[async]", &rest)) {
        f->is_async = true;
        f->item_name = rest;
    } else if (starts(name, "[constructor]", &rest)) {
        f->kind = WIT_FUNC_CONSTRUCTOR;
        res = rest;
        f->item_name = (comp_str){"constructor", 11};
    } else if (starts(name, "[method]", &rest) || starts(name, "[static]", &rest) ||
               starts(name, "[async method]", &rest) || starts(name, "[async static]", &rest)) {
        f->kind = name.data[1] == 'm' || name.data[7] == 'm' ? WIT_FUNC_METHOD : WIT_FUNC_STATIC;
        f->is_async |= name.data[1] == 'a';
        uint32_t dot = find_char(rest, 0, '.');
        if (dot >= rest.len)
            return comp_error_set(d->err, 0, "function name `%.*s` has no `.`", (int)name.len, name.data);
        res = sub(rest, 0, dot);
        f->item_name = sub(rest, dot + 1, rest.len);
    }
    if (res.data) {
        f->resource = find_resource(d, scope_types, res);
        if (f->resource == WIT_NO_ID)
            return comp_error_set(d->err, 0, "function `%.*s` names no resource of its interface",
                                  (int)name.len, name.data);
    }
    f->param_count = t->u.func.param_count;
    f->params = comp_arena_array(d->arena, f->param_count ? f->param_count : 1, sizeof *f->params);
    if (!f->params)
        return oom(d);
    for (uint32_t i = 0; i < f->param_count; i++) {
        f->params[i].name = t->u.func.params[i].label;
        if (!tref_of(d, e->refs[i], &f->params[i].type))
            return false;
    }
    f->result.kind = WIT_TREF_NONE;
    return !t->u.func.has_result || tref_of(d, e->refs[e->ref_count - 1], &f->result);
}

/* ---- interfaces and worlds ----------------------------------------------- */

static bool new_iface(dec *d, comp_str name, uint32_t pkg, uint32_t world, uint32_t *out)
{
    biface *in = xvec_push(d->arena, &d->ifaces, sizeof *in, LIMIT);
    if (!in)
        return oom(d);
    in->name = name;
    in->package = pkg;
    in->world = world;
    *out = d->ifaces.count - 1;
    return pkg == WIT_NO_ID || world != WIT_NO_ID || push_u32(d, &PKG(d, pkg)->ifaces, *out);
}

/* The interface named by `id` (`ns:pkg/name@v`), created if new. */
static bool iface_by_id(dec *d, comp_str id, uint32_t *out)
{
    comp_str pkg_part, name, version;
    if (!split_id(id, &pkg_part, &name, &version))
        return comp_error_set(d->err, 0, "`%.*s` is not an interface name", (int)id.len, id.data);
    uint32_t pkg;
    if (!find_or_add_package(d, pkg_part, version, &pkg))
        return false;
    const bpkg *p = PKG(d, pkg);
    for (uint32_t i = 0; i < p->ifaces.count; i++) {
        uint32_t k = ((uint32_t *)p->ifaces.data)[i];
        if (comp_str_eq(IFACE(d, k)->name, name)) {
            *out = k;
            return true;
        }
    }
    return new_iface(d, name, pkg, WIT_NO_ID, out);
}

/* Adds the types and functions of instance entity `inst` to interface
 * `iface` (merging with what an earlier import of it described). */
static bool fill_iface(dec *d, uint32_t iface, uint32_t inst)
{
    const ent *e = &ENTS(&d->ev)[inst];
    if (e->kind != ENT_INSTANCE)
        return comp_error_set(d->err, 0, "an interface must be an instance");
    for (uint32_t i = 0; i < e->export_count; i++) {
        const ent_item *x = &e->exports[i];
        if (x->ent == UINT32_MAX)
            continue;
        if (x->sort == COMP_SORT_TYPE) {
            uint32_t existing = find_resource(d, &IFACE(d, iface)->types, x->name);
            if (existing != WIT_NO_ID) {
                if (u32map_get(&d->named, x->ent) == UINT32_MAX && !u32map_put(d->arena, &d->named, x->ent, existing))
                    return oom(d);
                continue;
            }
            uint32_t id;
            if (!named_type(d, x->name, x->ent, WIT_OWNER_INTERFACE, iface, &id) ||
                !push_u32(d, &IFACE(d, iface)->types, id))
                return false;
        } else if (x->sort == COMP_SORT_FUNC) {
            biface *in = IFACE(d, iface);
            bool seen = false;
            for (uint32_t k = 0; k < in->funcs.count && !seen; k++)
                seen = comp_str_eq(((wit_rfunc *)in->funcs.data)[k].name, x->name);
            if (seen)
                continue;
            wit_rfunc f;
            if (!make_func(d, x->name, x->ent, &in->types, &f))
                return false;
            wit_rfunc *slot = xvec_push(d->arena, &IFACE(d, iface)->funcs, sizeof *slot, LIMIT);
            if (!slot)
                return oom(d);
            *slot = f;
        }
    }
    return true;
}

static bool is_iface_id(comp_str name)
{
    return find_char(name, 0, ':') < name.len && find_char(name, 0, '/') < name.len;
}

static bool world_item(dec *d, uint32_t world, const ent_item *x, bool is_import)
{
    if (x->ent == UINT32_MAX)
        return true;
    wit_rworld_item it = {.key_kind = WIT_KEY_NAME, .name = x->name, .file = WIT_NO_ID};
    switch (x->sort) {
    case COMP_SORT_INSTANCE:
        it.kind = WIT_ITEM_INTERFACE;
        if (is_iface_id(x->name)) {
            it.key_kind = WIT_KEY_INTERFACE;
            it.name = (comp_str){NULL, 0};
            if (!iface_by_id(d, x->name, &it.id))
                return false;
        } else if (!new_iface(d, (comp_str){NULL, 0}, WORLD(d, world)->package, world, &it.id)) {
            return false;
        }
        if (!fill_iface(d, it.id, x->ent))
            return false;
        break;
    case COMP_SORT_FUNC:
        it.kind = WIT_ITEM_FUNCTION;
        if (!make_func(d, x->name, x->ent, &WORLD(d, world)->types, &it.func))
            return false;
        break;
    case COMP_SORT_TYPE:
        if (!is_import)
            return comp_error_set(d->err, 0, "a world cannot export type `%.*s`", (int)x->name.len, x->name.data);
        it.kind = WIT_ITEM_TYPE;
        if (!named_type(d, x->name, x->ent, WIT_OWNER_WORLD, world, &it.id) ||
            !push_u32(d, &WORLD(d, world)->types, it.id))
            return false;
        break;
    default:
        return true; /* values, modules, components: no WIT form */
    }
    wit_rworld_item *slot = xvec_push(d->arena, is_import ? &WORLD(d, world)->imports : &WORLD(d, world)->exports,
                                      sizeof *slot, LIMIT);
    if (!slot)
        return oom(d);
    *slot = it;
    return true;
}

static bool new_world(dec *d, comp_str name, uint32_t pkg, const ent *e)
{
    bworld *w = xvec_push(d->arena, &d->worlds, sizeof *w, LIMIT);
    if (!w)
        return oom(d);
    w->name = name;
    w->package = pkg;
    uint32_t id = d->worlds.count - 1;
    if (!push_u32(d, &PKG(d, pkg)->worlds, id))
        return false;
    for (uint32_t i = 0; i < e->import_count; i++)
        if (!world_item(d, id, &e->imports[i], true))
            return false;
    for (uint32_t i = 0; i < e->export_count; i++)
        if (!world_item(d, id, &e->exports[i], false))
            return false;
    return true;
}

/* ---- the two forms ------------------------------------------------------- */

/* The world inside a wrapper type (`export "ns:pkg/w@v" (component ...)`),
 * or NULL if `e` is not one. */
static const ent_item *wrapped_world(dec *d, const ent *e)
{
    if (e->kind != ENT_COMPTYPE || e->import_count || e->export_count != 1 ||
        e->exports[0].sort != COMP_SORT_COMPONENT || e->exports[0].ent == UINT32_MAX ||
        ENTS(&d->ev)[e->exports[0].ent].kind != ENT_COMPTYPE)
        return NULL;
    return &e->exports[0];
}

static bool is_package_form(dec *d, const ent *top)
{
    if (top->import_count || !top->export_count)
        return false;
    for (uint32_t i = 0; i < top->export_count; i++) {
        const ent_item *x = &top->exports[i];
        if (x->sort != COMP_SORT_TYPE || x->ent == UINT32_MAX || ENTS(&d->ev)[x->ent].kind != ENT_COMPTYPE)
            return false;
    }
    return true;
}

/* The `ns:pkg/name@v` an interface's component type exports itself as. */
static const ent_item *self_export(const ent *e)
{
    for (uint32_t i = e->export_count; i-- > 0;)
        if (e->exports[i].sort == COMP_SORT_INSTANCE && is_iface_id(e->exports[i].name))
            return &e->exports[i];
    return NULL;
}

static bool decode_package(dec *d, const ent *top, uint32_t *main_pkg)
{
    /* Create the package's own interfaces first, in export order, so the
     * package lists them as its source did. */
    *main_pkg = WIT_NO_ID;
    for (uint32_t i = 0; i < top->export_count; i++) {
        const ent *e = &ENTS(&d->ev)[top->exports[i].ent];
        const ent_item *w = wrapped_world(d, e);
        const ent_item *self = w ? w : self_export(e);
        if (!self)
            return comp_error_set(d->err, 0, "export `%.*s` is neither an interface nor a world",
                                  (int)top->exports[i].name.len, top->exports[i].name.data);
        comp_str pkg_part, name, version;
        uint32_t pkg;
        if (!split_id(self->name, &pkg_part, &name, &version) || !find_or_add_package(d, pkg_part, version, &pkg))
            return d->err->message[0] ? false
                                      : comp_error_set(d->err, 0, "`%.*s` is not an interface or world name",
                                                       (int)self->name.len, self->name.data);
        if (*main_pkg == WIT_NO_ID)
            *main_pkg = pkg;
        else if (pkg != *main_pkg)
            return comp_error_set(d->err, 0, "exports name more than one package");
        uint32_t iface;
        if (!w && !iface_by_id(d, self->name, &iface))
            return false;
    }
    for (uint32_t i = 0; i < top->export_count; i++) {
        const ent *e = &ENTS(&d->ev)[top->exports[i].ent];
        const ent_item *w = wrapped_world(d, e);
        if (w) {
            if (!new_world(d, top->exports[i].name, *main_pkg, &ENTS(&d->ev)[w->ent]))
                return false;
            continue;
        }
        const ent_item *lists[2] = {e->imports, e->exports};
        uint32_t counts[2] = {e->import_count, e->export_count};
        for (int l = 0; l < 2; l++)
            for (uint32_t k = 0; k < counts[l]; k++) {
                const ent_item *x = &lists[l][k];
                uint32_t iface;
                if (x->sort != COMP_SORT_INSTANCE || x->ent == UINT32_MAX)
                    continue;
                if (!iface_by_id(d, x->name, &iface) || !fill_iface(d, iface, x->ent))
                    return false;
            }
    }
    return true;
}

/* ---- finishing ----------------------------------------------------------- */

static bool finish(dec *d, uint32_t main_pkg, wit_resolve **out)
{
    uint32_t ni = d->ifaces.count, np = d->pkgs.count;
    wit_resolve *r = comp_arena_alloc(d->arena, sizeof *r);
    uint32_t *order = comp_arena_array(d->arena, ni ? ni : 1, sizeof *order);
    uint8_t *state = comp_arena_array(d->arena, ni ? ni : 1, 1);
    uint32_t *stack = comp_arena_array(d->arena, ni ? ni : 1, sizeof *stack);
    uint32_t *next = comp_arena_array(d->arena, ni ? ni : 1, sizeof *next);
    uint32_t *pkg_new = comp_arena_array(d->arena, np ? np : 1, sizeof *pkg_new);
    wit_rinterface *ifs = comp_arena_array(d->arena, ni ? ni : 1, sizeof *ifs);
    wit_rpackage *pkgs = comp_arena_array(d->arena, np ? np : 1, sizeof *pkgs);
    wit_rworld *ws = comp_arena_array(d->arena, d->worlds.count ? d->worlds.count : 1, sizeof *ws);
    if (!r || !order || !state || !stack || !next || !pkg_new || !ifs || !pkgs || !ws)
        return oom(d);
    /* Interfaces, each after those it uses. */
    uint32_t n = 0;
    for (uint32_t root = 0; root < ni; root++) {
        if (state[root])
            continue;
        uint32_t sp = 0;
        stack[sp++] = root;
        state[root] = 1;
        while (sp) {
            uint32_t top = stack[sp - 1];
            biface *in = IFACE(d, top);
            if (next[top] < in->deps.count) {
                uint32_t dep = ((uint32_t *)in->deps.data)[next[top]++];
                if (!state[dep]) {
                    state[dep] = 1;
                    stack[sp++] = dep;
                }
                continue;
            }
            sp--;
            order[n++] = top;
        }
    }
    /* Packages in the order their interfaces first appear; main last. */
    memset(pkg_new, 0xff, (size_t)np * sizeof *pkg_new);
    uint32_t pn = 0;
    for (uint32_t i = 0; i < ni; i++) {
        uint32_t p = IFACE(d, order[i])->package;
        if (IFACE(d, order[i])->world == WIT_NO_ID && p != main_pkg && pkg_new[p] == UINT32_MAX)
            pkg_new[p] = pn++;
    }
    for (uint32_t p = 0; p < np; p++)
        if (p != main_pkg && pkg_new[p] == UINT32_MAX)
            pkg_new[p] = pn++;
    pkg_new[main_pkg] = pn++;
    for (uint32_t p = 0; p < np; p++) {
        bpkg *b = PKG(d, p);
        wit_rpackage *o = &pkgs[pkg_new[p]];
        o->name = b->name;
        o->full_name = b->full_name;
        o->interfaces = b->ifaces.data;
        o->interface_count = b->ifaces.count;
        o->worlds = b->worlds.data;
        o->world_count = b->worlds.count;
        o->file = WIT_NO_ID;
    }
    for (uint32_t i = 0; i < ni; i++) {
        biface *b = IFACE(d, i);
        ifs[i] = (wit_rinterface){.name = b->name, .package = pkg_new[b->package], .world = b->world,
                                  .types = b->types.data, .type_count = b->types.count,
                                  .funcs = b->funcs.data, .func_count = b->funcs.count,
                                  .deps = b->deps.data, .dep_count = b->deps.count, .file = WIT_NO_ID};
    }
    for (uint32_t i = 0; i < d->worlds.count; i++) {
        bworld *b = WORLD(d, i);
        ws[i] = (wit_rworld){.name = b->name, .package = pkg_new[b->package],
                             .imports = b->imports.data, .import_count = b->imports.count,
                             .exports = b->exports.data, .export_count = b->exports.count,
                             .types = b->types.data, .type_count = b->types.count, .file = WIT_NO_ID};
    }
    *r = (wit_resolve){.packages = pkgs, .package_count = np, .interfaces = ifs, .interface_count = ni,
                       .interface_order = order, .worlds = ws, .world_count = d->worlds.count,
                       .types = d->types.data, .type_count = d->types.count,
                       .main_package = pkg_new[main_pkg]};
    *out = r;
    return true;
}

bool wit_decode_component(const comp_component *c, comp_arena *arena, wit_resolve **out,
                          wit_decoded_kind *kind, comp_error *err)
{
    comp_error local = {0};
    if (!err)
        err = &local;
    err->message[0] = 0;
    dec d = {.ev = {.arena = arena, .err = err}, .arena = arena, .err = err};
    uint32_t top_id;
    if (!eval_component(&d.ev, c, &top_id))
        return false;
    const ent *top = &ENTS(&d.ev)[top_id];
    uint32_t main_pkg;
    bool kind_is_package = is_package_form(&d, top);
    if (kind_is_package) {
        if (!decode_package(&d, top, &main_pkg))
            return false;
        if (kind)
            *kind = WIT_DECODED_PACKAGE;
    } else {
        static const char root[] = "root:component";
        if (!find_or_add_package(&d, (comp_str){root, sizeof root - 1}, (comp_str){NULL, 0}, &main_pkg) ||
            !new_world(&d, (comp_str){"root", 4}, main_pkg, top))
            return false;
        if (kind)
            *kind = WIT_DECODED_COMPONENT;
    }
    if (!finish(&d, main_pkg, out))
        return false;
    /* Docs and gates of a package travel in a custom section. */
    for (uint32_t i = 0; kind_is_package && i < c->custom_count; i++)
        if (comp_str_eq_c(c->customs[i].name, WIT_PACKAGE_DOCS_SECTION) &&
            !package_docs_apply(*out, (*out)->main_package, c->customs[i].data, c->customs[i].len,
                                arena, err))
            return false;
    return true;
}

bool wit_decode_binary(const uint8_t *data, size_t len, comp_arena *arena, wit_resolve **out,
                       wit_decoded_kind *kind, comp_error *err)
{
    comp_component *c;
    if (!comp_component_decode(data, len, arena, &c, err))
        return false;
    return wit_decode_component(c, arena, out, kind, err);
}
