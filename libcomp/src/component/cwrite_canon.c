/* Component encoding: canonical definitions. */
#include "cwrite.h"

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

bool cw_canon(wr *w, const comp_canon *c, comp_error *err)
{
    if (!comp_canon_name(c->op))
        return comp_error_set(err, c->offset, "cannot encode canonical function 0x%x", c->op);
    wr_byte(w, c->op);
    switch (c->op) {
    case COMP_CANON_LIFT:
        wr_byte(w, 0x00); /* func sort */
        wr_u32(w, c->func);
        write_opts(w, c);
        wr_u32(w, c->type);
        break;
    case COMP_CANON_LOWER:
        wr_byte(w, 0x00);
        wr_u32(w, c->func);
        write_opts(w, c);
        break;
    case COMP_CANON_RESOURCE_NEW:
    case COMP_CANON_RESOURCE_DROP:
    case COMP_CANON_RESOURCE_REP:
    case COMP_CANON_STREAM_NEW:
    case COMP_CANON_STREAM_DROP_READABLE:
    case COMP_CANON_STREAM_DROP_WRITABLE:
    case COMP_CANON_FUTURE_NEW:
    case COMP_CANON_FUTURE_DROP_READABLE:
    case COMP_CANON_FUTURE_DROP_WRITABLE:
        wr_u32(w, c->type);
        break;
    case COMP_CANON_STREAM_READ:
    case COMP_CANON_STREAM_WRITE:
    case COMP_CANON_FUTURE_READ:
    case COMP_CANON_FUTURE_WRITE:
        wr_u32(w, c->type);
        write_opts(w, c);
        break;
    case COMP_CANON_STREAM_CANCEL_READ:
    case COMP_CANON_STREAM_CANCEL_WRITE:
    case COMP_CANON_FUTURE_CANCEL_READ:
    case COMP_CANON_FUTURE_CANCEL_WRITE:
        wr_u32(w, c->type);
        write_flag(w, c->flag);
        break;
    case COMP_CANON_TASK_RETURN:
        cw_resultlist(w, c->has_result, c->result);
        write_opts(w, c);
        break;
    case COMP_CANON_CONTEXT_GET:
    case COMP_CANON_CONTEXT_SET:
        wr_byte(w, c->core_valtype);
        wr_u32(w, c->index);
        break;
    case COMP_CANON_SUBTASK_CANCEL:
    case COMP_CANON_THREAD_SUSPEND:
    case COMP_CANON_THREAD_YIELD:
    case COMP_CANON_THREAD_SUSPEND_THEN_RESUME:
    case COMP_CANON_THREAD_YIELD_THEN_RESUME:
    case COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE:
    case COMP_CANON_THREAD_YIELD_THEN_PROMOTE:
    case COMP_CANON_THREAD_AVAILABLE_PARALLELISM:
        write_flag(w, c->flag);
        break;
    case COMP_CANON_ERROR_CONTEXT_NEW:
    case COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE:
        write_opts(w, c);
        break;
    case COMP_CANON_WAITABLE_SET_WAIT:
    case COMP_CANON_WAITABLE_SET_POLL:
        write_flag(w, c->flag);
        wr_u32(w, c->memory);
        break;
    case COMP_CANON_THREAD_NEW_INDIRECT:
        wr_u32(w, c->type);
        wr_u32(w, c->table);
        break;
    case COMP_CANON_THREAD_SPAWN_REF:
        write_flag(w, c->flag);
        wr_u32(w, c->type);
        break;
    case COMP_CANON_THREAD_SPAWN_INDIRECT:
        write_flag(w, c->flag);
        wr_u32(w, c->type);
        wr_u32(w, c->table);
        break;
    default: /* built-ins without immediates */
        break;
    }
    return true;
}
