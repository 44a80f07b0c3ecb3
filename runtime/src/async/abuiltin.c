/* The concurrency built-ins as core host functions (CanonicalABI.md
 * "canon context.get" .. "canon thread.yield", "canon error-context.*").
 * Each closes over its instance and immediates (an abuiltin). */
#include "async/async_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct abuiltin {
    rt_cinstance *inst;
    const comp_canon *c;
    const rt_ctype *t;         /* stream/future type, task.return result */
    copts opts;
    rt_memory *mem;            /* waitable-set.wait/poll */
    rt_table *table;           /* thread.new-indirect */
} abuiltin;

/* Built-ins that do not leave the instance: CanonicalABI.md guards every
 * other one with trap_if(not inst.may_leave), so these alone may run during
 * post-return. */
static bool stays_inside(uint8_t op)
{
    return op == COMP_CANON_CONTEXT_GET || op == COMP_CANON_CONTEXT_SET ||
           op == COMP_CANON_BACKPRESSURE_INC || op == COMP_CANON_BACKPRESSURE_DEC;
}

static asched *cur(abuiltin *b, rt_trap *trap)
{
    if (b->inst->leave_blocked && !stays_inside(b->c->op)) {
        ctrap(trap, "cannot leave component instance");
        return NULL;
    }
    return asched_get(b->inst->store, trap);
}

static bool store_event(abuiltin *b, uint32_t ptr, const uint32_t ev[3], rt_val *results,
                        rt_trap *trap)
{
    rt_memory *m = b->mem;
    uint64_t size = m ? rt_memory_size(m) : 0;
    if (!m || ptr % 4 || (uint64_t)ptr + 8 > size)
        return ctrap(trap, "pointer out of bounds of memory");
    uint8_t *d = rt_memory_data(m) + ptr;
    for (int i = 0; i < 2; i++) {
        uint32_t v = ev[1 + i];
        d[4 * i] = (uint8_t)v, d[4 * i + 1] = (uint8_t)(v >> 8);
        d[4 * i + 2] = (uint8_t)(v >> 16), d[4 * i + 3] = (uint8_t)(v >> 24);
    }
    results[0] = rt_val_i32(ev[0]);
    return true;
}

static bool bi_run(abuiltin *b, asched *s, const rt_val *args, rt_val *results, rt_trap *trap);

/* The synchronous forms of the stream and future built-ins may block, so
 * a non-`async` task may not use them (checked before anything else). */
static bool sync_may_block(const comp_canon *c)
{
    switch (c->op) {
    case COMP_CANON_STREAM_READ: case COMP_CANON_STREAM_WRITE:
    case COMP_CANON_FUTURE_READ: case COMP_CANON_FUTURE_WRITE: {
        for (uint32_t i = 0; i < c->opt_count; i++)
            if (c->opts[i].kind == COMP_OPT_ASYNC)
                return false;
        return true;
    }
    case COMP_CANON_STREAM_CANCEL_READ: case COMP_CANON_STREAM_CANCEL_WRITE:
    case COMP_CANON_FUTURE_CANCEL_READ: case COMP_CANON_FUTURE_CANCEL_WRITE:
    case COMP_CANON_SUBTASK_CANCEL:
        return !c->flag;
    default:
        return false;
    }
}

static bool bi_call(void *user, rt_instance *caller, const rt_val *args, rt_val *results,
                    rt_trap *trap)
{
    (void)caller;
    abuiltin *b = user;
    asched *s = cur(b, trap);
    if (!s)
        return false;
    if (s->current)
        return bi_run(b, s, args, results, trap);
    /* Outside any call (a core start function during instantiation): an
     * implicit non-`async` task, which therefore cannot block. */
    atask task = {.inst = b->inst, .state = TS_STARTED, .on_stack = true, .refs = 1};
    athread thread = {.task = &task, .running = true};
    task.implicit = &thread;
    s->current = &thread;
    bool ok = bi_run(b, s, args, results, trap);
    s->current = NULL;
    return ok;
}

