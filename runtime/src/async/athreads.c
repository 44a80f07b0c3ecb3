/* Explicit threads and the thread.* built-ins' switching (CanonicalABI.md
 * "canon thread.new-indirect" .. "canon thread.yield-then-promote"). A
 * thread on its caller's stack (the implicit thread of a non-`async` call)
 * cannot be switched away from: while "suspended" it runs other threads of
 * its instance until one of them resumes it. */
#include "async/async_internal.h"

#include <stdlib.h>

static void explicit_main(void *arg)
{
    athread *t = arg;
    atask *task = t->task;
    asched *s = t->sched;
    rt_trap trap;
    rt_val a = rt_val_i32(t->entry_arg);
    if (!rt_call(t->entry, &a, 1, NULL, 0, &trap) || !athread_unregister(task, t, &trap)) {
        task->inst->poisoned = true;
        if (t->index) {
            ctable_remove(&task->inst->threads, t->index);
            t->index = 0;
        }
        asched_record_trap(s, &trap);
    }
    t->finished = true;
    t->running = false;
    atask_unref(task);
}

bool athread_new_indirect(asched *s, rt_func *entry, uint32_t arg, uint32_t *index,
                          rt_trap *trap)
{
    atask *task = s->current->task;
    if (task->on_stack)
        return ctrap(trap, "cannot create a thread outside of a task");
    athread *t = calloc(1, sizeof *t);
    if (!t || !(t->coro = acoro_new(s, explicit_main, t))) {
        free(t);
        return ctrap(trap, "out of memory starting a thread");
    }
    t->sched = s, t->task = task, t->entry = entry, t->entry_arg = arg;
    if (!athread_register(task, t, trap))
        return false; /* the coroutine never runs: freed with the store */
    task->refs++;
    *index = t->index;
    return true;
}

bool athread_suspended(const athread *t) { return !t->running && !t->waiting && !t->woken; }

void athread_resume_later(asched *s, athread *t)
{
    if (t->coro)
        athread_start_waiting(s, t, (acond){AC_ALWAYS, NULL, NULL});
    else
        t->woken = true;
}

/* The current thread is on its caller's stack: run others until woken. */
static bool stack_switch(asched *s, athread *me, athread *other, bool leave_ready, rt_trap *trap)
{
    rt_cinstance *inst = me->task->inst;
    me->running = false;
    me->woken = leave_ready;
    if (other && !athread_resume(s, other, false, trap))
        return false;
    s->current = me;
    while (!me->woken) {
        athread *cand = aready_next(s, inst);
        if (!cand)
            return ctrap(trap, "cannot block a synchronous task before returning");
        if (!athread_resume(s, cand, false, trap))
            return false;
        s->current = me;
    }
    me->woken = false;
    me->running = true;
    return true;
}

bool athread_switch(asched *s, athread *other, bool leave_ready, bool cancellable,
                    int *cancelled, rt_trap *trap)
{
    athread *me = s->current;
    *cancelled = 0;
    if (atask_deliver_pending_cancel(me->task, cancellable)) {
        *cancelled = 1;
        return true;
    }
    if (!me->coro)
        return stack_switch(s, me, other, leave_ready, trap);
    if (leave_ready)
        athread_start_waiting(s, me, (acond){AC_ALWAYS, NULL, NULL});
    if (other && !other->coro) {
        other->woken = true;
        other = NULL;
    }
    return athread_block(s, other, cancellable, cancelled, trap);
}
