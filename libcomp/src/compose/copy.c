/* Copying the types of open imports into the result.
 *
 * An import's type names definitions of its component: type definitions,
 * export aliases of earlier imported instances (how resources are shared
 * between WASI interfaces), and through outer aliases inside instance types
 * the component's type index space. Those are copied on demand, each once
 * per instance, with their indices renumbered for the result; imports they
 * depend on become (shared) imports of the result first. */
#include "compose/compose_int.h"

#include <stdlib.h>
#include <string.h>

static uint32_t map_item(cg_emit *e, uint32_t inst, comp_space space, uint32_t idx,
                         uint32_t depth, comp_error *err);

static const cg_component *component_of(cg_emit *e, uint32_t inst)
{
    return &e->g->components[e->g->instances[inst].component];
}

/* The renumbering table of `inst` for `space`, made on first use. */
static uint32_t *map_slot(cg_emit *e, uint32_t inst, comp_space space, uint32_t count,
                          comp_error *err)
{
    if (!e->map[space][inst]) {
        uint32_t *m = malloc((size_t)(count ? count : 1) * sizeof *m);
        if (!m) {
            comp_error_set(err, 0, "out of memory");
            return NULL;
        }
        for (uint32_t i = 0; i < count; i++)
            m[i] = CG_NONE;
        e->map[space][inst] = m;
    }
    return e->map[space][inst];
}

/* Type index `idx` at level 0 in the result: through e->local_map when
 * copying declarations between instance types, else copied on demand. */
static uint32_t map_type_index(cg_emit *e, uint32_t inst, uint32_t idx, uint32_t depth,
                               comp_error *err)
{
    if (!e->local_map)
        return map_item(e, inst, COMP_SPACE_TYPE, idx, depth + 1, err);
    if (idx >= e->local_count || e->local_map[idx] == CG_NONE) {
        comp_error_set(err, 0, "internal: instance type index %u not copied", idx);
        return CG_NONE;
    }
    return e->local_map[idx];
}

static bool copy_val(cg_emit *e, uint32_t inst, comp_cvaltype in, uint32_t level, uint32_t depth,
                     comp_cvaltype *out, comp_error *err)
{
    *out = in;
    if (in.prim || level > 0)
        return true;
    out->index = map_type_index(e, inst, in.index, depth, err);
    return out->index != CG_NONE;
}

static bool copy_type(cg_emit *e, uint32_t inst, const comp_type *in, uint32_t level,
                      uint32_t depth, comp_type *out, comp_error *err);

/* The declarations of an instance or component type at `level` (1 for a
 * type defined at the component's top): nested types go one level deeper,
 * and outer aliases reaching the component's top are renumbered. */
static bool copy_decls(cg_emit *e, uint32_t inst, const comp_type *in, uint32_t level,
                       uint32_t depth, comp_type *out, comp_error *err)
{
    uint32_t n = in->u.decls.decl_count;
    comp_decl *decls = comp_arena_array(&e->g->arena, n ? n : 1, sizeof *decls);
    if (!decls)
        return comp_error_set(err, in->offset, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        const comp_decl *d = &in->u.decls.decls[i];
        decls[i] = *d;
        if (d->kind == COMP_DECL_TYPE) {
            comp_type *t = comp_arena_alloc(&e->g->arena, sizeof *t);
            if (!t)
                return comp_error_set(err, d->offset, "out of memory");
            if (!copy_type(e, inst, d->type, level, depth, t, err))
                return false;
            decls[i].type = t;
        } else if (d->kind == COMP_DECL_CORE_TYPE && d->core_type->kind == COMP_CORE_TYPE_MODULE) {
            for (uint32_t k = 0; k < d->core_type->decl_count; k++) {
                const comp_moduledecl *md = &d->core_type->decls[k];
                if (md->kind == COMP_MODULEDECL_ALIAS && md->outer_count > level)
                    return comp_error_set(err, md->offset, "copying core types of the "
                                          "component into the result is not supported");
            }
        } else if (d->kind == COMP_DECL_ALIAS && d->alias.target == COMP_ALIAS_OUTER &&
                   d->alias.outer_count == level) {
            if (d->alias.sort.sort != COMP_SORT_TYPE)
                return comp_error_set(err, d->offset, "copying outer aliases of %s into the "
                                      "result is not supported",
                                      comp_space_name(comp_space_of_sort(d->alias.sort)));
            decls[i].alias.outer_index =
                map_item(e, inst, COMP_SPACE_TYPE, d->alias.outer_index, depth + 1, err);
            if (decls[i].alias.outer_index == CG_NONE)
                return false;
        }
    }
    out->u.decls.decls = decls;
    return true;
}

