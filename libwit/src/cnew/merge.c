/* Merging the worlds of several component-type sections (a bindings
 * generator's and an adapter's, or several generators'), as wit-component
 * does: packages with the same full name are one package, interfaces of one
 * package with the same name are one interface (functions and types only
 * one side has are added to it), and the merged world imports and exports
 * what either world does, an item named twice once. The inputs stay as they
 * are: the result is a new model. Lookups go through sorted keys, so the
 * work grows as n log n with the size of the models. */
#include "cnew/cnew_internal.h"

#include <stdlib.h>
#include <string.h>

/* A sort key: a number (owner id), then a name. */
typedef struct key {
    uint32_t owner;
    comp_str name;
    uint32_t id;
} key;

static int compare_keys(const void *pa, const void *pb)
{
    const key *a = pa, *b = pb;
    if (a->owner != b->owner)
        return a->owner < b->owner ? -1 : 1;
    if (a->name.len != b->name.len)
        return a->name.len < b->name.len ? -1 : 1;
    return a->name.len ? memcmp(a->name.data, b->name.data, a->name.len) : 0;
}

typedef struct keys {
    key *k;
    uint32_t n;
} keys;

static uint32_t find_key(const keys *ks, uint32_t owner, comp_str name)
{
    key want = {owner, name, 0};
    const key *hit = ks->n ? bsearch(&want, ks->k, ks->n, sizeof *ks->k, compare_keys) : NULL;
    return hit ? hit->id : WIT_NO_ID;
}

typedef struct merger {
    comp_arena *arena;
    comp_error *err;
    const wit_resolve *a, *b;
    wit_resolve *m;
    uint32_t *pkg, *iface, *type, *world;  /* b id -> merged id */
    comp_vec extra_types, extra_funcs;      /* per existing interface: added items */
} merger;

static wit_tref map_tref(const merger *g, wit_tref t)
{
    if (t.kind == WIT_TREF_ID && t.id < g->b->type_count)
        t.id = g->type[t.id];
    return t;
}

static bool map_func(merger *g, const wit_rfunc *in, wit_rfunc *out)
{
    *out = *in;
    out->file = WIT_NO_ID;
    if (in->resource != WIT_NO_ID && in->resource < g->b->type_count)
        out->resource = g->type[in->resource];
    out->result = map_tref(g, in->result);
    out->params = comp_arena_array(g->arena, in->param_count + 1, sizeof *out->params);
    if (!out->params)
        return cn_oom(g->err);
    for (uint32_t i = 0; i < in->param_count; i++) {
        out->params[i] = in->params[i];
        out->params[i].type = map_tref(g, in->params[i].type);
    }
    return true;
}

static uint32_t *map_ids(merger *g, const uint32_t *ids, uint32_t n, const uint32_t *map, uint32_t limit)
{
    uint32_t *out = comp_arena_array(g->arena, n + 1, sizeof *out);
    for (uint32_t i = 0; out && i < n; i++)
        out[i] = ids[i] < limit ? map[ids[i]] : WIT_NO_ID;
    return out;
}

static bool grow(merger *g, void **array, uint32_t old, uint32_t extra, size_t size)
{
    void *p = comp_arena_array(g->arena, (size_t)old + extra + 1, size);
    if (!p)
        return cn_oom(g->err);
    if (old)
        memcpy(p, *array, (size_t)old * size);
    *array = p;
    return true;
}

/* Which b packages and interfaces already exist in a, and the new ids of
 * the others. */
