/* Pollables: always ready, monotonic-clock timers, and stream readiness.
 * Waiting is one poll(2) over the pipe-like descriptors with the nearest
 * timer deadline as its timeout, repeated until something is ready. */
#include "wasi/wasi_stream_io.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>

uint64_t wasi_monotonic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint32_t pollable_new(rt_wasi *w, wasi_poll_kind kind, uint64_t deadline, uint32_t parent)
{
    uint32_t rep;
    wasi_obj *o = wasi_obj_new(w, WOBJ_POLLABLE, &rep);
    if (!o)
        return 0;
    o->u.poll.kind = (uint8_t)kind;
    o->u.poll.deadline = deadline;
    o->u.poll.parent = parent;
    return rep;
}

uint32_t wasi_pollable_ready_new(rt_wasi *w) { return pollable_new(w, WPOLL_READY, 0, 0); }

uint32_t wasi_pollable_timer_new(rt_wasi *w, uint64_t deadline)
{
    return pollable_new(w, WPOLL_TIMER, deadline, 0);
}

uint32_t wasi_pollable_stream_new(rt_wasi *w, uint32_t stream_rep)
{
    /* Read the parent's generation first: creating the pollable may move
     * the table. */
    wasi_obj *s = wasi_obj_get(w, stream_rep, WOBJ_INPUT);
    if (!s)
        s = wasi_obj_get(w, stream_rep, WOBJ_OUTPUT);
    if (!s)
        return 0;
    uint32_t gen = s->gen;
    uint32_t rep = pollable_new(w, WPOLL_STREAM, 0, stream_rep);
    if (rep)
        wasi_obj_get(w, rep, WOBJ_POLLABLE)->u.poll.parent_gen = gen;
    return rep;
}

/* The stream a WPOLL_STREAM pollable watches; NULL once it was dropped. */
static wasi_obj *parent_of(rt_wasi *w, const wasi_obj *p)
{
    wasi_obj *s = wasi_obj_get(w, p->u.poll.parent, WOBJ_INPUT);
    if (!s)
        s = wasi_obj_get(w, p->u.poll.parent, WOBJ_OUTPUT);
    return s && s->gen == p->u.poll.parent_gen ? s : NULL;
}

bool wasi_pollable_ready(rt_wasi *w, uint32_t rep)
{
    wasi_obj *p = wasi_obj_get(w, rep, WOBJ_POLLABLE);
    if (!p)
        return true;
    switch (p->u.poll.kind) {
    case WPOLL_TIMER:
        return wasi_monotonic_now() >= p->u.poll.deadline;
    case WPOLL_STREAM: {
        wasi_obj *s = parent_of(w, p);
        if (!s)
            return true;
        return s->kind == WOBJ_INPUT ? wasi_stream_readable(s) : wasi_stream_writable(s);
    }
    default:
        return true;
    }
}

/* What one poll(2) call waits for: descriptors and the earliest deadline. */
static int wait_once(rt_wasi *w, const uint32_t *reps, uint32_t count, struct pollfd *fds)
{
    uint32_t nfds = 0;
    uint64_t deadline = UINT64_MAX;
    for (uint32_t i = 0; i < count; i++) {
        wasi_obj *p = wasi_obj_get(w, reps[i], WOBJ_POLLABLE);
        if (p && p->u.poll.kind == WPOLL_TIMER && p->u.poll.deadline < deadline)
            deadline = p->u.poll.deadline;
        wasi_obj *s = p && p->u.poll.kind == WPOLL_STREAM ? parent_of(w, p) : NULL;
        if (s && s->u.stream.fd >= 0)
            fds[nfds++] = (struct pollfd){
                .fd = s->u.stream.fd, .events = s->kind == WOBJ_INPUT ? POLLIN : POLLOUT};
    }
    int timeout = -1;
    if (deadline != UINT64_MAX) {
        uint64_t now = wasi_monotonic_now();
        uint64_t ms = deadline > now ? (deadline - now + 999999) / 1000000 : 0;
        timeout = ms > 1000000000u ? 1000000000 : (int)ms;
    }
    return poll(fds, nfds, timeout);
}

bool wasi_poll_wait(rt_wasi *w, const uint32_t *reps, uint32_t count, bool *ready)
{
    struct pollfd *fds = calloc(count ? count : 1, sizeof *fds);
    if (!fds) {
        errno = ENOMEM;
        return false;
    }
    for (;;) {
        bool any = false;
        for (uint32_t i = 0; i < count; i++)
            any |= ready[i] = wasi_pollable_ready(w, reps[i]);
        if (any || count == 0)
            break;
        if (wait_once(w, reps, count, fds) < 0 && errno != EINTR) {
            int e = errno;
            free(fds);
            errno = e;
            return false;
        }
    }
    free(fds);
    return true;
}
