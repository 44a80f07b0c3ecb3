/* The host side of concurrency (rt/component.h "concurrency: the host
 * side"): deferred async host functions, host-held stream and future ends
 * whose completions are reported from the event loop, and file descriptor
 * readiness through epoll. */
#include "async/async_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

/* ---- async host functions ------------------------------------------------------ */

struct rt_chost_task {
    atask task;
    bool deferred;
};

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

bool rt_chost_return(rt_chost_task *ht, const rt_cval *result, rt_trap *trap)
{
    asched *s = ht->task.f->store->sched;
    bool ok = host_resolve(ht, result, trap);
    if (!ok && ht->task.caller_inst)
        ht->task.caller_inst->poisoned = true;
    atask_unref(&ht->task);
    (void)s;
    return ok;
}

bool ahost_lift(rt_cfunc *f, rt_cinstance *caller, acaller *cb, atask **task_out, rt_trap *trap)
{
    rt_chost_task *ht = calloc(1, sizeof *ht);
    if (!ht)
        return ctrap(trap, "out of memory");
    atask *task = &ht->task;
    task->f = f, task->caller = cb, task->caller_inst = caller;
    task->state = TS_STARTED;
    task->refs = 2; /* the caller's and the host's until it returns */
    *task_out = task;
    rt_cval *args = NULL;
    if (!cb->on_start(cb, &args, trap))
        return false;
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
    if (ht->deferred)
        return true;
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
    rt_cstream *r = host_end(s, readable->of.async_obj, true);
    if (!r)
        ctrap(trap, "out of memory");
    return r;
}

static bool host_copy(rt_cstream *end, void *data, uint32_t count, bool readable,
                      rt_cstream_done done, void *user, rt_trap *trap)
{
    aend *e = &end->end;
    if (e->readable != readable)
        return ctrap(trap, readable ? "cannot read from a writable end" : "cannot write to a readable end");
    if (e->state == CS_DONE)
        return ctrap(trap, "the other end was dropped or the future was already copied");
    if (e->state != CS_IDLE)
        return ctrap(trap, "cannot have concurrent operations active on a future/stream");
    if (e->shared->future && count != 1)
        return ctrap(trap, "a future copies exactly one value");
    if (count > (1u << 28) - 1)
        return ctrap(trap, "buffer too long");
    const rt_ctype *et = e->shared->t;
    if (et && !(et->kind >= RT_CT_S8 && et->kind <= RT_CT_F64) && et->kind != RT_CT_BOOL &&
        et->kind != RT_CT_CHAR)
        return ctrap(trap, "host stream buffers hold number elements only");
    e->buf = (abuffer){.t = et, .host = data, .length = count};
    e->done = done, e->user = user;
    e->state = CS_COPYING;
    return ashared_copy(e->shared, NULL, e, trap);
}

bool rt_cstream_write(rt_cstream *end, const void *data, uint32_t count, rt_cstream_done done,
                      void *user, rt_trap *trap)
{
    return host_copy(end, (void *)data, count, false, done, user, trap);
}

bool rt_cstream_read(rt_cstream *end, void *data, uint32_t count, rt_cstream_done done,
                     void *user, rt_trap *trap)
{
    return host_copy(end, data, count, true, done, user, trap);
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

/* ---- file descriptors ------------------------------------------------------------------ */

bool rt_cstore_watch_fd(rt_cstore *store, int fd, bool writable, rt_cfd_ready ready, void *user,
                        rt_trap *trap)
{
    asched *s = asched_get(store, trap);
    if (!s)
        return false;
    if (s->epfd < 0 && (s->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
        return ctrap(trap, "epoll_create1: %s", strerror(errno));
    awatch *w = calloc(1, sizeof *w);
    if (!w)
        return ctrap(trap, "out of memory");
    w->fd = fd, w->ready = ready, w->user = user;
    struct epoll_event ev = {.events = (writable ? EPOLLOUT : EPOLLIN) | EPOLLONESHOT,
                             .data.ptr = w};
    if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        int e = errno;
        free(w);
        return ctrap(trap, "watching descriptor %d: %s", fd, strerror(e));
    }
    s->watch_count++;
    return true;
}

bool ahost_poll_fds(asched *s, rt_trap *trap)
{
    if (!s->watch_count)
        return false;
    struct epoll_event evs[16];
    int n;
    while ((n = epoll_wait(s->epfd, evs, 16, -1)) < 0 && errno == EINTR)
        ;
    if (n < 0) {
        ctrap(trap, "epoll_wait: %s", strerror(errno));
        return false;
    }
    for (int i = 0; i < n; i++) {
        awatch *w = evs[i].data.ptr;
        epoll_ctl(s->epfd, EPOLL_CTL_DEL, w->fd, NULL);
        s->watch_count--;
        w->ready(w->user, w->fd);
        free(w);
    }
    return true;
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
        athread *cand = NULL;
        for (athread *t = s->whead; t && !cand; t = t->wnext)
            if (acond_ready(&t->cond) && cinst_may_enter_from(t->task->inst, NULL))
                cand = t;
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
