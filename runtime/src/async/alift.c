/* canon lift of `async`-typed functions (CanonicalABI.md "canon lift"):
 * the implicit thread runs on its own coroutine, waits for backpressure,
 * then runs the callee with the sync ABI, the stackful async ABI, or the
 * callback (stackless) ABI and its event loop. */
#include "async/async_internal.h"

#include <stdlib.h>

static bool callback_loop(asched *s, athread *t, rt_val r, rt_trap *trap)
{
    atask *task = t->task;
    rt_cinstance *inst = task->inst;
    for (;;) {
        uint32_t packed = r.of.i32, code = packed & 0xf;
        if (code > CB_WAIT)
            return ctrap(trap, "unsupported callback code");
        if (code == CB_EXIT)
            return true;
        inst->exclusive = NULL;
        aready_unlocked(inst);
        uint32_t ev[3] = {EV_NONE, 0, 0};
        if (code == CB_YIELD) {
            int cancelled;
            if (!athread_wait_until(s, (acond){AC_NO_EXCLUSIVE, inst, NULL}, true, &cancelled, trap))
                return false;
            if (cancelled)
                ev[0] = EV_TASK_CANCELLED;
        } else {
            awset *set = ahandle_get(inst, packed >> 4, HK_WAITABLE_SET, trap);
            if (!set || !awset_wait(s, set, true, true, ev, trap))
                return false;
        }
        inst->exclusive = t;
        rt_val args[3] = {rt_val_i32(ev[0]), rt_val_i32(ev[1]), rt_val_i32(ev[2])};
        if (!rt_call(task->f->opts.callback, args, 3, &r, 1, trap))
            return false;
    }
}

static bool lift_thread(asched *s, athread *t, rt_trap *trap)
{
    atask *task = t->task;
    rt_cfunc *f = task->f;
    rt_cinstance *inst = task->inst;
    /* Task.enter_implicit_thread: backpressure. */
    if (inst->backpressure || (atask_needs_exclusive(task) && inst->exclusive) ||
        inst->num_waiting_to_enter) {
        inst->num_waiting_to_enter++;
        int cancelled;
        bool ok = athread_wait_until(s, (acond){AC_NO_BACKPRESSURE, task, NULL}, true, &cancelled, trap);
        inst->num_waiting_to_enter--;
        if (!ok)
            return false;
        if (cancelled) {
            task->state = TS_CANCEL_DELIVERED;
            return atask_cancel(task, trap);
        }
    }
    if (atask_needs_exclusive(task))
        inst->exclusive = t;
    if (!athread_register(task, t, trap))
        return false;

    task->state = TS_STARTED;
    acaller *cb = task->caller;
    rt_cval *args = NULL;
    if (!cb->on_start(cb, &args, trap))
        return false;
    ccx cx = {.opts = &f->opts, .inst = inst, .task = &task->ct, .arena = cb->arena,
              .trap = trap, .fused = task->caller_inst != NULL};
    rt_val flat[CT_MAX_FLAT_PARAMS];
    uint32_t n = 0;
    if (!cl_lower_params(&cx, f->type, args, flat, &n, CT_MAX_FLAT_PARAMS))
        return false;
    const comp_functype *core_ft = rt_func_type(f->core);
    uint32_t nr = core_ft->result_count;
    if (n != core_ft->param_count || nr > 1)
        return ctrap(trap, "lifted core function has the wrong type");
    rt_val res[1];
    if (!rt_call(f->core, flat, n, res, nr, trap))
        return false;
    if (!f->opts.async) {
        rt_cval result;
        if (!cl_lift_result(&cx, f->type, res, nr, &result, CT_MAX_FLAT_RESULTS) ||
            !atask_return(task, f->type->result ? &result : NULL, trap))
            return false;
        if (f->opts.post_return) {
            inst->leave_blocked = true;
            bool ok = rt_call(f->opts.post_return, res, nr, NULL, 0, trap);
            inst->leave_blocked = false;
            if (!ok)
                return false;
        }
    } else if (f->opts.callback) {
        if (nr != 1)
            return ctrap(trap, "lifted core function has the wrong type");
        if (!callback_loop(s, t, res[0], trap))
            return false;
    }
    if (atask_needs_exclusive(task) && inst->exclusive == t) {
        inst->exclusive = NULL;
        aready_unlocked(inst);
    }
    return athread_unregister(task, t, trap);
}

static void implicit_main(void *arg)
{
    athread *t = arg;
    atask *task = t->task;
    asched *s = t->sched;
    rt_trap trap;
    if (!lift_thread(s, t, &trap)) {
        task->inst->poisoned = true;
        if (task->inst->exclusive == t) {
            task->inst->exclusive = NULL;
            aready_unlocked(task->inst);
        }
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

bool acanon_lift(rt_cfunc *f, rt_cinstance *caller, acaller *cb, atask **task_out,
                 rt_trap *trap)
{
    rt_cinstance *inst = f->inst;
    *task_out = NULL;
    if (!cinst_may_enter_from(inst, caller))
        return ctrap(trap, "cannot enter component instance");
    asched *s = asched_get(inst->store, trap);
    if (!s)
        return false;
    atask *task = calloc(1, sizeof *task);
    athread *t = calloc(1, sizeof *t);
    if (!task || !t || !(t->coro = acoro_new(s, implicit_main, t))) {
        free(task);
        free(t);
        return ctrap(trap, "out of memory starting a thread");
    }
    task->f = f, task->inst = inst, task->caller = cb, task->caller_inst = caller;
    task->state = TS_INITIAL;
    task->refs = 2; /* the caller's and the implicit thread's */
    task->ct.serial = ++inst->store->next_task;
    task->implicit = t;
    t->task = task, t->sched = s;
    *task_out = task;
    cinst_set_entered(inst, caller, true);
    bool ok = athread_resume(s, t, false, trap);
    cinst_set_entered(inst, caller, false);
    return ok;
}
