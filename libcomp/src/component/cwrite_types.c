/* Component encoding: deftype (with component and instance types) and
 * core:type. */
#include "cwrite.h"
#include "core/types_io.h"

static void write_opt_valtype(wr *w, bool has, comp_cvaltype t)
{
    wr_byte(w, has ? 0x01 : 0x00);
    if (has)
        cw_valtype(w, t);
}

static void write_labelvaltypes(wr *w, uint32_t n, const comp_labelvaltype *v)
{
    wr_u32(w, n);
    for (uint32_t i = 0; i < n; i++) {
        wr_name(w, v[i].label);
        cw_valtype(w, v[i].type);
    }
}

static bool too_deep(unsigned depth, comp_error *err)
{
    if (depth <= RD_MAX_DEPTH)
        return false;
    comp_error_set(err, 0, "types nest more than %d levels", RD_MAX_DEPTH);
    return true;
}

static bool write_decl(wr *w, const comp_decl *d, unsigned depth, comp_error *err)
{
    wr_byte(w, d->kind);
    switch (d->kind) {
    case COMP_DECL_CORE_TYPE:
        return cw_core_type(w, d->core_type, depth, err);
    case COMP_DECL_TYPE:
        return cw_type(w, d->type, depth, err);
    case COMP_DECL_ALIAS:
        cw_alias(w, &d->alias);
        return true;
    default: /* import, export */
        cw_extern_name(w, &d->name);
        cw_externtype(w, &d->extern_type);
        return true;
    }
}

bool cw_type(wr *w, const comp_type *t, unsigned depth, comp_error *err)
{
    if (too_deep(depth, err))
        return false;
    wr_byte(w, t->kind);
    switch (t->kind) {
    case COMP_TYPE_RECORD:
        write_labelvaltypes(w, t->u.record.field_count, t->u.record.fields);
        break;
    case COMP_TYPE_VARIANT:
        wr_u32(w, t->u.variant.case_count);
        for (uint32_t i = 0; i < t->u.variant.case_count; i++) {
            const comp_case *c = &t->u.variant.cases[i];
            wr_name(w, c->label);
            write_opt_valtype(w, c->has_type, c->type);
            wr_byte(w, 0x00);
        }
        break;
    case COMP_TYPE_LIST:
        cw_valtype(w, t->u.list.elem);
        break;
    case COMP_TYPE_FIXED_LIST:
        cw_valtype(w, t->u.list.elem);
        wr_u32(w, t->u.list.length);
        break;
    case COMP_TYPE_TUPLE:
        wr_u32(w, t->u.tuple.type_count);
        for (uint32_t i = 0; i < t->u.tuple.type_count; i++)
            cw_valtype(w, t->u.tuple.types[i]);
        break;
    case COMP_TYPE_FLAGS:
    case COMP_TYPE_ENUM:
        wr_u32(w, t->u.labels.label_count);
        for (uint32_t i = 0; i < t->u.labels.label_count; i++)
            wr_name(w, t->u.labels.labels[i]);
        break;
    case COMP_TYPE_OPTION:
        cw_valtype(w, t->u.option);
        break;
    case COMP_TYPE_RESULT:
        write_opt_valtype(w, t->u.result.has_ok, t->u.result.ok);
        write_opt_valtype(w, t->u.result.has_err, t->u.result.err);
        break;
    case COMP_TYPE_OWN:
    case COMP_TYPE_BORROW:
        wr_u32(w, t->u.resource);
        break;
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
        write_opt_valtype(w, t->u.async.has_payload, t->u.async.payload);
        break;
    case COMP_TYPE_MAP:
        cw_valtype(w, t->u.map.key);
        cw_valtype(w, t->u.map.value);
        break;
    case COMP_TYPE_RESOURCE:
        wr_byte(w, t->u.rsrc.rep);
        wr_byte(w, t->u.rsrc.has_dtor ? 0x01 : 0x00);
        if (t->u.rsrc.has_dtor)
            wr_u32(w, t->u.rsrc.dtor);
        break;
    case COMP_TYPE_FUNC:
    case COMP_TYPE_ASYNC_FUNC:
        write_labelvaltypes(w, t->u.func.param_count, t->u.func.params);
        cw_resultlist(w, t->u.func.has_result, t->u.func.result);
        break;
    case COMP_TYPE_COMPONENT:
    case COMP_TYPE_INSTANCE:
        wr_u32(w, t->u.decls.decl_count);
        for (uint32_t i = 0; i < t->u.decls.decl_count; i++)
            if (!write_decl(w, &t->u.decls.decls[i], depth + 1, err))
                return false;
        break;
    default:
        if (!comp_is_primvaltype(t->kind))
            return comp_error_set(err, t->offset, "cannot encode type kind 0x%x", t->kind);
        break;
    }
    return true;
}

static bool write_moduledecl(wr *w, const comp_moduledecl *d, unsigned depth, comp_error *err)
{
    wr_byte(w, d->kind);
    switch (d->kind) {
    case COMP_MODULEDECL_IMPORT:
        wr_name(w, d->item.module);
        wr_name(w, d->item.name);
        core_write_import_desc(w, &d->item);
        return true;
    case COMP_MODULEDECL_TYPE:
        return cw_core_type(w, d->type, depth, err);
    case COMP_MODULEDECL_ALIAS:
        wr_byte(w, COMP_CORE_SORT_TYPE);
        wr_byte(w, 0x01); /* outer */
        wr_u32(w, d->outer_count);
        wr_u32(w, d->outer_index);
        return true;
    default: /* export */
        wr_name(w, d->item.name);
        core_write_import_desc(w, &d->item);
        return true;
    }
}

bool cw_core_type(wr *w, const comp_core_type *t, unsigned depth, comp_error *err)
{
    if (too_deep(depth, err))
        return false;
    switch (t->kind) {
    case COMP_CORE_TYPE_FUNC:
        wr_byte(w, t->kind);
        core_write_func_signature(w, &t->func);
        return true;
    case COMP_CORE_TYPE_SUB:
    case COMP_CORE_TYPE_SUB_FINAL:
        if (t->kind == COMP_CORE_TYPE_SUB)
            wr_byte(w, 0x00); /* prefix of a non-final sub in this position */
        wr_byte(w, t->kind == COMP_CORE_TYPE_SUB ? 0x50 : COMP_CORE_TYPE_SUB_FINAL);
        wr_u32(w, t->super_count);
        for (uint32_t i = 0; i < t->super_count; i++)
            wr_u32(w, t->supers[i]);
        wr_byte(w, COMP_CORE_TYPE_FUNC);
        core_write_func_signature(w, &t->func);
        return true;
    case COMP_CORE_TYPE_MODULE:
        wr_byte(w, t->kind);
        wr_u32(w, t->decl_count);
        for (uint32_t i = 0; i < t->decl_count; i++)
            if (!write_moduledecl(w, &t->decls[i], depth + 1, err))
                return false;
        return true;
    default:
        return comp_error_set(err, t->offset, "cannot encode core type kind 0x%x", t->kind);
    }
}
