/* Streams and futures (CanonicalABI.md "Buffer State", "Stream State",
 * "Future State", canon stream.* / future.*): a rendezvous between a
 * reader's and a writer's buffer, copied directly between the two
 * memories when both sides are guests. */
#include "async/async_internal.h"

#include <stdlib.h>
#include <string.h>

static bool is_number_or_none(const rt_ctype *t)
{
    return !t || (t->kind >= RT_CT_S8 && t->kind <= RT_CT_F64);
}

static uint32_t remain(const abuffer *b) { return b->length - b->progress; }

static uint8_t *buffer_bytes(abuffer *b)
{
    return b->host ? b->host + b->ptr : rt_memory_data(b->opts.memory) + b->ptr;
}

/* Copies n elements from src to dst: raw bytes for numbers in memory or
 * byte buffers (memmove between the memories), element by element
 * otherwise. */
static bool buffer_copy(abuffer *dst, abuffer *src, uint32_t n, rt_trap *trap)
{
    if (dst->t && n) {
        uint32_t sz = dst->t->size;
        if (is_number_or_none(dst->t) && !dst->vals && !src->vals)
            memmove(buffer_bytes(dst), buffer_bytes(src), (size_t)n * sz);
        else if (!abuffer_copy_values(dst, src, n, trap))
            return false;
        dst->ptr += (uint64_t)n * sz;
        src->ptr += (uint64_t)n * sz;
    }
    dst->progress += n;
    src->progress += n;
    return true;
}

static void set_event(aend *e, uint8_t result, bool reclaim)
{
    if (e->host) {
        ahost_end_event(e, result, reclaim);
        return;
    }
    /* A later event replaces a pending one (it stays queued once). */
    e->w.pend_result = result;
    e->w.pend_reclaim = reclaim;
    awaitable_set_pending(&e->w);
}


void ashared_reset_pending(ashared *sh)
{
    sh->pending_inst = NULL, sh->pending_buffer = NULL, sh->pending_end = NULL;
}

static void notify_pending(ashared *sh, uint8_t result)
{
    aend *e = sh->pending_end;
    ashared_reset_pending(sh);
    if (e)
        set_event(e, result, false);
}

bool astream_event(aend *e, uint32_t ev[3], rt_trap *trap)
{
    (void)trap;
    if (e->w.pend_reclaim && e->shared->pending_end == e)
        ashared_reset_pending(e->shared);
    uint8_t result = e->w.pend_result;
    ev[0] = e->event_code, ev[1] = e->w.index;
    if (e->shared->future) {
        e->state = result == COPY_DROPPED || result == COPY_COMPLETED ? CS_DONE : CS_IDLE;
        ev[2] = result;
    } else {
        e->state = result == COPY_DROPPED ? CS_DONE : CS_IDLE;
        ev[2] = result | e->buf.progress << 4;
    }
    return true;
}

/* SharedStreamImpl.read / write and SharedFutureImpl.read / write: `e`
 * offers its buffer. */
bool ashared_copy(ashared *sh, rt_cinstance *inst, aend *e, rt_trap *trap)
{
    abuffer *mine = &e->buf;
    if (sh->dropped) {
        set_event(e, COPY_DROPPED, false);
        return true;
    }
    if (!sh->pending_buffer) {
        sh->pending_inst = inst, sh->pending_buffer = mine, sh->pending_end = e;
        return true;
    }
    if (inst && inst == sh->pending_inst && !is_number_or_none(sh->t))
        return ctrap(trap, sh->future ? "cannot read from and write to intra-component future"
                                      : "cannot read from and write to intra-component stream");
    abuffer *other = sh->pending_buffer;
    aend *oe = sh->pending_end;
    if (sh->future) {
        if (!(e->readable ? buffer_copy(mine, other, 1, trap) : buffer_copy(other, mine, 1, trap)))
            return false;
        notify_pending(sh, COPY_COMPLETED);
        set_event(e, COPY_COMPLETED, false);
        return true;
    }
    if (remain(other) > 0) {
        if (remain(mine) > 0) {
            uint32_t n = remain(mine) < remain(other) ? remain(mine) : remain(other);
            if (!(e->readable ? buffer_copy(mine, other, n, trap) : buffer_copy(other, mine, n, trap)))
                return false;
            set_event(oe, COPY_COMPLETED, true);
        }
        set_event(e, COPY_COMPLETED, false);
    } else if (!e->readable && mine->length == 0 && other->length == 0) {
        set_event(e, COPY_COMPLETED, false);
    } else {
        notify_pending(sh, COPY_COMPLETED);
        sh->pending_inst = inst, sh->pending_buffer = mine, sh->pending_end = e;
    }
    return true;
}

