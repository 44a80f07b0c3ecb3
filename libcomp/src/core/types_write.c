/* Encoding of core types: the mirror of types_read.c. */
#include "core/types_io.h"

static void write_valtypes(wr *w, uint32_t count, const comp_valtype *types)
{
    wr_u32(w, count);
    wr_bytes(w, types, count);
}

void core_write_func_signature(wr *w, const comp_functype *ft)
{
    write_valtypes(w, ft->param_count, ft->params);
    write_valtypes(w, ft->result_count, ft->results);
}

void core_write_limits(wr *w, const comp_limits *l)
{
    wr_byte(w, l->flags);
    bool wide = l->flags & COMP_LIMITS_64;
    if (wide)
        wr_u64(w, l->min);
    else
        wr_u32(w, (uint32_t)l->min);
    if (!(l->flags & COMP_LIMITS_HAS_MAX))
        return;
    if (wide)
        wr_u64(w, l->max);
    else
        wr_u32(w, (uint32_t)l->max);
}

void core_write_tabletype(wr *w, const comp_tabletype *t)
{
    wr_byte(w, t->elem);
    core_write_limits(w, &t->limits);
}

void core_write_globaltype(wr *w, const comp_globaltype *g)
{
    wr_byte(w, g->type);
    wr_byte(w, g->mutability);
}

void core_write_tagtype(wr *w, const comp_tagtype *t)
{
    wr_byte(w, t->attribute);
    wr_u32(w, t->type);
}

bool core_write_import_desc(wr *w, const comp_import *im)
{
    wr_byte(w, im->kind);
    switch (im->kind) {
    case COMP_EXTERN_FUNC: wr_u32(w, im->desc.func_type); return true;
    case COMP_EXTERN_TABLE: core_write_tabletype(w, &im->desc.table); return true;
    case COMP_EXTERN_MEMORY: core_write_limits(w, &im->desc.memory); return true;
    case COMP_EXTERN_GLOBAL: core_write_globaltype(w, &im->desc.global); return true;
    case COMP_EXTERN_TAG: core_write_tagtype(w, &im->desc.tag); return true;
    default: return false;
    }
}
