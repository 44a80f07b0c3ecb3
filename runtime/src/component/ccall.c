/* Calls across the component boundary: `canon lift` (host or another
 * component calling into core wasm) and `canon lower` (core wasm calling
 * out), meeting in the rt_cval tree. Implements the synchronous parts of
 * CanonicalABI.md "canon lift" / "canon lower": spilling of parameters
 * beyond MAX_FLAT_PARAMS and results beyond MAX_FLAT_RESULTS, post-return
 * with leaving blocked, borrow scopes, and poisoning after a trap. */
#include "component/cinternal.h"
#include "async/async_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ctrap(rt_trap *trap, const char *fmt, ...)
{
    trap->kind = RT_TRAP_COMPONENT;
    trap->func_index = UINT32_MAX;
    trap->offset = 0;
    trap->func_name[0] = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(trap->message, sizeof trap->message, fmt, ap);
    va_end(ap);
    return false;
}

static uint32_t params_flat_count(const rt_cfunctype *ft)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < ft->param_count && n <= CT_MAX_FLAT_PARAMS; i++)
        n += ft->params[i]->flat_count;
    return n;
}

/* The parameters as one tuple type, for spilling (built on demand). */
static const rt_ctype *params_tuple(comp_arena *a, const rt_cfunctype *ft)
{
    return rt_ctype_tuple(a, ft->param_count, ft->params);
}

static bool check_spill_ptr(ccx *cx, uint32_t ptr, const rt_ctype *t)
{
    if (ptr % t->align)
        return ctrap(cx->trap, "unaligned pointer");
    return mem_check(cx, ptr, t->size, "pointer out of bounds of memory");
}

static void release_lends(ccx *cx)
{
    for (uint32_t i = 0; i < cx->lent_count; i++) {
        uint32_t h = cx->lent[i];
        if (h < cx->inst->table.len && cx->inst->table.v[h].lends)
            cx->inst->table.v[h].lends--;
    }
    cx->lent_count = 0;
}

/* ---- re-entrance (CanonicalABI.md ComponentInstance.may_enter_from) ---------- */

/* Whether `x` is `from` or one of its ancestors. */
static bool in_ancestry(const rt_cinstance *x, const rt_cinstance *from)
{
    for (; from; from = from->instantiator)
        if (from == x)
            return true;
    return false;
}

/* The entering set of `inst` from `caller` is inst and its ancestors minus
 * the caller and its ancestors (execution stays inside those). Besides, a
 * call between a component instance and one of its reflexive ancestors
 * (parent to child, child to parent, an instance to itself) might be
 * recursive and traps: the reference's canon_lift check
 * trap_if(call_might_be_recursive(caller, inst)), which the suite's
 * async/trap-on-reenter.wast expects ("for now, trap on parent-to-child"
 * and "child-to-parent"). Calls from the host keep the may_enter flags. */
bool cinst_may_enter_from(const rt_cinstance *inst, const rt_cinstance *caller)
{
    if (caller && (in_ancestry(caller, inst) || in_ancestry(inst, caller)))
        return false;
    for (const rt_cinstance *x = inst; x; x = x->instantiator)
        if (!in_ancestry(x, caller) && (x->entered || x->poisoned))
            return false;
    return true;
}

void cinst_set_entered(rt_cinstance *inst, const rt_cinstance *caller, bool entered)
{
    for (rt_cinstance *x = inst; x; x = x->instantiator)
        if (!in_ancestry(x, caller))
            x->entered = entered;
}

/* ---- flat values <-> component values --------------------------------------------- */

