/* The host side of concurrency (rt/component.h "concurrency: the host
 * side"): deferred async host functions, host-held stream and future ends
 * whose completions are reported from the event loop, and the loop
 * itself (what it waits for is in aloop.c). */
#include "async/async_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- async host functions ------------------------------------------------------ */

struct rt_chost_task {
    atask task;
    bool deferred;
    asched *sched;
    /* In the scheduler's list of deferred calls not yet finished. */
    rt_chost_task *prev, *next;
    rt_chost_cancelled cancelled;
    void *cancel_user;
};

static void host_task_link(asched *s, rt_chost_task *ht)
{
    ht->sched = s;
    ht->prev = NULL;
    ht->next = s->host_tasks;
    if (s->host_tasks)
        s->host_tasks->prev = ht;
    s->host_tasks = ht;
}

static void host_task_unlink(rt_chost_task *ht)
{
    if (!ht->sched)
        return;
    if (ht->prev)
        ht->prev->next = ht->next;
    else
        ht->sched->host_tasks = ht->next;
    if (ht->next)
        ht->next->prev = ht->prev;
    ht->prev = ht->next = NULL;
    ht->sched = NULL;
}

rt_chost_task *rt_chost_defer(const rt_chost_call *call)
{
    if (!call->task)
        return NULL;
    call->task->deferred = true;
    return call->task;
}

static bool host_resolve(rt_chost_task *ht, const rt_cval *result, rt_trap *trap)
{
    atask *task = &ht->task;
    if (task->state == TS_RESOLVED)
        return ctrap(trap, "host task already returned");
    const rt_cfunctype *ft = task->f->type;
    comp_error err = {0};
    if (ft->result && (!result || !rt_cval_check(result, ft->result, &err)))
        return ctrap(trap, "host function returned a bad value: %.120s",
                     result ? err.message : "no result");
    task->state = TS_RESOLVED;
    return task->caller->on_resolve(task->caller, ft->result ? result : NULL, false, trap);
}

/* The host is done with a deferred call: it drops its reference. */
static bool host_finish(rt_chost_task *ht, bool ok)
{
    if (!ok && ht->task.caller_inst)
        ht->task.caller_inst->poisoned = true;
    host_task_unlink(ht);
    atask_unref(&ht->task);
    return ok;
}

bool rt_chost_return(rt_chost_task *ht, const rt_cval *result, rt_trap *trap)
{
    if (ht->task.state == TS_RESOLVED)
        return ctrap(trap, "host task already returned");
    return host_finish(ht, host_resolve(ht, result, trap));
}

void rt_chost_on_cancel(rt_chost_task *ht, rt_chost_cancelled cancelled, void *user)
{
    ht->cancelled = cancelled;
    ht->cancel_user = user;
}

bool rt_chost_cancel_requested(const rt_chost_task *ht)
{
    return ht->task.state == TS_PENDING_CANCEL;
}

bool rt_chost_return_cancelled(rt_chost_task *ht, rt_trap *trap)
{
    atask *task = &ht->task;
    if (task->state != TS_PENDING_CANCEL)
        return ctrap(trap, task->state == TS_RESOLVED ? "host task already returned"
                                                      : "host task was not asked to cancel");
    task->state = TS_RESOLVED;
    return host_finish(ht, task->caller->on_resolve(task->caller, NULL, true, trap));
}

/* subtask.cancel of a deferred host call: the host hears of it through its
 * callback (which may finish the call at once); without one, the call
 * finishes when the host gets to it. */
bool ahost_request_cancellation(atask *task, rt_trap *trap)
{
    rt_chost_task *ht = (rt_chost_task *)task;
    if (task->state == TS_RESOLVED)
        return true;
    task->state = TS_PENDING_CANCEL;
    if (ht->cancelled) {
        rt_chost_cancelled cb = ht->cancelled;
        ht->cancelled = NULL; /* delivered once */
        cb(ht->cancel_user, ht);
    }
    (void)trap;
    return true;
}

