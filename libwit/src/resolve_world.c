/* Worlds: `use`s and types, imports and exports (interfaces by name, plain
 * names for functions, inline interfaces and named interfaces), then the
 * items of `include`d worlds (with `with { a as b }` renames), and last the
 * elaboration that imports every interface the world needs through `use`. */
#include "resolve_internal.h"

#include <stdlib.h>
#include <string.h>

bool world_include_targets(ctx *c, const pkg_env *env, uint32_t file,
                           const wit_world *ast, rvec *out)
{
    for (uint32_t i = 0; i < ast->item_count; i++) {
        const wit_world_item *it = &ast->items[i];
        if (it->kind != WIT_WORLD_INCLUDE || !item_enabled(c, &it->gates))
            continue;
        if (!push_path_dep(c, env, file, &it->include->path, true, out))
            return false;
    }
    return true;
}

/* One side (imports or exports) of a world being built. */
typedef struct side {
    rvec items;                 /* wit_rworld_item */
    rvec needs;                 /* uint32_t per item: interface a type needs */
    name_map names;             /* plain names */
    name_map ifaces;            /* interface keys, by id */
} side;

typedef struct wctx {
    ctx *c;
    const pkg_env *env;
    uint32_t file;
    uint32_t world;
    type_scope s;
    side imports, exports;
} wctx;

static comp_str id_key(ctx *c, uint32_t id)
{
    return str_dup(c, "%u", (unsigned)id);
}

static comp_str item_label(ctx *c, const wit_rworld_item *e)
{
    if (e->key_kind == WIT_KEY_NAME)
        return e->name;
    const wit_rinterface *f = &IFACES(c)[e->id];
    return str_dup(c, "%.*s/%.*s", STR(PKGS(c)[f->package].full_name), STR(f->name));
}

/* Adds an item to a side; *dup is set (and nothing added) if its key is
 * already there. */
static bool add_item(ctx *c, side *sd, const wit_rworld_item *e, uint32_t need, bool *dup)
{
    bool existing;
    if (e->key_kind == WIT_KEY_NAME) {
        if (!map_insert(c, &sd->names, e->name, sd->items.count, 0, &existing))
            return false;
    } else {
        comp_str key = id_key(c, e->id);
        if (!key.data || !map_insert(c, &sd->ifaces, key, sd->items.count, 0, &existing))
            return false;
    }
    *dup = existing;
    if (existing)
        return true;
    wit_rworld_item *slot = rvec_push(c, &sd->items, sizeof *slot);
    uint32_t *n = slot ? rvec_push(c, &sd->needs, sizeof *n) : NULL;
    if (!n)
        return false;
    *slot = *e;
    *n = need;
    return true;
}

static bool has_iface(ctx *c, const side *sd, uint32_t iface)
{
    comp_str key = id_key(c, iface);
    return key.data && map_find(&sd->ifaces, key) != NULL;
}

static bool add_own(wctx *w, bool is_export, const wit_rworld_item *e, wit_span span)
{
    bool dup;
    side *sd = is_export ? &w->exports : &w->imports;
    if (!add_item(w->c, sd, e, WIT_NO_ID, &dup))
        return false;
    if (!dup)
        return true;
    comp_str label = item_label(w->c, e);
    return fail(w->c, w->file, span, "%s `%.*s` is defined more than once in world `%.*s`",
                is_export ? "export" : "import", STR(label), STR(WORLDS(w->c)[w->world].name));
}

static const wit_attr *external_id(const wit_gates *g)
{
    return wit_gates_find(g, WIT_ATTR_EXTERNAL_ID);
}

