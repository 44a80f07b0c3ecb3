/* Component encoding: canonical definitions. */
#include "cwrite.h"

#include "component/canon_layout.h"

static void write_opts(wr *w, const comp_canon *c)
{
    wr_u32(w, c->opt_count);
    for (uint32_t i = 0; i < c->opt_count; i++) {
        const comp_canonopt *o = &c->opts[i];
        wr_byte(w, o->kind);
        if (o->kind == COMP_OPT_MEMORY || o->kind == COMP_OPT_REALLOC ||
            o->kind == COMP_OPT_POST_RETURN || o->kind == COMP_OPT_CALLBACK)
            wr_u32(w, o->index);
    }
}

static void write_flag(wr *w, bool flag) { wr_byte(w, flag ? 0x01 : 0x00); }

/* One immediate, a letter of canon_layout. */
static void write_immediate(wr *w, const comp_canon *c, char what)
{
    switch (what) {
    case 'f':
        wr_byte(w, 0x00); /* func sort */
        wr_u32(w, c->func);
        break;
    case 'o': write_opts(w, c); break;
    case 't': wr_u32(w, c->type); break;
    case 'g': write_flag(w, c->flag); break;
    case 'm': wr_u32(w, c->memory); break;
    case 'b': wr_u32(w, c->table); break;
    case 'v': wr_byte(w, c->core_valtype); break;
    case 'i': wr_u32(w, c->index); break;
    default: cw_resultlist(w, c->has_result, c->result); break; /* 'r' */
    }
}

bool cw_canon(wr *w, const comp_canon *c, comp_error *err)
{
    const char *layout = canon_layout(c->op);
    if (!layout)
        return comp_error_set(err, c->offset, "cannot encode canonical function 0x%x", c->op);
    wr_byte(w, c->op);
    for (; *layout; layout++)
        write_immediate(w, c, *layout);
    return true;
}