static bool map_packages_and_interfaces(merger *g, keys *pkgs, keys *ifaces)
{
    const wit_resolve *a = g->a, *b = g->b;
    uint32_t np = a->package_count, ni = a->interface_count;
    for (uint32_t i = 0; i < b->package_count; i++) {
        char buf[512];
        uint32_t hit = find_key(pkgs, 0, cn_semver_track(b->packages[i].full_name, buf, sizeof buf));
        g->pkg[i] = hit != WIT_NO_ID ? hit : np++;
    }
    for (uint32_t i = 0; i < b->interface_count; i++) {
        const wit_rinterface *in = &b->interfaces[i];
        uint32_t hit = WIT_NO_ID;
        if (in->name.data && in->world == WIT_NO_ID && in->package < b->package_count &&
            g->pkg[in->package] < a->package_count)
            hit = find_key(ifaces, g->pkg[in->package], in->name);
        g->iface[i] = hit != WIT_NO_ID ? hit : ni++;
    }
    wit_resolve *m = g->m;
    if (!grow(g, (void **)&m->packages, a->package_count, np - a->package_count, sizeof *m->packages) ||
        !grow(g, (void **)&m->interfaces, a->interface_count, ni - a->interface_count, sizeof *m->interfaces))
        return false;
    m->package_count = np;
    m->interface_count = ni;
    /* Semver-compatible packages are one, named by the newest version. */
    for (uint32_t i = 0; i < b->package_count; i++) {
        if (g->pkg[i] >= a->package_count)
            continue;
        const wit_version *x = &m->packages[g->pkg[i]].name.version, *y = &b->packages[i].name.version;
        if (y->present && x->present &&
            (y->major != x->major ? y->major > x->major
             : y->minor != x->minor ? y->minor > x->minor : y->patch > x->patch)) {
            m->packages[g->pkg[i]].name = b->packages[i].name;
            m->packages[g->pkg[i]].full_name = b->packages[i].full_name;
        }
    }
    return true;
}

/* Types: those named in an interface both sides have are a's; the rest are
 * copied. */
static bool map_types(merger *g, const keys *types)
{
    const wit_resolve *a = g->a, *b = g->b;
    uint32_t nt = a->type_count;
    for (uint32_t i = 0; i < b->type_count; i++) {
        const wit_rtype *t = &b->types[i];
        uint32_t hit = WIT_NO_ID;
        if (t->name.data && t->owner_kind == WIT_OWNER_INTERFACE && t->owner < b->interface_count &&
            g->iface[t->owner] < a->interface_count)
            hit = find_key(types, g->iface[t->owner], t->name);
        g->type[i] = hit != WIT_NO_ID ? hit : nt++;
    }
    wit_resolve *m = g->m;
    if (!grow(g, (void **)&m->types, a->type_count, nt - a->type_count, sizeof *m->types))
        return false;
    m->type_count = nt;
    for (uint32_t i = 0; i < b->type_count; i++) {
        if (g->type[i] < a->type_count)
            continue;
        const wit_rtype *t = &b->types[i];
        wit_rtype *o = &m->types[g->type[i]];
        *o = *t;
        o->file = WIT_NO_ID;
        o->a = map_tref(g, t->a);
        o->b = map_tref(g, t->b);
        if (t->owner_kind == WIT_OWNER_INTERFACE && t->owner < b->interface_count)
            o->owner = g->iface[t->owner];
        else if (t->owner_kind == WIT_OWNER_WORLD && t->owner < b->world_count)
            o->owner = g->world[t->owner];
        o->fields = comp_arena_array(g->arena, t->field_count + 1, sizeof *o->fields);
        if (!o->fields)
            return cn_oom(g->err);
        for (uint32_t f = 0; f < t->field_count; f++) {
            o->fields[f] = t->fields[f];
            o->fields[f].type = map_tref(g, t->fields[f].type);
        }
    }
    return true;
}