static bool resolve_extern(wctx *w, const wit_world_item *it, const wit_stability *st)
{
    ctx *c = w->c;
    const wit_extern *x = &it->ext;
    bool is_export = it->kind == WIT_WORLD_EXPORT;
    wit_rworld_item e = {0};
    e.docs = it->docs;
    e.stability = *st;
    e.file = w->file;
    e.span = it->span;
    const wit_attr *ext = external_id(&it->gates);
    if (ext)
        e.external_id = ext->external_id;
    e.key_kind = x->kind == WIT_EXTERN_PATH ? WIT_KEY_INTERFACE : WIT_KEY_NAME;
    e.name = x->name.name;
    switch (x->kind) {
    case WIT_EXTERN_PATH:
    case WIT_EXTERN_NAMED_PATH:
        e.kind = WIT_ITEM_INTERFACE;
        if (!lookup_path(c, w->env, w->file, &x->path, false, &e.id))
            return false;
        if (IFACES(c)[e.id].package == w->env->package &&
            !check_gate_within(c, w->file, x->path.name.span, &w->s.item_st, x->path.name.name,
                               &IFACES(c)[e.id].stability, x->path.name.name, true))
            return false;
        break;
    case WIT_EXTERN_FUNC:
        e.kind = WIT_ITEM_FUNCTION;
        if (!resolve_func(c, &w->s, &x->func, x->name, WIT_FUNC_FREESTANDING, WIT_NO_ID, &it->docs,
                          st, it->span, &e.func) ||
            !check_no_borrow(c, &e.func))
            return false;
        break;
    case WIT_EXTERN_INTERFACE: {
        e.kind = WIT_ITEM_INTERFACE;
        e.id = c->interfaces.count;
        wit_rinterface *f = rvec_push(c, &c->interfaces, sizeof *f);
        if (!f || !rvec_push(c, &c->iface_scopes, sizeof(name_map)))
            return false;
        f->package = w->env->package;
        f->world = w->world;
        f->docs = it->docs;
        f->stability = *st;
        f->file = w->file;
        f->span = x->iface->span;
        if (!resolve_interface(c, w->env, w->file, e.id, x->iface))
            return false;
        uint32_t *o = rvec_push(c, &c->interface_order, sizeof *o);
        if (!o)
            return false;
        *o = e.id;
        break;
    }
    }
    return add_own(w, is_export, &e, x->kind == WIT_EXTERN_PATH ? x->path.span : x->name.span);
}

/* ---- include ------------------------------------------------------------------ */

typedef struct rename {
    comp_str name, as;
    wit_span span;
    bool used;
} rename;

static bool include_side(wctx *w, bool is_export, uint32_t from, rename *renames, uint32_t n,
                         wit_span span)
{
    ctx *c = w->c;
    const wit_rworld *src = &WORLDS(c)[from];
    uint32_t count = is_export ? src->export_count : src->import_count;
    for (uint32_t i = 0; i < count; i++) {
        wit_rworld_item e = (is_export ? WORLDS(c)[from].exports : WORLDS(c)[from].imports)[i];
        if (e.key_kind == WIT_KEY_NAME) {
            for (uint32_t k = 0; k < n; k++) {
                if (comp_str_eq(renames[k].name, e.name)) {
                    e.name = renames[k].as;
                    renames[k].used = true;
                    break;
                }
            }
        }
        uint32_t need = WIT_NO_ID;
        if (e.kind == WIT_ITEM_TYPE) {
            uint32_t target = TYPES(c)[e.id].a.id;
            if (TYPES(c)[e.id].from_use && TYPES(c)[target].owner_kind == WIT_OWNER_INTERFACE)
                need = TYPES(c)[target].owner;
        }
        bool dup;
        side *sd = is_export ? &w->exports : &w->imports;
        if (!add_item(c, sd, &e, need, &dup))
            return false;
        if (dup && e.key_kind == WIT_KEY_NAME)
            return fail(c, w->file, span,
                        "%s `%.*s` of world `%.*s` conflicts with an %s of the same name; "
                        "rename it with `with { %.*s as ... }`",
                        is_export ? "export" : "import", STR(e.name), STR(WORLDS(c)[from].name),
                        is_export ? "export" : "import", STR(e.name));
    }
    return true;
}

