/* poll_oneoff: every subscription becomes a 0.2 pollable (a clock
 * subscription, a stdio stream's readiness, or an already-ready timer for
 * files, which never block, and for subscriptions that fail), then one
 * wasi:io/poll.poll call waits for the first of them. */
#include "adapter.h"

static uint64_t realtime_now(void)
{
    uint8_t ret[16] __attribute__((aligned(8)));
    p2_wall_now(ret);
    return datetime_to_ns(ld64(ret), ld32(ret + 8));
}

static int32_t clock_pollable(const uint8_t *sub, uint16_t *err)
{
    uint32_t id = ld32(sub + 16);
    uint64_t timeout = ld64(sub + 24);
    int absolute = (ld16(sub + 40) & P1_SUBCLOCK_ABSTIME) != 0;
    if (id == P1_CLOCK_MONOTONIC)
        return absolute ? p2_monotonic_subscribe_instant((int64_t)timeout)
                        : p2_monotonic_subscribe_duration((int64_t)timeout);
    if (id == P1_CLOCK_REALTIME) {
        if (absolute) {
            uint64_t now = realtime_now();
            timeout = timeout > now ? timeout - now : 0;
        }
        return p2_monotonic_subscribe_duration((int64_t)timeout);
    }
    *err = P1_EINVAL;
    return p2_monotonic_subscribe_duration(0);
}

static int32_t fd_pollable(adapter_state *st, const uint8_t *sub, int reading, uint16_t *err)
{
    adapter_fd *f = fd_get(st, (int32_t)ld32(sub + 16));
    if (f && f->kind == FD_STDIO) {
        int32_t stream = reading ? fd_input_stream(f) : fd_output_stream(f);
        if (stream)
            return reading ? p2_input_subscribe(stream) : p2_output_subscribe(stream);
    }
    if (!f || f->kind == FD_STDIO)
        *err = P1_EBADF;
    return p2_monotonic_subscribe_duration(0);
}

/* The fd_readwrite part of an event for a ready descriptor. */
static void fd_event(adapter_state *st, const uint8_t *sub, uint8_t *ev, int reading)
{
    adapter_fd *f = fd_get(st, (int32_t)ld32(sub + 16));
    uint64_t nbytes = 1;
    uint16_t flags = 0;
    if (reading && f && f->kind == FD_FILE) {
        uint8_t ret[104] __attribute__((aligned(8)));
        p2_descriptor_stat(f->handle, ret);
        if (ld8(ret)) {
            st16(ev + 8, (uint16_t)errno_from_code(ld8(ret + 8)));
        } else {
            uint64_t size = ld64(ret + 24);
            nbytes = size > f->position ? size - f->position : 0;
            if (!nbytes)
                flags = P1_EVENTRW_HANGUP;
        }
    }
    st64(ev + 16, nbytes);
    st16(ev + 24, flags);
}

EXPORT("poll_oneoff")
p1_errno poll_oneoff(const uint8_t *in, uint8_t *out, uint32_t nsubs, uint32_t *nevents)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    st32(nevents, 0);
    if (nsubs == 0)
        return P1_EINVAL; /* would sleep forever */
    for (uint32_t i = 0; i < nsubs; i++) {
        if (ld8(in + (size_t)i * P1_SUBSCRIPTION_SIZE + 8) > P1_EVENTTYPE_FD_WRITE)
            return P1_EINVAL;
    }
    ia_use_arena(st);
    int32_t *pollables = ia_alloc(st, 4, nsubs * 4u);
    uint16_t *errs = ia_alloc(st, 2, nsubs * 2u);
    for (uint32_t i = 0; i < nsubs; i++) {
        const uint8_t *sub = in + (size_t)i * P1_SUBSCRIPTION_SIZE;
        uint8_t tag = ld8(sub + 8);
        errs[i] = 0;
        pollables[i] = tag == P1_EVENTTYPE_CLOCK
                           ? clock_pollable(sub, &errs[i])
                           : fd_pollable(st, sub, tag == P1_EVENTTYPE_FD_READ, &errs[i]);
    }
    uint8_t ret[8] __attribute__((aligned(4)));
    p2_poll(pollables, (int32_t)nsubs, ret);
    ia_done(st);
    const uint8_t *ready = ptr_of(ld32(ret));
    uint32_t nready = ld32(ret + 4), count = 0;
    for (uint32_t r = 0; r < nready && count < nsubs; r++) {
        uint32_t i = ld32(ready + (size_t)r * 4);
        if (i >= nsubs)
            ADAPTER_TRAP();
        const uint8_t *sub = in + (size_t)i * P1_SUBSCRIPTION_SIZE;
        uint8_t tag = ld8(sub + 8);
        uint8_t *ev = out + (size_t)count++ * P1_EVENT_SIZE;
        __builtin_memset(ev, 0, P1_EVENT_SIZE);
        st64(ev, ld64(sub));
        st16(ev + 8, errs[i]);
        st8(ev + 10, tag);
        if (tag != P1_EVENTTYPE_CLOCK && !errs[i])
            fd_event(st, sub, ev, tag == P1_EVENTTYPE_FD_READ);
    }
    for (uint32_t i = 0; i < nsubs; i++)
        p2_drop_pollable(pollables[i]);
    st32(nevents, count);
    return 0;
}
