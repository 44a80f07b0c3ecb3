/* Calls across the component boundary: `canon lift` (host or another
 * component calling into core wasm) and `canon lower` (core wasm calling
 * out), meeting in the rt_cval tree. Implements the synchronous parts of
 * CanonicalABI.md "canon lift" / "canon lower": spilling of parameters
 * beyond MAX_FLAT_PARAMS and results beyond MAX_FLAT_RESULTS, post-return
 * with leaving blocked, borrow scopes, and poisoning after a trap. */
#include "component/cinternal.h"

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
 * the caller and its ancestors (execution stays inside those). */
static bool may_enter_from(const rt_cinstance *inst, const rt_cinstance *caller)
{
    for (const rt_cinstance *x = inst; x; x = x->instantiator)
        if (!in_ancestry(x, caller) && (x->entered || x->poisoned))
            return false;
    return true;
}

static void set_entered(rt_cinstance *inst, const rt_cinstance *caller, bool entered)
{
    for (rt_cinstance *x = inst; x; x = x->instantiator)
        if (!in_ancestry(x, caller))
            x->entered = entered;
}

static bool call_lifted(rt_cfunc *f, rt_cinstance *caller, const rt_cval *args, rt_cval *result,
                        comp_arena *arena, rt_trap *trap)
{
    rt_cinstance *inst = f->inst;
    const rt_cfunctype *ft = f->type;
    if (!may_enter_from(inst, caller))
        return ctrap(trap, "cannot enter component instance");
    ctask task = {.serial = ++inst->store->next_task};
    ctask *saved = inst->task;
    inst->task = &task;
    set_entered(inst, caller, true);
    ccx cx = {.opts = &f->opts, .inst = inst, .task = &task, .arena = arena, .trap = trap,
              .fused = caller != NULL};

    rt_val flat[CT_MAX_FLAT_PARAMS];
    uint32_t n = 0;
    bool ok = true;
    if (params_flat_count(ft) > CT_MAX_FLAT_PARAMS) {
        const rt_ctype *tuple = params_tuple(arena, ft);
        rt_cval tv = {.kind = RT_CT_TUPLE};
        tv.of.seq.items = (rt_cval *)args, tv.of.seq.count = ft->param_count;
        uint32_t ptr = 0;
        ok = tuple && call_realloc(&cx, 0, 0, tuple->align, tuple->size,
                                          "pointer out of bounds of memory", &ptr) &&
             store_val(&cx, &tv, tuple, ptr, 0);
        if (!tuple)
            ctrap(trap, "out of memory");
        flat[n++] = rt_val_i32(ptr);
    } else {
        for (uint32_t i = 0; ok && i < ft->param_count; i++)
            ok = lower_flat(&cx, &args[i], ft->params[i], flat, &n, 0);
    }
    rt_val res[1];
    const comp_functype *core_ft = rt_func_type(f->core);
    uint32_t nr = core_ft->result_count;
    if (ok && (n != core_ft->param_count || nr > 1))
        ok = ctrap(trap, "lifted core function has the wrong type");
    ok = ok && rt_call(f->core, flat, n, res, nr, trap);
    if (ok && ft->result) {
        if (ft->result->flat_count > CT_MAX_FLAT_RESULTS) {
            uint32_t ptr = res[0].of.i32;
            ok = check_spill_ptr(&cx, ptr, ft->result) && load_val(&cx, ptr, ft->result, result, 0);
        } else {
            uint32_t pos = 0;
            ok = lift_flat(&cx, res, nr, &pos, ft->result, result, 0);
        }
    }
    if (ok && f->opts.post_return) {
        inst->leave_blocked = true;
        ok = rt_call(f->opts.post_return, res, nr, NULL, 0, trap);
        inst->leave_blocked = false;
    }
    if (ok && task.borrows)
        ok = ctrap(trap, "borrow handles still remain at the end of the call");
    inst->task = saved;
    set_entered(inst, caller, false);
    if (!ok)
        inst->poisoned = true;
    return ok;
}

bool cfunc_call(rt_cfunc *f, rt_cinstance *caller, const rt_cval *args, rt_cval *result,
                comp_arena *arena, rt_trap *trap)
{
    if (f->kind == CF_LIFTED)
        return call_lifted(f, caller, args, result, arena, trap);
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
} clowering;

static bool lowered_call(void *user, rt_instance *caller, const rt_val *args, rt_val *results,
                         rt_trap *trap)
{
    clowering *l = user;
    rt_cinstance *inst = l->inst;
    const rt_cfunctype *ft = l->callee->type;
    if (inst->leave_blocked)
        return ctrap(trap, "cannot leave component instance");
    comp_arena arena;
    comp_arena_init(&arena);
    ccx cx = {.opts = &l->opts, .inst = inst, .task = inst->task, .arena = &arena, .trap = trap,
              .fused = l->callee->kind == CF_LIFTED};
    rt_cval *vals = comp_arena_array(&arena, ft->param_count ? ft->param_count : 1, sizeof *vals);
    bool ok = vals != NULL || ctrap(trap, "out of memory");
    uint32_t nparams = 0;
    if (ok && params_flat_count(ft) > CT_MAX_FLAT_PARAMS) {
        const rt_ctype *tuple = params_tuple(&arena, ft);
        rt_cval tv;
        uint32_t ptr = args[nparams++].of.i32;
        ok = tuple ? check_spill_ptr(&cx, ptr, tuple) && load_val(&cx, ptr, tuple, &tv, 0)
                   : ctrap(trap, "out of memory");
        if (ok)
            memcpy(vals, tv.of.seq.items, ft->param_count * sizeof *vals);
    } else if (ok) {
        for (uint32_t i = 0; i < ft->param_count; i++)
            nparams += ft->params[i]->flat_count;
        uint32_t pos = 0;
        for (uint32_t i = 0; ok && i < ft->param_count; i++)
            ok = lift_flat(&cx, args, nparams, &pos, ft->params[i], &vals[i], 0);
    }
    rt_cval result;
    ok = ok && cfunc_call(l->callee, inst, vals, &result, &arena, trap);
    release_lends(&cx);
    if (ok && ft->result) {
        comp_error err = {0};
        if (l->callee->kind == CF_HOST && !rt_cval_check(&result, ft->result, &err))
            ok = ctrap(trap, "host function returned a bad value: %.120s", err.message);
        else if (ft->result->flat_count > CT_MAX_FLAT_RESULTS) {
            uint32_t ptr = args[nparams].of.i32;
            ok = check_spill_ptr(&cx, ptr, ft->result) && store_val(&cx, &result, ft->result, ptr, 0);
        } else {
            uint32_t pos = 0;
            ok = lower_flat(&cx, &result, ft->result, results, &pos, 0);
        }
    }
    comp_arena_free(&arena);
    return ok;
}

rt_func *lower_trampoline(rt_cinstance *inst, rt_cfunc *callee, const copts *opts, rt_trap *trap)
{
    comp_arena *a = &inst->store->arena;
    clowering *l = comp_arena_alloc(a, sizeof *l);
    comp_functype ft;
    if (!l || !cfunctype_flatten(callee->type, true, &ft, a)) {
        ctrap(trap, "out of memory");
        return NULL;
    }
    l->inst = inst, l->callee = callee, l->opts = *opts;
    rt_func *f = rt_func_new_host(inst->store->core, &ft, lowered_call, l);
    if (!f)
        ctrap(trap, "out of memory");
    return f;
}