static bool resolve_include(wctx *w, const wit_include *inc, const wit_stability *st,
                            rvec *includes)
{
    ctx *c = w->c;
    uint32_t from;
    if (!lookup_path(c, w->env, w->file, &inc->path, true, &from))
        return false;
    wit_stability mine = effective_gate(st, &w->s.owner_st);
    if (WORLDS(c)[from].package == w->env->package &&
        !check_gate_within(c, w->file, inc->path.name.span, &mine, inc->path.name.name,
                           &WORLDS(c)[from].stability, inc->path.name.name, true))
        return false;
    rename *renames = calloc(inc->name_count ? inc->name_count : 1, sizeof *renames);
    wit_rinclude_name *names = comp_arena_array(c->arena, inc->name_count ? inc->name_count : 1,
                                                sizeof *names);
    if (!renames || !names) {
        free(renames);
        return resolve_oom(c);
    }
    for (uint32_t i = 0; i < inc->name_count; i++) {
        renames[i] = (rename){inc->names[i].name.name, inc->names[i].as.name, inc->names[i].name.span, false};
        names[i] = (wit_rinclude_name){inc->names[i].name.name, inc->names[i].as.name};
    }
    bool ok = include_side(w, false, from, renames, inc->name_count, inc->path.span) &&
              include_side(w, true, from, renames, inc->name_count, inc->path.span);
    for (uint32_t i = 0; ok && i < inc->name_count; i++) {
        if (renames[i].used)
            continue;
        /* An interface name cannot be renamed; say so if that was meant. */
        const wit_rworld *src = &WORLDS(c)[from];
        bool is_iface = false;
        for (uint32_t k = 0; k < src->import_count + src->export_count; k++) {
            const wit_rworld_item *e = k < src->import_count ? &src->imports[k]
                                                             : &src->exports[k - src->import_count];
            if (e->key_kind == WIT_KEY_INTERFACE &&
                comp_str_eq(IFACES(c)[e->id].name, renames[i].name))
                is_iface = true;
        }
        ok = is_iface
            ? fail(c, w->file, renames[i].span,
                   "`%.*s` is an interface name, which `with` cannot rename", STR(renames[i].name))
            : fail(c, w->file, renames[i].span, "world `%.*s` has no import or export named `%.*s`",
                   STR(src->name), STR(renames[i].name));
    }
    free(renames);
    if (!ok)
        return false;
    wit_rinclude *r = rvec_push(c, includes, sizeof *r);
    if (!r)
        return false;
    r->world = from;
    r->names = names;
    r->name_count = inc->name_count;
    r->stability = *st;
    r->span = inc->path.span;
    return true;
}

/* ---- elaboration --------------------------------------------------------------- */

/* Pushes `iface` and, before it, every interface it uses (depth first,
 * iteratively) that is not imported yet. An interface that is exported
 * (and not imported) cannot be needed by an import. */
static bool import_with_deps(wctx *w, side *out, uint32_t iface, const side *exports,
                             uint32_t needed_by_file, wit_span span)
{
    ctx *c = w->c;
    if (has_iface(c, out, iface))
        return true;
    walk_stack st = {0};
    if (!walk_push(c, &st, iface))
        return false;
    name_map visiting = {0};
    bool ok = true, existing;
    comp_str key = id_key(c, iface);
    ok = key.data && map_insert(c, &visiting, key, iface, 0, &existing);
    while (ok && st.count) {
        walk_frame *f = &st.data[st.count - 1];
        const wit_rinterface *fi = &IFACES(c)[f->id];
        if (f->next < fi->dep_count) {
            uint32_t d = fi->deps[f->next++];
            if (has_iface(c, out, d))
                continue;
            if (has_iface(c, exports, d)) {
                ok = fail(c, needed_by_file, span,
                          "interface `%.*s` is exported, but the import of `%.*s` needs it",
                          STR(IFACES(c)[d].name), STR(IFACES(c)[st.data[0].id].name));
                break;
            }
            key = id_key(c, d);
            if (!key.data || !map_insert(c, &visiting, key, d, 0, &existing)) {
                ok = false;
                break;
            }
            if (existing)
                continue;
            if (!walk_push(c, &st, d)) {
                ok = false;
                break;
            }
            continue;
        }
        wit_rworld_item e = {0};
        e.key_kind = WIT_KEY_INTERFACE;
        e.kind = WIT_ITEM_INTERFACE;
        e.id = f->id;
        e.implicit = true;
        e.stability = fi->stability;
        e.file = fi->file;
        e.span = fi->span;
        bool dup;
        st.count--;
        ok = add_item(c, out, &e, WIT_NO_ID, &dup);
    }
    free(st.data);
    return ok;
}

/* wit-parser's classes of world imports, in the order it sorts them
 * (stably) before and after elaboration: interfaces, `use`d types, type
 * definitions, freestanding functions, functions of world resources. */
enum { CLASS_COUNT = 5 };