static bool copy_vals(cg_emit *e, uint32_t inst, const comp_cvaltype *in, uint32_t n,
                      uint32_t level, uint32_t depth, comp_cvaltype **out, comp_error *err)
{
    comp_cvaltype *v = comp_arena_array(&e->g->arena, n ? n : 1, sizeof *v);
    if (!v)
        return comp_error_set(err, 0, "out of memory");
    for (uint32_t i = 0; i < n; i++)
        if (!copy_val(e, inst, in[i], level, depth, &v[i], err))
            return false;
    *out = v;
    return true;
}

static bool copy_labeled(cg_emit *e, uint32_t inst, const comp_labelvaltype *in, uint32_t n,
                         uint32_t level, uint32_t depth, comp_labelvaltype **out,
                         comp_error *err)
{
    comp_labelvaltype *v = comp_arena_array(&e->g->arena, n ? n : 1, sizeof *v);
    if (!v)
        return comp_error_set(err, 0, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        v[i].label = in[i].label;
        if (!copy_val(e, inst, in[i].type, level, depth, &v[i].type, err))
            return false;
    }
    *out = v;
    return true;
}

static bool copy_type(cg_emit *e, uint32_t inst, const comp_type *in, uint32_t level,
                      uint32_t depth, comp_type *out, comp_error *err)
{
    if (level > CG_MAX_TYPE_LEVEL)
        return comp_error_set(err, in->offset, "types nest too deeply to copy");
    *out = *in;
    switch (in->kind) {
    case COMP_TYPE_RECORD:
        return copy_labeled(e, inst, in->u.record.fields, in->u.record.field_count, level, depth,
                            &out->u.record.fields, err);
    case COMP_TYPE_VARIANT: {
        uint32_t n = in->u.variant.case_count;
        comp_case *cs = comp_arena_array(&e->g->arena, n ? n : 1, sizeof *cs);
        if (!cs)
            return comp_error_set(err, in->offset, "out of memory");
        for (uint32_t i = 0; i < n; i++) {
            cs[i] = in->u.variant.cases[i];
            if (cs[i].has_type && !copy_val(e, inst, cs[i].type, level, depth, &cs[i].type, err))
                return false;
        }
        out->u.variant.cases = cs;
        return true;
    }
    case COMP_TYPE_LIST:
    case COMP_TYPE_FIXED_LIST:
        return copy_val(e, inst, in->u.list.elem, level, depth, &out->u.list.elem, err);
    case COMP_TYPE_TUPLE:
        return copy_vals(e, inst, in->u.tuple.types, in->u.tuple.type_count, level, depth,
                         &out->u.tuple.types, err);
    case COMP_TYPE_OPTION:
        return copy_val(e, inst, in->u.option, level, depth, &out->u.option, err);
    case COMP_TYPE_RESULT:
        return (!in->u.result.has_ok ||
                copy_val(e, inst, in->u.result.ok, level, depth, &out->u.result.ok, err)) &&
               (!in->u.result.has_err ||
                copy_val(e, inst, in->u.result.err, level, depth, &out->u.result.err, err));
    case COMP_TYPE_OWN:
    case COMP_TYPE_BORROW:
        if (level == 0) {
            out->u.resource = map_type_index(e, inst, in->u.resource, depth, err);
            return out->u.resource != CG_NONE;
        }
        return true;
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
        return !in->u.async.has_payload ||
               copy_val(e, inst, in->u.async.payload, level, depth, &out->u.async.payload, err);
    case COMP_TYPE_MAP:
        return copy_val(e, inst, in->u.map.key, level, depth, &out->u.map.key, err) &&
               copy_val(e, inst, in->u.map.value, level, depth, &out->u.map.value, err);
    case COMP_TYPE_RESOURCE:
        if (level == 0)
            return comp_error_set(err, in->offset, "an import's type refers to a resource that "
                                  "its component defines");
        return true;
    case COMP_TYPE_FUNC:
    case COMP_TYPE_ASYNC_FUNC:
        return copy_labeled(e, inst, in->u.func.params, in->u.func.param_count, level, depth,
                            &out->u.func.params, err) &&
               (!in->u.func.has_result ||
                copy_val(e, inst, in->u.func.result, level, depth, &out->u.func.result, err));
    case COMP_TYPE_COMPONENT:
    case COMP_TYPE_INSTANCE:
        if (e->local_map)
            return comp_error_set(err, in->offset, "merging instance types that declare "
                                  "instance or component types is not supported");
        return copy_decls(e, inst, in, level + 1, depth, out, err);
    default: /* primitives, flags, enums: nothing to renumber */
        return true;
    }
}

