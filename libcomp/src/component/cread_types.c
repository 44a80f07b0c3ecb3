/* Component decoding: the type section (deftype with its nested component
 * and instance types) and the core type section (core:type). */
#include "cread.h"
#include "core/types_io.h"

/* <T>? presence byte for an optional value type. */
static bool read_opt_valtype(rd *r, bool *has, comp_cvaltype *out)
{
    *out = (comp_cvaltype){0};
    if (!cr_flag(r, has, "optional value type"))
        return false;
    return !*has || cr_valtype(r, out);
}

static bool read_labelvaltypes(rd *r, uint32_t *count, comp_labelvaltype **out)
{
    uint32_t n;
    if (!rd_count(r, &n, 2))
        return false;
    comp_labelvaltype *v = rd_alloc(r, n, sizeof *v);
    if (!v)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!rd_name(r, &v[i].label) || !cr_valtype(r, &v[i].type))
            return false;
    *count = n;
    *out = v;
    return true;
}

static bool read_cases(rd *r, comp_type *t)
{
    uint32_t n;
    if (!rd_count(r, &n, 3))
        return false;
    comp_case *v = rd_alloc(r, n, sizeof *v);
    if (!v)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!rd_name(r, &v[i].label) || !read_opt_valtype(r, &v[i].has_type, &v[i].type))
            return false;
        /* The trailing 0x00 (a former refines field) must be zero. */
        size_t at = rd_offset(r);
        uint8_t z;
        if (!rd_byte(r, &z))
            return false;
        if (z != 0)
            return cr_bad_byte(r, at, z, "zero byte required");
    }
    t->u.variant.case_count = n;
    t->u.variant.cases = v;
    return true;
}

static bool read_labels(rd *r, comp_type *t)
{
    uint32_t n;
    if (!rd_count(r, &n, 1))
        return false;
    comp_str *v = rd_alloc(r, n, sizeof *v);
    if (!v)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!rd_name(r, &v[i]))
            return false;
    t->u.labels.label_count = n;
    t->u.labels.labels = v;
    return true;
}

static bool read_tuple(rd *r, comp_type *t)
{
    uint32_t n;
    if (!rd_count(r, &n, 1))
        return false;
    comp_cvaltype *v = rd_alloc(r, n, sizeof *v);
    if (!v)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!cr_valtype(r, &v[i]))
            return false;
    t->u.tuple.type_count = n;
    t->u.tuple.types = v;
    return true;
}

bool cr_resultlist(rd *r, bool *has, comp_cvaltype *out)
{
    size_t at = rd_offset(r);
    uint8_t b;
    *out = (comp_cvaltype){0};
    if (!rd_byte(r, &b))
        return false;
    if (b == 0x00) {
        *has = true;
        return cr_valtype(r, out);
    }
    if (b != 0x01)
        return cr_bad_byte(r, at, b, "component function results");
    *has = false;
    at = rd_offset(r);
    if (!rd_byte(r, &b))
        return false;
    if (b != 0x00)
        return cr_bad_byte(r, at, b, "number of results");
    return true;
}

static bool read_decl(rd *r, comp_decl *d, bool component_type)
{
    *d = (comp_decl){.offset = rd_offset(r)};
    uint8_t kind;
    if (!rd_byte(r, &kind))
        return false;
    d->kind = kind;
    switch (kind) {
    case COMP_DECL_CORE_TYPE:
        d->core_type = rd_alloc(r, 1, sizeof *d->core_type);
        return d->core_type && cr_core_type(r, d->core_type, false);
    case COMP_DECL_TYPE:
        d->type = rd_alloc(r, 1, sizeof *d->type);
        return d->type && cr_type(r, d->type);
    case COMP_DECL_ALIAS:
        return cr_alias(r, &d->alias);
    case COMP_DECL_IMPORT:
        if (!component_type)
            break;
        /* fall through */
    case COMP_DECL_EXPORT:
        return cr_extern_name(r, &d->name) && cr_externtype(r, &d->extern_type);
    default:
        break;
    }
    return cr_bad_byte(r, d->offset, kind, "component or instance type declaration");
}

static bool read_decls(rd *r, comp_type *t)
{
    if (!cr_enter(r))
        return false;
    uint32_t n;
    if (!rd_count(r, &n, 2))
        return false;
    comp_decl *v = rd_alloc(r, n, sizeof *v);
    if (!v)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!read_decl(r, &v[i], t->kind == COMP_TYPE_COMPONENT))
            return false;
    t->u.decls.decl_count = n;
    t->u.decls.decls = v;
    r->depth--;
    return true;
}

