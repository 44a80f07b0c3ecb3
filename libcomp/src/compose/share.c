/* One import of the result shared by instances that import the same
 * interface at semver-compatible versions: its instance type is the union
 * of theirs (the exports of the highest version, then what the others
 * add), and the exports they have in common must agree. */
#include "compose/compose_int.h"

#include <stdlib.h>
#include <string.h>

static int entry_cmp(const void *pa, const void *pb)
{
    const cg_share_export *a = pa, *b = pb;
    int c = comp_str_cmp(a->name, b->name);
    if (c)
        return c;
    return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static bool is_source(const cg_open *o, const cg_member *m)
{
    return m->instance == o->source_instance && m->import == o->source_import;
}

/* The provider of export `name`: the first plan entry of that name. */
static cg_share_export *provider(const cg_open *o, comp_str name)
{
    uint32_t lo = 0, hi = o->plan_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (comp_str_cmp(o->plan[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < o->plan_count && comp_str_eq(o->plan[lo].name, name) ? &o->plan[lo] : NULL;
}

bool cg_share_plan(cg_emit *e, cg_open *o, comp_error *err)
{
    size_t total = 0;
    for (uint32_t k = 0; k < o->member_count; k++) {
        const comp_type *t = cg_member_instance_type(e, &e->members[o->first_member + k], err);
        if (!t)
            return true; /* not instance types: the source's type is checked whole */
        for (uint32_t d = 0; d < t->u.decls.decl_count; d++)
            total += t->u.decls.decls[d].kind == COMP_DECL_EXPORT;
    }
    if (total >= UINT32_MAX)
        return comp_error_set(err, 0, "too many exports");
    o->plan = malloc((total ? total : 1) * sizeof *o->plan);
    if (!o->plan)
        return comp_error_set(err, 0, "out of memory");
    uint32_t n = 0, rank = 1;
    for (uint32_t k = 0; k < o->member_count; k++) {
        const cg_member *m = &e->members[o->first_member + k];
        const comp_type *t = cg_member_instance_type(e, m, err);
        uint32_t r = is_source(o, m) ? 0 : rank++;
        for (uint32_t d = 0; d < t->u.decls.decl_count; d++) {
            const comp_decl *decl = &t->u.decls.decls[d];
            if (decl->kind != COMP_DECL_EXPORT)
                continue;
            cg_share_export x = {decl->name.name, r, o->first_member + k, d, CG_NONE};
            o->plan[n++] = x;
        }
    }
    qsort(o->plan, n, sizeof *o->plan, entry_cmp);
    o->plan_count = n;
    for (uint32_t i = 0; i < n; i++)
        if ((i == 0 || !comp_str_eq(o->plan[i - 1].name, o->plan[i].name)) && o->plan[i].rank != 0)
            o->merged = true;
    return true;
}

bool cg_share_check(cg_emit *e, const cg_open *o, const cg_member *m, comp_error *err)
{
    comp_compose *g = e->g;
    const comp_type *t = cg_member_instance_type(e, m, err);
    if (!t)
        return comp_error_set(err, 0, "internal: shared import without an instance type");
    comp_str name = g->components[g->instances[m->instance].component].c->imports[m->import].name.name;
    for (uint32_t d = 0; d < t->u.decls.decl_count; d++) {
        const comp_decl *decl = &t->u.decls.decls[d];
        if (decl->kind != COMP_DECL_EXPORT)
            continue;
        const cg_share_export *p = provider(o, decl->name.name);
        const cg_member *pm = &e->members[p->member];
        if (pm->instance == m->instance && pm->import == m->import)
            continue; /* this member provides it */
        const cg_instance *pi = &g->instances[pm->instance];
        comp_str pname = g->components[pi->component].c->imports[pm->import].name.name;
        if (!comp_check_import_export_subtype(g->checker, pi->checker_id, pname,
                                              g->instances[m->instance].checker_id, name,
                                              decl->name.name, err))
            return false;
    }
    return true;
}

/* Whether `decl` defines a type index in its instance type. */
static bool defines_type(const comp_decl *decl)
{
    return decl->kind == COMP_DECL_TYPE ||
           (decl->kind == COMP_DECL_ALIAS && decl->alias.sort.sort == COMP_SORT_TYPE) ||
           (decl->kind == COMP_DECL_EXPORT && decl->extern_type.kind == COMP_SORT_TYPE);
}

static uint32_t local_type_count(const comp_type *t)
{
    uint32_t n = 0;
    for (uint32_t d = 0; d < t->u.decls.decl_count; d++)
        n += defines_type(&t->u.decls.decls[d]);
    return n;
}

/* Appends to `out` the declarations of member `k` that the exports it
 * provides need, renumbered; `*local` counts the merged type's indices. */
static bool add_member(cg_emit *e, cg_open *o, uint32_t k, uint32_t depth, comp_decl *out,
                       uint32_t *count, uint32_t *local, comp_error *err)
{
    const cg_member *m = &e->members[k];
    const comp_type *t = cg_member_instance_type(e, m, err);
    uint32_t n = local_type_count(t), li = 0;
    uint32_t *map = malloc((n ? n : 1) * sizeof *map);
    if (!map)
        return comp_error_set(err, 0, "out of memory");
    bool ok = true;
    for (uint32_t d = 0; ok && d < t->u.decls.decl_count; d++) {
        const comp_decl *decl = &t->u.decls.decls[d];
        comp_decl nd = *decl;
        e->local_map = map;
        e->local_count = li;
        switch (decl->kind) {
        case COMP_DECL_TYPE:
            nd.type = comp_arena_alloc(&e->g->arena, sizeof *nd.type);
            ok = nd.type ? cg_copy_type(e, m->instance, decl->type, depth, nd.type, err)
                         : comp_error_set(err, 0, "out of memory");
            map[li++] = (*local)++;
            out[(*count)++] = nd;
            break;
        case COMP_DECL_ALIAS:
            if (decl->alias.target != COMP_ALIAS_OUTER || decl->alias.outer_count != 1 ||
                decl->alias.sort.sort != COMP_SORT_TYPE) {
                ok = comp_error_set(err, decl->offset, "merging this instance type alias is "
                                    "not supported");
                break;
            }
            e->local_map = NULL;
            nd.alias.outer_index = cg_map_type(e, m->instance, decl->alias.outer_index, depth + 1,
                                               err);
            ok = nd.alias.outer_index != CG_NONE;
            map[li++] = (*local)++;
            out[(*count)++] = nd;
            break;
        case COMP_DECL_EXPORT: {
            cg_share_export *p = provider(o, decl->name.name);
            bool type = decl->extern_type.kind == COMP_SORT_TYPE;
            if (p->member != k) { /* another member's export of that name */
                if (type && p->merged_local == CG_NONE)
                    ok = comp_error_set(err, decl->offset, "internal: shared type export `%.*s` "
                                        "not placed", (int)p->name.len, p->name.data);
                if (type)
                    map[li++] = p->merged_local;
                break;
            }
            comp_externtype *et = &nd.extern_type;
            if (et->kind == COMP_SORT_VALUE) {
                ok = comp_error_set(err, decl->offset, "merging value exports is not supported");
                break;
            }
            if (!type || et->bound == COMP_BOUND_EQ) {
                if (et->index >= li || map[et->index] == CG_NONE)
                    ok = comp_error_set(err, decl->offset, "type index %u out of bounds",
                                        et->index);
                else
                    et->index = map[et->index];
            }
            if (type) {
                p->merged_local = *local;
                map[li++] = (*local)++;
            }
            out[(*count)++] = nd;
            break;
        }
        default:
            ok = comp_error_set(err, decl->offset, "merging instance types that declare core "
                                "types is not supported");
        }
    }
    e->local_map = NULL;
    e->local_count = 0;
    free(map);
    return ok;
}

bool cg_share_type(cg_emit *e, cg_open *o, uint32_t depth, comp_type *out, comp_error *err)
{
    cg_member source = {o->source_instance, o->source_import};
    const comp_type *src = cg_member_instance_type(e, &source, err);
    if (!src)
        return comp_error_set(err, 0, "internal: shared import without an instance type");
    if (!cg_copy_type(e, o->source_instance, src, depth, out, err))
        return false;
    /* Where the source's type exports sit, for the others' uses. */
    uint32_t local = 0;
    for (uint32_t d = 0; d < src->u.decls.decl_count; d++) {
        const comp_decl *decl = &src->u.decls.decls[d];
        if (decl->kind == COMP_DECL_EXPORT && decl->extern_type.kind == COMP_SORT_TYPE) {
            cg_share_export *p = provider(o, decl->name.name);
            if (p && p->rank == 0)
                p->merged_local = local;
        }
        local += defines_type(decl);
    }
    size_t total = src->u.decls.decl_count;
    for (uint32_t k = 0; k < o->member_count; k++) {
        const cg_member *m = &e->members[o->first_member + k];
        if (!is_source(o, m))
            total += cg_member_instance_type(e, m, err)->u.decls.decl_count;
    }
    if (total >= UINT32_MAX)
        return comp_error_set(err, 0, "too many declarations");
    comp_decl *decls = comp_arena_array(&e->g->arena, total ? total : 1, sizeof *decls);
    bool *provides = calloc(o->member_count, sizeof *provides);
    if (!decls || !provides) {
        free(provides);
        return comp_error_set(err, 0, "out of memory");
    }
    /* The members that provide some export: the first of each name. */
    for (uint32_t i = 0; i < o->plan_count; i++)
        if (i == 0 || !comp_str_eq(o->plan[i - 1].name, o->plan[i].name))
            provides[o->plan[i].member - o->first_member] = true;
    uint32_t count = src->u.decls.decl_count;
    if (count)
        memcpy(decls, out->u.decls.decls, count * sizeof *decls);
    bool ok = true;
    for (uint32_t k = 0; ok && k < o->member_count; k++) {
        uint32_t mk = o->first_member + k;
        if (provides[k] && !is_source(o, &e->members[mk]))
            ok = add_member(e, o, mk, depth, decls, &count, &local, err);
    }
    free(provides);
    out->u.decls.decls = decls;
    out->u.decls.decl_count = count;
    return ok;
}
