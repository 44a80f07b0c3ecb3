/* Component decoding: the canon section (every canonical built-in). */
#include "cread.h"
#include "component/canon_layout.h"
#include "core/types_io.h"

/* opts ::= vec(canonopt), kept in input order. */
static bool read_opts(rd *r, comp_canon *c)
{
    uint32_t n;
    if (!rd_count(r, &n, 1))
        return false;
    comp_canonopt *v = rd_alloc(r, n, sizeof *v);
    if (!v)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        size_t at = rd_offset(r);
        uint8_t kind;
        if (!rd_byte(r, &kind))
            return false;
        v[i].kind = kind;
        switch (kind) {
        case COMP_OPT_UTF8:
        case COMP_OPT_UTF16:
        case COMP_OPT_LATIN1_UTF16:
        case COMP_OPT_ASYNC:
            break;
        case COMP_OPT_MEMORY:
        case COMP_OPT_REALLOC:
        case COMP_OPT_POST_RETURN:
        case COMP_OPT_CALLBACK:
            if (!rd_u32(r, &v[i].index))
                return false;
            break;
        default:
            return cr_bad_byte(r, at, kind, "canonical option");
        }
    }
    c->opt_count = n;
    c->opts = v;
    return true;
}

/* The 0x00 `func` sort byte after lift and lower. */
static bool read_func_sort(rd *r, const char *what)
{
    size_t at = rd_offset(r);
    uint8_t b;
    if (!rd_byte(r, &b))
        return false;
    return b == 0x00 || cr_bad_byte(r, at, b, what);
}

/* One immediate, a letter of canon_layout. */
static bool read_immediate(rd *r, comp_canon *c, char what)
{
    switch (what) {
    case 'f':
        return read_func_sort(r, c->op == COMP_CANON_LIFT ? "canonical function lift"
                                                          : "canonical function lower") &&
               rd_u32(r, &c->func);
    case 'o': return read_opts(r, c);
    case 't': return rd_u32(r, &c->type);
    case 'g': return cr_flag(r, &c->flag, NULL);
    case 'm': return rd_u32(r, &c->memory);
    case 'b': return rd_u32(r, &c->table);
    case 'v': return core_read_valtype(r, &c->core_valtype);
    case 'i': return rd_u32(r, &c->index);
    default: return cr_resultlist(r, &c->has_result, &c->result); /* 'r' */
    }
}

bool cr_canon(rd *r, comp_canon *c)
{
    *c = (comp_canon){.offset = rd_offset(r)};
    uint8_t op;
    if (!rd_byte(r, &op))
        return false;
    c->op = op;
    const char *layout = canon_layout(op);
    if (!layout)
        return cr_bad_byte(r, c->offset, op, "canonical function");
    for (; *layout; layout++)
        if (!read_immediate(r, c, *layout))
            return false;
    return true;
}