/* An interface both sides have gets the functions and types only b's has. */
static bool extend_interface(merger *g, const wit_rinterface *bi, uint32_t id, const keys *funcs)
{
    wit_rinterface *mi = &g->m->interfaces[id];
    uint32_t new_types = 0, new_funcs = 0;
    for (uint32_t t = 0; t < bi->type_count; t++)
        new_types += bi->types[t] < g->b->type_count && g->type[bi->types[t]] >= g->a->type_count;
    for (uint32_t f = 0; f < bi->func_count; f++)
        new_funcs += find_key(funcs, id, bi->funcs[f].name) == WIT_NO_ID;
    if (!new_types && !new_funcs)
        return true;
    if (!grow(g, (void **)&mi->types, mi->type_count, new_types, sizeof *mi->types) ||
        !grow(g, (void **)&mi->funcs, mi->func_count, new_funcs, sizeof *mi->funcs))
        return false;
    for (uint32_t t = 0; t < bi->type_count; t++)
        if (bi->types[t] < g->b->type_count && g->type[bi->types[t]] >= g->a->type_count)
            mi->types[mi->type_count++] = g->type[bi->types[t]];
    for (uint32_t f = 0; f < bi->func_count; f++)
        if (find_key(funcs, id, bi->funcs[f].name) == WIT_NO_ID &&
            !map_func(g, &bi->funcs[f], &mi->funcs[mi->func_count++]))
            return false;
    return true;
}

static bool copy_interfaces(merger *g, const keys *funcs)
{
    const wit_resolve *b = g->b;
    wit_resolve *m = g->m;
    for (uint32_t i = 0; i < b->interface_count; i++) {
        const wit_rinterface *bi = &b->interfaces[i];
        uint32_t id = g->iface[i];
        if (id < g->a->interface_count) {
            if (!extend_interface(g, bi, id, funcs))
                return false;
            continue;
        }
        wit_rinterface *o = &m->interfaces[id];
        *o = *bi;
        o->file = WIT_NO_ID;
        o->package = bi->package < b->package_count ? g->pkg[bi->package] : WIT_NO_ID;
        o->world = bi->world < b->world_count ? g->world[bi->world] : WIT_NO_ID;
        o->types = map_ids(g, bi->types, bi->type_count, g->type, b->type_count);
        o->deps = map_ids(g, bi->deps, bi->dep_count, g->iface, b->interface_count);
        o->funcs = comp_arena_array(g->arena, bi->func_count + 1, sizeof *o->funcs);
        if (!o->types || !o->deps || !o->funcs)
            return cn_oom(g->err);
        for (uint32_t f = 0; f < bi->func_count; f++)
            if (!map_func(g, &bi->funcs[f], &o->funcs[f]))
                return false;
    }
    return true;
}

static bool map_item(merger *g, const wit_rworld_item *in, wit_rworld_item *out)
{
    *out = *in;
    out->file = WIT_NO_ID;
    if (in->kind == WIT_ITEM_INTERFACE && in->id < g->b->interface_count)
        out->id = g->iface[in->id];
    else if (in->kind == WIT_ITEM_TYPE && in->id < g->b->type_count)
        out->id = g->type[in->id];
    else if (in->kind == WIT_ITEM_FUNCTION)
        return map_func(g, &in->func, &out->func);
    return true;
}

