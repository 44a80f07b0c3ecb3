/* Types inside one scope (an interface or a world): named type definitions,
 * `use`d names, type expressions, handles and functions. */
#include "resolve_internal.h"

#include <string.h>

uint32_t new_type(ctx *c, wit_def_kind kind, uint32_t file, wit_span span)
{
    wit_rtype *t = rvec_push(c, &c->types, sizeof *t);
    if (!t || !rvec_push(c, &c->type_marks, 1))
        return WIT_NO_ID;
    t->kind = kind;
    t->owner_kind = WIT_OWNER_NONE;
    t->owner = WIT_NO_ID;
    t->file = file;
    t->span = span;
    return c->types.count - 1;
}

uint32_t type_package(ctx *c, uint32_t id)
{
    const wit_rtype *t = &TYPES(c)[id];
    if (t->owner_kind == WIT_OWNER_INTERFACE)
        return IFACES(c)[t->owner].package;
    if (t->owner_kind == WIT_OWNER_WORLD)
        return WORLDS(c)[t->owner].package;
    return WIT_NO_ID;
}

uint32_t deref_type(ctx *c, uint32_t id)
{
    for (uint32_t steps = 0; steps <= c->types.count; steps++) {
        const wit_rtype *t = &TYPES(c)[id];
        if (t->kind != WIT_DEF_KIND_ALIAS || t->a.kind != WIT_TREF_ID)
            return id;
        id = t->a.id;
    }
    return WIT_NO_ID;
}

/* Names a type declares in its scope, owned by the scope's owner. */
static bool name_type(ctx *c, type_scope *s, uint32_t id, wit_ident name)
{
    bool existing;
    name_slot *slot = map_insert(c, s->names, name.name, id, TAG_TYPE, &existing);
    if (!slot)
        return false;
    if (existing)
        return fail(c, s->file, name.span, "`%.*s` is defined more than once in %.*s",
                    STR(name.name), STR(s->owner_name));
    uint32_t *o = rvec_push(c, s->owned, sizeof *o);
    if (!o)
        return false;
    *o = id;
    wit_rtype *t = &TYPES(c)[id];
    t->name = name.name;
    t->owner_kind = s->owner_kind;
    t->owner = s->owner;
    return true;
}

static const wit_def_kind def_kinds[] = {
    [WIT_DEF_ALIAS] = WIT_DEF_KIND_ALIAS,
    [WIT_DEF_RECORD] = WIT_DEF_KIND_RECORD,
    [WIT_DEF_VARIANT] = WIT_DEF_KIND_VARIANT,
    [WIT_DEF_ENUM] = WIT_DEF_KIND_ENUM,
    [WIT_DEF_FLAGS] = WIT_DEF_KIND_FLAGS,
    [WIT_DEF_RESOURCE] = WIT_DEF_KIND_RESOURCE,
};

bool declare_typedef(ctx *c, type_scope *s, const wit_typedef *td, const wit_docs *docs,
                     const wit_stability *st, wit_span span, uint32_t *out)
{
    uint32_t id = new_type(c, def_kinds[td->kind], s->file, span);
    if (id == WIT_NO_ID || !name_type(c, s, id, td->name))
        return false;
    wit_rtype *t = &TYPES(c)[id];
    t->docs = *docs;
    t->stability = *st;
    *out = id;
    return true;
}

/* A named type referred to by `name` from the current item; checks the
 * reference's gate within the package. */
static bool lookup_type(ctx *c, type_scope *s, wit_ident name, uint32_t *out)
{
    name_slot *slot = map_find(s->names, name.name);
    if (!slot || !comp_str_eq(slot->key, name.name))
        return fail(c, s->file, name.span, "type `%.*s` does not exist", STR(name.name));
    if (slot->tag == TAG_DISABLED)
        return fail(c, s->file, name.span, "type `%.*s` is gated by a feature that is not enabled",
                    STR(name.name));
    if (slot->tag != TAG_TYPE)
        return fail(c, s->file, name.span, "`%.*s` is a function, not a type", STR(name.name));
    uint32_t id = slot->value;
    wit_stability target = type_gate(c, id);
    if (type_package(c, id) == s->package &&
        !check_gate_within(c, s->file, name.span, &s->item_st, s->item_name, &target, name.name, true))
        return false;
    *out = id;
    return true;
}

