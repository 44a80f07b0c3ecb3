/* Type definitions evaluated at instantiation: value types become rt_ctype
 * trees (with their ABI facts), function types rt_cfunctype, and every
 * resource type definition a fresh rt_resource_type owned by the instance
 * (resource types are generative). */
#include "component/cinternal.h"

static const rt_ctype *oom_t(rt_trap *trap)
{
    ctrap(trap, "out of memory");
    return NULL;
}

const rt_ctype *resolve_val(tspace sp, comp_cvaltype v, rt_trap *trap)
{
    if (v.prim == COMP_PRIM_ERROR_CONTEXT)
        return ctype_error_context();
    if (v.prim)
        return rt_ctype_prim((rt_ctype_kind)(0x80 - v.prim));
    if (v.index >= sp.count || sp.items[v.index].type.kind != TE_VAL) {
        ctrap(trap, "type index %u is not a value type", v.index);
        return NULL;
    }
    return sp.items[v.index].type.val;
}

static rt_resource_type *resolve_resource(tspace sp, uint32_t index, rt_trap *trap)
{
    if (index >= sp.count || sp.items[index].type.kind != TE_RESOURCE) {
        ctrap(trap, "type index %u is not a resource type", index);
        return NULL;
    }
    return sp.items[index].type.resource;
}

static const rt_ctype *resolve_defval(rt_cinstance *inst, tspace sp, const comp_type *t,
                                      rt_trap *trap)
{
    comp_arena *a = &inst->store->arena;
    rt_ctype *r = comp_arena_alloc(a, sizeof *r);
    if (!r)
        return oom_t(trap);
    uint32_t n = 0;
    switch (t->kind) {
    case COMP_TYPE_RECORD: r->kind = RT_CT_RECORD, n = t->u.record.field_count; break;
    case COMP_TYPE_VARIANT: r->kind = RT_CT_VARIANT, n = t->u.variant.case_count; break;
    case COMP_TYPE_LIST: r->kind = RT_CT_LIST, n = 1; break;
    case COMP_TYPE_MAP: r->kind = RT_CT_LIST, r->map = true, n = 1; break;
    case COMP_TYPE_FIXED_LIST: r->kind = RT_CT_FIXED_LIST, n = 1; break;
    case COMP_TYPE_TUPLE: r->kind = RT_CT_TUPLE, n = t->u.tuple.type_count; break;
    case COMP_TYPE_FLAGS: r->kind = RT_CT_FLAGS; break;
    case COMP_TYPE_ENUM: r->kind = RT_CT_ENUM; break;
    case COMP_TYPE_OPTION: r->kind = RT_CT_OPTION, n = 1; break;
    case COMP_TYPE_RESULT: r->kind = RT_CT_RESULT, n = 2; break;
    case COMP_TYPE_OWN: r->kind = RT_CT_OWN; break;
    case COMP_TYPE_BORROW: r->kind = RT_CT_BORROW; break;
    case COMP_TYPE_STREAM: r->kind = RT_CT_STREAM, n = 1; break;
    case COMP_TYPE_FUTURE: r->kind = RT_CT_FUTURE, n = 1; break;
    default:
        ctrap(trap, "type 0x%02x is not supported by the runtime", t->kind);
        return NULL;
    }
    if (n && !(r->elems = comp_arena_array(a, n, sizeof *r->elems)))
        return oom_t(trap);
    switch (t->kind) {
    case COMP_TYPE_RECORD: case COMP_TYPE_VARIANT: {
        bool rec = t->kind == COMP_TYPE_RECORD;
        r->count = n;
        if (!(r->labels = comp_arena_array(a, n ? n : 1, sizeof *r->labels)))
            return oom_t(trap);
        for (uint32_t i = 0; i < n; i++) {
            r->labels[i] = rec ? t->u.record.fields[i].label : t->u.variant.cases[i].label;
            bool has = rec || t->u.variant.cases[i].has_type;
            comp_cvaltype vt = rec ? t->u.record.fields[i].type : t->u.variant.cases[i].type;
            if (has && !(r->elems[i] = resolve_val(sp, vt, trap)))
                return NULL;
        }
        break;
    }
    case COMP_TYPE_LIST: case COMP_TYPE_FIXED_LIST:
        r->count = t->kind == COMP_TYPE_FIXED_LIST ? t->u.list.length : 0;
        if (!(r->elems[0] = resolve_val(sp, t->u.list.elem, trap)))
            return NULL;
        break;
    case COMP_TYPE_MAP: {
        const rt_ctype *kv[2] = {resolve_val(sp, t->u.map.key, trap), NULL};
        if (!kv[0] || !(kv[1] = resolve_val(sp, t->u.map.value, trap)))
            return NULL;
        if (!(r->elems[0] = rt_ctype_tuple(a, 2, kv)))
            return oom_t(trap);
        break;
    }
    case COMP_TYPE_TUPLE:
        r->count = n;
        for (uint32_t i = 0; i < n; i++)
            if (!(r->elems[i] = resolve_val(sp, t->u.tuple.types[i], trap)))
                return NULL;
        break;
    case COMP_TYPE_FLAGS: case COMP_TYPE_ENUM:
        r->count = t->u.labels.label_count;
        r->labels = t->u.labels.labels;
        break;
    case COMP_TYPE_OPTION:
        if (!(r->elems[0] = resolve_val(sp, t->u.option, trap)))
            return NULL;
        break;
    case COMP_TYPE_RESULT:
        if (t->u.result.has_ok && !(r->elems[0] = resolve_val(sp, t->u.result.ok, trap)))
            return NULL;
        if (t->u.result.has_err && !(r->elems[1] = resolve_val(sp, t->u.result.err, trap)))
            return NULL;
        break;
    case COMP_TYPE_STREAM: case COMP_TYPE_FUTURE:
        if (t->u.async.has_payload && !(r->elems[0] = resolve_val(sp, t->u.async.payload, trap)))
            return NULL;
        break;
    default: /* own, borrow */
        if (!(r->resource = resolve_resource(sp, t->u.resource, trap)))
            return NULL;
        break;
    }
    if (!ctype_finish(r)) {
        ctrap(trap, "type too large or nested too deeply");
        return NULL;
    }
    return r;
}