static bool bi_run(abuiltin *b, asched *s, const rt_val *args, rt_val *results, rt_trap *trap)
{
    rt_cinstance *inst = b->inst;
    athread *t = s->current;
    atask *task = t->task;
    const comp_canon *c = b->c;
    if (sync_may_block(c) && (!task->f || !task->f->type->async))
        return ctrap(trap, "cannot block a synchronous task before returning");
    switch (c->op) {
    case COMP_CANON_CONTEXT_GET:
        results[0] = rt_val_i32((uint32_t)t->storage[c->index & 1]);
        return true;
    case COMP_CANON_CONTEXT_SET:
        t->storage[c->index & 1] = args[0].of.i32;
        return true;
    case COMP_CANON_BACKPRESSURE_INC:
        if (inst->backpressure + 1 >= 1u << 16)
            return ctrap(trap, "backpressure counter overflow");
        inst->backpressure++;
        return true;
    case COMP_CANON_BACKPRESSURE_DEC:
        if (inst->backpressure == 0)
            return ctrap(trap, "backpressure counter underflow");
        if (--inst->backpressure == 0)
            aready_no_backpressure(inst);
        return true;
    case COMP_CANON_TASK_RETURN: {
        if (!task->f || !task->f->opts.async)
            return ctrap(trap, "task.return called by a synchronously-lifted function");
        const rt_ctype *rt = task->f->type->result;
        if (!rt_ctype_equal(rt, b->t))
            return ctrap(trap, "task.return result type does not match the function's");
        /* LiftOptions.equal, as the suite expects it: a memory given on
         * both sides must be the same one. */
        if ((b->opts.memory && task->f->opts.memory && b->opts.memory != task->f->opts.memory) ||
            b->opts.enc != task->f->opts.enc)
            return ctrap(trap, "task.return options do not match the lift's");
        rt_cval result;
        ccx cx = {.opts = &task->f->opts, .inst = inst, .task = &task->ct,
                  .arena = task->caller->arena, .trap = trap};
        if (rt) {
            if (rt->flat_count > CT_MAX_FLAT_PARAMS) {
                uint32_t ptr = args[0].of.i32;
                if (ptr % rt->align || !mem_check(&cx, ptr, rt->size, "pointer out of bounds of memory") ||
                    !load_val(&cx, ptr, rt, &result, 0))
                    return false;
            } else {
                uint32_t pos = 0;
                if (!lift_flat(&cx, args, rt->flat_count, &pos, rt, &result, 0))
                    return false;
            }
        }
        return atask_return(task, rt ? &result : NULL, trap);
    }
    case COMP_CANON_TASK_CANCEL:
        if (!task->f || !task->f->opts.async)
            return ctrap(trap, "task.cancel called by a synchronously-lifted function");
        return atask_cancel(task, trap);
    case COMP_CANON_WAITABLE_SET_NEW: {
        awset *set = calloc(1, sizeof *set);
        uint32_t i;
        if (!set)
            return ctrap(trap, "out of memory");
        if (!ahandle_add(inst, HK_WAITABLE_SET, set, &i, trap)) {
            free(set);
            return false;
        }
        results[0] = rt_val_i32(i);
        return true;
    }
    case COMP_CANON_WAITABLE_SET_WAIT: case COMP_CANON_WAITABLE_SET_POLL: {
        awset *set = ahandle_get(inst, args[0].of.i32, HK_WAITABLE_SET, trap);
        uint32_t ev[3];
        if (!set)
            return false;
        bool ok = c->op == COMP_CANON_WAITABLE_SET_WAIT ? awset_wait(s, set, false, c->flag, ev, trap)
                                                        : awset_poll(s, set, c->flag, ev, trap);
        return ok && store_event(b, args[1].of.i32, ev, results, trap);
    }
    case COMP_CANON_WAITABLE_SET_DROP: {
        awset *set = ahandle_get(inst, args[0].of.i32, HK_WAITABLE_SET, trap);
        if (!set)
            return false;
        if (set->elems)
            return ctrap(trap, "cannot drop a waitable set that still has waitables");
        if (set->num_waiting)
            return ctrap(trap, "cannot drop waitable set with waiters");
        ctable_remove(&inst->table, args[0].of.i32);
        free(set);
        return true;
    }
    case COMP_CANON_WAITABLE_JOIN: {
        chandle *h = ctable_get(&inst->table, args[0].of.i32, trap);
        if (!h)
            return false;
        if (h->kind < HK_SUBTASK || h->kind > HK_FUTURE_WRITE)
            return ctrap(trap, "handle index %u is not a waitable", args[0].of.i32);
        awaitable *w = h->obj;
        if (w->has_sync_waiter)
            return ctrap(trap, "waitable cannot be used synchronously while added to a waitable set");
        awset *set = NULL;
        if (args[1].of.i32 && !(set = ahandle_get(inst, args[1].of.i32, HK_WAITABLE_SET, trap)))
            return false;
        awaitable_join(w, set);
        return true;
    }
    case COMP_CANON_SUBTASK_DROP: {
        asubtask *st = ahandle_get(inst, args[0].of.i32, HK_SUBTASK, trap);
        if (!st)
            return false;
        if (!st->resolve_delivered)
            return ctrap(trap, "cannot drop a subtask which has not yet resolved");
        ctable_remove(&inst->table, args[0].of.i32);
        asubtask_free(st);
        return true;
    }
    case COMP_CANON_SUBTASK_CANCEL: {
        uint32_t i = args[0].of.i32;
        asubtask *st = ahandle_get(inst, i, HK_SUBTASK, trap);
        if (!st)
            return false;
        if (st->resolve_delivered)
            return ctrap(trap, "subtask has already resolved");
        if (st->cancellation_requested)
            return ctrap(trap, "subtask cancellation already requested");
        if (st->w.wset && !c->flag)
            return ctrap(trap, "waitable cannot be used synchronously while added to a waitable set");
        if (!asubtask_resolved(st)) {
            st->cancellation_requested = true;
            if (st->callee && !atask_request_cancellation(s, st->callee, inst, trap))
                return false;
            if (!asubtask_resolved(st)) {
                if (c->flag) {
                    results[0] = rt_val_i32(ABLOCKED);
                    return true;
                }
                if (!awaitable_wait_sync(s, &st->w, trap))
                    return false;
            }
        }
        uint32_t ev[3];
        if (!awaitable_get_event(&st->w, ev, trap))
            return false;
        results[0] = rt_val_i32((uint32_t)st->state);
        return true;
    }
    case COMP_CANON_THREAD_YIELD: {
        int cancelled;
        if (!t->coro) {
            results[0] = rt_val_i32(0);
            return true;
        }
        if (!athread_wait_until(s, (acond){AC_ALWAYS, NULL, NULL}, c->flag, &cancelled, trap))
            return false;
        results[0] = rt_val_i32(cancelled ? 1 : 0);
        return true;
    }
    case COMP_CANON_THREAD_INDEX:
        results[0] = rt_val_i32(t->index);
        return true;
    case COMP_CANON_THREAD_NEW_INDIRECT: {
        rt_table *tbl = b->table;
        uint32_t fi = args[0].of.i32, index;
        if (fi >= rt_table_size(tbl))
            return ctrap(trap, "undefined element: out of bounds table access");
        rt_val ref;
        rt_func *f = rt_table_get(tbl, fi, &ref) && ref.kind == RT_FUNCREF ? ref.of.funcref : NULL;
        if (!f)
            return ctrap(trap, "uninitialized element");
        const comp_functype *ft = rt_func_type(f);
        if (ft->param_count != 1 || ft->params[0] != RT_I32 || ft->result_count != 0)
            return ctrap(trap, "indirect call type mismatch");
        if (!athread_new_indirect(s, f, args[1].of.i32, &index, trap))
            return false;
        results[0] = rt_val_i32(index);
        return true;
    }
    case COMP_CANON_THREAD_RESUME_LATER: case COMP_CANON_THREAD_SUSPEND_THEN_RESUME:
    case COMP_CANON_THREAD_YIELD_THEN_RESUME: case COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE:
    case COMP_CANON_THREAD_YIELD_THEN_PROMOTE: {
        chandle *h = ctable_get(&inst->threads, args[0].of.i32, trap);
        if (!h)
            return false;
        athread *other = h->obj;
        bool promote = c->op == COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE ||
                       c->op == COMP_CANON_THREAD_YIELD_THEN_PROMOTE;
        bool yield = c->op == COMP_CANON_THREAD_YIELD_THEN_RESUME ||
                     c->op == COMP_CANON_THREAD_YIELD_THEN_PROMOTE;
        if (promote) {
            if (atask_deliver_pending_cancel(task, c->flag)) {
                results[0] = rt_val_i32(1);
                return true;
            }
            if (other->waiting && acond_ready(&other->cond))
                athread_stop_waiting(s, other);
            else
                other = NULL;
        } else if (!athread_suspended(other) || other == t) {
            return ctrap(trap, "thread is not suspended");
        }
        if (c->op == COMP_CANON_THREAD_RESUME_LATER) {
            athread_resume_later(s, other);
            return true;
        }
        int cancelled;
        if (!athread_switch(s, other, yield, c->flag, &cancelled, trap))
            return false;
        results[0] = rt_val_i32(cancelled ? 1 : 0);
        return true;
    }
    case COMP_CANON_THREAD_SUSPEND: {
        int cancelled;
        if (!athread_switch(s, NULL, false, c->flag, &cancelled, trap))
            return false;
        results[0] = rt_val_i32(cancelled ? 1 : 0);
        return true;
    }
    case COMP_CANON_ERROR_CONTEXT_NEW: {
        /* The deterministic profile: the debug message is discarded
         * (without even being read), as the spec allows. */
        aerrctx *ec = calloc(1, sizeof *ec);
        uint32_t i;
        if (!ec)
            return ctrap(trap, "out of memory");
        ec->refs = 1;
        if (!ahandle_add(inst, HK_ERROR_CONTEXT, ec, &i, trap)) {
            free(ec);
            return false;
        }
        results[0] = rt_val_i32(i);
        return true;
    }
    case COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE: {
        if (!ahandle_get(inst, args[0].of.i32, HK_ERROR_CONTEXT, trap))
            return false;
        comp_arena arena;
        comp_arena_init(&arena);
        ccx cx = {.opts = &b->opts, .inst = inst, .arena = &arena, .trap = trap};
        rt_cval msg = {.kind = RT_CT_STRING};
        msg.of.str = (comp_str){"", 0};
        uint32_t ptr = args[1].of.i32, sp = 0, len = 0;
        bool ok = mem_check(&cx, ptr, 8, "pointer out of bounds of memory") &&
                  (ptr % 4 == 0 || ctrap(trap, "unaligned pointer")) &&
                  string_store(&cx, &msg, &sp, &len);
        if (ok) {
            uint8_t *d = rt_memory_data(b->opts.memory) + ptr;
            for (int k = 0; k < 4; k++)
                d[k] = (uint8_t)(sp >> (8 * k)), d[4 + k] = (uint8_t)(len >> (8 * k));
        }
        comp_arena_free(&arena);
        return ok;
    }
    case COMP_CANON_ERROR_CONTEXT_DROP: {
        aerrctx *ec = ahandle_get(inst, args[0].of.i32, HK_ERROR_CONTEXT, trap);
        if (!ec)
            return false;
        ctable_remove(&inst->table, args[0].of.i32);
        if (--ec->refs == 0)
            free(ec);
        return true;
    }
    case COMP_CANON_STREAM_NEW: case COMP_CANON_FUTURE_NEW: {
        uint64_t v;
        if (!astream_new(inst, b->t, c->op == COMP_CANON_FUTURE_NEW, &v, trap))
            return false;
        results[0] = rt_val_i64(v);
        return true;
    }
    case COMP_CANON_STREAM_READ: case COMP_CANON_STREAM_WRITE:
    case COMP_CANON_FUTURE_READ: case COMP_CANON_FUTURE_WRITE: {
        bool future = c->op >= COMP_CANON_FUTURE_NEW;
        bool readable = c->op == COMP_CANON_STREAM_READ || c->op == COMP_CANON_FUTURE_READ;
        uint32_t out;
        if (!astream_copy(s, inst, b->t, &b->opts, future, readable, args[0].of.i32,
                          args[1].of.i32, future ? 1 : args[2].of.i32, &out, trap))
            return false;
        results[0] = rt_val_i32(out);
        return true;
    }
    case COMP_CANON_STREAM_CANCEL_READ: case COMP_CANON_STREAM_CANCEL_WRITE:
    case COMP_CANON_FUTURE_CANCEL_READ: case COMP_CANON_FUTURE_CANCEL_WRITE: {
        bool future = c->op >= COMP_CANON_FUTURE_NEW;
        bool readable = c->op == COMP_CANON_STREAM_CANCEL_READ || c->op == COMP_CANON_FUTURE_CANCEL_READ;
        uint32_t out;
        if (!astream_cancel(s, inst, b->t, future, readable, c->flag, args[0].of.i32, &out, trap))
            return false;
        results[0] = rt_val_i32(out);
        return true;
    }
    case COMP_CANON_STREAM_DROP_READABLE: case COMP_CANON_STREAM_DROP_WRITABLE:
    case COMP_CANON_FUTURE_DROP_READABLE: case COMP_CANON_FUTURE_DROP_WRITABLE:
        return astream_drop(inst, b->t, c->op >= COMP_CANON_FUTURE_NEW,
                            c->op == COMP_CANON_STREAM_DROP_READABLE ||
                                c->op == COMP_CANON_FUTURE_DROP_READABLE,
                            args[0].of.i32, trap);
    default:
        return ctrap(trap, "canon %s is not supported by the runtime", comp_canon_name(c->op));
    }
}