static uint32_t copy_import_item(cg_emit *e, uint32_t inst, uint32_t item, uint32_t depth,
                                 comp_error *err)
{
    const cg_component *cc = component_of(e, inst);
    const comp_cimport *im = &cc->c->imports[item];
    const cg_instance *gi = &e->g->instances[inst];
    if (gi->from[item] != CG_NONE) {
        /* A fed import: the open import's type names what feeds it, an
         * export of an instance the result has made already. */
        uint32_t from = gi->from[item];
        if (e->instance_index[from] == CG_NONE) {
            comp_error_set(err, im->offset, "an open import of %s uses types of its import "
                           "`%.*s`, which %s feeds, but %s is instantiated later",
                           cc->label, (int)im->name.name.len, im->name.name.data,
                           cg_display(e->g, from), cg_display(e->g, from));
            return CG_NONE;
        }
        comp_alias a = {0};
        a.sort = cg_sort_of_extern(im->type.kind);
        a.target = COMP_ALIAS_EXPORT;
        a.instance = e->instance_index[from];
        a.name = gi->export_name[item];
        return cg_add_alias(&e->b, &a, err);
    }
    cg_open *o = cg_open_find(e, im->name.name);
    if (!o) {
        comp_error_set(err, im->offset, "internal: no open import `%.*s`",
                       (int)im->name.name.len, im->name.name.data);
        return CG_NONE;
    }
    if (!cg_emit_open_import(e, o, depth + 1, err))
        return CG_NONE;
    return o->index;
}

static uint32_t copy_definition(cg_emit *e, uint32_t inst, const comp_space_entry *entry,
                                uint32_t depth, comp_error *err)
{
    const cg_component *cc = component_of(e, inst);
    const comp_component *c = cc->c;
    switch (entry->section) {
    case COMP_CSEC_IMPORT:
        return copy_import_item(e, inst, entry->item, depth, err);
    case COMP_CSEC_TYPE: {
        comp_type t;
        if (!copy_type(e, inst, &c->types[entry->item], 0, depth, &t, err))
            return CG_NONE;
        return cg_add_type(&e->b, &t, err);
    }
    case COMP_CSEC_ALIAS: {
        comp_alias a = c->aliases[entry->item];
        if (a.target != COMP_ALIAS_EXPORT) {
            comp_error_set(err, a.offset, "an import's type of %s names a core export or outer "
                           "alias, which cannot be copied", cc->label);
            return CG_NONE;
        }
        a.instance = map_item(e, inst, COMP_SPACE_INSTANCE, a.instance, depth + 1, err);
        if (a.instance == CG_NONE)
            return CG_NONE;
        return cg_add_alias(&e->b, &a, err);
    }
    case COMP_CSEC_EXPORT: {
        const comp_cexport *x = &c->exports[entry->item];
        return map_item(e, inst, comp_space_of_sort(x->item.sort), x->item.index, depth + 1, err);
    }
    default:
        comp_error_set(err, 0, "an import's type of %s depends on a %s definition, which "
                       "cannot be copied into the result", cc->label,
                       comp_component_section_name(entry->section));
        return CG_NONE;
    }
}