static bool copy_packages_and_worlds(merger *g)
{
    const wit_resolve *a = g->a, *b = g->b;
    wit_resolve *m = g->m;
    for (uint32_t i = 0; i < b->package_count; i++) {
        if (g->pkg[i] < a->package_count)
            continue;
        const wit_rpackage *bp = &b->packages[i];
        wit_rpackage *o = &m->packages[g->pkg[i]];
        *o = *bp;
        o->file = WIT_NO_ID;
        o->interfaces = map_ids(g, bp->interfaces, bp->interface_count, g->iface, b->interface_count);
        o->worlds = map_ids(g, bp->worlds, bp->world_count, g->world, b->world_count);
        if (!o->interfaces || !o->worlds)
            return cn_oom(g->err);
    }
    for (uint32_t i = 0; i < b->world_count; i++) {
        const wit_rworld *bw = &b->worlds[i];
        wit_rworld *o = &m->worlds[g->world[i]];
        *o = *bw;
        o->file = WIT_NO_ID;
        o->package = bw->package < b->package_count ? g->pkg[bw->package] : WIT_NO_ID;
        o->types = map_ids(g, bw->types, bw->type_count, g->type, b->type_count);
        o->imports = comp_arena_array(g->arena, bw->import_count + 1, sizeof *o->imports);
        o->exports = comp_arena_array(g->arena, bw->export_count + 1, sizeof *o->exports);
        o->includes = NULL;
        o->include_count = 0; /* already elaborated into the items */
        if (!o->types || !o->imports || !o->exports)
            return cn_oom(g->err);
        for (uint32_t k = 0; k < bw->import_count; k++)
            if (!map_item(g, &bw->imports[k], &o->imports[k]))
                return false;
        for (uint32_t k = 0; k < bw->export_count; k++)
            if (!map_item(g, &bw->exports[k], &o->exports[k]))
                return false;
    }
    /* Dependencies first: a's order, then b's new interfaces in b's. */
    uint32_t *order = comp_arena_array(g->arena, m->interface_count + 1, sizeof *order);
    if (!order)
        return cn_oom(g->err);
    uint32_t n = 0;
    for (uint32_t i = 0; a->interface_order && i < a->interface_count; i++)
        order[n++] = a->interface_order[i];
    for (uint32_t i = 0; b->interface_order && i < b->interface_count; i++)
        if (b->interface_order[i] < b->interface_count && g->iface[b->interface_order[i]] >= a->interface_count)
            order[n++] = g->iface[b->interface_order[i]];
    m->interface_order = n == m->interface_count ? order : NULL;
    return true;
}

/* The items of two worlds, each key once (a's first). */
static bool union_items(merger *g, const wit_rworld_item *x, uint32_t nx, const wit_rworld_item *y, uint32_t ny,
                        wit_rworld_item **out, uint32_t *count)
{
    key *ks = comp_arena_array(g->arena, nx + 1, sizeof *ks);
    *out = comp_arena_array(g->arena, (size_t)nx + ny + 1, sizeof **out);
    if (!ks || !*out)
        return cn_oom(g->err);
    /* INTERFACE keys by id (owner 1), NAME keys by name (owner 0). */
    for (uint32_t i = 0; i < nx; i++) {
        bool by_id = x[i].key_kind == WIT_KEY_INTERFACE;
        ks[i] = (key){by_id ? 1 + x[i].id : 0, by_id ? (comp_str){"", 0} : x[i].name, i};
        (*out)[i] = x[i];
    }
    qsort(ks, nx, sizeof *ks, compare_keys);
    keys have = {ks, nx};
    uint32_t n = nx;
    for (uint32_t i = 0; i < ny; i++) {
        bool by_id = y[i].key_kind == WIT_KEY_INTERFACE;
        if (find_key(&have, by_id ? 1 + y[i].id : 0, by_id ? (comp_str){"", 0} : y[i].name) == WIT_NO_ID)
            (*out)[n++] = y[i];
    }
    *count = n;
    return true;
}

static keys sorted_keys(merger *g, uint32_t n)
{
    keys ks = {comp_arena_array(g->arena, n + 1, sizeof *ks.k), 0};
    if (!ks.k)
        cn_oom(g->err);
    return ks;
}

