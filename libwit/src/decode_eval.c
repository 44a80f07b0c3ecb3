#include "decode_eval.h"

#include <string.h>

typedef struct scope {
    struct scope *parent;
    xvec spaces[6];     /* uint32_t entity ids, by COMP_SORT_* (core unused) */
    xvec imports, exports; /* ent_item */
    const comp_instantiate_arg *args; /* bindings of imports, if instantiated */
    uint32_t arg_count;
    const uint32_t *arg_ents;
} scope;

static bool oom(eval *ev)
{
    return comp_error_set(ev->err, 0, "out of memory while decoding component types");
}

static bool new_ent(eval *ev, uint8_t kind, uint32_t *id)
{
    ent *e = xvec_push(ev->arena, &ev->ents, sizeof *e, WIT_DECODE_MAX_ENTITIES);
    if (!e)
        return ev->ents.count >= WIT_DECODE_MAX_ENTITIES
                   ? comp_error_set(ev->err, 0, "component types too large to decode (over %u entities)",
                                    (unsigned)WIT_DECODE_MAX_ENTITIES)
                   : oom(ev);
    e->kind = kind;
    e->alias_of = UINT32_MAX;
    *id = ev->ents.count - 1;
    return true;
}

static bool push(eval *ev, scope *s, uint8_t sort, uint32_t id)
{
    if (sort > COMP_SORT_INSTANCE || sort == COMP_SORT_CORE)
        return true;
    uint32_t *slot = xvec_push(ev->arena, &s->spaces[sort], sizeof *slot, WIT_DECODE_MAX_ENTITIES);
    if (!slot)
        return oom(ev);
    *slot = id;
    return true;
}

static bool lookup(eval *ev, scope *s, uint8_t sort, uint32_t index, size_t offset, uint32_t *out)
{
    if (sort > COMP_SORT_INSTANCE || sort == COMP_SORT_CORE || sort == COMP_SORT_VALUE) {
        *out = UINT32_MAX;
        return true;
    }
    if (index >= s->spaces[sort].count)
        return comp_error_set(ev->err, offset, "index %u out of range (%u items of sort %u)", index,
                              s->spaces[sort].count, sort);
    *out = ((uint32_t *)s->spaces[sort].data)[index];
    return true;
}

static bool add_item(eval *ev, xvec *list, comp_str name, uint8_t sort, uint32_t id)
{
    ent_item *it = xvec_push(ev->arena, list, sizeof *it, WIT_DECODE_MAX_ENTITIES);
    if (!it)
        return oom(ev);
    *it = (ent_item){name, sort, id};
    return true;
}

static bool vt(eval *ev, scope *s, comp_cvaltype v, size_t offset, vref *out)
{
    if (v.prim) {
        *out = (vref){v.prim, UINT32_MAX};
        return true;
    }
    out->prim = 0;
    return lookup(ev, s, COMP_SORT_TYPE, v.index, offset, &out->ent);
}

static const vref none = {0, UINT32_MAX};

static bool eval_decls(eval *ev, scope *s, const comp_decl *decls, uint32_t n);