bool cl_lower_params(ccx *cx, const rt_cfunctype *ft, const rt_cval *args, rt_val *flat,
                     uint32_t *n, uint32_t max_flat)
{
    *n = 0;
    if (params_flat_count(ft) > max_flat) {
        const rt_ctype *tuple = params_tuple(cx->arena, ft);
        if (!tuple)
            return ctrap(cx->trap, "out of memory");
        rt_cval tv = {.kind = RT_CT_TUPLE};
        tv.of.seq.items = (rt_cval *)args, tv.of.seq.count = ft->param_count;
        uint32_t ptr = 0;
        if (!call_realloc(cx, 0, 0, tuple->align, tuple->size, "pointer out of bounds of memory",
                          &ptr) ||
            !store_val(cx, &tv, tuple, ptr, 0))
            return false;
        flat[(*n)++] = rt_val_i32(ptr);
        return true;
    }
    for (uint32_t i = 0; i < ft->param_count; i++)
        if (!lower_flat(cx, &args[i], ft->params[i], flat, n, 0))
            return false;
    return true;
}

bool cl_lift_result(ccx *cx, const rt_cfunctype *ft, const rt_val *res, uint32_t nr,
                    rt_cval *result, uint32_t max_flat)
{
    if (!ft->result)
        return true;
    if (ft->result->flat_count > max_flat) {
        uint32_t ptr = res[0].of.i32;
        return check_spill_ptr(cx, ptr, ft->result) && load_val(cx, ptr, ft->result, result, 0);
    }
    uint32_t pos = 0;
    return lift_flat(cx, res, nr, &pos, ft->result, result, 0);
}

bool cl_lift_params(ccx *cx, const rt_cfunctype *ft, const rt_val *args, uint32_t max_flat,
                    rt_cval *vals, uint32_t *consumed)
{
    uint32_t nparams = 0;
    if (params_flat_count(ft) > max_flat) {
        const rt_ctype *tuple = params_tuple(cx->arena, ft);
        rt_cval tv;
        uint32_t ptr = args[nparams++].of.i32;
        if (!tuple)
            return ctrap(cx->trap, "out of memory");
        if (!check_spill_ptr(cx, ptr, tuple) || !load_val(cx, ptr, tuple, &tv, 0))
            return false;
        memcpy(vals, tv.of.seq.items, ft->param_count * sizeof *vals);
    } else {
        for (uint32_t i = 0; i < ft->param_count; i++)
            nparams += ft->params[i]->flat_count;
        uint32_t pos = 0;
        for (uint32_t i = 0; i < ft->param_count; i++)
            if (!lift_flat(cx, args, nparams, &pos, ft->params[i], &vals[i], 0))
                return false;
    }
    *consumed = nparams;
    return true;
}

bool cl_lower_result(ccx *cx, const rt_cfunctype *ft, const rt_cval *result, uint32_t max_flat,
                     rt_val *flat, uint32_t retptr)
{
    if (!ft->result)
        return true;
    if (ft->result->flat_count > max_flat)
        return check_spill_ptr(cx, retptr, ft->result) && store_val(cx, result, ft->result, retptr, 0);
    uint32_t pos = 0;
    return lower_flat(cx, result, ft->result, flat, &pos, 0);
}

/* ---- synchronous lifted calls ------------------------------------------------------- */

