/* Component decoding: the canon section (every canonical built-in). */
#include "cread.h"
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

bool cr_canon(rd *r, comp_canon *c)
{
    *c = (comp_canon){.offset = rd_offset(r)};
    uint8_t op;
    if (!rd_byte(r, &op))
        return false;
    c->op = op;
    switch (op) {
    case COMP_CANON_LIFT:
        return read_func_sort(r, "canonical function lift") && rd_u32(r, &c->func) &&
               read_opts(r, c) && rd_u32(r, &c->type);
    case COMP_CANON_LOWER:
        return read_func_sort(r, "canonical function lower") && rd_u32(r, &c->func) &&
               read_opts(r, c);
    case COMP_CANON_RESOURCE_NEW:
    case COMP_CANON_RESOURCE_DROP:
    case COMP_CANON_RESOURCE_REP:
    case COMP_CANON_STREAM_NEW:
    case COMP_CANON_STREAM_DROP_READABLE:
    case COMP_CANON_STREAM_DROP_WRITABLE:
    case COMP_CANON_FUTURE_NEW:
    case COMP_CANON_FUTURE_DROP_READABLE:
    case COMP_CANON_FUTURE_DROP_WRITABLE:
        return rd_u32(r, &c->type);
    case COMP_CANON_STREAM_READ:
    case COMP_CANON_STREAM_WRITE:
    case COMP_CANON_FUTURE_READ:
    case COMP_CANON_FUTURE_WRITE:
        return rd_u32(r, &c->type) && read_opts(r, c);
    case COMP_CANON_STREAM_CANCEL_READ:
    case COMP_CANON_STREAM_CANCEL_WRITE:
    case COMP_CANON_FUTURE_CANCEL_READ:
    case COMP_CANON_FUTURE_CANCEL_WRITE:
        return rd_u32(r, &c->type) && cr_flag(r, &c->flag, NULL);
    case COMP_CANON_BACKPRESSURE_INC:
    case COMP_CANON_BACKPRESSURE_DEC:
    case COMP_CANON_TASK_CANCEL:
    case COMP_CANON_SUBTASK_DROP:
    case COMP_CANON_ERROR_CONTEXT_DROP:
    case COMP_CANON_WAITABLE_SET_NEW:
    case COMP_CANON_WAITABLE_SET_DROP:
    case COMP_CANON_WAITABLE_JOIN:
    case COMP_CANON_THREAD_INDEX:
    case COMP_CANON_THREAD_RESUME_LATER:
        return true;
    case COMP_CANON_TASK_RETURN:
        return cr_resultlist(r, &c->has_result, &c->result) && read_opts(r, c);
    case COMP_CANON_CONTEXT_GET:
    case COMP_CANON_CONTEXT_SET:
        return core_read_valtype(r, &c->core_valtype) && rd_u32(r, &c->index);
    case COMP_CANON_SUBTASK_CANCEL:
    case COMP_CANON_THREAD_SUSPEND:
    case COMP_CANON_THREAD_YIELD:
    case COMP_CANON_THREAD_SUSPEND_THEN_RESUME:
    case COMP_CANON_THREAD_YIELD_THEN_RESUME:
    case COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE:
    case COMP_CANON_THREAD_YIELD_THEN_PROMOTE:
    case COMP_CANON_THREAD_AVAILABLE_PARALLELISM:
        return cr_flag(r, &c->flag, NULL);
    case COMP_CANON_ERROR_CONTEXT_NEW:
    case COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE:
        return read_opts(r, c);
    case COMP_CANON_WAITABLE_SET_WAIT:
    case COMP_CANON_WAITABLE_SET_POLL:
        return cr_flag(r, &c->flag, NULL) && rd_u32(r, &c->memory);
    case COMP_CANON_THREAD_NEW_INDIRECT:
        return rd_u32(r, &c->type) && rd_u32(r, &c->table);
    case COMP_CANON_THREAD_SPAWN_REF:
        return cr_flag(r, &c->flag, NULL) && rd_u32(r, &c->type);
    case COMP_CANON_THREAD_SPAWN_INDIRECT:
        return cr_flag(r, &c->flag, NULL) && rd_u32(r, &c->type) && rd_u32(r, &c->table);
    default:
        return cr_bad_byte(r, c->offset, op, "canonical function");
    }
}
