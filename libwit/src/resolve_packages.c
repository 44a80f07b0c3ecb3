/* Packages: grouping files into packages (one per group, plus one per
 * nested `package ... { }` block), finding packages by name (exactly, or a
 * semver-compatible newer release), ordering them so each comes after the
 * packages it refers to, and resolving each one: its names, top-level
 * `use`s, interfaces in dependency order, then worlds in `include` order. */
#include "resolve_internal.h"

#include <stdio.h>
#include <string.h>

#include "comp/buf.h"

static void buf_str(comp_buf *b, comp_str s)
{
    comp_buf_append(b, s.data, s.len);
}

static comp_str buf_to_str(ctx *c, comp_buf *b)
{
    comp_str s = {0};
    if (!b->oom) {
        s.data = comp_arena_strndup(c->arena, b->len ? (const char *)b->data : "", b->len);
        s.len = (uint32_t)b->len;
    }
    comp_buf_free(b);
    if (!s.data)
        resolve_oom(c);
    return s;
}

static void base_name(comp_buf *b, const wit_package_name *n)
{
    for (uint32_t i = 0; i < n->namespace_count; i++) {
        buf_str(b, n->namespaces[i].name);
        comp_buf_byte(b, ':');
    }
    buf_str(b, n->name.name);
    for (uint32_t i = 0; i < n->nested_count; i++) {
        comp_buf_byte(b, '/');
        buf_str(b, n->nested[i].name);
    }
}

comp_str package_full_name(ctx *c, const wit_package_name *n)
{
    comp_buf b = {0};
    base_name(&b, n);
    if (n->version.present) {
        comp_buf_byte(&b, '@');
        buf_str(&b, n->version.text);
    }
    return buf_to_str(c, &b);
}

/* Releases compatible under semver share this key: the major version, or
 * for 0.x the minor, or for 0.0.x the patch. Pre-releases have none. */
static comp_str compat_key(ctx *c, const wit_package_name *n)
{
    comp_buf b = {0};
    base_name(&b, n);
    char v[64];
    if (n->version.major)
        snprintf(v, sizeof v, "@%llu", (unsigned long long)n->version.major);
    else if (n->version.minor)
        snprintf(v, sizeof v, "@0.%llu", (unsigned long long)n->version.minor);
    else
        snprintf(v, sizeof v, "@0.0.%llu", (unsigned long long)n->version.patch);
    comp_buf_append(&b, v, strlen(v));
    return buf_to_str(c, &b);
}

static bool newer(const wit_version *a, const wit_version *b)
{
    if (a->major != b->major)
        return a->major > b->major;
    if (a->minor != b->minor)
        return a->minor > b->minor;
    return a->patch > b->patch;
}

static bool lookup_unit(ctx *c, const wit_package_name *n, uint32_t *out)
{
    comp_str full = package_full_name(c, n);
    if (!full.data)
        return false;
    name_slot *s = map_find(&c->units_by_name, full);
    if (s && comp_str_eq(s->key, full)) {
        *out = s->value;
        return true;
    }
    if (!n->version.present || n->version.pre.len)
        return false;
    comp_str key = compat_key(c, n);
    s = key.data ? map_find(&c->units_compat, key) : NULL;
    if (!s || !comp_str_eq(s->key, key))
        return false;
    const wit_version *found = &UNITS(c)[s->value].name.version;
    if (newer(&n->version, found))
        return false;
    *out = s->value;
    return true;
}

/* ---- grouping -------------------------------------------------------------- */

static uint32_t new_unit(ctx *c, uint32_t group)
{
    unit *u = rvec_push(c, &c->units, sizeof *u);
    if (!u)
        return WIT_NO_ID;
    u->group = group;
    u->package = WIT_NO_ID;
    u->decl_file = WIT_NO_ID;
    u->duplicate_of = WIT_NO_ID;
    return c->units.count - 1;
}