static bool call_lifted(rt_cfunc *f, rt_cinstance *caller, const rt_cval *args, rt_cval *result,
                        comp_arena *arena, rt_trap *trap)
{
    rt_cinstance *inst = f->inst;
    const rt_cfunctype *ft = f->type;
    if (!cinst_may_enter_from(inst, caller))
        return ctrap(trap, "cannot enter component instance");
    asched *s = asched_get(inst->store, trap);
    if (!s)
        return false;
    /* The call's task (on the heap: threads it spawns may outlive the
     * call) and its implicit thread, on this stack (a non-`async` callee
     * returns before the call does). */
    atask *taskp = calloc(1, sizeof *taskp);
    if (!taskp)
        return ctrap(trap, "out of memory");
    atask task_init = {.f = f, .inst = inst, .caller_inst = caller, .state = TS_STARTED,
                       .refs = 1};
    *taskp = task_init;
    atask *const tp = taskp;
    tp->ct.serial = ++inst->store->next_task;
    athread thread = {.sched = s, .task = tp, .running = true};
    tp->implicit = &thread;
    if (!athread_register(tp, &thread, trap)) {
        free(tp);
        return false;
    }
    athread *prev_thread = s->current;
    s->current = &thread;
    ctask *saved = inst->task;
    inst->task = &tp->ct;
    cinst_set_entered(inst, caller, true);
    ccx cx = {.opts = &f->opts, .inst = inst, .task = &tp->ct, .arena = arena, .trap = trap,
              .fused = caller != NULL};

    rt_val flat[CT_MAX_FLAT_PARAMS];
    uint32_t n = 0;
    bool ok = cl_lower_params(&cx, ft, args, flat, &n, CT_MAX_FLAT_PARAMS);
    rt_val res[1];
    const comp_functype *core_ft = rt_func_type(f->core);
    uint32_t nr = core_ft->result_count;
    if (ok && (n != core_ft->param_count || nr > 1))
        ok = ctrap(trap, "lifted core function has the wrong type");
    ok = ok && rt_call(f->core, flat, n, res, nr, trap);
    ok = ok && cl_lift_result(&cx, ft, res, nr, result, CT_MAX_FLAT_RESULTS);
    if (ok)
        tp->state = TS_RESOLVED;
    if (ok && f->opts.post_return) {
        inst->leave_blocked = true;
        ok = rt_call(f->opts.post_return, res, nr, NULL, 0, trap);
        inst->leave_blocked = false;
    }
    if (ok && tp->ct.borrows)
        ok = ctrap(trap, "borrow handles still remain at the end of the call");
    if (thread.index)
        ctable_remove(&inst->threads, thread.index);
    tp->thread_count--;
    tp->implicit = NULL;
    atask_unref(tp);
    inst->task = saved;
    s->current = prev_thread;
    cinst_set_entered(inst, caller, false);
    if (!ok)
        inst->poisoned = true;
    return ok;
}

/* ---- calls from the host into async-typed functions ----------------------------------- */

typedef struct host_caller {
    acaller cb;
    const rt_cval *args;
    rt_cval *result;
    bool resolved;
} host_caller;

static bool host_on_start(acaller *self, rt_cval **args, rt_trap *trap)
{
    (void)trap;
    *args = (rt_cval *)((host_caller *)self)->args;
    return true;
}

static bool host_on_resolve(acaller *self, const rt_cval *result, bool cancelled, rt_trap *trap)
{
    host_caller *h = (host_caller *)self;
    h->resolved = true;
    if (cancelled)
        return ctrap(trap, "the call was cancelled");
    if (h->result && result)
        *h->result = *result;
    return true;
}

static bool call_async_from_host(rt_cfunc *f, rt_cinstance *caller, const rt_cval *args,
                                 rt_cval *result, comp_arena *arena, rt_trap *trap)
{
    asched *s = asched_get(f->store, trap);
    if (!s)
        return false;
    host_caller h = {.cb = {.on_start = host_on_start, .on_resolve = host_on_resolve,
                            .arena = arena},
                     .args = args, .result = result};
    atask *task = NULL;
    bool ok = acanon_lift(f, caller, &h.cb, &task, trap) &&
              asched_run_until(s, (acond){AC_FLAG, &h.resolved, NULL}, trap);
    if (task)
        atask_unref(task);
    return ok;
}

bool cfunc_call(rt_cfunc *f, rt_cinstance *caller, const rt_cval *args, rt_cval *result,
                comp_arena *arena, rt_trap *trap)
{
    if (f->kind == CF_LIFTED)
        return f->type->async ? call_async_from_host(f, caller, args, result, arena, trap)
                              : call_lifted(f, caller, args, result, arena, trap);
    rt_chost_call call = {.store = f->store, .caller = caller, .type = f->type, .arena = arena};
    trap->kind = RT_TRAP_NONE;
    if (f->fn(f->user, &call, args, f->type->param_count, result, trap))
        return true;
    if (trap->kind == RT_TRAP_NONE)
        rt_trap_set(trap, RT_TRAP_HOST, "host function failed");
    return false;
}

