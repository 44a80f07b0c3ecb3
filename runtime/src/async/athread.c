/* Threads, tasks and the per-store scheduler (CanonicalABI.md "Threads",
 * "Tasks", "Embedding": Thread.resume / wait_until / suspend,
 * Task.enter_implicit_thread / return_ / cancel / request_cancellation,
 * Store.tick). Scheduling is deterministic: threads run in the order they
 * became ready (aready.c). */
#include "async/async_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

asched *asched_get(rt_cstore *store, rt_trap *trap)
{
    if (store->sched)
        return store->sched;
    asched *s = calloc(1, sizeof *s);
    if (!s || sem_init(&s->main.sem, 0, 0) != 0) {
        free(s);
        ctrap(trap, "out of memory");
        return NULL;
    }
    s->store = store;
    s->running = &s->main;
    s->epfd = s->tfd = -1;
    store->sched = s;
    return s;
}

void asched_free(rt_cstore *store)
{
    asched *s = store->sched;
    if (!s)
        return;
    /* Wake every blocked thread with "going away" so that it unwinds by
     * trapping and its native thread ends. */
    s->aborting = true;
    rt_trap trap;
    while (s->whead) {
        athread *t = s->whead;
        athread_stop_waiting(s, t);
        athread_resume(s, t, false, &trap);
    }
    /* Suspended threads (thread.suspend, new threads never resumed); a
     * pass over the tables resumes them all, one more pass checks that
     * none was left. */
    for (bool again = true; again;) {
        again = false;
        for (uint32_t i = 0; i < store->instance_count; i++) {
            ctable *tt = &store->instances[i]->threads;
            for (uint32_t j = 1; j < tt->len; j++) {
                athread *t = tt->v[j].used ? tt->v[j].obj : NULL;
                if (t && t->coro && !t->running && !t->finished) {
                    athread_resume(s, t, false, &trap);
                    again = true;
                }
            }
        }
    }
    acoro_pool_free(s);
    ahost_free_all(s);
    ashared_free_flying(s);
    aloop_free(s);
    sem_destroy(&s->main.sem);
    free(s);
    store->sched = NULL;
}

/* ---- the waiting list -------------------------------------------------------------- */

void athread_start_waiting(asched *s, athread *t, acond cond)
{
    t->waiting = true;
    t->cond = cond;
    t->wnext = NULL;
    t->wprev = s->wtail;
    if (s->wtail)
        s->wtail->wnext = t;
    else
        s->whead = t;
    s->wtail = t;
    aready_add(t);
}

void athread_stop_waiting(asched *s, athread *t)
{
    if (!t->waiting)
        return;
    aready_remove(t);
    t->waiting = false;
    if (t->wprev)
        t->wprev->wnext = t->wnext;
    else
        s->whead = t->wnext;
    if (t->wnext)
        t->wnext->wprev = t->wprev;
    else
        s->wtail = t->wprev;
    t->wprev = t->wnext = NULL;
}

/* ---- resume and block ------------------------------------------------------------------ */

static bool take_trap(asched *s, rt_trap *trap)
{
    *trap = s->trap;
    s->trapped = false;
    return false;
}

bool athread_resume(asched *s, athread *t, bool cancelled, rt_trap *trap)
{
    athread_stop_waiting(s, t);
    while (t) {
        athread *prev = s->current;
        rt_cinstance *inst = t->task->inst;
        ctask *saved = inst->task;
        inst->task = &t->task->ct;
        s->current = t;
        t->running = true;
        t->block_result = s->aborting ? -1 : cancelled;
        acoro_resume(s, t->coro);
        s->current = prev;
        inst->task = saved;
        /* It may have left the lock free without taking it (cancelled
         * while woken to take it): the next waiter gets it. */
        aready_unlocked(inst);
        athread *next = t->switch_to;
        t->switch_to = NULL;
        if (t->finished)
            free(t);
        if (s->trapped)
            return take_trap(s, trap);
        t = next;
        cancelled = false;
        if (t)
            athread_stop_waiting(s, t);
    }
    return true;
}