static bool name_unit(ctx *c, uint32_t ui, const wit_package_name *name, uint32_t file,
                      const wit_docs *docs)
{
    unit *u = &UNITS(c)[ui];
    u->name = *name;
    u->named = true;
    u->decl_file = file;
    u->docs = *docs;
    u->full_name = package_full_name(c, name);
    if (!u->full_name.data)
        return false;
    bool existing;
    name_slot *s = map_insert(c, &c->units_by_name, u->full_name, ui, 0, &existing);
    if (!s)
        return false;
    if (existing) {
        /* Checked once all its items are known (same_contents). */
        u->duplicate_of = s->value;
        u->dup_file = file;
        u->dup_span = name->span;
        return true;
    }
    if (!name->version.present || name->version.pre.len)
        return true;
    comp_str key = compat_key(c, name);
    if (!key.data)
        return false;
    s = map_insert(c, &c->units_compat, key, ui, 0, &existing);
    if (!s)
        return false;
    if (existing && newer(&name->version, &UNITS(c)[s->value].name.version))
        s->value = ui;
    return true;
}

static bool add_item(ctx *c, uint32_t ui, uint32_t file, const wit_top_item *item)
{
    unit_item *it = rvec_push(c, &UNITS(c)[ui].items, sizeof *it);
    if (!it)
        return false;
    it->file = file;
    it->item = item;
    return true;
}

/* The source text of an item. */
static comp_str item_text(ctx *c, const unit_item *it)
{
    const wit_rfile *f = &FILES(c)[it->file];
    wit_span sp = it->item->span;
    if (sp.end > f->len || sp.start > sp.end)
        return (comp_str){NULL, 0};
    return (comp_str){f->src + sp.start, (uint32_t)(sp.end - sp.start)};
}

/* WIT.md: a package duplicated across dependencies must have the same
 * contents; then the repeat is dropped. Contents compare item by item, as
 * written (docs and gates included). */
static bool same_contents(ctx *c, uint32_t ui)
{
    const unit *dup = &UNITS(c)[ui], *orig = &UNITS(c)[dup->duplicate_of];
    bool same = dup->items.count == orig->items.count;
    for (uint32_t i = 0; same && i < dup->items.count; i++) {
        comp_str a = item_text(c, &((const unit_item *)dup->items.data)[i]);
        comp_str b = item_text(c, &((const unit_item *)orig->items.data)[i]);
        same = comp_str_eq(a, b);
    }
    return same || fail(c, dup->dup_file, dup->dup_span,
                        "package `%.*s` is defined more than once, with different contents",
                        STR(dup->full_name));
}

static bool group_units(ctx *c)
{
    uint32_t *group_unit = comp_arena_array(c->arena, c->group_count ? c->group_count : 1,
                                            sizeof *group_unit);
    if (!group_unit)
        return resolve_oom(c);
    for (uint32_t g = 0; g < c->group_count; g++)
        group_unit[g] = WIT_NO_ID;
    for (uint32_t fi = 0; fi < c->files.count; fi++) {
        uint32_t g = ((src_file *)c->file_groups.data)[fi].group;
        const wit_ast_file *ast = FILES(c)[fi].ast;
        if (ast->has_package) {
            if (group_unit[g] == WIT_NO_ID && (group_unit[g] = new_unit(c, g)) == WIT_NO_ID)
                return false;
            unit *u = &UNITS(c)[group_unit[g]];
            if (!u->named) {
                if (!name_unit(c, group_unit[g], &ast->package, fi, &ast->package_docs))
                    return false;
            } else {
                comp_str mine = package_full_name(c, &ast->package);
                if (!mine.data)
                    return false;
                if (!comp_str_eq(mine, u->full_name))
                    return fail(c, fi, ast->package.span,
                                "package `%.*s` does not match `%.*s` declared in %s", STR(mine),
                                STR(u->full_name), FILES(c)[u->decl_file].path);
            }
        }
        for (uint32_t i = 0; i < ast->item_count; i++) {
            const wit_top_item *item = &ast->items[i];
            if (item->kind == WIT_TOP_PACKAGE) {
                uint32_t ui = new_unit(c, UINT32_MAX);
                if (ui == WIT_NO_ID || !name_unit(c, ui, &item->package->name, fi, &item->docs))
                    return false;
                for (uint32_t j = 0; j < item->package->item_count; j++)
                    if (!add_item(c, ui, fi, &item->package->items[j]))
                        return false;
                continue;
            }
            if (group_unit[g] == WIT_NO_ID && (group_unit[g] = new_unit(c, g)) == WIT_NO_ID)
                return false;
            if (!add_item(c, group_unit[g], fi, item))
                return false;
        }
    }
    for (uint32_t g = 0; g < c->group_count; g++) {
        uint32_t ui = group_unit[g];
        if (ui == WIT_NO_ID || UNITS(c)[ui].named)
            continue;
        const unit_item *first = UNITS(c)[ui].items.data;
        return fail(c, first->file, first->item->span,
                    "no `package` declaration: one file of this package must start with "
                    "`package namespace:name;`");
    }
    for (uint32_t ui = 0; ui < c->units.count; ui++)
        if (UNITS(c)[ui].duplicate_of != WIT_NO_ID && !same_contents(c, ui))
            return false;
    c->main_unit = group_unit[0];
    if (c->main_unit != WIT_NO_ID && UNITS(c)[c->main_unit].duplicate_of != WIT_NO_ID)
        c->main_unit = UNITS(c)[c->main_unit].duplicate_of;
    if (c->main_unit == WIT_NO_ID) {
        for (uint32_t fi = 0; fi < c->files.count; fi++)
            if (((src_file *)c->file_groups.data)[fi].group == 0)
                return fail(c, fi, (wit_span){0, 0},
                            "no `package` declaration: the root file must start with "
                            "`package namespace:name;`");
    }
    return true;
}