static int import_class(ctx *c, const wit_rworld_item *e)
{
    switch (e->kind) {
    case WIT_ITEM_INTERFACE:
        return 0;
    case WIT_ITEM_TYPE: {
        const wit_rtype *t = &TYPES(c)[e->id];
        /* An alias of a type owned elsewhere (a `use`); an alias of an
         * anonymous type (`type u = list<t>`) is a definition. */
        if (t->kind == WIT_DEF_KIND_ALIAS && t->a.kind == WIT_TREF_ID) {
            const wit_rtype *o = &TYPES(c)[t->a.id];
            if (o->owner_kind != WIT_OWNER_NONE &&
                (o->owner_kind != t->owner_kind || o->owner != t->owner))
                return 1;
        }
        return 2;
    }
    default:
        return e->func.kind == WIT_FUNC_FREESTANDING ? 3 : 4;
    }
}

/* Indices of `items` stably sorted by class (a counting sort). */
static uint32_t *class_order(ctx *c, const wit_rworld_item *items, uint32_t n)
{
    uint32_t *order = comp_arena_array(c->arena, n ? n : 1, sizeof *order);
    if (!order) {
        resolve_oom(c);
        return NULL;
    }
    uint32_t k = 0;
    for (int cls = 0; cls < CLASS_COUNT; cls++)
        for (uint32_t i = 0; i < n; i++)
            if (import_class(c, &items[i]) == cls)
                order[k++] = i;
    return order;
}

/* Adds the exported interface `root` (an index into the world's exports as
 * written) after the exported interfaces it depends on, depth first, as
 * wit-parser does; dependencies that are not exported become imports. */
static bool export_with_deps(wctx *w, side *imports, side *out, uint32_t root)
{
    ctx *c = w->c;
    const side *written = &w->exports;
    const wit_rworld_item *all = written->items.data;
    const wit_rworld_item *top_item = &all[root];
    if (top_item->key_kind == WIT_KEY_INTERFACE && has_iface(c, out, top_item->id))
        return true;
    walk_stack st = {0};
    if (!walk_push(c, &st, root))
        return false;
    bool ok = true;
    while (ok && st.count) {
        walk_frame *f = &st.data[st.count - 1];
        const wit_rworld_item *e = &all[f->id];
        const wit_rinterface *fi = &IFACES(c)[e->id];
        if (f->next < fi->dep_count) {
            uint32_t d = fi->deps[f->next++];
            if (has_iface(c, out, d))
                continue;
            comp_str key = id_key(c, d);
            name_slot *s = key.data ? map_find(&written->ifaces, key) : NULL;
            if (!key.data) {
                ok = false;
            } else if (!s) {
                ok = import_with_deps(w, imports, d, written, top_item->file, top_item->span);
            } else {
                ok = walk_push(c, &st, s->value);
            }
            continue;
        }
        bool dup;
        st.count--;
        ok = add_item(c, out, e, WIT_NO_ID, &dup);
    }
    free(st.data);
    return ok;
}

/* wit-parser's elaboration: imports sorted by class, each interface after
 * the interfaces it uses and each `use`d type after its interface; then
 * exported functions, then exported interfaces (each after the exported
 * interfaces it uses; the others it uses become imports); last the imports
 * sorted by class again, so interfaces found late move before the types. */