bool resolve_use(ctx *c, const pkg_env *env, type_scope *s, const wit_use *u,
                 const wit_stability *st, const wit_docs *docs, wit_span span,
                 uint32_t *target)
{
    uint32_t iface;
    if (!lookup_path(c, env, s->file, &u->path, false, &iface))
        return false;
    if (s->owner_kind == WIT_OWNER_INTERFACE && iface == s->owner)
        return fail(c, s->file, u->path.name.span, "interface `%.*s` cannot use itself",
                    STR(u->path.name.name));
    const name_map *from = &SCOPES(c)[iface];
    for (uint32_t i = 0; i < u->name_count; i++) {
        const wit_use_name *n = &u->names[i];
        name_slot *slot = map_find(from, n->name.name);
        if (!slot || !comp_str_eq(slot->key, n->name.name))
            return fail(c, s->file, n->name.span, "type `%.*s` does not exist in interface `%.*s`",
                        STR(n->name.name), STR(u->path.name.name));
        if (slot->tag == TAG_DISABLED)
            return fail(c, s->file, n->name.span, "type `%.*s` is gated by a feature that is not enabled",
                        STR(n->name.name));
        if (slot->tag != TAG_TYPE)
            return fail(c, s->file, n->name.span, "`%.*s` is a function, not a type",
                        STR(n->name.name));
        uint32_t used = slot->value;
        const wit_ident *local = n->as.name.data ? &n->as : &n->name;
        wit_stability mine = effective_gate(st, &s->owner_st), theirs = type_gate(c, used);
        if (type_package(c, used) == s->package &&
            !check_gate_within(c, s->file, n->name.span, &mine, local->name, &theirs, n->name.name, true))
            return false;
        uint32_t id = new_type(c, WIT_DEF_KIND_ALIAS, s->file, span);
        if (id == WIT_NO_ID || !name_type(c, s, id, *local))
            return false;
        wit_rtype *t = &TYPES(c)[id];
        t->a = (wit_tref){WIT_TREF_ID, used};
        t->from_use = true;
        t->use_source_name = n->name.name;
        t->docs = *docs;
        t->stability = *st;
    }
    *target = iface;
    return true;
}

bool resolve_alias_name(ctx *c, type_scope *s, const wit_typedef *td, uint32_t id)
{
    if (td->kind != WIT_DEF_ALIAS || td->alias->kind != WIT_TYPE_NAME)
        return true;
    uint32_t target;
    if (!lookup_type(c, s, td->alias->name, &target))
        return false;
    TYPES(c)[id].a = (wit_tref){WIT_TREF_ID, target};
    return true;
}

static const wit_tref_kind prims[] = {
    [WIT_TYPE_BOOL] = WIT_TREF_BOOL,
    [WIT_TYPE_U8] = WIT_TREF_U8, [WIT_TYPE_U16] = WIT_TREF_U16,
    [WIT_TYPE_U32] = WIT_TREF_U32, [WIT_TYPE_U64] = WIT_TREF_U64,
    [WIT_TYPE_S8] = WIT_TREF_S8, [WIT_TYPE_S16] = WIT_TREF_S16,
    [WIT_TYPE_S32] = WIT_TREF_S32, [WIT_TYPE_S64] = WIT_TREF_S64,
    [WIT_TYPE_F32] = WIT_TREF_F32, [WIT_TYPE_F64] = WIT_TREF_F64,
    [WIT_TYPE_CHAR] = WIT_TREF_CHAR,
    [WIT_TYPE_STRING] = WIT_TREF_STRING,
    [WIT_TYPE_ERROR_CONTEXT] = WIT_TREF_ERROR_CONTEXT,
};

