/* wasi:clocks at 0.3.0: monotonic-clock, whose `async` wait-until and
 * wait-for finish from the event loop when a store timer fires, system-clock,
 * and the unstable timezone interface, which exposes no timezone (the
 * host's is not granted to the guest: every answer is "none"). */
#include "wasi/wasi_p3.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOST_FN(name)                                                                        \
    static bool name(void *user, const rt_chost_call *call, const rt_cval *args,            \
                     uint32_t arg_count, rt_cval *result, rt_trap *trap)

static uint64_t resolution_ns(clockid_t id)
{
    struct timespec ts;
    if (clock_getres(id, &ts) != 0)
        return 1;
    uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    return ns ? ns : 1;
}

HOST_FN(mono_now) { *result = wasi_val_u64(wasi_monotonic_now()); return true; }
HOST_FN(mono_resolution) { *result = wasi_val_u64(resolution_ns(CLOCK_MONOTONIC)); return true; }

/* A wait in flight: the deferred call its timer finishes. */
typedef struct timer_job {
    wasi_job job;
    rt_cstore *store;
    rt_ctimer *timer;
    rt_chost_task *task;
} timer_job;

/* The run is over: no guest code will see the wait end, so it ends now
 * (which frees the call's task). */
static void timer_abandon(wasi_job *job)
{
    timer_job *t = (timer_job *)job;
    rt_ctimer_cancel(t->store, t->timer);
    t->timer = NULL;
    rt_trap ignored = {0};
    rt_chost_return(t->task, NULL, &ignored);
}

/* (The store's timer is the store's to free: it may be gone by now.) */
static void timer_release(wasi_job *job) { free(job); }

static void timer_fired(void *user)
{
    timer_job *t = user;
    rt_chost_task *task = t->task;
    t->timer = NULL; /* freed by the loop after this callback */
    wasi_job_end(&t->job);
    /* No result to lower: it fails only for a caller that trapped already. */
    rt_trap trap = {0};
    rt_chost_return(task, NULL, &trap);
}

static bool wait_until(rt_wasi *w, const rt_chost_call *call, uint64_t deadline, rt_trap *trap)
{
    if (deadline <= rt_cstore_now())
        return true; /* already past: finish now */
    rt_chost_task *task = rt_chost_defer(call);
    if (!task)
        return wasi_trap(trap, "wasi:clocks/monotonic-clock: wait called without `async`");
    timer_job *t = calloc(1, sizeof *t);
    if (!t)
        return wasi_trap(trap, "out of memory");
    t->task = task;
    t->store = call->store;
    t->job.abandon = timer_abandon;
    t->job.release = timer_release;
    wasi_job_link(w, &t->job);
    if (!(t->timer = rt_cstore_timer(call->store, deadline, timer_fired, t, trap))) {
        wasi_job_end(&t->job);
        return false;
    }
    return true;
}

HOST_FN(mono_wait_until) { return wait_until(user, call, args[0].of.u, trap); }

HOST_FN(mono_wait_for)
{
    uint64_t now = wasi_monotonic_now(), d = args[0].of.u;
    return wait_until(user, call, d > UINT64_MAX - now ? UINT64_MAX : now + d, trap);
}

/* instant { seconds: s64, nanoseconds: u32 } */
static bool instant(const rt_chost_call *call, int64_t s, uint32_t ns, rt_cval *result,
                    rt_trap *trap)
{
    rt_cval *f = comp_arena_array(call->arena, 2, sizeof *f);
    if (!f)
        return wasi_trap(trap, "out of memory");
    f[0] = (rt_cval){.kind = RT_CT_S64, .of.s = s};
    f[1] = wasi_val_u32(ns);
    *result = (rt_cval){.kind = RT_CT_RECORD};
    result->of.seq.items = f;
    result->of.seq.count = 2;
    return true;
}

HOST_FN(system_now)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return wasi_trap(trap, "wasi:clocks/system-clock: the system clock cannot be read");
    return instant(call, (int64_t)ts.tv_sec, (uint32_t)ts.tv_nsec, result, trap);
}

HOST_FN(system_resolution) { *result = wasi_val_u64(resolution_ns(CLOCK_REALTIME)); return true; }

HOST_FN(tz_none)
{
    return wasi_val_case(call->arena, RT_CT_OPTION, 0, NULL, result) ||
           wasi_trap(trap, "out of memory");
}

HOST_FN(tz_debug)
{
    static const char text[] = "no timezone (the host's is not exposed)";
    return wasi_val_string(call->arena, text, sizeof text - 1, result) ||
           wasi_trap(trap, "out of memory");
}

bool wasi_define_p3_clocks(rt_wasi *w, rt_clinker *l)
{
    const wasi_types *t = &w->t;
    comp_arena *a = &w->arena;
    static const char *const when[] = {"when"};
    static const char *const how_long[] = {"how-long"};
    static const char *const fields[] = {"seconds", "nanoseconds"};
    const rt_ctype *field_types[] = {rt_ctype_prim(RT_CT_S64), t->u32};
    const rt_ctype *instant_t = rt_ctype_labeled(a, RT_CT_RECORD, 2, fields, field_types);
    const rt_ctype *u64_p[] = {t->u64};
    const rt_ctype *instant_p[] = {instant_t};
    const rt_cfunctype *u64_result = wasi_functype(w, 0, NULL, NULL, t->u64);
    const wasi_func_def mono[] = {
        {"now", mono_now, u64_result},
        {"get-resolution", mono_resolution, u64_result},
        {"wait-until", mono_wait_until, wasi_functype_async(w, 1, when, u64_p, NULL)},
        {"wait-for", mono_wait_for, wasi_functype_async(w, 1, how_long, u64_p, NULL)},
    };
    const wasi_func_def sys[] = {
        {"now", system_now, wasi_functype(w, 0, NULL, NULL, instant_t)},
        {"get-resolution", system_resolution, u64_result},
    };
    const wasi_func_def tz[] = {
        {"iana-id", tz_none, wasi_functype(w, 0, NULL, NULL, rt_ctype_option(a, t->string))},
        {"utc-offset", tz_none,
         wasi_functype(w, 1, when, instant_p, rt_ctype_option(a, rt_ctype_prim(RT_CT_S64)))},
        {"to-debug-string", tz_debug, wasi_functype(w, 0, NULL, NULL, t->string)},
    };
    return wasi_define_funcs(w, l, "wasi:clocks/monotonic-clock@0.3.0", mono, 4) &&
           wasi_define_funcs(w, l, "wasi:clocks/system-clock@0.3.0", sys, 2) &&
           wasi_define_funcs(w, l, "wasi:clocks/timezone@0.3.0", tz, 3);
}