/* A type definition as an entity. */
static bool eval_type(eval *ev, scope *s, const comp_type *t, uint32_t *out)
{
    if (t->kind == COMP_TYPE_INSTANCE || t->kind == COMP_TYPE_COMPONENT) {
        if (++ev->depth > WIT_DECODE_MAX_DEPTH)
            return comp_error_set(ev->err, t->offset, "types nest deeper than %d", WIT_DECODE_MAX_DEPTH);
        scope inner = {.parent = s};
        bool ok = eval_decls(ev, &inner, t->u.decls.decls, t->u.decls.decl_count);
        ev->depth--;
        if (!ok || !new_ent(ev, t->kind == COMP_TYPE_INSTANCE ? ENT_INSTANCE : ENT_COMPTYPE, out))
            return false;
        ent *e = &ENTS(ev)[*out];
        e->imports = inner.imports.data;
        e->import_count = inner.imports.count;
        e->exports = inner.exports.data;
        e->export_count = inner.exports.count;
        return true;
    }
    if (t->kind == COMP_TYPE_RESOURCE)
        return new_ent(ev, ENT_RESOURCE, out);
    uint32_t n = 0;
    vref refs_buf[2];
    vref *refs = refs_buf;
    size_t off = t->offset;
    bool ok = true;
    switch (t->kind) {
    case COMP_TYPE_RECORD:
        n = t->u.record.field_count;
        refs = comp_arena_array(ev->arena, n ? n : 1, sizeof *refs);
        if (!refs)
            return oom(ev);
        for (uint32_t i = 0; ok && i < n; i++)
            ok = vt(ev, s, t->u.record.fields[i].type, off, &refs[i]);
        break;
    case COMP_TYPE_VARIANT:
        n = t->u.variant.case_count;
        refs = comp_arena_array(ev->arena, n ? n : 1, sizeof *refs);
        if (!refs)
            return oom(ev);
        for (uint32_t i = 0; ok && i < n; i++) {
            refs[i] = none;
            if (t->u.variant.cases[i].has_type)
                ok = vt(ev, s, t->u.variant.cases[i].type, off, &refs[i]);
        }
        break;
    case COMP_TYPE_TUPLE:
        n = t->u.tuple.type_count;
        refs = comp_arena_array(ev->arena, n ? n : 1, sizeof *refs);
        if (!refs)
            return oom(ev);
        for (uint32_t i = 0; ok && i < n; i++)
            ok = vt(ev, s, t->u.tuple.types[i], off, &refs[i]);
        break;
    case COMP_TYPE_FUNC:
    case COMP_TYPE_ASYNC_FUNC:
        n = t->u.func.param_count + 1;
        refs = comp_arena_array(ev->arena, n, sizeof *refs);
        if (!refs)
            return oom(ev);
        for (uint32_t i = 0; ok && i + 1 < n; i++)
            ok = vt(ev, s, t->u.func.params[i].type, off, &refs[i]);
        refs[n - 1] = none;
        if (ok && t->u.func.has_result)
            ok = vt(ev, s, t->u.func.result, off, &refs[n - 1]);
        break;
    case COMP_TYPE_LIST:
    case COMP_TYPE_FIXED_LIST:
        n = 1;
        ok = vt(ev, s, t->u.list.elem, off, &refs[0]);
        break;
    case COMP_TYPE_OPTION:
        n = 1;
        ok = vt(ev, s, t->u.option, off, &refs[0]);
        break;
    case COMP_TYPE_RESULT:
        n = 2;
        refs[0] = refs[1] = none;
        if (t->u.result.has_ok)
            ok = vt(ev, s, t->u.result.ok, off, &refs[0]);
        if (ok && t->u.result.has_err)
            ok = vt(ev, s, t->u.result.err, off, &refs[1]);
        break;
    case COMP_TYPE_OWN:
    case COMP_TYPE_BORROW:
        n = 1;
        refs[0].prim = 0;
        ok = lookup(ev, s, COMP_SORT_TYPE, t->u.resource, off, &refs[0].ent);
        break;
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
        n = 1;
        refs[0] = none;
        if (t->u.async.has_payload)
            ok = vt(ev, s, t->u.async.payload, off, &refs[0]);
        break;
    case COMP_TYPE_MAP:
        n = 2;
        ok = vt(ev, s, t->u.map.key, off, &refs[0]) && vt(ev, s, t->u.map.value, off, &refs[1]);
        break;
    default:
        break; /* primitives, enums and flags name no other types */
    }
    if (!ok)
        return false;
    if (refs == refs_buf && n) {
        refs = comp_arena_array(ev->arena, n, sizeof *refs);
        if (!refs)
            return oom(ev);
        memcpy(refs, refs_buf, n * sizeof *refs);
    }
    bool is_func = t->kind == COMP_TYPE_FUNC || t->kind == COMP_TYPE_ASYNC_FUNC;
    if (!new_ent(ev, is_func ? ENT_FUNC : ENT_DEF, out))
        return false;
    ENTS(ev)[*out].type = t;
    ENTS(ev)[*out].refs = refs;
    ENTS(ev)[*out].ref_count = n;
    return true;
}

/* The entity an import or export of this extern type stands for. */
static bool extern_ent(eval *ev, scope *s, const comp_externtype *et, size_t offset, uint32_t *out)
{
    switch (et->kind) {
    case COMP_SORT_TYPE: {
        if (et->bound == COMP_BOUND_SUB_RESOURCE)
            return new_ent(ev, ENT_RESOURCE, out);
        /* `(eq T)`: a new name for T, which keeps T's structure. */
        uint32_t target = UINT32_MAX;
        if (!lookup(ev, s, COMP_SORT_TYPE, et->index, offset, &target))
            return false;
        if (target >= ev->ents.count)
            return comp_error_set(ev->err, offset, "type %u is not a type", et->index);
        if (!new_ent(ev, ENT_OTHER, out))
            return false;
        ENTS(ev)[*out] = ENTS(ev)[target];
        ENTS(ev)[*out].alias_of = target;
        return true;
    }
    case COMP_SORT_FUNC:
    case COMP_SORT_INSTANCE:
    case COMP_SORT_COMPONENT:
        return lookup(ev, s, COMP_SORT_TYPE, et->index, offset, out);
    default:
        return new_ent(ev, ENT_OTHER, out);
    }
}