static bool anon(ctx *c, type_scope *s, wit_def_kind kind, const wit_type *t, wit_tref *out)
{
    uint32_t id = new_type(c, kind, s->file, t->span);
    if (id == WIT_NO_ID)
        return false;
    *out = (wit_tref){WIT_TREF_ID, id};
    return true;
}

/* Resolves an optional element into field `a` or `b` of type `id`. */
static bool resolve_elem(ctx *c, type_scope *s, const wit_type *t, uint32_t id, bool second)
{
    wit_tref r = {WIT_TREF_NONE, 0};
    if (t && !resolve_tref(c, s, t, &r))
        return false;
    if (second)
        TYPES(c)[id].b = r;
    else
        TYPES(c)[id].a = r;
    return true;
}

static bool is_resource(ctx *c, uint32_t id)
{
    uint32_t d = deref_type(c, id);
    return d != WIT_NO_ID && TYPES(c)[d].kind == WIT_DEF_KIND_RESOURCE;
}

bool resolve_tref(ctx *c, type_scope *s, const wit_type *t, wit_tref *out)
{
    uint32_t id;
    switch (t->kind) {
    case WIT_TYPE_NAME:
        if (!lookup_type(c, s, t->name, &id))
            return false;
        if (deref_type(c, id) == WIT_NO_ID)
            return fail(c, s->file, t->name.span, "type `%.*s` refers to itself", STR(t->name.name));
        if (!is_resource(c, id)) {
            *out = (wit_tref){WIT_TREF_ID, id};
            return true;
        }
        /* A bare resource name is an owned handle. */
        if (!anon(c, s, WIT_DEF_KIND_OWN, t, out))
            return false;
        TYPES(c)[out->id].a = (wit_tref){WIT_TREF_ID, id};
        return true;
    case WIT_TYPE_OWN:
    case WIT_TYPE_BORROW:
        if (!lookup_type(c, s, t->name, &id))
            return false;
        if (!is_resource(c, id))
            return fail(c, s->file, t->name.span, "`%.*s` is not a resource, so it cannot be used in `%s<...>`",
                        STR(t->name.name), t->kind == WIT_TYPE_OWN ? "own" : "borrow");
        if (!anon(c, s, t->kind == WIT_TYPE_OWN ? WIT_DEF_KIND_OWN : WIT_DEF_KIND_BORROW, t, out))
            return false;
        TYPES(c)[out->id].a = (wit_tref){WIT_TREF_ID, id};
        return true;
    case WIT_TYPE_TUPLE: {
        if (!anon(c, s, WIT_DEF_KIND_TUPLE, t, out))
            return false;
        wit_rfield *fields = comp_arena_array(c->arena, t->item_count ? t->item_count : 1, sizeof *fields);
        if (!fields)
            return resolve_oom(c);
        for (uint32_t i = 0; i < t->item_count; i++)
            if (!resolve_tref(c, s, t->items[i], &fields[i].type))
                return false;
        TYPES(c)[out->id].fields = fields;
        TYPES(c)[out->id].field_count = t->item_count;
        return true;
    }
    case WIT_TYPE_LIST:
    case WIT_TYPE_FIXED_LIST:
    case WIT_TYPE_OPTION:
    case WIT_TYPE_FUTURE:
    case WIT_TYPE_STREAM:
    case WIT_TYPE_RESULT:
    case WIT_TYPE_MAP: {
        wit_def_kind k = t->kind == WIT_TYPE_LIST ? WIT_DEF_KIND_LIST
                       : t->kind == WIT_TYPE_FIXED_LIST ? WIT_DEF_KIND_FIXED_LIST
                       : t->kind == WIT_TYPE_OPTION ? WIT_DEF_KIND_OPTION
                       : t->kind == WIT_TYPE_FUTURE ? WIT_DEF_KIND_FUTURE
                       : t->kind == WIT_TYPE_STREAM ? WIT_DEF_KIND_STREAM
                       : t->kind == WIT_TYPE_RESULT ? WIT_DEF_KIND_RESULT
                       : WIT_DEF_KIND_MAP;
        if (!anon(c, s, k, t, out))
            return false;
        id = out->id;
        TYPES(c)[id].length = t->length;
        return resolve_elem(c, s, t->elem, id, false) && resolve_elem(c, s, t->elem2, id, true);
    }
    default:
        if ((size_t)t->kind < sizeof prims / sizeof prims[0] && prims[t->kind] != WIT_TREF_NONE) {
            *out = (wit_tref){prims[t->kind], 0};
            return true;
        }
        return fail(c, s->file, t->span, "unsupported type");
    }
}

