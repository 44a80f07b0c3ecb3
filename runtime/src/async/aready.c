/* The scheduler's ready queues (async_internal.h "the ready queues").
 *
 * Every waiting thread is in exactly one of: the queue of the first part
 * of its condition that does not hold (a waitable set's, a waitable's, its
 * instance's lock or backpressure queue), or the ready queues (the
 * scheduler's and its instance's, in the order threads were woken). The
 * state changes that satisfy a part wake that queue's threads; the
 * exclusive lock wakes one waiter at a time (inst->lock_woken), since only
 * one can take it. A woken thread whose condition no longer holds when it
 * is picked goes back to the queue of what it now waits for. */
#include "async/async_internal.h"

/* ---- intrusive FIFOs ----------------------------------------------------------------- */

static void q_append(athreadq *q, athread *t, int which)
{
    alink *l = &t->links[which];
    l->next = NULL;
    l->prev = q->tail;
    if (q->tail)
        q->tail->links[which].next = t;
    else
        q->head = t;
    q->tail = t;
}

static void q_prepend(athreadq *q, athread *t, int which)
{
    alink *l = &t->links[which];
    l->prev = NULL;
    l->next = q->head;
    if (q->head)
        q->head->links[which].prev = t;
    else
        q->tail = t;
    q->head = t;
}

static void q_unlink(athreadq *q, athread *t, int which)
{
    alink *l = &t->links[which];
    if (l->prev)
        l->prev->links[which].next = l->next;
    else
        q->head = l->next;
    if (l->next)
        l->next->links[which].prev = l->prev;
    else
        q->tail = l->prev;
    l->prev = l->next = NULL;
}

/* ---- conditions --------------------------------------------------------------------------- */

/* The queue of the first part of `c` that does not hold; NULL when all of
 * it holds. Parts that nothing signals (a host flag) give `never`. */
static athreadq *acond_blocker(const acond *c, athreadq *never)
{
    rt_cinstance *inst;
    switch (c->kind) {
    case AC_ALWAYS:
        break;
    case AC_NO_EXCLUSIVE:
        inst = c->obj;
        if (inst->exclusive)
            return &inst->lock_waiters;
        break;
    case AC_WSET: case AC_WSET_NO_EXCLUSIVE: {
        awset *set = c->obj;
        if (!set->phead)
            return &set->waiters;
        inst = set->phead->inst;
        if (c->kind == AC_WSET_NO_EXCLUSIVE && inst->exclusive)
            return &inst->lock_waiters;
        break;
    }
    case AC_WAITABLE: {
        awaitable *w = c->obj;
        if (!w->pending)
            return &w->waiters;
        break;
    }
    case AC_SUBTASK_RESOLVED: {
        asubtask *st = c->obj;
        if (!asubtask_resolved(st))
            return &st->w.waiters;
        break;
    }
    case AC_NO_BACKPRESSURE: {
        atask *task = c->obj;
        inst = task->inst;
        if (inst->backpressure)
            return &inst->bp_waiters;
        if (atask_needs_exclusive(task) && inst->exclusive)
            return &inst->lock_waiters;
        break;
    }
    case AC_FLAG:
        if (!*(bool *)c->obj)
            return never;
        break;
    default:
        return never;
    }
    if (c->lock && c->lock->exclusive)
        return &c->lock->lock_waiters;
    return NULL;
}

bool acond_ready(const acond *c)
{
    athreadq never = {0};
    return acond_blocker(c, &never) == NULL;
}

/* ---- moving threads between queues -------------------------------------------------------- */

static void make_ready(athread *t)
{
    if (t->queued)
        return;
    t->queued = true;
    q_append(&t->sched->ready, t, AQ_READY);
    q_append(&t->task->inst->ready, t, AQ_INST_READY);
}

static void unready(athread *t)
{
    if (!t->queued)
        return;
    t->queued = false;
    q_unlink(&t->sched->ready, t, AQ_READY);
    q_unlink(&t->task->inst->ready, t, AQ_INST_READY);
    if (t->lock_inst) {
        if (t->lock_inst->lock_woken == t)
            t->lock_inst->lock_woken = NULL;
        t->lock_inst = NULL;
    }
}

static void block_on(athread *t, athreadq *q, bool first)
{
    t->blocked_on = q;
    if (first)
        q_prepend(q, t, AQ_BLOCKED);
    else
        q_append(q, t, AQ_BLOCKED);
}

static void unblock(athread *t)
{
    if (t->blocked_on) {
        q_unlink(t->blocked_on, t, AQ_BLOCKED);
        t->blocked_on = NULL;
    }
}

void aready_add(athread *t)
{
    q_append(&t->task->waiting, t, AQ_TASK);
    athreadq *q = acond_blocker(&t->cond, &t->sched->never);
    if (q)
        block_on(t, q, false);
    else
        make_ready(t);
}

void aready_remove(athread *t)
{
    q_unlink(&t->task->waiting, t, AQ_TASK);
    unready(t);
    unblock(t);
}

void aready_wake(athreadq *q)
{
    while (q->head) {
        athread *t = q->head;
        unblock(t);
        make_ready(t);
    }
}

/* Wakes the first lock waiter when the lock is free and none is awake. */
static athread *wake_lock_waiter(rt_cinstance *inst)
{
    if (inst->exclusive || inst->lock_woken || !inst->lock_waiters.head)
        return NULL;
    athread *t = inst->lock_waiters.head;
    unblock(t);
    make_ready(t);
    t->lock_inst = inst;
    inst->lock_woken = t;
    return t;
}

void aready_unlocked(rt_cinstance *inst) { wake_lock_waiter(inst); }

void aready_no_backpressure(rt_cinstance *inst) { aready_wake(&inst->bp_waiters); }

athread *aready_next(asched *s, rt_cinstance *inst)
{
    int which = inst ? AQ_INST_READY : AQ_READY;
    athreadq *q = inst ? &inst->ready : &s->ready;
    athread *t = q->head;
    while (t) {
        athread *next = t->links[which].next;
        if (inst && t == inst->exclusive) {
            t = next;
            continue;
        }
        athreadq *b = acond_blocker(&t->cond, &s->never);
        if (b) {
            /* Woken too early: back to what it waits for (a lock waiter
             * keeps its place), and the lock goes to the next waiter if
             * this one no longer waits for it. */
            rt_cinstance *li = t->lock_inst;
            unready(t);
            block_on(t, b, li && b == &li->lock_waiters);
            athread *woken = li ? wake_lock_waiter(li) : NULL;
            if (!next && woken && (!inst || woken->task->inst == inst))
                next = woken;
            t = next;
            continue;
        }
        if (inst || cinst_may_enter_from(t->task->inst, NULL))
            return t;
        /* its instance is on the host's call stack: it keeps its place */
        t = next;
    }
    return NULL;
}
