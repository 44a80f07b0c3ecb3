/* Decoding of core types, with the core spec's error messages. */
#include "core/types_io.h"

bool core_is_valtype(uint8_t b)
{
    switch (b) {
    case COMP_I32: case COMP_I64: case COMP_F32: case COMP_F64:
    case COMP_V128: case COMP_FUNCREF: case COMP_EXTERNREF: case COMP_EXNREF:
        return true;
    default:
        return false;
    }
}

/* Types are one-byte negative LEB128s (s7): a continuation bit makes a
 * longer integer than that can be. */
static bool read_type_byte(rd *r, uint8_t *out)
{
    if (!rd_byte(r, out))
        return false;
    if (*out & 0x80)
        return rd_fail_at(r, rd_offset(r) - 1, "integer representation too long");
    return true;
}

bool core_read_valtype(rd *r, comp_valtype *out)
{
    if (!read_type_byte(r, out))
        return false;
    if (!core_is_valtype(*out))
        return rd_fail_at(r, rd_offset(r) - 1, "malformed value type");
    return true;
}

bool core_read_reftype(rd *r, comp_valtype *out)
{
    if (!read_type_byte(r, out))
        return false;
    if (*out != COMP_FUNCREF && *out != COMP_EXTERNREF)
        return rd_fail_at(r, rd_offset(r) - 1, "malformed reference type");
    return true;
}

bool core_read_valtypes(rd *r, uint32_t *count, comp_valtype **out)
{
    if (!rd_count(r, count, 1))
        return false;
    *out = rd_alloc(r, *count, sizeof **out);
    if (!*out)
        return false;
    for (uint32_t i = 0; i < *count; i++)
        if (!core_read_valtype(r, &(*out)[i]))
            return false;
    return true;
}

bool core_read_func_signature(rd *r, comp_functype *ft)
{
    return core_read_valtypes(r, &ft->param_count, &ft->params) &&
           core_read_valtypes(r, &ft->result_count, &ft->results);
}

bool core_read_functype_form(rd *r, comp_functype *ft)
{
    uint8_t form;
    if (!read_type_byte(r, &form))
        return false;
    if (form != 0x60)
        return rd_fail_at(r, rd_offset(r) - 1, "malformed function type");
    return core_read_func_signature(r, ft);
}

/* The flags are one byte: the spec reads them as a 1-bit LEB128 (extended
 * by threads and memory64), hence its wording for bad ones. */
static bool read_limits(rd *r, comp_limits *l, uint8_t allowed_flags)
{
    size_t at = rd_offset(r);
    if (!rd_byte(r, &l->flags))
        return false;
    if (l->flags & 0x80)
        return rd_fail_at(r, at, "integer representation too long");
    if (l->flags & ~allowed_flags)
        return rd_fail_at(r, at, "integer too large");
    bool wide = l->flags & COMP_LIMITS_64;
    uint32_t v;
    l->max = 0;
    if (wide) {
        if (!rd_u64(r, &l->min))
            return false;
    } else {
        if (!rd_u32(r, &v))
            return false;
        l->min = v;
    }
    if (!(l->flags & COMP_LIMITS_HAS_MAX))
        return true;
    if (wide)
        return rd_u64(r, &l->max);
    if (!rd_u32(r, &v))
        return false;
    l->max = v;
    return true;
}

bool core_read_tabletype(rd *r, comp_tabletype *t)
{
    return core_read_reftype(r, &t->elem) && read_limits(r, &t->limits, COMP_LIMITS_HAS_MAX);
}

bool core_read_memtype(rd *r, comp_limits *l)
{
    return read_limits(r, l, COMP_LIMITS_HAS_MAX | COMP_LIMITS_SHARED | COMP_LIMITS_64);
}

bool core_read_globaltype(rd *r, comp_globaltype *g)
{
    if (!core_read_valtype(r, &g->type) || !rd_byte(r, &g->mutability))
        return false;
    if (g->mutability > 1)
        return rd_fail_at(r, rd_offset(r) - 1, "malformed mutability");
    return true;
}

bool core_read_tagtype(rd *r, comp_tagtype *t)
{
    return rd_byte(r, &t->attribute) && rd_u32(r, &t->type);
}

bool core_read_import_desc(rd *r, comp_import *im)
{
    if (!rd_byte(r, &im->kind))
        return false;
    switch (im->kind) {
    case COMP_EXTERN_FUNC: return rd_u32(r, &im->desc.func_type);
    case COMP_EXTERN_TABLE: return core_read_tabletype(r, &im->desc.table);
    case COMP_EXTERN_MEMORY: return core_read_memtype(r, &im->desc.memory);
    case COMP_EXTERN_GLOBAL: return core_read_globaltype(r, &im->desc.global);
    case COMP_EXTERN_TAG: return core_read_tagtype(r, &im->desc.tag);
    default: return rd_fail_at(r, rd_offset(r) - 1, "malformed import kind");
    }
}