/* A thread on its caller's stack cannot switch away: it "blocks" by running
 * other ready threads of its instance (canon_lift's loop for non-`async`
 * callees), and traps when there are none. */
static bool stack_wait(asched *s, athread *me, acond cond, rt_trap *trap)
{
    rt_cinstance *inst = me->task->inst;
    while (!acond_ready(&cond)) {
        athread *cand = aready_next(s, inst);
        if (!cand)
            return ctrap(trap, "cannot block a synchronous task before returning");
        if (!athread_resume(s, cand, false, trap))
            return false;
        s->current = me;
    }
    return true;
}

static bool block_internal(asched *s, athread *t, athread *switch_to, bool cancellable,
                           int *cancelled, rt_trap *trap)
{
    t->cancellable = cancellable;
    t->switch_to = switch_to;
    t->running = false;
    acoro_block(t->coro);
    t->cancellable = false;
    *cancelled = t->block_result > 0;
    if (t->block_result < 0)
        return ctrap(trap, "the store is being freed");
    (void)s;
    return true;
}

bool athread_wait_until(asched *s, acond cond, bool cancellable, int *cancelled, rt_trap *trap)
{
    athread *t = s->current;
    *cancelled = 0;
    if (!t)
        return asched_run_until(s, cond, trap);
    if (atask_deliver_pending_cancel(t->task, cancellable)) {
        *cancelled = 1;
        return true;
    }
    if (!t->coro)
        return stack_wait(s, t, cond, trap);
    /* The spec lets the embedder choose whether a met condition suspends:
     * waits on events return at once, yields (ALWAYS, and the callback
     * loop's NO_EXCLUSIVE) suspend so that others get to run. */
    if (cond.kind != AC_ALWAYS && cond.kind != AC_NO_EXCLUSIVE && acond_ready(&cond))
        return true;
    if (s->aborting)
        return ctrap(trap, "the store is being freed");
    /* A task that already returned its value and then blocks inside core
     * wasm (a synchronous stream copy, wait or call) while holding its
     * instance's exclusive lock lets other tasks of the instance start
     * meanwhile, and takes the lock back before it continues: what the
     * suite expects (async/sync-streams.wast: $C.get blocks in a sync write
     * after task.return, yet $D's next async call finds $C.set STARTED;
     * async/async-calls-sync.wast: a task blocking before it returned
     * keeps the lock, so later calls stay STARTING). */
    rt_cinstance *inst = t->task->inst;
    bool held = inst->exclusive == t && t->task->state == TS_RESOLVED;
    if (held) {
        inst->exclusive = NULL;
        cond.lock = inst;
    }
    athread_start_waiting(s, t, cond);
    if (held)
        aready_unlocked(inst);
    bool ok = block_internal(s, t, NULL, cancellable, cancelled, trap);
    if (held && ok && inst->exclusive == NULL)
        inst->exclusive = t;
    else if (held && ok)
        return ctrap(trap, "resumed while another thread holds the instance");
    return ok;
}

bool athread_block(asched *s, athread *switch_to, bool cancellable, int *cancelled, rt_trap *trap)
{
    athread *t = s->current;
    *cancelled = 0;
    if (atask_deliver_pending_cancel(t->task, cancellable)) {
        *cancelled = 1;
        return true;
    }
    if (!t->coro)
        return ctrap(trap, "cannot block a synchronous task before returning");
    if (s->aborting)
        return ctrap(trap, "the store is being freed");
    return block_internal(s, t, switch_to, cancellable, cancelled, trap);
}

