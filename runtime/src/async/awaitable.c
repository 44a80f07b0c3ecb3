/* Waitables, waitable sets and subtasks (CanonicalABI.md "Waitable State",
 * "Subtask State"). A set keeps the members that have a pending event on
 * a list of their own, so waiting, polling and delivery are O(1). */
#include "async/async_internal.h"

#include <stdlib.h>

/* ---- handles ---------------------------------------------------------------------- */

bool ahandle_add(rt_cinstance *inst, uint8_t kind, void *obj, uint32_t *index, rt_trap *trap)
{
    chandle h = {.kind = kind, .obj = obj, .used = true};
    return ctable_add(&inst->table, h, index, trap);
}

bool ahandle_add_thread(rt_cinstance *inst, athread *t, uint32_t *index, rt_trap *trap)
{
    chandle h = {.kind = HK_THREAD, .obj = t, .used = true};
    return ctable_add(&inst->threads, h, index, trap);
}

void *ahandle_get(rt_cinstance *inst, uint32_t index, uint8_t kind, rt_trap *trap)
{
    chandle *h = ctable_get(&inst->table, index, trap);
    if (!h)
        return NULL;
    if (h->kind != kind || !h->obj) {
        ctrap(trap, "handle index %u is not of the expected kind", index);
        return NULL;
    }
    return h->obj;
}

/* ---- waitables ------------------------------------------------------------------------ */

static void plist_remove(awaitable *w)
{
    awset *set = w->wset;
    if (!set || (!w->pprev && set->phead != w))
        return;
    if (w->pprev)
        w->pprev->pnext = w->pnext;
    else
        set->phead = w->pnext;
    if (w->pnext)
        w->pnext->pprev = w->pprev;
    else
        set->ptail = w->pprev;
    w->pprev = w->pnext = NULL;
}

static void plist_append(awaitable *w)
{
    awset *set = w->wset;
    w->pnext = NULL;
    w->pprev = set->ptail;
    if (set->ptail)
        set->ptail->pnext = w;
    else
        set->phead = w;
    set->ptail = w;
}

void awaitable_set_pending(awaitable *w)
{
    if (w->pending)
        return;
    w->pending = true;
    aready_wake(&w->waiters);
    if (w->wset) {
        plist_append(w);
        aready_wake(&w->wset->waiters);
    }
}

void awaitable_join(awaitable *w, awset *set)
{
    if (w->wset) {
        plist_remove(w);
        w->wset->elems--;
    }
    w->wset = set;
    if (set) {
        set->elems++;
        if (w->pending) {
            plist_append(w);
            aready_wake(&set->waiters);
        }
    }
}

bool asubtask_resolved(const asubtask *st) { return st->state >= ST_RETURNED; }

void asubtask_deliver_resolve(asubtask *st)
{
    if (st->resolve_delivered)
        return;
    rt_cinstance *inst = st->inst;
    for (uint32_t i = 0; i < st->lent_count; i++) {
        uint32_t h = st->lent[i];
        if (h < inst->table.len && inst->table.v[h].lends)
            inst->table.v[h].lends--;
    }
    st->lent_count = 0;
    st->resolve_delivered = true;
}

bool awaitable_get_event(awaitable *w, uint32_t ev[3], rt_trap *trap)
{
    plist_remove(w);
    w->pending = false;
    if (w->kind == HK_SUBTASK) {
        asubtask *st = (asubtask *)w;
        if (asubtask_resolved(st))
            asubtask_deliver_resolve(st);
        ev[0] = EV_SUBTASK, ev[1] = w->index, ev[2] = (uint32_t)st->state;
        return true;
    }
    return astream_event((aend *)w, ev, trap);
}

bool awaitable_wait_sync(asched *s, awaitable *w, rt_trap *trap)
{
    w->has_sync_waiter = true;
    int cancelled;
    bool ok = athread_wait_until(s, (acond){AC_WAITABLE, w, NULL}, false, &cancelled, trap);
    w->has_sync_waiter = false;
    return ok;
}

bool awset_wait(asched *s, awset *set, bool no_exclusive, bool cancellable, uint32_t ev[3],
                rt_trap *trap)
{
    set->num_waiting++;
    int cancelled;
    bool ok = athread_wait_until(s, (acond){no_exclusive ? AC_WSET_NO_EXCLUSIVE : AC_WSET, set, NULL},
                                 cancellable, &cancelled, trap);
    set->num_waiting--;
    if (!ok)
        return false;
    if (cancelled) {
        ev[0] = EV_TASK_CANCELLED, ev[1] = ev[2] = 0;
        return true;
    }
    return awaitable_get_event(set->phead, ev, trap);
}

bool awset_poll(asched *s, awset *set, bool cancellable, uint32_t ev[3], rt_trap *trap)
{
    ev[0] = EV_NONE, ev[1] = ev[2] = 0;
    if (s->current && atask_deliver_pending_cancel(s->current->task, cancellable)) {
        ev[0] = EV_TASK_CANCELLED;
        return true;
    }
    return !set->phead || awaitable_get_event(set->phead, ev, trap);
}

void asubtask_free(asubtask *st)
{
    awaitable_join(&st->w, NULL);
    if (st->callee)
        atask_unref(st->callee);
    comp_arena_free(&st->arena);
    free(st);
}
