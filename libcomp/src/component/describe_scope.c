/* Type scopes and type-index resolution for the component describers. */
#include "describe_scope.h"
#include "describe_out.h"

bool dsc_spend(dprinter *p)
{
    if (p->budget == 0 || p->depth >= COMP_DESCRIBE_MAX_DEPTH) {
        dsc_cstr(p->out, "...");
        return false;
    }
    p->budget--;
    return true;
}

const dscope *dsc_enter_components(dscope chain[], const comp_scope *cs)
{
    int n = 0;
    for (const comp_scope *s = cs; s && n < COMP_DESCRIBE_MAX_DEPTH; s = s->outer)
        chain[n++] = (dscope){.comp = s};
    for (int i = 0; i + 1 < n; i++)
        chain[i].outer = &chain[i + 1];
    return &chain[0];
}

bool dsc_enter_decls(dprinter *p, const comp_type *t, const dscope *outer, dscope *out)
{
    uint32_t n = t->u.decls.decl_count;
    *out = (dscope){.outer = outer, .decls = t->u.decls.decls, .decl_count = n};
    size_t cells = n ? n : 1;
    out->types = comp_arena_array(p->scratch, cells, sizeof(uint32_t));
    out->core_types = comp_arena_array(p->scratch, cells, sizeof(uint32_t));
    if (!out->types || !out->core_types)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        const comp_decl *d = &out->decls[i];
        comp_space space = COMP_SPACE_COUNT;
        if (d->kind == COMP_DECL_TYPE)
            space = COMP_SPACE_TYPE;
        else if (d->kind == COMP_DECL_CORE_TYPE)
            space = COMP_SPACE_CORE_TYPE;
        else if (d->kind == COMP_DECL_ALIAS)
            space = comp_space_of_sort(d->alias.sort);
        else if (d->kind == COMP_DECL_IMPORT || d->kind == COMP_DECL_EXPORT)
            space = comp_space_of_extern(d->extern_type.kind);
        if (space == COMP_SPACE_TYPE)
            out->types[out->type_count++] = i;
        else if (space == COMP_SPACE_CORE_TYPE)
            out->core_types[out->core_type_count++] = i;
    }
    return true;
}

const dscope *dsc_outward(const dscope *s, uint32_t count)
{
    for (uint32_t i = 0; i < count && s; i++)
        s = s->outer;
    return s;
}

static bool named(dresolved *r, comp_str name)
{
    r->named = true;
    r->name = name;
    return true;
}

static bool defined(dresolved *r, const comp_type *t, const dscope *where)
{
    r->def = t;
    r->where = where;
    return true;
}

/* One step in a component scope: true when resolved, or false with
 * next_scope and next_index set to continue (NULL scope: unresolvable). */
static bool step_component(const dscope *s, uint32_t index, bool follow, dresolved *r,
                           const dscope **next_scope, uint32_t *next_index)
{
    const comp_component *c = s->comp->component;
    const comp_space_entry *e = comp_index_space_at(s->comp->spaces, COMP_SPACE_TYPE, index);
    *next_scope = NULL;
    if (!e)
        return false;
    switch (e->section) {
    case COMP_CSEC_TYPE:
        return defined(r, &c->types[e->item], s);
    case COMP_CSEC_IMPORT: {
        const comp_cimport *im = &c->imports[e->item];
        if (follow && im->type.kind == COMP_SORT_TYPE && im->type.bound == COMP_BOUND_EQ) {
            *next_scope = s;
            *next_index = im->type.index;
            return false;
        }
        return named(r, im->name.name);
    }
    case COMP_CSEC_EXPORT: {
        const comp_cexport *ex = &c->exports[e->item];
        if (follow && !(ex->has_type && ex->type.bound == COMP_BOUND_SUB_RESOURCE)) {
            *next_scope = s;
            *next_index = ex->item.index;
            return false;
        }
        return named(r, ex->name.name);
    }
    case COMP_CSEC_ALIAS: {
        const comp_alias *a = &c->aliases[e->item];
        if (a->target == COMP_ALIAS_OUTER) {
            *next_scope = dsc_outward(s, a->outer_count);
            *next_index = a->outer_index;
            return false;
        }
        return named(r, a->name);
    }
    default:
        return false;
    }
}

static bool step_decls(const dscope *s, uint32_t index, bool follow, dresolved *r,
                       const dscope **next_scope, uint32_t *next_index)
{
    *next_scope = NULL;
    if (index >= s->type_count)
        return false;
    const comp_decl *d = &s->decls[s->types[index]];
    switch (d->kind) {
    case COMP_DECL_TYPE:
        return defined(r, d->type, s);
    case COMP_DECL_ALIAS:
        if (d->alias.target == COMP_ALIAS_OUTER) {
            *next_scope = dsc_outward(s, d->alias.outer_count);
            *next_index = d->alias.outer_index;
            return false;
        }
        return named(r, d->alias.name);
    default: /* import or export of a type */
        if (follow && d->extern_type.bound == COMP_BOUND_EQ) {
            *next_scope = s;
            *next_index = d->extern_type.index;
            return false;
        }
        return named(r, d->name.name);
    }
}

bool dsc_resolve_type(dprinter *p, const dscope *s, uint32_t index, bool follow, dresolved *r)
{
    *r = (dresolved){0};
    /* Each step goes to a smaller index or an outer scope, so this ends;
     * the budget keeps long chains cheap. */
    while (s && p->budget > 0) {
        p->budget--;
        const dscope *next;
        bool done = s->comp ? step_component(s, index, follow, r, &next, &index)
                            : step_decls(s, index, follow, r, &next, &index);
        if (done)
            return true;
        s = next;
    }
    return false;
}

const comp_core_type *dsc_resolve_core_type(const dscope *s, uint32_t index)
{
    for (int hops = 0; s && hops < COMP_DESCRIBE_MAX_DEPTH; hops++) {
        if (s->comp) {
            const comp_component *c = s->comp->component;
            const comp_space_entry *e =
                comp_index_space_at(s->comp->spaces, COMP_SPACE_CORE_TYPE, index);
            if (!e)
                return NULL;
            if (e->section == COMP_CSEC_CORE_TYPE)
                return &c->core_types[e->item];
            if (e->section != COMP_CSEC_ALIAS || c->aliases[e->item].target != COMP_ALIAS_OUTER)
                return NULL;
            index = c->aliases[e->item].outer_index;
            s = dsc_outward(s, c->aliases[e->item].outer_count);
        } else {
            if (index >= s->core_type_count)
                return NULL;
            const comp_decl *d = &s->decls[s->core_types[index]];
            if (d->kind == COMP_DECL_CORE_TYPE)
                return d->core_type;
            if (d->kind != COMP_DECL_ALIAS || d->alias.target != COMP_ALIAS_OUTER)
                return NULL;
            index = d->alias.outer_index;
            s = dsc_outward(s, d->alias.outer_count);
        }
    }
    return NULL;
}