void ahost_free_all(asched *s)
{
    s->hq_head = s->hq_tail = NULL;
    while (s->host_ends) {
        aend *e = s->host_ends;
        e->queued = false;
        aend_free(e);
    }
    while (s->host_tasks) {
        rt_chost_task *ht = s->host_tasks;
        host_task_unlink(ht);
        atask_unref(&ht->task);
    }
}

bool ahost_lift(rt_cfunc *f, rt_cinstance *caller, acaller *cb, atask **task_out, rt_trap *trap)
{
    asched *s = asched_get(f->store, trap);
    if (!s)
        return false;
    rt_chost_task *ht = calloc(1, sizeof *ht);
    if (!ht)
        return ctrap(trap, "out of memory");
    atask *task = &ht->task;
    task->f = f, task->caller = cb, task->caller_inst = caller;
    task->state = TS_STARTED;
    task->refs = 2; /* the caller's and the host's until it returns */
    *task_out = task;
    rt_cval *args = NULL;
    if (!cb->on_start(cb, &args, trap)) {
        atask_unref(task);
        return false;
    }
    rt_cval result;
    memset(&result, 0, sizeof result);
    rt_chost_call call = {.store = f->store, .caller = caller, .type = f->type,
                          .arena = cb->arena, .task = ht};
    trap->kind = RT_TRAP_NONE;
    if (!f->fn(f->user, &call, args, f->type->param_count, &result, trap)) {
        if (trap->kind == RT_TRAP_NONE)
            rt_trap_set(trap, RT_TRAP_HOST, "host function failed");
        atask_unref(task);
        return false;
    }
    if (ht->deferred) {
        host_task_link(s, ht);
        return true;
    }
    bool ok = host_resolve(ht, &result, trap);
    atask_unref(task);
    return ok;
}

/* ---- host stream and future ends ------------------------------------------------- */

const rt_ctype *rt_ctype_stream(comp_arena *arena, const rt_ctype *elem)
{
    rt_ctype *t = comp_arena_alloc(arena, sizeof *t);
    if (!t || !(t->elems = comp_arena_array(arena, 1, sizeof *t->elems)))
        return NULL;
    t->kind = RT_CT_STREAM;
    t->elems[0] = elem;
    return ctype_finish(t) ? t : NULL;
}

const rt_ctype *rt_ctype_future(comp_arena *arena, const rt_ctype *elem)
{
    rt_ctype *t = (rt_ctype *)rt_ctype_stream(arena, elem);
    if (t)
        t->kind = RT_CT_FUTURE;
    return t;
}

static rt_cstream *host_end(asched *s, ashared *sh, bool readable)
{
    aend *e = aend_new(sh, readable);
    if (!e)
        return NULL;
    e->host = true;
    e->sched = s;
    e->lnext = s->host_ends;
    if (s->host_ends)
        s->host_ends->lprev = e;
    s->host_ends = e;
    return (rt_cstream *)e;
}

rt_cstream *rt_cstream_new(rt_cstore *store, const rt_ctype *type, rt_cval *readable,
                           rt_trap *trap)
{
    asched *s = asched_get(store, trap);
    if (!s)
        return NULL;
    if (type->kind != RT_CT_STREAM && type->kind != RT_CT_FUTURE) {
        ctrap(trap, "not a stream or future type");
        return NULL;
    }
    ashared *sh = calloc(1, sizeof *sh);
    if (!sh) {
        ctrap(trap, "out of memory");
        return NULL;
    }
    sh->future = type->kind == RT_CT_FUTURE, sh->t = rt_ctype_elem(type, 0);
    rt_cstream *w = host_end(s, sh, false);
    if (!w) {
        free(sh);
        ctrap(trap, "out of memory");
        return NULL;
    }
    ashared_fly(s, sh);
    memset(readable, 0, sizeof *readable);
    readable->kind = type->kind;
    readable->of.async_obj = sh;
    return w;
}