bool resolve_deftype(rt_cinstance *inst, tspace sp, const comp_type *t, tyent *out,
                     rt_trap *trap)
{
    comp_arena *a = &inst->store->arena;
    *out = (tyent){0};
    if (comp_is_primvaltype(t->kind)) {
        out->kind = TE_VAL;
        out->val = t->kind == COMP_PRIM_ERROR_CONTEXT
                       ? ctype_error_context()
                       : rt_ctype_prim((rt_ctype_kind)(0x80 - t->kind));
        return out->val != NULL || ctrap(trap, "type not supported by the runtime");
    }
    switch (t->kind) {
    case COMP_TYPE_RESOURCE: {
        rt_resource_type *r = comp_arena_alloc(a, sizeof *r);
        if (!r)
            return ctrap(trap, "out of memory");
        r->name = "resource";
        r->impl = inst;
        if (t->u.rsrc.has_dtor) {
            uint32_t i = t->u.rsrc.dtor;
            if (i >= inst->core_counts[COMP_EXTERN_FUNC])
                return ctrap(trap, "resource destructor index out of range");
            r->dtor = inst->core_items[COMP_EXTERN_FUNC][i].of.func;
        }
        out->kind = TE_RESOURCE, out->resource = r;
        return true;
    }
    case COMP_TYPE_FUNC: case COMP_TYPE_ASYNC_FUNC: {
        const comp_cfunctype *f = &t->u.func;
        rt_cfunctype *ft = comp_arena_alloc(a, sizeof *ft);
        uint32_t n = f->param_count;
        if (!ft || !(ft->names = comp_arena_array(a, n ? n : 1, sizeof *ft->names)) ||
            !(ft->params = comp_arena_array(a, n ? n : 1, sizeof *ft->params)))
            return ctrap(trap, "out of memory");
        ft->param_count = n;
        ft->async = t->kind == COMP_TYPE_ASYNC_FUNC;
        for (uint32_t i = 0; i < n; i++) {
            ft->names[i] = f->params[i].label;
            if (!(ft->params[i] = resolve_val(sp, f->params[i].type, trap)))
                return false;
        }
        if (f->has_result && !(ft->result = resolve_val(sp, f->result, trap)))
            return false;
        out->kind = TE_FUNC, out->func = ft;
        return true;
    }
    case COMP_TYPE_COMPONENT: case COMP_TYPE_INSTANCE:
        out->kind = TE_DECL, out->decl = t, out->scope = inst;
        return true;
    default:
        out->kind = TE_VAL;
        out->val = resolve_defval(inst, sp, t, trap);
        return out->val != NULL;
    }
}