void ashared_drop(ashared *sh)
{
    if (!sh->dropped) {
        sh->dropped = true;
        if (sh->pending_buffer)
            notify_pending(sh, COPY_DROPPED);
    }
}

void ashared_fly(asched *s, ashared *sh)
{
    if (sh->flight)
        return;
    sh->flight = s;
    sh->fprev = NULL;
    sh->fnext = s->flight;
    if (s->flight)
        s->flight->fprev = sh;
    s->flight = sh;
}

void ashared_land(ashared *sh)
{
    asched *s = sh->flight;
    if (!s)
        return;
    if (sh->fprev)
        sh->fprev->fnext = sh->fnext;
    else
        s->flight = sh->fnext;
    if (sh->fnext)
        sh->fnext->fprev = sh->fprev;
    sh->flight = NULL;
    sh->fprev = sh->fnext = NULL;
}

void ashared_free(ashared *sh)
{
    ashared_land(sh);
    free(sh);
}

void ashared_free_flying(asched *s)
{
    while (s->flight) {
        ashared *sh = s->flight;
        ashared_land(sh);
        /* A host writer still holding it frees it when dropped. */
        if (sh->ends == 0)
            free(sh);
    }
}

void aend_free(aend *e)
{
    if (e->host) {
        if (e->lprev)
            e->lprev->lnext = e->lnext;
        else
            e->sched->host_ends = e->lnext;
        if (e->lnext)
            e->lnext->lprev = e->lprev;
    }
    if (e->shared->pending_end == e)
        ashared_reset_pending(e->shared);
    awaitable_join(&e->w, NULL);
    if (--e->shared->ends == 0 && !e->shared->flight)
        ashared_free(e->shared);
    free(e);
}

aend *aend_new(ashared *sh, bool readable)
{
    aend *e = calloc(1, sizeof(struct rt_cstream));
    if (!e)
        return NULL;
    e->shared = sh, e->readable = readable;
    e->w.kind = sh->future ? (readable ? HK_FUTURE_READ : HK_FUTURE_WRITE)
                           : (readable ? HK_STREAM_READ : HK_STREAM_WRITE);
    e->event_code = sh->future ? (readable ? EV_FUTURE_READ : EV_FUTURE_WRITE)
                               : (readable ? EV_STREAM_READ : EV_STREAM_WRITE);
    sh->ends++;
    return e;
}

static bool end_add(rt_cinstance *inst, aend *e, uint32_t *index, rt_trap *trap)
{
    e->w.inst = inst;
    if (!ahandle_add(inst, e->w.kind, e, index, trap))
        return false;
    e->w.index = *index;
    return true;
}

bool astream_new(rt_cinstance *inst, const rt_ctype *t, bool future, uint64_t *out, rt_trap *trap)
{
    ashared *sh = calloc(1, sizeof *sh);
    if (!sh)
        return ctrap(trap, "out of memory");
    sh->future = future, sh->t = rt_ctype_elem(t, 0);
    aend *r = aend_new(sh, true), *w = aend_new(sh, false);
    uint32_t ri = 0, wi = 0;
    if (!r || !w || !end_add(inst, r, &ri, trap) || !end_add(inst, w, &wi, trap)) {
        free(r);
        free(w);
        free(sh);
        return ctrap(trap, "out of memory");
    }
    *out = ri | (uint64_t)wi << 32;
    return true;
}

