/* Component encoding: the small productions used everywhere. */
#include "cwrite.h"
#include "core/types_io.h"

void cw_valtype(wr *w, comp_cvaltype t)
{
    if (t.prim)
        wr_byte(w, t.prim);
    else
        wr_s33(w, t.index); /* non-negative s33: never a type opcode */
}

void cw_extern_name(wr *w, const comp_extern_name *n)
{
    wr_byte(w, n->prefix);
    wr_name(w, n->name);
    if (n->prefix != 0x02)
        return;
    wr_u32(w, n->attribute_count);
    for (uint32_t i = 0; i < n->attribute_count; i++) {
        wr_byte(w, n->attributes[i].kind);
        wr_name(w, n->attributes[i].value);
    }
}

void cw_externtype(wr *w, const comp_externtype *t)
{
    wr_byte(w, t->kind);
    switch (t->kind) {
    case COMP_SORT_CORE:
        wr_byte(w, COMP_CORE_SORT_MODULE);
        wr_u32(w, t->index);
        break;
    case COMP_SORT_VALUE:
    case COMP_SORT_TYPE:
        wr_byte(w, t->bound);
        if (t->bound == COMP_BOUND_EQ)
            wr_u32(w, t->index);
        else if (t->kind == COMP_SORT_VALUE)
            cw_valtype(w, t->value_type);
        break;
    default:
        wr_u32(w, t->index);
        break;
    }
}

static void write_sort(wr *w, comp_sort s)
{
    wr_byte(w, s.sort);
    if (s.sort == COMP_SORT_CORE)
        wr_byte(w, s.core_sort);
}

void cw_sortidx(wr *w, comp_sortidx s)
{
    write_sort(w, s.sort);
    wr_u32(w, s.index);
}

void cw_alias(wr *w, const comp_alias *a)
{
    write_sort(w, a->sort);
    wr_byte(w, a->target);
    if (a->target == COMP_ALIAS_OUTER) {
        wr_u32(w, a->outer_count);
        wr_u32(w, a->outer_index);
    } else {
        wr_u32(w, a->instance);
        wr_name(w, a->name);
    }
}

void cw_resultlist(wr *w, bool has, comp_cvaltype t)
{
    if (has) {
        wr_byte(w, 0x00);
        cw_valtype(w, t);
    } else {
        wr_byte(w, 0x01);
        wr_byte(w, 0x00);
    }
}
