/* wasi:clocks at 0.2.x: monotonic-clock (with timer pollables) and
 * wall-clock. The unstable timezone interface is not provided. */
#include "wasi/wasi_host.h"

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

static bool timer(rt_wasi *w, uint64_t deadline, rt_cval *result, rt_trap *trap)
{
    uint32_t rep = wasi_pollable_timer_new(w, deadline);
    if (!rep)
        return wasi_trap(trap, "out of memory");
    *result = wasi_val_own(w->t.pollable, rep);
    return true;
}

HOST_FN(mono_subscribe_instant) { return timer(user, args[0].of.u, result, trap); }

HOST_FN(mono_subscribe_duration)
{
    uint64_t now = wasi_monotonic_now(), d = args[0].of.u;
    return timer(user, d > UINT64_MAX - now ? UINT64_MAX : now + d, result, trap);
}

/* datetime { seconds: u64, nanoseconds: u32 } */
static bool datetime(const rt_chost_call *call, uint64_t s, uint32_t ns, rt_cval *result,
                     rt_trap *trap)
{
    rt_cval *f = comp_arena_array(call->arena, 2, sizeof *f);
    if (!f)
        return wasi_trap(trap, "out of memory");
    f[0] = wasi_val_u64(s);
    f[1] = wasi_val_u32(ns);
    *result = (rt_cval){.kind = RT_CT_RECORD};
    result->of.seq.items = f;
    result->of.seq.count = 2;
    return true;
}

HOST_FN(wall_now)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0)
        ts.tv_sec = 0, ts.tv_nsec = 0; /* before 1970: the WIT has no way to say it */
    return datetime(call, (uint64_t)ts.tv_sec, (uint32_t)ts.tv_nsec, result, trap);
}

HOST_FN(wall_resolution)
{
    uint64_t ns = resolution_ns(CLOCK_REALTIME);
    return datetime(call, ns / 1000000000u, (uint32_t)(ns % 1000000000u), result, trap);
}

bool wasi_define_p2_clocks(rt_wasi *w, rt_clinker *l)
{
    const wasi_types *t = &w->t;
    static const char *const when[] = {"when"};
    static const char *const dt_fields[] = {"seconds", "nanoseconds"};
    const rt_ctype *dt_types[] = {t->u64, t->u32};
    const rt_ctype *dt = rt_ctype_labeled(&w->arena, RT_CT_RECORD, 2, dt_fields, dt_types);
    const rt_ctype *u64_p[] = {t->u64};
    const rt_cfunctype *u64_result = wasi_functype(w, 0, NULL, NULL, t->u64);
    const rt_cfunctype *sub = wasi_functype(w, 1, when, u64_p, t->own_pollable);
    const rt_cfunctype *dt_result = wasi_functype(w, 0, NULL, NULL, dt);
    const wasi_func_def mono[] = {
        {"now", mono_now, u64_result},
        {"resolution", mono_resolution, u64_result},
        {"subscribe-instant", mono_subscribe_instant, sub},
        {"subscribe-duration", mono_subscribe_duration, sub},
    };
    const wasi_func_def wall[] = {
        {"now", wall_now, dt_result},
        {"resolution", wall_resolution, dt_result},
    };
    return wasi_define_funcs(w, l, "wasi:clocks/monotonic-clock@0.2.12", mono, 4) &&
           wasi_define_funcs(w, l, "wasi:clocks/wall-clock@0.2.12", wall, 2);
}