static aend *get_end(rt_cinstance *inst, uint32_t i, uint8_t kind, const rt_ctype *t, rt_trap *trap)
{
    aend *e = ahandle_get(inst, i, kind, trap);
    if (e && !rt_ctype_equal(e->shared->t, rt_ctype_elem(t, 0))) {
        ctrap(trap, "stream or future of the wrong type");
        return NULL;
    }
    return e;
}

bool astream_copy(asched *s, rt_cinstance *inst, const rt_ctype *t, const copts *opts,
                  bool future, bool readable, uint32_t i, uint32_t ptr, uint32_t n, uint32_t *out,
                  rt_trap *trap)
{
    uint8_t kind = future ? (readable ? HK_FUTURE_READ : HK_FUTURE_WRITE)
                          : (readable ? HK_STREAM_READ : HK_STREAM_WRITE);
    aend *e = get_end(inst, i, kind, t, trap);
    if (!e)
        return false;
    if (e->state == CS_DONE)
        return ctrap(trap, future ? (readable ? "cannot read from future after previous read succeeded"
                                              : "cannot write to future after previous write succeeded or readable end dropped")
                                  : (readable ? "cannot read from stream after being notified that the writable end dropped"
                                              : "cannot write to stream after being notified that the readable end dropped"));
    if (e->state != CS_IDLE)
        return ctrap(trap, "cannot have concurrent operations active on a future/stream");
    if (e->w.wset && !opts->async)
        return ctrap(trap, "waitable cannot be used synchronously while added to a waitable set");
    const rt_ctype *et = e->shared->t;
    if (n > (1u << 28) - 1)
        return ctrap(trap, "buffer too long");
    abuffer *b = &e->buf;
    *b = (abuffer){.t = et, .opts = *opts, .ptr = ptr, .length = n};
    b->cx = (ccx){.opts = &b->opts, .inst = inst, .trap = trap};
    if (et && n > 0) {
        if (!opts->memory)
            return ctrap(trap, "stream or future copy needs a memory");
        if (ptr % et->align)
            return ctrap(trap, "unaligned pointer");
        if ((uint64_t)ptr + (uint64_t)n * et->size > rt_memory_size(opts->memory))
            return ctrap(trap, "pointer out of bounds of memory");
    }
    e->state = CS_COPYING;
    if (!ashared_copy(e->shared, inst, e, trap))
        return false;
    if (!e->w.pending) {
        if (opts->async) {
            *out = ABLOCKED;
            return true;
        }
        if (!awaitable_wait_sync(s, &e->w, trap))
            return false;
    }
    uint32_t ev[3];
    if (!awaitable_get_event(&e->w, ev, trap))
        return false;
    *out = ev[2];
    return true;
}

bool astream_cancel(asched *s, rt_cinstance *inst, const rt_ctype *t, bool future, bool readable,
                    bool async, uint32_t i, uint32_t *out, rt_trap *trap)
{
    uint8_t kind = future ? (readable ? HK_FUTURE_READ : HK_FUTURE_WRITE)
                          : (readable ? HK_STREAM_READ : HK_STREAM_WRITE);
    aend *e = get_end(inst, i, kind, t, trap);
    if (!e)
        return false;
    if (e->state != CS_COPYING || e->w.has_sync_waiter)
        return ctrap(trap, "no copy in progress to cancel");
    if (e->w.wset && !async)
        return ctrap(trap, "waitable cannot be used synchronously while added to a waitable set");
    e->state = CS_CANCELLING;
    /* A copy that made progress but still offered its buffer reports the
     * progress as CANCELLED (the suite's reading of a cancelled partial copy). */
    if (e->w.pending && e->w.pend_reclaim)
        e->w.pend_result = COPY_CANCELLED;
    if (!e->w.pending) {
        if (e->shared->pending_end == e)
            notify_pending(e->shared, COPY_CANCELLED);
        if (!e->w.pending) {
            if (async) {
                *out = ABLOCKED;
                return true;
            }
            if (!awaitable_wait_sync(s, &e->w, trap))
                return false;
        }
    }
    uint32_t ev[3];
    if (!awaitable_get_event(&e->w, ev, trap))
        return false;
    *out = ev[2];
    return true;
}