static bool elaborate(wctx *w, wit_rworld *world)
{
    ctx *c = w->c;
    side imports = {0}, exports = {0};
    const side *written = &w->exports;
    const wit_rworld_item *own = w->imports.items.data;
    uint32_t *order = class_order(c, own, w->imports.items.count);
    if (!order)
        return false;
    for (uint32_t k = 0; k < w->imports.items.count; k++) {
        uint32_t i = order[k];
        wit_rworld_item e = own[i];
        uint32_t need = ((uint32_t *)w->imports.needs.data)[i];
        if (e.kind == WIT_ITEM_INTERFACE) {
            const wit_rinterface *f = &IFACES(c)[e.id];
            for (uint32_t d = 0; d < f->dep_count; d++)
                if (!import_with_deps(w, &imports, IFACES(c)[e.id].deps[d], written, e.file, e.span))
                    return false;
        } else if (need != WIT_NO_ID && !import_with_deps(w, &imports, need, written, e.file, e.span)) {
            return false;
        }
        bool dup;
        if (!add_item(c, &imports, &e, need, &dup))
            return false;
        if (dup && e.key_kind == WIT_KEY_INTERFACE && !e.implicit) {
            /* Written after something that needed it: keep it as written. */
            comp_str key = id_key(c, e.id);
            name_slot *s = key.data ? map_find(&imports.ifaces, key) : NULL;
            if (s)
                ((wit_rworld_item *)imports.items.data)[s->value] = e;
        }
    }
    const wit_rworld_item *wex = written->items.data;
    for (uint32_t i = 0; i < written->items.count; i++) {
        bool dup;
        if (wex[i].kind != WIT_ITEM_INTERFACE && !add_item(c, &exports, &wex[i], WIT_NO_ID, &dup))
            return false;
    }
    for (uint32_t i = 0; i < written->items.count; i++)
        if (wex[i].kind == WIT_ITEM_INTERFACE && !export_with_deps(w, &imports, &exports, i))
            return false;
    const wit_rworld_item *found = imports.items.data;
    order = class_order(c, found, imports.items.count);
    wit_rworld_item *sorted =
        comp_arena_array(c->arena, imports.items.count ? imports.items.count : 1, sizeof *sorted);
    if (!order || !sorted)
        return order ? resolve_oom(c) : false;
    for (uint32_t k = 0; k < imports.items.count; k++)
        sorted[k] = found[order[k]];
    world->imports = imports.items.count ? sorted : NULL;
    world->import_count = imports.items.count;
    world->exports = rvec_finish(c, &exports.items, sizeof(wit_rworld_item));
    world->export_count = exports.items.count;
    return !exports.items.count || world->exports;
}

/* ---- the world ----------------------------------------------------------------- */

typedef struct witem_state {
    wit_stability st;
    bool enabled;
    uint32_t type;
} witem_state;

static comp_str world_item_name(const wit_world_item *it)
{
    switch (it->kind) {
    case WIT_WORLD_IMPORT:
    case WIT_WORLD_EXPORT:
        return it->ext.kind == WIT_EXTERN_PATH ? it->ext.path.name.name : it->ext.name.name;
    case WIT_WORLD_USE: return it->use->names[0].name.name;
    case WIT_WORLD_TYPE: return it->type->name.name;
    case WIT_WORLD_INCLUDE: return it->include->path.name.name;
    }
    return (comp_str){"", 0};
}

static bool add_type_import(wctx *w, uint32_t type, uint32_t need, const wit_world_item *it,
                            const wit_stability *st)
{
    wit_rworld_item e = {0};
    e.key_kind = WIT_KEY_NAME;
    e.name = TYPES(w->c)[type].name;
    e.kind = WIT_ITEM_TYPE;
    e.id = type;
    e.docs = it->docs;
    e.stability = *st;
    e.file = w->file;
    e.span = it->span;
    bool dup;
    if (!add_item(w->c, &w->imports, &e, need, &dup))
        return false;
    if (dup)
        return fail(w->c, w->file, it->span, "import `%.*s` is defined more than once in world `%.*s`",
                    STR(e.name), STR(WORLDS(w->c)[w->world].name));
    return true;
}