rt_cstream *rt_cstream_take(rt_cstore *store, const rt_cval *readable, rt_trap *trap)
{
    asched *s = asched_get(store, trap);
    if (!s)
        return NULL;
    if ((readable->kind != RT_CT_STREAM && readable->kind != RT_CT_FUTURE) ||
        !readable->of.async_obj) {
        ctrap(trap, "not a stream or future value");
        return NULL;
    }
    ashared *sh = readable->of.async_obj;
    if (!sh->flight) {
        ctrap(trap, "stream or future value already passed on");
        return NULL;
    }
    rt_cstream *r = host_end(s, sh, true);
    if (!r)
        ctrap(trap, "out of memory");
    else
        ashared_land(sh);
    return r;
}

void rt_cstore_drop_value(rt_cstore *store, const rt_cval *value)
{
    (void)store;
    if ((value->kind != RT_CT_STREAM && value->kind != RT_CT_FUTURE) || !value->of.async_obj)
        return;
    ashared *sh = value->of.async_obj;
    if (!sh->flight)
        return;
    ashared_land(sh);
    ashared_drop(sh);
    if (sh->ends == 0)
        ashared_free(sh);
}

static bool is_scalar(const rt_ctype *t)
{
    return t->kind >= RT_CT_BOOL && t->kind <= RT_CT_CHAR && t->kind != RT_CT_STRING;
}

/* Starts the host end's copy of `b` (a byte or value buffer). */
static bool host_copy(rt_cstream *end, abuffer b, bool readable, rt_cstream_done done,
                      void *user, rt_trap *trap)
{
    aend *e = &end->end;
    if (e->readable != readable)
        return ctrap(trap, readable ? "cannot read from a writable end" : "cannot write to a readable end");
    if (e->state == CS_DONE)
        return ctrap(trap, "the other end was dropped or the future was already copied");
    if (e->state != CS_IDLE)
        return ctrap(trap, "cannot have concurrent operations active on a future/stream");
    if (e->shared->future && b.length != 1)
        return ctrap(trap, "a future copies exactly one value");
    if (b.length > (1u << 28) - 1)
        return ctrap(trap, "buffer too long");
    b.t = e->shared->t;
    e->buf = b;
    e->done = done, e->user = user;
    e->state = CS_COPYING;
    return ashared_copy(e->shared, NULL, e, trap);
}

/* Byte buffers hold scalars laid out as in linear memory. */
static bool bytes_fit(rt_cstream *end, const void *data, uint32_t count, bool writing,
                      rt_trap *trap)
{
    const rt_ctype *et = end->end.shared->t;
    if (!et)
        return true;
    if (!is_scalar(et))
        return ctrap(trap, "a byte buffer holds scalar elements only: use rt_cstream_*_values");
    if (count && !data)
        return ctrap(trap, "no buffer");
    if (writing && et->kind == RT_CT_CHAR)
        for (uint32_t i = 0; i < count; i++) {
            uint32_t c;
            memcpy(&c, (const uint8_t *)data + 4 * (size_t)i, 4);
            if (c >= 0x110000 || (c >= 0xd800 && c <= 0xdfff))
                return ctrap(trap, "char element %u is not a Unicode scalar value", i);
        }
    return true;
}

bool rt_cstream_write(rt_cstream *end, const void *data, uint32_t count, rt_cstream_done done,
                      void *user, rt_trap *trap)
{
    if (!bytes_fit(end, data, count, true, trap))
        return false;
    abuffer b = {.host = (uint8_t *)data, .length = count};
    return host_copy(end, b, false, done, user, trap);
}

bool rt_cstream_read(rt_cstream *end, void *data, uint32_t count, rt_cstream_done done,
                     void *user, rt_trap *trap)
{
    if (!bytes_fit(end, data, count, false, trap))
        return false;
    abuffer b = {.host = data, .length = count};
    return host_copy(end, b, true, done, user, trap);
}

