/* Interfaces: their `use`s, named types, functions and resources, in three
 * passes so that names may be used before they are defined: declare every
 * name, fill the bare-name aliases (so handles can see through them), then
 * define types and functions. */
#include "resolve_internal.h"

#include <stdlib.h>

bool interface_use_targets(ctx *c, const pkg_env *env, uint32_t file,
                           const wit_interface *ast, rvec *out)
{
    for (uint32_t i = 0; i < ast->item_count; i++) {
        const wit_iface_item *it = &ast->items[i];
        if (it->kind != WIT_IFACE_USE || !item_enabled(c, &it->gates))
            continue;
        if (!push_path_dep(c, env, file, &it->use->path, false, out))
            return false;
    }
    return true;
}

/* Adds `iface` to the list of used interfaces unless already there. */
static bool add_dep(ctx *c, rvec *deps, name_map *seen, uint32_t iface)
{
    comp_str key = str_dup(c, "%u", (unsigned)iface);
    bool existing;
    if (!key.data || !map_insert(c, seen, key, iface, 0, &existing))
        return false;
    if (existing)
        return true;
    uint32_t *d = rvec_push(c, deps, sizeof *d);
    if (!d)
        return false;
    *d = iface;
    return true;
}

static comp_str item_name(const wit_iface_item *it)
{
    switch (it->kind) {
    case WIT_IFACE_USE: return it->use->names[0].name.name;
    case WIT_IFACE_TYPE: return it->type->name.name;
    case WIT_IFACE_FUNC: return it->func->name.name;
    }
    return (comp_str){"", 0};
}

typedef struct item_state {
    wit_stability st;
    bool enabled;
    uint32_t type;
} item_state;

static bool declare_pass(ctx *c, const pkg_env *env, type_scope *s, const wit_interface *ast,
                         item_state *items, rvec *deps, name_map *seen)
{
    const wit_rinterface *me = &IFACES(c)[s->owner];
    wit_stability iface_st = me->stability;
    comp_str iface_name = me->name.data ? me->name : (comp_str){"<inline>", 8};
    for (uint32_t i = 0; i < ast->item_count; i++) {
        const wit_iface_item *it = &ast->items[i];
        item_state *is = &items[i];
        is->type = WIT_NO_ID;
        if (!read_gates(c, s->file, &it->gates, s->unit, &is->st, &is->enabled))
            return false;
        comp_str name = item_name(it);
        bool existing;
        if (!is->enabled) {
            /* Remembered so a reference can say why the name is missing. */
            if (it->kind != WIT_IFACE_USE && !map_find(s->names, name) &&
                !map_insert(c, s->names, name, 0, TAG_DISABLED, &existing))
                return false;
            continue;
        }
        if (!check_gate_within(c, s->file, it->span, &is->st, name, &iface_st, iface_name, false))
            return false;
        s->item_st = effective_gate(&is->st, &iface_st);
        s->item_name = name;
        uint32_t target;
        switch (it->kind) {
        case WIT_IFACE_USE:
            if (!resolve_use(c, env, s, it->use, &is->st, &it->docs, it->span, &target) ||
                !add_dep(c, deps, seen, target))
                return false;
            break;
        case WIT_IFACE_TYPE:
            if (!declare_typedef(c, s, it->type, &it->docs, &is->st, it->span, &is->type))
                return false;
            break;
        case WIT_IFACE_FUNC:
            if (!map_insert(c, s->names, name, i, TAG_FUNC, &existing))
                return false;
            if (existing)
                return fail(c, s->file, it->func->name.span, "`%.*s` is defined more than once in %.*s",
                            STR(name), STR(s->owner_name));
            break;
        }
    }
    return true;
}

bool resolve_interface(ctx *c, const pkg_env *env, uint32_t file, uint32_t iface_id,
                       const wit_interface *ast)
{
    const wit_rinterface *me = &IFACES(c)[iface_id];
    rvec owned = {0}, funcs = {0}, deps = {0};
    name_map seen = {0};
    type_scope s = {
        .file = file, .unit = env->unit, .package = env->package,
        .names = &SCOPES(c)[iface_id],
        .owner_kind = WIT_OWNER_INTERFACE, .owner = iface_id,
        .owned = &owned, .owner_st = me->stability,
    };
    s.owner_name = me->name.data ? str_dup(c, "interface `%.*s`", STR(me->name))
                                 : str_dup(c, "this interface");
    if (!s.owner_name.data)
        return false;
    item_state *items = calloc(ast->item_count ? ast->item_count : 1, sizeof *items);
    if (!items)
        return resolve_oom(c);
    bool ok = declare_pass(c, env, &s, ast, items, &deps, &seen);
    for (uint32_t i = 0; ok && i < ast->item_count; i++) {
        const wit_iface_item *it = &ast->items[i];
        if (!items[i].enabled || it->kind != WIT_IFACE_TYPE)
            continue;
        s.item_st = effective_gate(&items[i].st, &s.owner_st);
        s.item_name = it->type->name.name;
        ok = resolve_alias_name(c, &s, it->type, items[i].type);
    }
    for (uint32_t i = 0; ok && i < ast->item_count; i++) {
        const wit_iface_item *it = &ast->items[i];
        if (!items[i].enabled || it->kind == WIT_IFACE_USE)
            continue;
        s.item_st = effective_gate(&items[i].st, &s.owner_st);
        s.item_name = item_name(it);
        if (it->kind == WIT_IFACE_TYPE) {
            ok = define_typedef(c, &s, it->type, items[i].type);
            if (ok && it->type->kind == WIT_DEF_RESOURCE)
                ok = resolve_resource_funcs(c, &s, it->type, items[i].type, &funcs);
            continue;
        }
        wit_rfunc *f = rvec_push(c, &funcs, sizeof *f);
        if (!f) {
            ok = false;
            break;
        }
        wit_rfunc built;
        ok = resolve_func(c, &s, &it->func->type, it->func->name, WIT_FUNC_FREESTANDING, WIT_NO_ID,
                          &it->docs, &items[i].st, it->span, &built);
        ((wit_rfunc *)funcs.data)[funcs.count - 1] = built;
    }
    free(items);
    if (!ok || !check_type_cycles(c, &s))
        return false;
    for (uint32_t i = 0; i < funcs.count; i++)
        if (!check_no_borrow(c, &((wit_rfunc *)funcs.data)[i]))
            return false;
    wit_rinterface *out = &IFACES(c)[iface_id];
    out->types = rvec_finish(c, &owned, sizeof(uint32_t));
    out->type_count = owned.count;
    out->funcs = rvec_finish(c, &funcs, sizeof(wit_rfunc));
    out->func_count = funcs.count;
    out->deps = rvec_finish(c, &deps, sizeof(uint32_t));
    out->dep_count = deps.count;
    return (!owned.count || out->types) && (!funcs.count || out->funcs) && (!deps.count || out->deps);
}