static const char *case_word(wit_typedef_kind k)
{
    switch (k) {
    case WIT_DEF_RECORD: return "field";
    case WIT_DEF_VARIANT: return "case";
    case WIT_DEF_ENUM: return "case";
    case WIT_DEF_FLAGS: return "flag";
    default: return "item";
    }
}

bool define_typedef(ctx *c, type_scope *s, const wit_typedef *td, uint32_t id)
{
    if (td->kind == WIT_DEF_ALIAS) {
        if (td->alias->kind == WIT_TYPE_NAME)
            return true;
        wit_tref r;
        if (!resolve_tref(c, s, td->alias, &r))
            return false;
        TYPES(c)[id].a = r;
        return true;
    }
    if (td->kind == WIT_DEF_RESOURCE)
        return true;
    wit_rfield *fields = comp_arena_array(c->arena, td->case_count ? td->case_count : 1, sizeof *fields);
    if (!fields)
        return resolve_oom(c);
    name_map seen = {0};
    for (uint32_t i = 0; i < td->case_count; i++) {
        const wit_case *k = &td->cases[i];
        bool existing;
        if (!map_insert(c, &seen, k->name.name, i, 0, &existing))
            return false;
        if (existing)
            return fail(c, s->file, k->name.span, "%s `%.*s` is defined more than once in `%.*s`",
                        case_word(td->kind), STR(k->name.name), STR(td->name.name));
        fields[i].name = k->name.name;
        fields[i].docs = k->docs;
        fields[i].span = k->span;
        if (k->type && !resolve_tref(c, s, k->type, &fields[i].type))
            return false;
    }
    TYPES(c)[id].fields = fields;
    TYPES(c)[id].field_count = td->case_count;
    return true;
}

static bool handle_to(ctx *c, type_scope *s, wit_def_kind kind, uint32_t resource, wit_span span,
                      wit_tref *out)
{
    uint32_t id = new_type(c, kind, s->file, span);
    if (id == WIT_NO_ID)
        return false;
    TYPES(c)[id].a = (wit_tref){WIT_TREF_ID, resource};
    *out = (wit_tref){WIT_TREF_ID, id};
    return true;
}

/* A constructor's written result must be `result<R, ...>` or `result<R>`. */
static bool check_constructor_result(ctx *c, type_scope *s, const wit_type *t, uint32_t resource)
{
    const wit_type *ok = t->kind == WIT_TYPE_RESULT ? t->elem : NULL;
    if (ok && ok->kind == WIT_TYPE_NAME) {
        name_slot *slot = map_find(s->names, ok->name.name);
        if (slot && slot->tag == TAG_TYPE && deref_type(c, slot->value) == resource)
            return true;
    }
    comp_str r = TYPES(c)[resource].name;
    return fail(c, s->file, t->span, "a constructor of `%.*s` must return `%.*s` or `result<%.*s, E>`",
                STR(r), STR(r), STR(r));
}