static bool find_export(eval *ev, uint32_t inst, comp_str name, size_t offset, uint32_t *out)
{
    if (inst == UINT32_MAX)
        return comp_error_set(ev->err, offset, "alias of an export of something that is not an instance");
    const ent *e = &ENTS(ev)[inst];
    for (uint32_t i = 0; i < e->export_count; i++)
        if (comp_str_eq(e->exports[i].name, name)) {
            *out = e->exports[i].ent;
            return true;
        }
    return comp_error_set(ev->err, offset, "instance has no export `%.*s`", (int)name.len, name.data);
}

static bool eval_alias(eval *ev, scope *s, const comp_alias *a)
{
    if (a->sort.sort == COMP_SORT_CORE)
        return true;
    uint32_t id = UINT32_MAX;
    if (a->target == COMP_ALIAS_EXPORT) {
        uint32_t inst = UINT32_MAX;
        if (!lookup(ev, s, COMP_SORT_INSTANCE, a->instance, a->offset, &inst) ||
            !find_export(ev, inst, a->name, a->offset, &id))
            return false;
    } else if (a->target == COMP_ALIAS_OUTER) {
        scope *o = s;
        for (uint32_t i = 0; i < a->outer_count && o; i++)
            o = o->parent;
        if (!o)
            return comp_error_set(ev->err, a->offset, "outer alias count %u too large", a->outer_count);
        if (!lookup(ev, o, a->sort.sort, a->outer_index, a->offset, &id))
            return false;
    } else {
        return true;
    }
    return push(ev, s, a->sort.sort, id);
}

static bool eval_decls(eval *ev, scope *s, const comp_decl *decls, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const comp_decl *d = &decls[i];
        uint32_t id = UINT32_MAX;
        switch (d->kind) {
        case COMP_DECL_TYPE:
            if (!eval_type(ev, s, d->type, &id) || !push(ev, s, COMP_SORT_TYPE, id))
                return false;
            break;
        case COMP_DECL_ALIAS:
            if (!eval_alias(ev, s, &d->alias))
                return false;
            break;
        case COMP_DECL_IMPORT:
        case COMP_DECL_EXPORT:
            if (!extern_ent(ev, s, &d->extern_type, d->offset, &id) ||
                !push(ev, s, d->extern_type.kind, id) ||
                !add_item(ev, d->kind == COMP_DECL_IMPORT ? &s->imports : &s->exports, d->name.name,
                          d->extern_type.kind, id))
                return false;
            break;
        default:
            break;
        }
    }
    return true;
}

static bool eval_body(eval *ev, scope *s, const comp_component *c);

/* Instantiates component entity `comp` with `args` (already entities). */
static bool instantiate(eval *ev, uint32_t comp, const comp_instance *inst, const uint32_t *arg_ents,
                        uint32_t *out)
{
    const ent *ce = &ENTS(ev)[comp];
    if (ce->kind != ENT_COMPONENT && ce->kind != ENT_COMPTYPE)
        return comp_error_set(ev->err, inst->offset, "instantiation of something that is not a component");
    if (!new_ent(ev, ENT_INSTANCE, out))
        return false;
    if (ENTS(ev)[comp].kind == ENT_COMPTYPE) {
        /* An imported component: its declared exports. */
        ENTS(ev)[*out].exports = ENTS(ev)[comp].exports;
        ENTS(ev)[*out].export_count = ENTS(ev)[comp].export_count;
        return true;
    }
    if (++ev->depth > WIT_DECODE_MAX_DEPTH)
        return comp_error_set(ev->err, inst->offset, "instantiations nest deeper than %d", WIT_DECODE_MAX_DEPTH);
    /* In the arena: components defined inside may outlive this call. */
    scope *inner = comp_arena_alloc(ev->arena, sizeof *inner);
    if (!inner)
        return oom(ev);
    *inner = (scope){.parent = ENTS(ev)[comp].parent, .args = inst->args, .arg_count = inst->arg_count,
                     .arg_ents = arg_ents};
    bool ok = eval_body(ev, inner, ENTS(ev)[comp].comp);
    ev->depth--;
    if (!ok)
        return false;
    ENTS(ev)[*out].exports = inner->exports.data;
    ENTS(ev)[*out].export_count = inner->exports.count;
    return true;
}

