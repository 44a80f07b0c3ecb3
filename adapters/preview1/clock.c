/* Clocks, randomness, process exit and yield. */
#include "adapter.h"

static uint64_t wall_ns(void (*get)(void *))
{
    uint8_t ret[16] __attribute__((aligned(8)));
    get(ret);
    return datetime_to_ns(ld64(ret), ld32(ret + 8));
}

EXPORT("clock_res_get")
p1_errno clock_res_get(uint32_t id, uint64_t *resolution)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state_get();
    uint64_t res;
    if (id == P1_CLOCK_REALTIME)
        res = wall_ns(p2_wall_resolution);
    else if (id == P1_CLOCK_MONOTONIC)
        res = (uint64_t)p2_monotonic_resolution();
    else
        return P1_EINVAL; /* the cputime clocks have no 0.2 counterpart */
    st64(resolution, res);
    return 0;
}

EXPORT("clock_time_get")
p1_errno clock_time_get(uint32_t id, uint64_t precision, uint64_t *time)
{
    if (!adapter_ready()) {
        st64(time, 0);
        return 0;
    }
    adapter_state_get();
    uint64_t now;
    if (id == P1_CLOCK_REALTIME)
        now = wall_ns(p2_wall_now);
    else if (id == P1_CLOCK_MONOTONIC)
        now = (uint64_t)p2_monotonic_now();
    else
        return P1_EINVAL;
    st64(time, now);
    return 0;
}

EXPORT("random_get")
p1_errno random_get(uint8_t *buf, uint32_t len)
{
    RETURN_IF_NOT_READY(0);
    adapter_state *st = adapter_state_get();
    uint8_t ret[8] __attribute__((aligned(4)));
    /* The bytes land straight in the caller's buffer. */
    ia_use_buffer(st, buf, len);
    p2_get_random_bytes(len, ret);
    ia_done(st);
    if (ld32(ret) != (uint32_t)(uintptr_t)buf || ld32(ret + 4) != len)
        ADAPTER_TRAP();
    return 0;
}

/* 0 and 1 go through exit (ok / err), which every 0.2 host has; other codes
 * through exit-with-code (0.2.12) so the host reports them as given. */
EXPORT("proc_exit")
void proc_exit(uint32_t code)
{
    if (code <= 1 || code > 255)
        p2_exit(code != 0);
    else
        p2_exit_with_code((int32_t)code);
    ADAPTER_TRAP(); /* exit does not return */
}

EXPORT("proc_raise")
p1_errno proc_raise(uint32_t sig)
{
    return P1_ENOTSUP;
}

EXPORT("sched_yield")
p1_errno sched_yield(void)
{
    return 0;
}