bool astream_drop(rt_cinstance *inst, const rt_ctype *t, bool future, bool readable, uint32_t i,
                  rt_trap *trap)
{
    uint8_t kind = future ? (readable ? HK_FUTURE_READ : HK_FUTURE_WRITE)
                          : (readable ? HK_STREAM_READ : HK_STREAM_WRITE);
    aend *e = get_end(inst, i, kind, t, trap);
    if (!e)
        return false;
    if (e->state == CS_COPYING || e->state == CS_CANCELLING)
        /* (the suite's wording: "remove" once the copy has made progress) */
        return ctrap(trap, e->w.pending && readable ? (future ? "cannot remove busy future" : "cannot remove busy stream")
                                        : (future ? "cannot drop busy future" : "cannot drop busy stream"));
    if (future && !readable && e->state != CS_DONE)
        return ctrap(trap, "cannot drop future write end without first writing a value");
    ctable_remove(&inst->table, i);
    ashared_drop(e->shared);
    aend_free(e);
    return true;
}

/* lift_stream / lift_future: the readable end leaves the table; its shared
 * state crosses. lower_*: a new readable end in the receiving table. */
bool async_lift_value(ccx *cx, uint32_t index, const rt_ctype *t, rt_cval *out)
{
    out->kind = t->kind;
    if (t->kind == RT_CT_ERROR_CONTEXT) {
        void *ec = ahandle_get(cx->inst, index, HK_ERROR_CONTEXT, cx->trap);
        out->of.async_obj = ec;
        return ec != NULL;
    }
    bool future = t->kind == RT_CT_FUTURE;
    aend *e = get_end(cx->inst, index, future ? HK_FUTURE_READ : HK_STREAM_READ, t, cx->trap);
    if (!e)
        return false;
    if (e->state == CS_DONE)
        return ctrap(cx->trap, future ? "cannot lift future after previous read succeeded"
                                      : "cannot lift stream after being notified that the writable end dropped");
    if (e->state != CS_IDLE)
        return ctrap(cx->trap, future ? "cannot lift busy future" : "cannot lift busy stream");
    if (e->w.wset)
        return ctrap(cx->trap, future ? "cannot lift future while it's in a waitable set"
                                      : "cannot lift stream while it's in a waitable set");
    asched *sched = asched_get(cx->inst->store, cx->trap);
    if (!sched)
        return false;
    ctable_remove(&cx->inst->table, index);
    ashared *sh = e->shared;
    ashared_fly(sched, sh);
    aend_free(e);
    out->of.async_obj = sh;
    return true;
}

bool async_lower_value(ccx *cx, const rt_cval *v, const rt_ctype *t, uint32_t *out)
{
    if (t->kind == RT_CT_ERROR_CONTEXT) {
        aerrctx *ec = v->of.async_obj;
        if (!ahandle_add(cx->inst, HK_ERROR_CONTEXT, ec, out, cx->trap))
            return false;
        ec->refs++;
        return true;
    }
    ashared *sh = v->of.async_obj;
    if (!sh->flight)
        return ctrap(cx->trap, "stream or future value already passed on");
    aend *e = aend_new(sh, true);
    if (!e)
        return ctrap(cx->trap, "out of memory");
    ashared_land(sh);
    if (!end_add(cx->inst, e, out, cx->trap)) {
        aend_free(e);
        return false;
    }
    return true;
}

void async_free_handle(chandle *h)
{
    switch (h->kind) {
    case HK_WAITABLE_SET: free(h->obj); break;
    case HK_ERROR_CONTEXT: {
        aerrctx *ec = h->obj;
        if (--ec->refs == 0)
            free(ec);
        break;
    }
    case HK_SUBTASK: {
        asubtask *st = h->obj;
        st->w.wset = NULL;
        if (st->callee)
            atask_unref(st->callee);
        comp_arena_free(&st->arena);
        free(st);
        break;
    }
    case HK_STREAM_READ: case HK_STREAM_WRITE: case HK_FUTURE_READ: case HK_FUTURE_WRITE: {
        aend *e = h->obj;
        e->w.wset = NULL;
        if (--e->shared->ends == 0 && !e->shared->flight)
            ashared_free(e->shared);
        free(e);
        break;
    }
    default: break;
    }
}