/* ---- dependencies between packages ------------------------------------------ */

static bool scan_path(ctx *c, uint32_t ui, uint32_t file, const wit_use_path *p)
{
    if (!p->qualified)
        return true;
    uint32_t dep;
    if (!lookup_unit(c, &p->package, &dep)) {
        if (c->err && c->err->message[0])
            return false;
        comp_str full = package_full_name(c, &p->package);
        return fail(c, file, p->package.span, "package `%.*s` not found", STR(full));
    }
    return dep == ui || push_dep(c, &UNITS(c)[ui].deps, dep, file, p->span);
}

static bool scan_interface(ctx *c, uint32_t ui, uint32_t file, const wit_interface *iface)
{
    for (uint32_t i = 0; i < iface->item_count; i++) {
        const wit_iface_item *it = &iface->items[i];
        if (it->kind == WIT_IFACE_USE && item_enabled(c, &it->gates) &&
            !scan_path(c, ui, file, &it->use->path))
            return false;
    }
    return true;
}

static bool scan_world(ctx *c, uint32_t ui, uint32_t file, const wit_world *w)
{
    for (uint32_t i = 0; i < w->item_count; i++) {
        const wit_world_item *it = &w->items[i];
        if (!item_enabled(c, &it->gates))
            continue;
        bool ok = true;
        switch (it->kind) {
        case WIT_WORLD_IMPORT:
        case WIT_WORLD_EXPORT:
            if (it->ext.kind == WIT_EXTERN_PATH || it->ext.kind == WIT_EXTERN_NAMED_PATH)
                ok = scan_path(c, ui, file, &it->ext.path);
            else if (it->ext.kind == WIT_EXTERN_INTERFACE)
                ok = scan_interface(c, ui, file, it->ext.iface);
            break;
        case WIT_WORLD_USE:
            ok = scan_path(c, ui, file, &it->use->path);
            break;
        case WIT_WORLD_INCLUDE:
            ok = scan_path(c, ui, file, &it->include->path);
            break;
        case WIT_WORLD_TYPE:
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

static bool scan_unit(ctx *c, uint32_t ui)
{
    if (UNITS(c)[ui].duplicate_of != WIT_NO_ID)
        return true;
    for (uint32_t i = 0; i < UNITS(c)[ui].items.count; i++) {
        const unit_item *it = &((const unit_item *)UNITS(c)[ui].items.data)[i];
        const wit_top_item *top = it->item;
        if (!item_enabled(c, &top->gates))
            continue;
        bool ok = true;
        if (top->kind == WIT_TOP_USE)
            ok = scan_path(c, ui, it->file, &top->use->path);
        else if (top->kind == WIT_TOP_INTERFACE)
            ok = scan_interface(c, ui, it->file, top->iface);
        else if (top->kind == WIT_TOP_WORLD)
            ok = scan_world(c, ui, it->file, top->world);
        if (!ok)
            return false;
    }
    return true;
}

/* ---- names inside a package --------------------------------------------------- */

bool push_dep(ctx *c, rvec *deps, uint32_t target, uint32_t file, wit_span span)
{
    dep_ref *d = rvec_push(c, deps, sizeof *d);
    if (!d)
        return false;
    d->target = target;
    d->file = file;
    d->span = span;
    return true;
}

bool push_path_dep(ctx *c, const pkg_env *env, uint32_t file, const wit_use_path *p,
                   bool want_world, rvec *deps)
{
    uint32_t target;
    return lookup_path(c, env, file, p, want_world, &target) &&
           push_dep(c, deps, target, file, p->span);
}

bool lookup_path(ctx *c, const pkg_env *env, uint32_t file, const wit_use_path *p,
                 bool want_world, uint32_t *out)
{
    const char *kind = want_world ? "world" : "interface";
    comp_str name = p->name.name;
    const name_map *items = env->items, *disabled = env->disabled;
    name_slot *s = NULL;
    if (!p->qualified) {
        if (file >= env->file_base && file - env->file_base < env->file_count)
            s = map_find(&env->file_uses[file - env->file_base], name);
        if (!s)
            s = map_find(items, name);
    } else {
        uint32_t u;
        if (!lookup_unit(c, &p->package, &u)) {
            comp_str full = package_full_name(c, &p->package);
            return fail(c, file, p->package.span, "package `%.*s` not found", STR(full));
        }
        if (u != env->unit) {
            uint32_t pid = UNITS(c)[u].package;
            if (pid == WIT_NO_ID)
                return fail(c, file, p->span, "package `%.*s` is not resolved yet",
                            STR(UNITS(c)[u].full_name));
            pkg_names *pn = &((pkg_names *)c->pkg_names.data)[pid];
            items = pn->items;
            disabled = pn->disabled;
        }
        s = map_find(items, name);
    }
    if (!s || !comp_str_eq(s->key, name)) {
        if (disabled && map_find(disabled, name))
            return fail(c, file, p->name.span,
                        "%s `%.*s` is gated by a feature that is not enabled", kind, STR(name));
        return fail(c, file, p->name.span, "%s `%.*s` does not exist", kind, STR(name));
    }
    if (want_world != (s->tag == TAG_WORLD))
        return fail(c, file, p->name.span, "`%.*s` is %s, not %s", STR(name),
                    s->tag == TAG_WORLD ? "a world" : "an interface",
                    want_world ? "a world" : "an interface");
    *out = s->value;
    return true;
}

typedef struct pending {
    uint32_t id, file;
    const void *ast;
} pending;

static bool declare_items(ctx *c, pkg_env *env, rvec *ifaces, rvec *worlds)
{
    const unit *u = &UNITS(c)[env->unit];
    for (uint32_t i = 0; i < u->items.count; i++) {
        const unit_item *it = &((const unit_item *)u->items.data)[i];
        const wit_top_item *top = it->item;
        if (top->kind != WIT_TOP_INTERFACE && top->kind != WIT_TOP_WORLD)
            continue;
        bool is_world = top->kind == WIT_TOP_WORLD;
        const wit_ident *name = is_world ? &top->world->name : &top->iface->name;
        wit_stability st;
        bool enabled, existing;
        if (!read_gates(c, it->file, &top->gates, env->unit, &st, &enabled))
            return false;
        if (!enabled) {
            if (!map_insert(c, env->disabled, name->name, 0, TAG_DISABLED, &existing))
                return false;
            continue;
        }
        uint32_t id = is_world ? c->worlds.count : c->interfaces.count;
        name_slot *s = map_insert(c, env->items, name->name, id,
                                  is_world ? TAG_WORLD : TAG_INTERFACE, &existing);
        if (!s)
            return false;
        if (existing)
            return fail(c, it->file, name->span, "`%.*s` is defined more than once in package `%.*s`",
                        STR(name->name), STR(u->full_name));
        pending *p = rvec_push(c, is_world ? worlds : ifaces, sizeof *p);
        if (!p)
            return false;
        p->id = id;
        p->file = it->file;
        if (is_world) {
            p->ast = top->world;
            wit_rworld *w = rvec_push(c, &c->worlds, sizeof *w);
            if (!w)
                return false;
            w->name = name->name;
            w->package = env->package;
            w->docs = top->world->docs;
            w->stability = st;
            w->file = it->file;
            w->span = top->world->span;
        } else {
            p->ast = top->iface;
            wit_rinterface *f = rvec_push(c, &c->interfaces, sizeof *f);
            if (!f || !rvec_push(c, &c->iface_scopes, sizeof(name_map)))
                return false;
            f->name = name->name;
            f->package = env->package;
            f->world = WIT_NO_ID;
            f->docs = top->iface->docs;
            f->stability = st;
            f->file = it->file;
            f->span = top->iface->span;
        }
    }
    return true;
}

static bool declare_toplevel_uses(ctx *c, pkg_env *env)
{
    const unit *u = &UNITS(c)[env->unit];
    for (uint32_t i = 0; i < u->items.count; i++) {
        const unit_item *it = &((const unit_item *)u->items.data)[i];
        if (it->item->kind != WIT_TOP_USE)
            continue;
        const wit_toplevel_use *use = it->item->use;
        wit_stability st;
        bool enabled, existing;
        if (!read_gates(c, it->file, &it->item->gates, env->unit, &st, &enabled))
            return false;
        if (!enabled)
            continue;
        uint32_t id;
        bool is_world = false;
        if (!lookup_path(c, env, it->file, &use->path, false, &id)) {
            /* A top-level `use` may name a world too. */
            wit_diag saved = *c->err;
            if (!lookup_path(c, env, it->file, &use->path, true, &id)) {
                *c->err = saved;
                return false;
            }
            is_world = true;
        }
        const wit_ident *name = use->as.name.data ? &use->as : &use->path.name;
        if (map_find(env->items, name->name))
            return fail(c, it->file, name->span,
                        "`%.*s` conflicts with an interface or world of this package",
                        STR(name->name));
        name_map *scope = &env->file_uses[it->file - env->file_base];
        if (!map_insert(c, scope, name->name, id, is_world ? TAG_WORLD : TAG_INTERFACE, &existing))
            return false;
        if (existing)
            return fail(c, it->file, name->span, "`%.*s` is already defined in this file",
                        STR(name->name));
    }
    return true;
}

/* Orders the pending interfaces (or worlds) of this package by their local
 * references and resolves them in that order. */
static bool resolve_in_order(ctx *c, pkg_env *env, const rvec *items, bool worlds)
{
    uint32_t n = items->count;
    if (!n)
        return true;
    const pending *ps = items->data;
    uint32_t first = ps[0].id;
    rvec *deps = comp_arena_array(c->arena, n, sizeof *deps);
    uint32_t *order = comp_arena_array(c->arena, n, sizeof *order);
    if (!deps || !order)
        return resolve_oom(c);
    for (uint32_t i = 0; i < n; i++) {
        rvec all = {0};
        bool ok = worlds ? world_include_targets(c, env, ps[i].file, ps[i].ast, &all)
                         : interface_use_targets(c, env, ps[i].file, ps[i].ast, &all);
        if (!ok)
            return false;
        /* Only references within this package order it; others are done. */
        for (uint32_t j = 0; j < all.count; j++) {
            dep_ref r = ((dep_ref *)all.data)[j];
            uint32_t pkg = worlds ? WORLDS(c)[r.target].package : IFACES(c)[r.target].package;
            if (pkg != env->package)
                continue;
            r.target -= first;
            dep_ref *d = rvec_push(c, &deps[i], sizeof *d);
            if (!d)
                return false;
            *d = r;
        }
    }
    uint32_t from;
    const dep_ref *ref;
    if (!topo_order(c, n, deps, order, &from, &ref)) {
        if (!ref)
            return false;
        comp_str a = worlds ? WORLDS(c)[first + from].name : IFACES(c)[first + from].name;
        comp_str b = worlds ? WORLDS(c)[first + ref->target].name : IFACES(c)[first + ref->target].name;
        const char *kind = worlds ? "world" : "interface";
        if (ref->target == from)
            return fail(c, ref->file, ref->span, "%s `%.*s` %s itself", kind, STR(a),
                        worlds ? "includes" : "uses");
        return fail(c, ref->file, ref->span, "%s `%.*s` %s `%.*s`, which depends on `%.*s` (a cycle)",
                    kind, STR(a), worlds ? "includes" : "uses", STR(b), STR(a));
    }
    for (uint32_t i = 0; i < n; i++) {
        const pending *p = &ps[order[i]];
        if (worlds) {
            if (!resolve_world(c, env, p->file, p->id, p->ast))
                return false;
        } else {
            if (!resolve_interface(c, env, p->file, p->id, p->ast))
                return false;
            uint32_t *o = rvec_push(c, &c->interface_order, sizeof *o);
            if (!o)
                return false;
            *o = p->id;
        }
    }
    return true;
}

static uint32_t *pending_ids(ctx *c, const rvec *items)
{
    if (!items->count)
        return NULL;
    uint32_t *ids = comp_arena_array(c->arena, items->count, sizeof *ids);
    if (!ids) {
        resolve_oom(c);
        return NULL;
    }
    for (uint32_t i = 0; i < items->count; i++)
        ids[i] = ((const pending *)items->data)[i].id;
    return ids;
}

static bool resolve_unit(ctx *c, uint32_t ui)
{
    pkg_env env = {.unit = ui, .package = c->packages.count};
    wit_rpackage *pkg = rvec_push(c, &c->packages, sizeof *pkg);
    pkg_names *pn = pkg ? rvec_push(c, &c->pkg_names, sizeof *pn) : NULL;
    if (!pn)
        return false;
    pn->items = env.items = comp_arena_alloc(c->arena, sizeof(name_map));
    pn->disabled = env.disabled = comp_arena_alloc(c->arena, sizeof(name_map));
    if (!env.items || !env.disabled)
        return resolve_oom(c);
    unit *u = &UNITS(c)[ui];
    u->package = env.package;
    pkg = &PKGS(c)[env.package];
    pkg->name = u->name;
    pkg->full_name = u->full_name;
    pkg->docs = u->docs;
    pkg->file = u->decl_file;

    uint32_t lo = UINT32_MAX, hi = 0;
    for (uint32_t i = 0; i < u->items.count; i++) {
        uint32_t f = ((const unit_item *)u->items.data)[i].file;
        lo = f < lo ? f : lo;
        hi = f > hi ? f : hi;
    }
    if (lo <= hi) {
        env.file_base = lo;
        env.file_count = hi - lo + 1;
        env.file_uses = comp_arena_array(c->arena, env.file_count, sizeof(name_map));
        if (!env.file_uses)
            return resolve_oom(c);
    }

    rvec ifaces = {0}, worlds = {0};
    if (!declare_items(c, &env, &ifaces, &worlds) || !declare_toplevel_uses(c, &env) ||
        !resolve_in_order(c, &env, &ifaces, false) || !resolve_in_order(c, &env, &worlds, true))
        return false;
    pkg = &PKGS(c)[env.package];
    pkg->interface_count = ifaces.count;
    pkg->world_count = worlds.count;
    pkg->interfaces = pending_ids(c, &ifaces);
    pkg->worlds = pending_ids(c, &worlds);
    return (!ifaces.count || pkg->interfaces) && (!worlds.count || pkg->worlds);
}

bool resolve_units(ctx *c)
{
    if (!group_units(c))
        return false;
    uint32_t n = c->units.count;
    for (uint32_t ui = 0; ui < n; ui++)
        if (!scan_unit(c, ui))
            return false;
    rvec *deps = comp_arena_array(c->arena, n ? n : 1, sizeof *deps);
    uint32_t *order = comp_arena_array(c->arena, n ? n : 1, sizeof *order);
    if (!deps || !order)
        return resolve_oom(c);
    for (uint32_t ui = 0; ui < n; ui++)
        deps[ui] = UNITS(c)[ui].deps;
    uint32_t from;
    const dep_ref *ref;
    if (!topo_order(c, n, deps, order, &from, &ref)) {
        if (!ref)
            return false;
        return fail(c, ref->file, ref->span,
                    "package `%.*s` refers to `%.*s`, which depends on `%.*s` (a cycle)",
                    STR(UNITS(c)[from].full_name), STR(UNITS(c)[ref->target].full_name),
                    STR(UNITS(c)[from].full_name));
    }
    for (uint32_t i = 0; i < n; i++)
        if (UNITS(c)[order[i]].duplicate_of == WIT_NO_ID && !resolve_unit(c, order[i]))
            return false;
    return true;
}