static bool world_types(wctx *w, const wit_world *ast, witem_state *items)
{
    ctx *c = w->c;
    wit_stability wst = WORLDS(c)[w->world].stability;
    for (uint32_t i = 0; i < ast->item_count; i++) {
        const wit_world_item *it = &ast->items[i];
        witem_state *is = &items[i];
        if (!read_gates(c, w->file, &it->gates, w->env->unit, &is->st, &is->enabled))
            return false;
        if (!is->enabled)
            continue;
        comp_str name = world_item_name(it);
        if (!check_gate_within(c, w->file, it->span, &is->st, name, &wst, WORLDS(c)[w->world].name, false))
            return false;
        w->s.item_st = effective_gate(&is->st, &wst);
        w->s.item_name = name;
        if (it->kind == WIT_WORLD_USE) {
            uint32_t before = w->s.owned->count, target;
            if (!resolve_use(c, w->env, &w->s, it->use, &is->st, &it->docs, it->span, &target))
                return false;
            for (uint32_t k = before; k < w->s.owned->count; k++)
                if (!add_type_import(w, ((uint32_t *)w->s.owned->data)[k], target, it, &is->st))
                    return false;
        } else if (it->kind == WIT_WORLD_TYPE) {
            if (!declare_typedef(c, &w->s, it->type, &it->docs, &is->st, it->span, &is->type) ||
                !add_type_import(w, is->type, WIT_NO_ID, it, &is->st))
                return false;
        }
    }
    for (uint32_t i = 0; i < ast->item_count; i++) {
        if (!items[i].enabled || ast->items[i].kind != WIT_WORLD_TYPE)
            continue;
        w->s.item_st = effective_gate(&items[i].st, &w->s.owner_st);
        w->s.item_name = ast->items[i].type->name.name;
        if (!resolve_alias_name(c, &w->s, ast->items[i].type, items[i].type))
            return false;
    }
    rvec funcs = {0};
    for (uint32_t i = 0; i < ast->item_count; i++) {
        const wit_world_item *it = &ast->items[i];
        if (!items[i].enabled || it->kind != WIT_WORLD_TYPE)
            continue;
        w->s.item_st = effective_gate(&items[i].st, &w->s.owner_st);
        w->s.item_name = it->type->name.name;
        if (!define_typedef(c, &w->s, it->type, items[i].type))
            return false;
        if (it->type->kind != WIT_DEF_RESOURCE)
            continue;
        /* A world's resource functions are imported functions. */
        uint32_t first = funcs.count;
        if (!resolve_resource_funcs(c, &w->s, it->type, items[i].type, &funcs))
            return false;
        for (uint32_t k = first; k < funcs.count; k++) {
            wit_rworld_item e = {0};
            e.key_kind = WIT_KEY_NAME;
            e.kind = WIT_ITEM_FUNCTION;
            e.func = ((wit_rfunc *)funcs.data)[k];
            e.name = e.func.name;
            e.docs = e.func.docs;
            e.stability = e.func.stability;
            e.file = w->file;
            e.span = e.func.span;
            if (!check_no_borrow(c, &e.func) || !add_own(w, false, &e, e.span))
                return false;
        }
    }
    return check_type_cycles(c, &w->s);
}

bool resolve_world(ctx *c, const pkg_env *env, uint32_t file, uint32_t world_id,
                   const wit_world *ast)
{
    rvec owned = {0}, includes = {0};
    name_map names = {0};
    wctx w = {.c = c, .env = env, .file = file, .world = world_id};
    w.s = (type_scope){
        .file = file, .unit = env->unit, .package = env->package, .names = &names,
        .owner_kind = WIT_OWNER_WORLD, .owner = world_id, .owned = &owned,
        .owner_st = WORLDS(c)[world_id].stability,
    };
    w.s.owner_name = str_dup(c, "world `%.*s`", STR(WORLDS(c)[world_id].name));
    if (!w.s.owner_name.data)
        return false;
    witem_state *items = calloc(ast->item_count ? ast->item_count : 1, sizeof *items);
    if (!items)
        return resolve_oom(c);
    bool ok = world_types(&w, ast, items);
    for (uint32_t i = 0; ok && i < ast->item_count; i++) {
        const wit_world_item *it = &ast->items[i];
        if (!items[i].enabled || (it->kind != WIT_WORLD_IMPORT && it->kind != WIT_WORLD_EXPORT))
            continue;
        w.s.item_st = effective_gate(&items[i].st, &w.s.owner_st);
        w.s.item_name = world_item_name(it);
        ok = resolve_extern(&w, it, &items[i].st);
    }
    for (uint32_t i = 0; ok && i < ast->item_count; i++) {
        const wit_world_item *it = &ast->items[i];
        if (items[i].enabled && it->kind == WIT_WORLD_INCLUDE)
            ok = resolve_include(&w, it->include, &items[i].st, &includes);
    }
    free(items);
    if (!ok)
        return false;
    wit_rworld *world = &WORLDS(c)[world_id];
    if (!elaborate(&w, world))
        return false;
    world = &WORLDS(c)[world_id];
    world->types = rvec_finish(c, &owned, sizeof(uint32_t));
    world->type_count = owned.count;
    world->includes = rvec_finish(c, &includes, sizeof(wit_rinclude));
    world->include_count = includes.count;
    return (!owned.count || world->types) && (!includes.count || world->includes);
}