bool asched_run_until(asched *s, acond cond, rt_trap *trap)
{
    while (!acond_ready(&cond)) {
        if (ahost_dispatch(s))
            continue;
        athread *cand = aready_next(s, NULL);
        if (!cand) {
            trap->kind = RT_TRAP_NONE;
            if (ahost_poll_fds(s, trap))
                continue;
            if (trap->kind != RT_TRAP_NONE)
                return false;
            return ctrap(trap, "deadlock detected: event loop cannot make further progress");
        }
        rt_cinstance *inst = cand->task->inst;
        cinst_set_entered(inst, NULL, true);
        bool ok = athread_resume(s, cand, false, trap);
        cinst_set_entered(inst, NULL, false);
        if (!ok)
            return false;
    }
    return true;
}

/* ---- tasks -------------------------------------------------------------------------------- */

bool atask_deliver_pending_cancel(atask *task, bool cancellable)
{
    if (cancellable && task->state == TS_PENDING_CANCEL) {
        task->state = TS_CANCEL_DELIVERED;
        return true;
    }
    return false;
}

void atask_unref(atask *task)
{
    if (--task->refs == 0 && !task->on_stack) {
        if (task->ct.borrows && task->inst)
            ctask_orphan_borrows(&task->inst->table, &task->ct);
        free(task);
    }
}

bool athread_register(atask *task, athread *t, rt_trap *trap)
{
    if (!ahandle_add_thread(task->inst, t, &t->index, trap))
        return false;
    task->thread_count++;
    return true;
}

bool athread_unregister(atask *task, athread *t, rt_trap *trap)
{
    if (t->index) {
        ctable_remove(&task->inst->threads, t->index);
        t->index = 0;
    }
    task->thread_count--;
    bool ok = true;
    if (task->thread_count == 0) {
        if (task->state != TS_RESOLVED)
            ok = ctrap(trap, "task did not return a value before its last thread exited");
        else if (task->ct.borrows)
            ok = ctrap(trap, "borrow handles still remain at the end of the call");
    }
    return ok;
}

bool atask_return(atask *task, const rt_cval *result, rt_trap *trap)
{
    if (task->state == TS_RESOLVED)
        return ctrap(trap, "task already returned a value or was cancelled");
    if (task->ct.borrows)
        return ctrap(trap, "borrow handles still remain at the end of the call");
    acaller *cb = task->caller;
    task->state = TS_RESOLVED;
    return cb->on_resolve(cb, result, false, trap);
}

bool atask_cancel(atask *task, rt_trap *trap)
{
    if (task->state != TS_CANCEL_DELIVERED)
        return ctrap(trap, "task.cancel called when cancellation was not requested");
    if (task->ct.borrows)
        return ctrap(trap, "borrow handles still remain at the end of the call");
    task->state = TS_RESOLVED;
    return task->caller->on_resolve(task->caller, NULL, true, trap);
}

bool atask_request_cancellation(asched *s, atask *task, rt_cinstance *caller, rt_trap *trap)
{
    if (!task->inst) /* a deferred host function */
        return ahost_request_cancellation(task, trap);
    if (task->state == TS_INITIAL) {
        task->state = TS_CANCEL_DELIVERED;
        return athread_resume(s, task->implicit, true, trap);
    }
    rt_cinstance *inst = task->inst;
    athread *cand = NULL;
    bool excl = atask_needs_exclusive(task);
    for (athread *t = task->waiting.head; t && !cand; t = t->links[AQ_TASK].next) {
        if (!t->cancellable)
            continue;
        if (t == task->implicit && excl && inst->exclusive && inst->exclusive != t)
            continue;
        cand = t;
    }
    if (cand && cinst_may_enter_from(inst, caller)) {
        task->state = TS_CANCEL_DELIVERED;
        cinst_set_entered(inst, caller, true);
        bool ok = athread_resume(s, cand, true, trap);
        cinst_set_entered(inst, caller, false);
        return ok;
    }
    task->state = TS_PENDING_CANCEL;
    return true;
}

void asched_record_trap(asched *s, const rt_trap *trap)
{
    if (!s->trapped) {
        s->trapped = true;
        s->trap = *trap;
    }
}