static bool eval_instance(eval *ev, scope *s, const comp_instance *inst)
{
    uint32_t id = UINT32_MAX;
    if (inst->kind == COMP_INSTANCE_INSTANTIATE) {
        uint32_t comp = UINT32_MAX;
        if (!lookup(ev, s, COMP_SORT_COMPONENT, inst->component, inst->offset, &comp))
            return false;
        uint32_t *args = comp_arena_array(ev->arena, inst->arg_count ? inst->arg_count : 1, sizeof *args);
        if (!args)
            return oom(ev);
        for (uint32_t i = 0; i < inst->arg_count; i++)
            if (!lookup(ev, s, inst->args[i].item.sort.sort, inst->args[i].item.index, inst->offset, &args[i]))
                return false;
        if (!instantiate(ev, comp, inst, args, &id))
            return false;
    } else {
        if (!new_ent(ev, ENT_INSTANCE, &id))
            return false;
        xvec items = {0};
        for (uint32_t i = 0; i < inst->export_count; i++) {
            uint32_t item;
            const comp_inline_export *x = &inst->exports[i];
            if (!lookup(ev, s, x->item.sort.sort, x->item.index, inst->offset, &item) ||
                !add_item(ev, &items, x->name.name, x->item.sort.sort, item))
                return false;
        }
        ENTS(ev)[id].exports = items.data;
        ENTS(ev)[id].export_count = items.count;
    }
    return push(ev, s, COMP_SORT_INSTANCE, id);
}

static bool eval_import(eval *ev, scope *s, const comp_cimport *im)
{
    uint32_t id = UINT32_MAX;
    for (uint32_t i = 0; i < s->arg_count; i++)
        if (comp_str_eq(s->args[i].name, im->name.name) &&
            s->args[i].item.sort.sort == im->type.kind)
            id = s->arg_ents[i];
    if (id == UINT32_MAX && !extern_ent(ev, s, &im->type, im->offset, &id))
        return false;
    return push(ev, s, im->type.kind, id) && add_item(ev, &s->imports, im->name.name, im->type.kind, id);
}

static bool eval_export(eval *ev, scope *s, const comp_cexport *ex)
{
    uint32_t id = UINT32_MAX;
    if (!lookup(ev, s, ex->item.sort.sort, ex->item.index, ex->offset, &id))
        return false;
    /* An ascribed function type is the one the component declares. */
    if (ex->has_type && ex->type.kind == COMP_SORT_FUNC && !extern_ent(ev, s, &ex->type, ex->offset, &id))
        return false;
    return push(ev, s, ex->item.sort.sort, id) && add_item(ev, &s->exports, ex->name.name, ex->item.sort.sort, id);
}

static bool eval_body(eval *ev, scope *s, const comp_component *c)
{
    for (uint32_t si = 0; si < c->section_count; si++) {
        const comp_component_section *sec = &c->sections[si];
        for (uint32_t k = sec->first; k < sec->first + sec->count; k++) {
            bool ok = true;
            uint32_t id = UINT32_MAX;
            switch (sec->id) {
            case COMP_CSEC_COMPONENT:
                if (k >= c->component_count)
                    return comp_error_set(ev->err, sec->offset, "component section out of range");
                ok = new_ent(ev, ENT_COMPONENT, &id);
                if (ok) {
                    ENTS(ev)[id].comp = c->components[k];
                    ENTS(ev)[id].parent = s;
                    ok = push(ev, s, COMP_SORT_COMPONENT, id);
                }
                break;
            case COMP_CSEC_INSTANCE:
                ok = k < c->instance_count && eval_instance(ev, s, &c->instances[k]);
                break;
            case COMP_CSEC_ALIAS:
                ok = k < c->alias_count && eval_alias(ev, s, &c->aliases[k]);
                break;
            case COMP_CSEC_TYPE:
                ok = k < c->type_count && eval_type(ev, s, &c->types[k], &id) && push(ev, s, COMP_SORT_TYPE, id);
                break;
            case COMP_CSEC_CANON:
                if (k < c->canon_count && c->canons[k].op == COMP_CANON_LIFT)
                    ok = lookup(ev, s, COMP_SORT_TYPE, c->canons[k].type, c->canons[k].offset, &id) &&
                         push(ev, s, COMP_SORT_FUNC, id);
                break;
            case COMP_CSEC_IMPORT:
                ok = k < c->import_count && eval_import(ev, s, &c->imports[k]);
                break;
            case COMP_CSEC_EXPORT:
                ok = k < c->export_count && eval_export(ev, s, &c->exports[k]);
                break;
            default:
                break;
            }
            if (!ok)
                return ev->err->message[0] ? false
                                           : comp_error_set(ev->err, sec->offset, "section item out of range");
        }
    }
    return true;
}

bool eval_component(eval *ev, const comp_component *c, uint32_t *out)
{
    scope *s = comp_arena_alloc(ev->arena, sizeof *s);
    if (!s)
        return oom(ev);
    if (!eval_body(ev, s, c) || !new_ent(ev, ENT_COMPTYPE, out))
        return false;
    ENTS(ev)[*out].imports = s->imports.data;
    ENTS(ev)[*out].import_count = s->imports.count;
    ENTS(ev)[*out].exports = s->exports.data;
    ENTS(ev)[*out].export_count = s->exports.count;
    return true;
}