bool rt_cfunc_call(rt_cfunc *f, const rt_cval *args, uint32_t arg_count, rt_cval *result,
                   comp_arena *arena, rt_trap *trap)
{
    const rt_cfunctype *ft = f->type;
    if (arg_count != ft->param_count) {
        rt_trap_set(trap, RT_TRAP_BAD_ARGS, NULL);
        snprintf(trap->message, sizeof trap->message, "expected %u arguments, got %u",
                 ft->param_count, arg_count);
        return false;
    }
    for (uint32_t i = 0; i < arg_count; i++) {
        comp_error err = {0};
        if (!rt_cval_check(&args[i], ft->params[i], &err)) {
            rt_trap_set(trap, RT_TRAP_BAD_ARGS, NULL);
            snprintf(trap->message, sizeof trap->message, "argument %u: %.150s", i, err.message);
            return false;
        }
    }
    return cfunc_call(f, NULL, args, result, arena, trap);
}

const rt_cfunctype *rt_cfunc_type(const rt_cfunc *f) { return f->type; }

/* ---- canon lower ---------------------------------------------------------------- */

typedef struct clowering {
    rt_cinstance *inst;   /* the lowering (calling) component instance */
    rt_cfunc *callee;
    copts opts;
    rt_func *self;        /* the core function made for it */
} clowering;

static bool lowered_call(void *user, rt_instance *caller, const rt_val *args, rt_val *results,
                         rt_trap *trap)
{
    clowering *l = user;
    rt_cinstance *inst = l->inst;
    const rt_cfunctype *ft = l->callee->type;
    if (inst->leave_blocked)
        return ctrap(trap, "cannot leave component instance");
    if (ft->async) {
        const comp_functype *cft = rt_func_type(l->self);
        return alower_call(inst, l->callee, &l->opts, args, cft->param_count, results, trap);
    }
    cscratch *scratch = cscratch_take(inst->store);
    if (!scratch)
        return ctrap(trap, "out of memory");
    comp_arena *arena = &scratch->arena;
    ccx cx = {.opts = &l->opts, .inst = inst, .task = inst->task, .arena = arena, .trap = trap,
              .fused = l->callee->kind == CF_LIFTED};
    rt_cval *vals = comp_arena_array(arena, ft->param_count ? ft->param_count : 1, sizeof *vals);
    bool ok = vals != NULL || ctrap(trap, "out of memory");
    uint32_t nparams = 0;
    uint32_t max_params = l->opts.async ? MAX_FLAT_ASYNC_PARAMS : CT_MAX_FLAT_PARAMS;
    ok = ok && cl_lift_params(&cx, ft, args, max_params, vals, &nparams);
    rt_cval result;
    ok = ok && cfunc_call(l->callee, inst, vals, &result, arena, trap);
    release_lends(&cx);
    if (ok && ft->result) {
        comp_error err = {0};
        if (l->callee->kind == CF_HOST && !rt_cval_check(&result, ft->result, &err))
            ok = ctrap(trap, "host function returned a bad value: %.120s", err.message);
        else
            ok = cl_lower_result(&cx, ft, &result, l->opts.async ? 0 : CT_MAX_FLAT_RESULTS,
                                 results, args[nparams].of.i32);
    }
    /* An async-lowered call that completed at once: RETURNED. */
    if (ok && l->opts.async)
        results[0] = rt_val_i32(ST_RETURNED);
    cscratch_give(inst->store, scratch);
    return ok;
}

rt_func *lower_trampoline(rt_cinstance *inst, rt_cfunc *callee, const copts *opts, rt_trap *trap)
{
    comp_arena *a = &inst->store->arena;
    clowering *l = comp_arena_alloc(a, sizeof *l);
    comp_functype ft;
    if (!l || !cfunctype_flatten_async(callee->type, true, opts->async, &ft, a)) {
        ctrap(trap, "out of memory");
        return NULL;
    }
    l->inst = inst, l->callee = callee, l->opts = *opts;
    rt_func *f = rt_func_new_host(inst->store->core, &ft, lowered_call, l);
    l->self = f;
    if (!f)
        ctrap(trap, "out of memory");
    return f;
}
