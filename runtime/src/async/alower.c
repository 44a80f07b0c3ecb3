/* canon lower of an `async`-typed callee (CanonicalABI.md "canon lower"):
 * a Subtask records the caller's side; its OnStart lifts the arguments
 * from the caller's memory and its OnResolve lowers the result back, both
 * running whenever the callee gets there. */
#include "async/async_internal.h"

#include <stdlib.h>
#include <string.h>

static void on_progress(asubtask *st)
{
    if (st->progress_events)
        awaitable_set_pending(&st->w);
}

static bool st_on_start(acaller *self, rt_cval **args, rt_trap *trap)
{
    asubtask *st = (asubtask *)((char *)self - offsetof(asubtask, cb));
    on_progress(st);
    st->state = ST_STARTED;
    const rt_cfunctype *ft = st->fn->type;
    ccx cx = {.opts = &st->opts, .inst = st->inst, .task = st->inst->task, .arena = &st->arena,
              .trap = trap, .fused = true};
    rt_cval *vals = comp_arena_array(&st->arena, ft->param_count ? ft->param_count : 1,
                                     sizeof *vals);
    if (!vals)
        return ctrap(trap, "out of memory");
    uint32_t consumed = 0;
    bool ok = cl_lift_params(&cx, ft, st->flat_args,
                             st->async_lower ? MAX_FLAT_ASYNC_PARAMS : CT_MAX_FLAT_PARAMS, vals,
                             &consumed);
    st->lent = cx.lent, st->lent_count = cx.lent_count, st->lent_cap = cx.lent_cap;
    if (consumed < st->flat_count)
        st->retptr = st->flat_args[consumed].of.i32;
    *args = vals;
    return ok;
}

static bool st_on_resolve(acaller *self, const rt_cval *result, bool cancelled, rt_trap *trap)
{
    asubtask *st = (asubtask *)((char *)self - offsetof(asubtask, cb));
    on_progress(st);
    if (cancelled) {
        st->state = st->state == ST_STARTING ? ST_CANCELLED_BEFORE_STARTED
                                             : ST_CANCELLED_BEFORE_RETURNED;
        aready_wake(&st->w.waiters);
        return true;
    }
    ccx cx = {.opts = &st->opts, .inst = st->inst, .task = NULL, .arena = &st->arena,
              .trap = trap, .fused = true};
    bool ok = cl_lower_result(&cx, st->fn->type, result,
                              st->async_lower ? 0 : CT_MAX_FLAT_RESULTS, st->flat_results,
                              st->retptr);
    st->state = ST_RETURNED;
    aready_wake(&st->w.waiters);
    return ok;
}

bool alower_call(rt_cinstance *inst, rt_cfunc *callee, const copts *opts, const rt_val *args,
                 uint32_t arg_count, rt_val *results, rt_trap *trap)
{
    asched *s = asched_get(inst->store, trap);
    if (!s)
        return false;
    /* A synchronous call of an `async` function may block: a non-`async`
     * task (or code outside any task) may not make one. */
    atask *cur = s->current ? s->current->task : NULL;
    if (!opts->async && (!cur || !cur->f || !cur->f->type->async))
        return ctrap(trap, "cannot block a synchronous task before returning");
    asubtask *st = calloc(1, sizeof *st);
    if (!st)
        return ctrap(trap, "out of memory");
    comp_arena_init(&st->arena);
    st->w.kind = HK_SUBTASK, st->w.inst = inst;
    st->inst = inst, st->opts = *opts, st->fn = callee, st->async_lower = opts->async;
    st->flat_count = arg_count < CT_MAX_FLAT_PARAMS + 1 ? arg_count : CT_MAX_FLAT_PARAMS + 1;
    memcpy(st->flat_args, args, st->flat_count * sizeof *args);
    st->cb = (acaller){.on_start = st_on_start, .on_resolve = st_on_resolve, .arena = &st->arena};
    atask *task = NULL;
    bool ok = callee->kind == CF_LIFTED ? acanon_lift(callee, inst, &st->cb, &task, trap)
                                        : ahost_lift(callee, inst, &st->cb, &task, trap);
    st->callee = task;
    if (!ok) {
        asubtask_free(st);
        return false;
    }
    if (!opts->async) {
        int cancelled;
        if (!asubtask_resolved(st) &&
            !athread_wait_until(s, (acond){AC_SUBTASK_RESOLVED, st, NULL}, false, &cancelled, trap)) {
            asubtask_free(st);
            return false;
        }
        asubtask_deliver_resolve(st);
        const comp_functype *cft = NULL;
        (void)cft;
        if (callee->type->result && callee->type->result->flat_count <= CT_MAX_FLAT_RESULTS)
            results[0] = st->flat_results[0];
        asubtask_free(st);
        return true;
    }
    if (asubtask_resolved(st)) {
        asubtask_deliver_resolve(st);
        asubtask_free(st);
        results[0] = rt_val_i32(ST_RETURNED);
        return true;
    }
    uint32_t index;
    if (!ahandle_add(inst, HK_SUBTASK, st, &index, trap)) {
        asubtask_free(st);
        return false;
    }
    st->w.index = index;
    st->progress_events = true;
    results[0] = rt_val_i32((uint32_t)st->state | index << 4);
    return true;
}