static uint32_t map_item(cg_emit *e, uint32_t inst, comp_space space, uint32_t idx,
                         uint32_t depth, comp_error *err)
{
    if (depth > CG_MAX_COPY_DEPTH) {
        comp_error_set(err, 0, "the types of imports depend on each other too deeply to copy");
        return CG_NONE;
    }
    const comp_index_spaces *sp = cg_spaces(e->g, e->g->instances[inst].component, err);
    if (!sp)
        return CG_NONE;
    const comp_space_entry *entry = comp_index_space_at(sp, space, idx);
    if (!entry) {
        comp_error_set(err, 0, "%s index %u out of bounds", comp_space_name(space), idx);
        return CG_NONE;
    }
    uint32_t *m = map_slot(e, inst, space, sp->counts[space], err);
    if (!m)
        return CG_NONE;
    if (m[idx] != CG_NONE)
        return m[idx];
    uint32_t r = copy_definition(e, inst, entry, depth, err);
    if (r != CG_NONE)
        e->map[space][inst][idx] = r;
    return r;
}

bool cg_copy_type(cg_emit *e, uint32_t inst, const comp_type *in, uint32_t depth, comp_type *out,
                  comp_error *err)
{
    return copy_type(e, inst, in, 0, depth, out, err);
}

uint32_t cg_map_type(cg_emit *e, uint32_t inst, uint32_t idx, uint32_t depth, comp_error *err)
{
    return map_item(e, inst, COMP_SPACE_TYPE, idx, depth, err);
}

const comp_type *cg_member_instance_type(cg_emit *e, const cg_member *m, comp_error *err)
{
    const cg_component *cc = component_of(e, m->instance);
    const comp_cimport *im = &cc->c->imports[m->import];
    if (im->type.kind != COMP_SORT_INSTANCE)
        return NULL;
    const comp_index_spaces *sp = cg_spaces(e->g, e->g->instances[m->instance].component, err);
    const comp_space_entry *entry =
        sp ? comp_index_space_at(sp, COMP_SPACE_TYPE, im->type.index) : NULL;
    if (!entry || entry->section != COMP_CSEC_TYPE)
        return NULL;
    const comp_type *t = &cc->c->types[entry->item];
    return t->kind == COMP_TYPE_INSTANCE ? t : NULL;
}

/* Renumbers the type an import of instance `inst` names for the result. */
static bool copy_externtype(cg_emit *e, uint32_t inst, const comp_cimport *im,
                            comp_externtype *et, uint32_t depth, comp_error *err)
{
    switch (et->kind) {
    case COMP_SORT_FUNC:
    case COMP_SORT_COMPONENT:
    case COMP_SORT_INSTANCE:
        et->index = map_item(e, inst, COMP_SPACE_TYPE, et->index, depth + 1, err);
        return et->index != CG_NONE;
    case COMP_SORT_TYPE:
        if (et->bound == COMP_BOUND_EQ) {
            et->index = map_item(e, inst, COMP_SPACE_TYPE, et->index, depth + 1, err);
            return et->index != CG_NONE;
        }
        return true;
    case COMP_SORT_VALUE:
        if (et->bound == COMP_BOUND_EQ)
            return comp_error_set(err, im->offset, "open value imports bound to a value are not "
                                  "supported");
        return et->bound != COMP_BOUND_VALTYPE ||
               copy_val(e, inst, et->value_type, 0, depth, &et->value_type, err);
    default:
        return comp_error_set(err, im->offset, "open core module imports are not supported");
    }
}

bool cg_emit_open_import(cg_emit *e, cg_open *o, uint32_t depth, comp_error *err)
{
    if (o->state == CG_OPEN_DONE)
        return true;
    if (o->state == CG_OPEN_EMITTING)
        return comp_error_set(err, 0, "the types of open imports depend on each other in a "
                              "cycle (at `%.*s`)", (int)o->name.len, o->name.data);
    if (depth > CG_MAX_COPY_DEPTH)
        return comp_error_set(err, 0, "the types of imports depend on each other too deeply");
    o->state = CG_OPEN_EMITTING;
    uint32_t inst = o->source_instance;
    const comp_cimport *im = &component_of(e, inst)->c->imports[o->source_import];
    comp_cimport copy = *im;
    if (o->merged) {
        comp_type merged;
        if (!cg_share_type(e, o, depth, &merged, err))
            return false;
        copy.type.index = cg_add_type(&e->b, &merged, err);
        if (copy.type.index == CG_NONE)
            return false;
    } else if (!copy_externtype(e, inst, im, &copy.type, depth, err)) {
        return false;
    }
    o->index = cg_add_import(&e->b, &copy, err);
    if (o->index == CG_NONE)
        return false;
    o->state = CG_OPEN_DONE;
    return true;
}