rt_func *async_builtin(rt_cinstance *inst, const comp_canon *c, const rt_ctype *t,
                       const copts *opts, rt_trap *trap)
{
    comp_arena *a = &inst->store->arena;
    abuiltin *b = comp_arena_alloc(a, sizeof *b);
    if (!b) {
        ctrap(trap, "out of memory");
        return NULL;
    }
    b->inst = inst, b->c = c, b->t = t;
    if (opts)
        b->opts = *opts;
    if (c->op == COMP_CANON_WAITABLE_SET_WAIT || c->op == COMP_CANON_WAITABLE_SET_POLL) {
        if (c->memory >= inst->core_counts[COMP_EXTERN_MEMORY]) {
            ctrap(trap, "memory index out of range");
            return NULL;
        }
        b->mem = inst->core_items[COMP_EXTERN_MEMORY][c->memory].of.memory;
    }
    comp_valtype p[4], r[1];
    uint32_t np = 0, nr = 0;
    switch (c->op) {
    case COMP_CANON_CONTEXT_GET: r[nr++] = RT_I32; break;
    case COMP_CANON_CONTEXT_SET: p[np++] = RT_I32; break;
    case COMP_CANON_BACKPRESSURE_INC: case COMP_CANON_BACKPRESSURE_DEC:
    case COMP_CANON_TASK_CANCEL: break;
    case COMP_CANON_TASK_RETURN: {
        comp_functype ft;
        static const char *const names[] = {"result"};
        const rt_cfunctype *rft = rt_cfunctype_new(a, t ? 1 : 0, names, t ? &t : NULL, NULL);
        if (!rft || !cfunctype_flatten(rft, true, &ft, a)) {
            ctrap(trap, "out of memory");
            return NULL;
        }
        rt_func *f = rt_func_new_host(inst->store->core, &ft, bi_call, b);
        if (!f)
            ctrap(trap, "out of memory");
        return f;
    }
    case COMP_CANON_WAITABLE_SET_NEW: r[nr++] = RT_I32; break;
    case COMP_CANON_WAITABLE_SET_WAIT: case COMP_CANON_WAITABLE_SET_POLL:
        p[np++] = RT_I32, p[np++] = RT_I32, r[nr++] = RT_I32;
        break;
    case COMP_CANON_WAITABLE_SET_DROP: case COMP_CANON_SUBTASK_DROP: p[np++] = RT_I32; break;
    case COMP_CANON_WAITABLE_JOIN: p[np++] = RT_I32, p[np++] = RT_I32; break;
    case COMP_CANON_SUBTASK_CANCEL: p[np++] = RT_I32, r[nr++] = RT_I32; break;
    case COMP_CANON_THREAD_YIELD: case COMP_CANON_THREAD_INDEX: case COMP_CANON_THREAD_SUSPEND:
        r[nr++] = RT_I32;
        break;
    case COMP_CANON_THREAD_NEW_INDIRECT:
        if (c->table >= inst->core_counts[COMP_EXTERN_TABLE]) {
            ctrap(trap, "table index out of range");
            return NULL;
        }
        b->table = inst->core_items[COMP_EXTERN_TABLE][c->table].of.table;
        p[np++] = RT_I32, p[np++] = RT_I32, r[nr++] = RT_I32;
        break;
    case COMP_CANON_THREAD_RESUME_LATER: p[np++] = RT_I32; break;
    case COMP_CANON_THREAD_SUSPEND_THEN_RESUME: case COMP_CANON_THREAD_YIELD_THEN_RESUME:
    case COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE: case COMP_CANON_THREAD_YIELD_THEN_PROMOTE:
        p[np++] = RT_I32, r[nr++] = RT_I32;
        break;
    case COMP_CANON_STREAM_NEW: case COMP_CANON_FUTURE_NEW: r[nr++] = RT_I64; break;
    case COMP_CANON_ERROR_CONTEXT_NEW: p[np++] = RT_I32, p[np++] = RT_I32, r[nr++] = RT_I32; break;
    case COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE: p[np++] = RT_I32, p[np++] = RT_I32; break;
    case COMP_CANON_ERROR_CONTEXT_DROP: p[np++] = RT_I32; break;
    case COMP_CANON_STREAM_READ: case COMP_CANON_STREAM_WRITE:
        p[np++] = RT_I32, p[np++] = RT_I32, p[np++] = RT_I32, r[nr++] = RT_I32;
        break;
    case COMP_CANON_FUTURE_READ: case COMP_CANON_FUTURE_WRITE:
        p[np++] = RT_I32, p[np++] = RT_I32, r[nr++] = RT_I32;
        break;
    case COMP_CANON_STREAM_CANCEL_READ: case COMP_CANON_STREAM_CANCEL_WRITE:
    case COMP_CANON_FUTURE_CANCEL_READ: case COMP_CANON_FUTURE_CANCEL_WRITE:
        p[np++] = RT_I32, r[nr++] = RT_I32;
        break;
    case COMP_CANON_STREAM_DROP_READABLE: case COMP_CANON_STREAM_DROP_WRITABLE:
    case COMP_CANON_FUTURE_DROP_READABLE: case COMP_CANON_FUTURE_DROP_WRITABLE:
        p[np++] = RT_I32;
        break;
    default:
        ctrap(trap, "canon %s is not supported by the runtime", comp_canon_name(c->op));
        return NULL;
    }
    comp_functype ft = {.param_count = np, .params = p, .result_count = nr, .results = r};
    rt_func *f = rt_func_new_host(inst->store->core, &ft, bi_call, b);
    if (!f)
        ctrap(trap, "out of memory");
    return f;
}