bool cr_type(rd *r, comp_type *t)
{
    *t = (comp_type){.offset = rd_offset(r)};
    uint8_t b;
    if (!rd_byte(r, &b))
        return false;
    t->kind = b;
    if (comp_is_primvaltype(b))
        return true;
    switch (b) {
    case COMP_TYPE_RECORD:
        return read_labelvaltypes(r, &t->u.record.field_count, &t->u.record.fields);
    case COMP_TYPE_VARIANT:
        return read_cases(r, t);
    case COMP_TYPE_LIST:
        return cr_valtype(r, &t->u.list.elem);
    case COMP_TYPE_FIXED_LIST:
        return cr_valtype(r, &t->u.list.elem) && rd_u32(r, &t->u.list.length);
    case COMP_TYPE_TUPLE:
        return read_tuple(r, t);
    case COMP_TYPE_FLAGS:
    case COMP_TYPE_ENUM:
        return read_labels(r, t);
    case COMP_TYPE_OPTION:
        return cr_valtype(r, &t->u.option);
    case COMP_TYPE_RESULT:
        return read_opt_valtype(r, &t->u.result.has_ok, &t->u.result.ok) &&
               read_opt_valtype(r, &t->u.result.has_err, &t->u.result.err);
    case COMP_TYPE_OWN:
    case COMP_TYPE_BORROW:
        return rd_u32(r, &t->u.resource);
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
        return read_opt_valtype(r, &t->u.async.has_payload, &t->u.async.payload);
    case COMP_TYPE_MAP:
        return cr_valtype(r, &t->u.map.key) && cr_valtype(r, &t->u.map.value);
    case COMP_TYPE_RESOURCE:
        if (!core_read_valtype(r, &t->u.rsrc.rep) ||
            !cr_flag(r, &t->u.rsrc.has_dtor, "optional destructor"))
            return false;
        return !t->u.rsrc.has_dtor || rd_u32(r, &t->u.rsrc.dtor);
    case COMP_TYPE_FUNC:
    case COMP_TYPE_ASYNC_FUNC:
        return read_labelvaltypes(r, &t->u.func.param_count, &t->u.func.params) &&
               cr_resultlist(r, &t->u.func.has_result, &t->u.func.result);
    case COMP_TYPE_COMPONENT:
    case COMP_TYPE_INSTANCE:
        return read_decls(r, t);
    default:
        return cr_bad_byte(r, t->offset, b, "component defined type");
    }
}

/* ---- core types ---------------------------------------------------------- */

/* core:comptype inside a subtype: only function types are supported. */
static bool read_comptype(rd *r, comp_core_type *t)
{
    size_t at = rd_offset(r);
    uint8_t b;
    if (!rd_byte(r, &b))
        return false;
    if (b == 0x5f || b == 0x5e)
        return rd_fail_at(r, at, "core %s types are not supported", b == 0x5f ? "struct" : "array");
    if (b != COMP_CORE_TYPE_FUNC)
        return cr_bad_byte(r, at, b, "core composite type");
    return core_read_func_signature(r, &t->func);
}

static bool read_subtype(rd *r, comp_core_type *t)
{
    uint32_t n;
    if (!rd_count(r, &n, 1))
        return false;
    uint32_t *v = rd_alloc(r, n, sizeof *v);
    if (!v)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!rd_u32(r, &v[i]))
            return false;
    t->super_count = n;
    t->supers = v;
    return read_comptype(r, t);
}

static bool read_moduledecl(rd *r, comp_moduledecl *d)
{
    *d = (comp_moduledecl){.offset = rd_offset(r)};
    uint8_t kind, b;
    if (!rd_byte(r, &kind))
        return false;
    d->kind = kind;
    switch (kind) {
    case COMP_MODULEDECL_IMPORT:
        return rd_name(r, &d->item.module) && rd_name(r, &d->item.name) &&
               core_read_import_desc(r, &d->item);
    case COMP_MODULEDECL_TYPE:
        d->type = rd_alloc(r, 1, sizeof *d->type);
        return d->type && cr_core_type(r, d->type, true);
    case COMP_MODULEDECL_ALIAS: {
        size_t at = rd_offset(r);
        if (!rd_byte(r, &b))
            return false;
        if (b != COMP_CORE_SORT_TYPE)
            return cr_bad_byte(r, at, b, "outer alias kind");
        at = rd_offset(r);
        if (!rd_byte(r, &b))
            return false;
        if (b != 0x01)
            return cr_bad_byte(r, at, b, "outer alias target");
        return rd_u32(r, &d->outer_count) && rd_u32(r, &d->outer_index);
    }
    case COMP_MODULEDECL_EXPORT:
        d->item.module = (comp_str){"", 0};
        return rd_name(r, &d->item.name) && core_read_import_desc(r, &d->item);
    default:
        return cr_bad_byte(r, d->offset, kind, "type definition");
    }
}

static bool read_moduletype(rd *r, comp_core_type *t)
{
    if (!cr_enter(r))
        return false;
    uint32_t n;
    if (!rd_count(r, &n, 2))
        return false;
    comp_moduledecl *v = rd_alloc(r, n, sizeof *v);
    if (!v)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!read_moduledecl(r, &v[i]))
            return false;
    t->decl_count = n;
    t->decls = v;
    r->depth--;
    return true;
}

bool cr_core_type(rd *r, comp_core_type *t, bool in_module_type)
{
    *t = (comp_core_type){.offset = rd_offset(r)};
    uint8_t b;
    if (!rd_byte(r, &b))
        return false;
    t->kind = b;
    switch (b) {
    case COMP_CORE_TYPE_FUNC:
        return core_read_func_signature(r, &t->func);
    case COMP_CORE_TYPE_MODULE:
        /* Module types never nest (Binary.md, core:moduledecl notes). */
        if (in_module_type)
            return cr_bad_byte(r, t->offset, b, "core type in a module type");
        return read_moduletype(r, t);
    case COMP_CORE_TYPE_SUB: {
        size_t at = rd_offset(r);
        if (!rd_byte(r, &b))
            return false;
        if (b != 0x50)
            return cr_bad_byte(r, at, b, "core subtype");
        return read_subtype(r, t);
    }
    case COMP_CORE_TYPE_SUB_FINAL:
        return read_subtype(r, t);
    case 0x4e:
        return rd_fail_at(r, t->offset, "core recursive type groups are not supported");
    case 0x5f:
    case 0x5e:
        return rd_fail_at(r, t->offset, "core %s types are not supported", b == 0x5f ? "struct" : "array");
    default:
        return cr_bad_byte(r, t->offset, b, "core type");
    }
}