bool cn_merge_worlds(cn_world *wa, const cn_world *wb, comp_arena *arena, comp_error *err)
{
    if (!wb->r)
        return true;
    if (!wa->r || (wa->r == wb->r && wa->world == wb->world)) {
        if (!wa->r)
            *wa = *wb;
        return true;
    }
    const wit_resolve *a = wa->r, *b = wb->r;
    merger g = {.arena = arena, .err = err, .a = a, .b = b};
    g.m = comp_arena_alloc(arena, sizeof *g.m);
    g.pkg = comp_arena_array(arena, b->package_count + 1, sizeof *g.pkg);
    g.iface = comp_arena_array(arena, b->interface_count + 1, sizeof *g.iface);
    g.type = comp_arena_array(arena, b->type_count + 1, sizeof *g.type);
    g.world = comp_arena_array(arena, b->world_count + 1, sizeof *g.world);
    if (!g.m || !g.pkg || !g.iface || !g.type || !g.world)
        return cn_oom(err);
    *g.m = *a;
    /* Copies of a's interfaces may be extended; b's worlds come after a's,
     * then the merged world. */
    wit_resolve *m = g.m;
    if (!grow(&g, (void **)&m->worlds, a->world_count, b->world_count + 1, sizeof *m->worlds))
        return false;
    for (uint32_t i = 0; i < b->world_count; i++)
        g.world[i] = a->world_count + i;
    m->world_count = a->world_count + b->world_count + 1;

    uint32_t nfuncs = 0;
    for (uint32_t i = 0; i < a->interface_count; i++)
        nfuncs += a->interfaces[i].func_count;
    keys pkgs = sorted_keys(&g, a->package_count), ifaces = sorted_keys(&g, a->interface_count);
    keys types = sorted_keys(&g, a->type_count), funcs = sorted_keys(&g, nfuncs);
    if (!pkgs.k || !ifaces.k || !types.k || !funcs.k)
        return false;
    for (uint32_t i = 0; i < a->package_count; i++) {
        char buf[512];
        comp_str track = cn_semver_track(a->packages[i].full_name, buf, sizeof buf);
        if (track.data == buf && !(track.data = comp_arena_strndup(arena, buf, track.len)))
            return cn_oom(err);
        pkgs.k[pkgs.n++] = (key){0, track, i};
    }
    for (uint32_t i = 0; i < a->interface_count; i++) {
        const wit_rinterface *in = &a->interfaces[i];
        if (in->name.data && in->world == WIT_NO_ID)
            ifaces.k[ifaces.n++] = (key){in->package, in->name, i};
        for (uint32_t f = 0; f < in->func_count; f++)
            funcs.k[funcs.n++] = (key){i, in->funcs[f].name, f};
    }
    for (uint32_t i = 0; i < a->type_count; i++)
        if (a->types[i].name.data && a->types[i].owner_kind == WIT_OWNER_INTERFACE)
            types.k[types.n++] = (key){a->types[i].owner, a->types[i].name, i};
    qsort(pkgs.k, pkgs.n, sizeof *pkgs.k, compare_keys);
    qsort(ifaces.k, ifaces.n, sizeof *ifaces.k, compare_keys);
    qsort(types.k, types.n, sizeof *types.k, compare_keys);
    qsort(funcs.k, funcs.n, sizeof *funcs.k, compare_keys);

    if (!map_packages_and_interfaces(&g, &pkgs, &ifaces))
        return false;
    /* a's interfaces that b extends need arrays of their own. */
    for (uint32_t i = 0; i < a->interface_count; i++)
        m->interfaces[i] = a->interfaces[i];
    if (!map_types(&g, &types) || !copy_interfaces(&g, &funcs) || !copy_packages_and_worlds(&g))
        return false;

    const wit_rworld *x = &a->worlds[wa->world], *y = &m->worlds[g.world[wb->world]];
    wit_rworld *u = &m->worlds[m->world_count - 1];
    *u = *x;
    u->includes = NULL;
    u->include_count = 0;
    if (!union_items(&g, x->imports, x->import_count, y->imports, y->import_count, &u->imports, &u->import_count) ||
        !union_items(&g, x->exports, x->export_count, y->exports, y->export_count, &u->exports, &u->export_count))
        return false;
    uint32_t *wtypes = comp_arena_array(arena, (size_t)x->type_count + y->type_count + 1, sizeof *wtypes);
    if (!wtypes)
        return cn_oom(err);
    if (x->type_count)
        memcpy(wtypes, x->types, x->type_count * sizeof *wtypes);
    if (y->type_count)
        memcpy(wtypes + x->type_count, y->types, y->type_count * sizeof *wtypes);
    u->types = wtypes;
    u->type_count = x->type_count + y->type_count;
    wa->r = m;
    wa->world = m->world_count - 1;
    return true;
}