bool rt_cstream_write_values(rt_cstream *end, const rt_cval *values, uint32_t count,
                             rt_cstream_done done, void *user, rt_trap *trap)
{
    const rt_ctype *et = end->end.shared->t;
    if (!et)
        return rt_cstream_write(end, NULL, count, done, user, trap);
    if (count && !values)
        return ctrap(trap, "no values");
    for (uint32_t i = 0; i < count; i++) {
        comp_error err = {0};
        if (!rt_cval_check(&values[i], et, &err))
            return ctrap(trap, "stream element %u: %.160s", i, err.message);
    }
    abuffer b = {.vals = (rt_cval *)values, .length = count};
    return host_copy(end, b, false, done, user, trap);
}

bool rt_cstream_read_values(rt_cstream *end, rt_cval *values, uint32_t count, comp_arena *arena,
                            rt_cstream_done done, void *user, rt_trap *trap)
{
    if (!end->end.shared->t)
        return rt_cstream_read(end, NULL, count, done, user, trap);
    if (count && (!values || !arena))
        return ctrap(trap, "no values or no arena");
    abuffer b = {.vals = values, .varena = arena, .length = count};
    return host_copy(end, b, true, done, user, trap);
}

void rt_cstream_cancel(rt_cstream *end)
{
    aend *e = &end->end;
    if (e->state != CS_COPYING)
        return;
    e->state = CS_CANCELLING;
    if (!e->queued && e->shared->pending_end == e) {
        ashared_reset_pending(e->shared);
        ahost_end_event(e, COPY_CANCELLED, false);
    }
}

bool rt_cstream_drop(rt_cstream *end, rt_trap *trap)
{
    aend *e = &end->end;
    if (e->state == CS_COPYING || e->state == CS_CANCELLING || e->queued)
        return ctrap(trap, "cannot drop busy stream");
    ashared_drop(e->shared);
    aend_free(e);
    return true;
}

void ahost_end_event(aend *e, uint8_t result, bool reclaim)
{
    asched *s = e->sched;
    if (reclaim && e->shared->pending_end == e)
        ashared_reset_pending(e->shared);
    /* A stream end that made progress is done with this buffer at once:
     * the host hears of each copy (the reclaim of stream_event). */
    if (!reclaim && e->shared->pending_end == e)
        ashared_reset_pending(e->shared);
    e->done_result = result;
    e->done_count = e->buf.progress;
    if (e->shared->future)
        e->state = result == COPY_DROPPED || result == COPY_COMPLETED ? CS_DONE : CS_IDLE;
    else
        e->state = result == COPY_DROPPED ? CS_DONE : CS_IDLE;
    if (e->queued)
        return;
    e->queued = true;
    e->hnext = NULL;
    if (s->hq_tail)
        s->hq_tail->hnext = e;
    else
        s->hq_head = e;
    s->hq_tail = e;
}

bool ahost_dispatch(asched *s)
{
    bool any = false;
    while (s->hq_head) {
        aend *e = s->hq_head;
        s->hq_head = e->hnext;
        if (!s->hq_head)
            s->hq_tail = NULL;
        e->queued = false;
        any = true;
        if (e->done)
            e->done(e->user, (rt_cstream *)e, e->done_result, e->done_count);
    }
    return any;
}

/* ---- the loop -------------------------------------------------------------------------------- */

bool rt_cstore_run(rt_cstore *store, rt_trap *trap)
{
    asched *s = asched_get(store, trap);
    if (!s)
        return false;
    trap->kind = RT_TRAP_NONE;
    for (;;) {
        if (ahost_dispatch(s))
            continue;
        athread *cand = aready_next(s, NULL);
        if (cand) {
            rt_cinstance *inst = cand->task->inst;
            cinst_set_entered(inst, NULL, true);
            bool ok = athread_resume(s, cand, false, trap);
            cinst_set_entered(inst, NULL, false);
            if (!ok)
                return false;
            continue;
        }
        if (!ahost_poll_fds(s, trap))
            return trap->kind == RT_TRAP_NONE;
    }
}
