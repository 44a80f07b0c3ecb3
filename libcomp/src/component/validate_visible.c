/* External visibility of types (Explainer.md "External Visibility of
 * Types"): a record, variant, enum, flags or resource type used in the type
 * of an import or export must have a name a client can write, i.e. be the
 * type index introduced by a type import or export (or an alias of one).
 * Imports may only use imported names; exports may use both. Instance types
 * are checked when attached to an import or export: their own type exports
 * name types for the exports that follow them. */
#include "component/validate.h"

typedef struct walker {
    vscope *sc;
    uint32_t want;  /* NAMED_* bits that count as a name */
    vmap local;     /* names introduced by the instance types being walked */
    vmap names;     /* the types the import or export names */
    uint32_t in_instance; /* nesting of instance types being walked */
    vmap seen;      /* structural nodes already found fine */
    bool oom;
} walker;

static bool is_nominal(uint8_t k)
{
    return k == COMP_TYPE_RECORD || k == COMP_TYPE_VARIANT || k == COMP_TYPE_ENUM ||
           k == COMP_TYPE_FLAGS;
}

static bool has_name(walker *w, vid id)
{
    if (vmap_get(&w->local, id) != UINT32_MAX)
        return true;
    uint32_t bits = vmap_get(&w->sc->named, id);
    return bits != UINT32_MAX && (bits & w->want);
}

/* Adds `id` to set `m`; running out of memory is reported at the end. */
static void remember(vstate *s, walker *w, vmap *m, vid id)
{
    comp_error saved, *old = s->err;
    s->err = &saved;
    if (!vmap_put(s, m, id, 1, 0))
        w->oom = true;
    s->err = old;
}

/* `top`: the type itself is being named now, so only its parts need names.
 * Nominal types met below the top stop the walk: their own parts were
 * checked when they got their name. */
static bool val_ok(vstate *s, walker *w, vval v, bool top)
{
    if (v.prim)
        return true;
    const vnode *n = node_at(s, v.id);
    if (!top && is_nominal(n->kind))
        return has_name(w, v.id);
    if (n->kind == COMP_TYPE_OWN || n->kind == COMP_TYPE_BORROW)
        return has_name(w, n->resource);
    if (vmap_get(&w->seen, v.id) != UINT32_MAX)
        return true;
    for (uint32_t i = 0; i < n->count; i++)
        if (n->fields[i].has_type && !val_ok(s, w, n->fields[i].type, false))
            return false;
    if ((n->has_a && !val_ok(s, w, n->a, false)) || (n->has_b && !val_ok(s, w, n->b, false)))
        return false;
    remember(s, w, &w->seen, v.id);
    return true;
}

static bool entity_ok(vstate *s, walker *w, const ventity *e);

static bool instance_ok(vstate *s, walker *w, vid inst)
{
    uint32_t n = node_at(s, inst)->export_count;
    bool ok = true;
    w->in_instance++;
    for (uint32_t i = 0; ok && i < n; i++) {
        ventity e = node_at(s, inst)->exports[i].e;
        ok = entity_ok(s, w, &e);
    }
    w->in_instance--;
    return ok;
}

static bool type_ok(vstate *s, walker *w, vid t)
{
    switch (node_at(s, t)->kind) {
    case COMP_TYPE_RESOURCE:
    case COMP_TYPE_COMPONENT: /* component types are checked where declared */
        return true;
    case COMP_TYPE_INSTANCE:
        return instance_ok(s, w, t);
    default: {
        vval v = {0, t};
        return val_ok(s, w, v, true);
    }
    }
}

static bool entity_ok(vstate *s, walker *w, const ventity *e)
{
    vval v = {0, e->type};
    switch (e->sort) {
    case COMP_SORT_FUNC:
        return val_ok(s, w, v, false);
    case COMP_SORT_VALUE:
        return val_ok(s, w, e->value, false);
    case COMP_SORT_INSTANCE:
        return instance_ok(s, w, e->type);
    case COMP_SORT_TYPE:
        if (!type_ok(s, w, e->type))
            return false;
        remember(s, w, &w->local, e->type);
        remember(s, w, &w->names, e->type);
        /* Inside an instance type, an exported type also names the type
         * it was exported from (for an instantiated child: the argument
         * given for the child's type import). A bag's export is not such a
         * name: see below. */
        if (w->in_instance && !node_at(s, e->type)->bag_export &&
            node_at(s, e->type)->named_of != VID_NONE)
            remember(s, w, &w->local, node_at(s, e->type)->named_of);
        /* ...and the type given to the export: a bag of exports carries the
         * very types it re-exports, so importing or exporting the bag names
         * them (async/big-interleaving-test.wast exports a bag of another
         * instance's types, then a function of that instance using them).
         * Only that type: a bag re-exporting an export's name `$r'` of a
         * resource definition `$R` names `$r'`, never `$R` itself (the
         * definition is not named retroactively). */
        if (w->in_instance && node_at(s, e->type)->copy_of != VID_NONE) {
            remember(s, w, &w->local, node_at(s, e->type)->copy_of);
            remember(s, w, &w->names, node_at(s, e->type)->copy_of);
        }
        return true;
    default:
        return true; /* components (checked where declared), core modules */
    }
}

bool visible_check_and_name(vstate *s, vscope *sc, const ventity *e, bool is_import,
                            size_t offset)
{
    walker w = {.sc = sc, .want = is_import ? NAMED_BY_IMPORT : NAMED_BY_IMPORT | NAMED_BY_EXPORT};
    bool ok = entity_ok(s, &w, e);
    if (!ok) {
        v_fail(s, offset, "%s not valid to be used as %s", sort_name(e->sort, COMP_CORE_SORT_MODULE),
               is_import ? "import" : "export");
    } else {
        /* The types this import or export names, at any depth. */
        uint32_t bit = is_import ? NAMED_BY_IMPORT : NAMED_BY_EXPORT;
        for (uint32_t i = 0; ok && i < w.names.cap; i++) {
            vid id = w.names.keys[i];
            if (id == UINT32_MAX)
                continue;
            uint32_t bits = vmap_get(&sc->named, id);
            ok = vmap_put(s, &sc->named, id, (bits == UINT32_MAX ? 0 : bits) | bit, offset);
        }
    }
    if (ok && w.oom)
        ok = v_oom(s, offset);
    vmap_free(&w.local);
    vmap_free(&w.names);
    vmap_free(&w.seen);
    return ok;
}