bool resolve_func(ctx *c, type_scope *s, const wit_func_type *ft, wit_ident item_name,
                  wit_func_kind kind, uint32_t resource, const wit_docs *docs,
                  const wit_stability *st, wit_span span, wit_rfunc *out)
{
    memset(out, 0, sizeof *out);
    comp_str rname = resource != WIT_NO_ID ? TYPES(c)[resource].name : (comp_str){"", 0};
    switch (kind) {
    case WIT_FUNC_FREESTANDING: out->name = item_name.name; break;
    case WIT_FUNC_METHOD: out->name = str_dup(c, "[method]%.*s.%.*s", STR(rname), STR(item_name.name)); break;
    case WIT_FUNC_STATIC: out->name = str_dup(c, "[static]%.*s.%.*s", STR(rname), STR(item_name.name)); break;
    case WIT_FUNC_CONSTRUCTOR: out->name = str_dup(c, "[constructor]%.*s", STR(rname)); break;
    }
    if (!out->name.data)
        return false;
    out->item_name = item_name.name;
    out->kind = kind;
    out->is_async = ft->is_async;
    out->resource = resource;
    out->docs = *docs;
    out->stability = *st;
    out->file = s->file;
    out->span = span;
    uint32_t extra = kind == WIT_FUNC_METHOD ? 1 : 0;
    uint32_t count = ft->param_count + extra;
    out->params = comp_arena_array(c->arena, count ? count : 1, sizeof *out->params);
    if (!out->params)
        return resolve_oom(c);
    out->param_count = count;
    name_map seen = {0};
    bool existing;
    if (extra) {
        out->params[0].name = (comp_str){"self", 4};
        out->params[0].span = item_name.span;
        if (!handle_to(c, s, WIT_DEF_KIND_BORROW, resource, item_name.span, &out->params[0].type) ||
            !map_insert(c, &seen, out->params[0].name, 0, 0, &existing))
            return false;
    }
    for (uint32_t i = 0; i < ft->param_count; i++) {
        const wit_param *p = &ft->params[i];
        if (!map_insert(c, &seen, p->name.name, i, 0, &existing))
            return false;
        if (existing)
            return fail(c, s->file, p->name.span, "parameter `%.*s` is defined more than once",
                        STR(p->name.name));
        wit_rparam *rp = &out->params[extra + i];
        rp->name = p->name.name;
        rp->span = p->name.span;
        if (!resolve_tref(c, s, p->type, &rp->type))
            return false;
    }
    if (kind == WIT_FUNC_CONSTRUCTOR && !ft->result)
        return handle_to(c, s, WIT_DEF_KIND_OWN, resource, span, &out->result);
    if (kind == WIT_FUNC_CONSTRUCTOR && !check_constructor_result(c, s, ft->result, resource))
        return false;
    if (ft->result && !resolve_tref(c, s, ft->result, &out->result))
        return false;
    return true;
}

bool resolve_resource_funcs(ctx *c, type_scope *s, const wit_typedef *td, uint32_t id,
                            rvec *funcs)
{
    const wit_stability res_st = type_gate(c, id);
    bool has_constructor = false;
    for (uint32_t i = 0; i < td->func_count; i++) {
        const wit_resource_func *rf = &td->funcs[i];
        wit_stability st;
        bool enabled;
        if (!read_gates(c, s->file, &rf->gates, s->unit, &st, &enabled))
            return false;
        if (!enabled)
            continue;
        if (!check_gate_within(c, s->file, rf->name.span, &st, rf->name.name, &res_st,
                               td->name.name, false))
            return false;
        wit_func_kind kind = rf->kind == WIT_RESOURCE_METHOD ? WIT_FUNC_METHOD
                           : rf->kind == WIT_RESOURCE_STATIC ? WIT_FUNC_STATIC
                           : WIT_FUNC_CONSTRUCTOR;
        if (kind == WIT_FUNC_CONSTRUCTOR) {
            if (has_constructor)
                return fail(c, s->file, rf->name.span, "resource `%.*s` has more than one constructor",
                            STR(td->name.name));
            has_constructor = true;
        }
        s->item_st = effective_gate(&st, &res_st);
        s->item_name = rf->name.name;
        wit_rfunc f;
        if (!resolve_func(c, s, &rf->type, rf->name, kind, id, &rf->docs, &st, rf->span, &f))
            return false;
        bool existing;
        if (!map_insert(c, s->names, f.name, funcs->count, TAG_FUNC, &existing))
            return false;
        if (existing)
            return fail(c, s->file, rf->name.span, "`%.*s` is defined more than once in resource `%.*s`",
                        STR(rf->name.name), STR(td->name.name));
        wit_rfunc *slot = rvec_push(c, funcs, sizeof *slot);
        if (!slot)
            return false;
        *slot = f;
    }
    return true;
}
