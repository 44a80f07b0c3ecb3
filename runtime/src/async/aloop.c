/* What the event loop waits for besides guest threads: file descriptor
 * readiness (epoll, level-triggered; any number of one-shot watches per
 * descriptor) and timers (a min-heap of deadlines on CLOCK_MONOTONIC, armed
 * on one timerfd so that deadlines keep nanosecond precision). Descriptors
 * epoll refuses (regular files are always ready) are reported at once. */
#include "async/async_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

struct awatch {
    rt_cfd_ready ready;
    void *user;
    int fd;
    bool writable;
    awatch *next;
};

struct rt_ctimer {
    uint64_t deadline;
    uint64_t seq;              /* creation order: among equal deadlines, first made fires first */
    uint32_t slot;             /* position in the heap */
    rt_ctimer_fired fired;
    void *user;
};

typedef struct afd afd;

/* Per descriptor: its watches and what epoll was told. */
struct afd {
    awatch *head;
    uint32_t events;           /* registered interest (0: not registered) */
};

static bool ensure_epoll(asched *s, rt_trap *trap)
{
    if (s->epfd < 0 && (s->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
        return ctrap(trap, "epoll_create1: %s", strerror(errno));
    return true;
}

/* ---- descriptors ------------------------------------------------------------------ */

static uint32_t wanted_events(const afd *d)
{
    uint32_t ev = 0;
    for (const awatch *w = d->head; w; w = w->next)
        ev |= w->writable ? EPOLLOUT : EPOLLIN;
    return ev;
}

/* Tells epoll what the watches of `fd` now want. EPERM: epoll cannot
 * watch this kind of file (a regular file), which is always ready. */
static int sync_fd(asched *s, int fd)
{
    afd *d = &s->fds[fd];
    uint32_t want = wanted_events(d);
    if (want == d->events)
        return 0;
    struct epoll_event ev = {.events = want, .data.fd = fd};
    int op = !d->events ? EPOLL_CTL_ADD : !want ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
    int rc = epoll_ctl(s->epfd, op, fd, &ev);
    /* The descriptor was closed (and left epoll) since: its number is new. */
    if (rc != 0 && errno == ENOENT && op == EPOLL_CTL_MOD)
        rc = epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev);
    if (rc != 0 && op != EPOLL_CTL_DEL) {
        d->events = 0;
        return errno;
    }
    d->events = want;
    return 0;
}

static void queue_now(asched *s, awatch *w)
{
    w->next = NULL;
    if (s->now_tail)
        s->now_tail->next = w;
    else
        s->now_head = w;
    s->now_tail = w;
}

bool rt_cstore_watch_fd(rt_cstore *store, int fd, bool writable, rt_cfd_ready ready, void *user,
                        rt_trap *trap)
{
    asched *s = asched_get(store, trap);
    if (!s || !ensure_epoll(s, trap))
        return false;
    if (fd < 0 || !ready)
        return ctrap(trap, "watching descriptor %d: bad descriptor or no callback", fd);
    if ((uint32_t)fd >= s->fd_cap) {
        uint32_t old = s->fd_cap;
        afd *fds = comp_heap_reserve(s->fds, &s->fd_cap, (uint64_t)fd + 1, sizeof *fds);
        if (!fds)
            return ctrap(trap, "out of memory");
        memset(fds + old, 0, (size_t)(s->fd_cap - old) * sizeof *fds);
        s->fds = fds;
    }
    awatch *w = calloc(1, sizeof *w);
    if (!w)
        return ctrap(trap, "out of memory");
    w->fd = fd, w->writable = writable, w->ready = ready, w->user = user;
    afd *d = &s->fds[fd];
    w->next = d->head;
    d->head = w;
    int e = sync_fd(s, fd);
    if (e == EPERM) {
        d->head = w->next;
        queue_now(s, w);
    } else if (e) {
        d->head = w->next;
        free(w);
        return ctrap(trap, "watching descriptor %d: %s", fd, strerror(e));
    }
    s->watch_count++;
    return true;
}

void rt_cstore_unwatch_fd(rt_cstore *store, int fd)
{
    asched *s = store->sched;
    if (!s || fd < 0)
        return;
    for (awatch **p = &s->now_head; *p;) {
        awatch *w = *p;
        if (w->fd != fd) {
            p = &w->next;
            continue;
        }
        *p = w->next;
        free(w);
        s->watch_count--;
    }
    s->now_tail = NULL;
    for (awatch *w = s->now_head; w; w = w->next)
        s->now_tail = w;
    if ((uint32_t)fd >= s->fd_cap)
        return;
    afd *d = &s->fds[fd];
    while (d->head) {
        awatch *w = d->head;
        d->head = w->next;
        free(w);
        s->watch_count--;
    }
    sync_fd(s, fd);
}

/* Calls the watches of `fd` that `events` satisfies (an error or hang-up
 * satisfies both directions). Each watch fires once: it leaves the list
 * before its callback runs, so the callback may watch again. */
static void fire_fd(asched *s, int fd, uint32_t events)
{
    afd *d = &s->fds[fd];
    bool in = events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP);
    bool out = events & (EPOLLOUT | EPOLLERR | EPOLLHUP);
    awatch *due = NULL, **tail = &due;
    for (awatch **p = &d->head; *p;) {
        awatch *w = *p;
        if (w->writable ? out : in) {
            *p = w->next;
            w->next = NULL;
            *tail = w;
            tail = &w->next;
        } else {
            p = &w->next;
        }
    }
    sync_fd(s, fd);
    while (due) {
        awatch *w = due;
        due = w->next;
        s->watch_count--;
        w->ready(w->user, fd);
        free(w);
    }
}

static bool fire_now(asched *s)
{
    if (!s->now_head)
        return false;
    awatch *list = s->now_head;
    s->now_head = s->now_tail = NULL;
    while (list) {
        awatch *w = list;
        list = w->next;
        s->watch_count--;
        w->ready(w->user, w->fd);
        free(w);
    }
    return true;
}

/* ---- timers ------------------------------------------------------------------------- */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool earlier(const rt_ctimer *a, const rt_ctimer *b)
{
    return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
}

static void heap_set(asched *s, uint32_t i, rt_ctimer *t)
{
    s->timers[i] = t;
    t->slot = i;
}

static void heap_up(asched *s, uint32_t i)
{
    rt_ctimer *t = s->timers[i];
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (!earlier(t, s->timers[parent]))
            break;
        heap_set(s, i, s->timers[parent]);
        i = parent;
    }
    heap_set(s, i, t);
}

static void heap_down(asched *s, uint32_t i)
{
    rt_ctimer *t = s->timers[i];
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= s->timer_count)
            break;
        if (c + 1 < s->timer_count && earlier(s->timers[c + 1], s->timers[c]))
            c++;
        if (!earlier(s->timers[c], t))
            break;
        heap_set(s, i, s->timers[c]);
        i = c;
    }
    heap_set(s, i, t);
}

static void heap_remove(asched *s, rt_ctimer *t)
{
    uint32_t i = t->slot;
    rt_ctimer *last = s->timers[--s->timer_count];
    if (last == t)
        return;
    heap_set(s, i, last);
    heap_up(s, i);
    heap_down(s, last->slot);
}

/* Arms the timerfd for the earliest deadline, if it is not armed for it
 * already. Lazily, right before the loop waits: a timer already due fires
 * without a system call, and one cancelled or fired leaves the descriptor
 * armed (an early wake-up finds nothing due and waits again). */
static bool arm(asched *s, rt_trap *trap)
{
    if (!s->timer_count || s->armed_ns == s->timers[0]->deadline)
        return true;
    uint64_t d = s->timers[0]->deadline;
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = (time_t)((d ? d : 1) / 1000000000u); /* 0 would disarm */
    its.it_value.tv_nsec = (long)((d ? d : 1) % 1000000000u);
    if (timerfd_settime(s->tfd, TFD_TIMER_ABSTIME, &its, NULL) != 0)
        return ctrap(trap, "timerfd_settime: %s", strerror(errno));
    s->armed_ns = d;
    return true;
}

rt_ctimer *rt_cstore_timer(rt_cstore *store, uint64_t deadline_ns, rt_ctimer_fired fired,
                           void *user, rt_trap *trap)
{
    asched *s = asched_get(store, trap);
    if (!s || !ensure_epoll(s, trap))
        return NULL;
    if (!fired) {
        ctrap(trap, "timer without a callback");
        return NULL;
    }
    if (s->tfd < 0) {
        s->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = s->tfd};
        if (s->tfd < 0 || epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->tfd, &ev) != 0) {
            ctrap(trap, "timerfd: %s", strerror(errno));
            if (s->tfd >= 0)
                close(s->tfd);
            s->tfd = -1;
            return NULL;
        }
    }
    rt_ctimer **heap = comp_heap_reserve(s->timers, &s->timer_cap, (uint64_t)s->timer_count + 1,
                                         sizeof *heap);
    rt_ctimer *t = heap ? calloc(1, sizeof *t) : NULL;
    if (!t) {
        ctrap(trap, "out of memory");
        return NULL;
    }
    s->timers = heap;
    t->deadline = deadline_ns, t->fired = fired, t->user = user;
    t->seq = s->timer_seq++;
    s->timers[s->timer_count++] = t;
    heap_up(s, s->timer_count - 1);
    return t;
}

void rt_ctimer_cancel(rt_cstore *store, rt_ctimer *t)
{
    asched *s = store->sched;
    if (!s || !t)
        return;
    heap_remove(s, t);
    free(t);
}

uint64_t rt_cstore_now(void) { return now_ns(); }

/* Runs the callbacks of the timers due by `now`, in deadline order. Not
 * those the callbacks add: a callback that keeps making due timers would
 * otherwise never let the loop run anything else (they fire next turn).
 * True when any ran. */
static bool fire_timers(asched *s, uint64_t now)
{
    bool any = false;
    uint64_t made_before = s->timer_seq;
    while (s->timer_count && s->timers[0]->deadline <= now && s->timers[0]->seq < made_before) {
        rt_ctimer *t = s->timers[0];
        heap_remove(s, t);
        t->fired(t->user);
        free(t);
        any = true;
    }
    return any;
}

/* The timerfd expired: it is disarmed now. */
static void timerfd_expired(asched *s)
{
    uint64_t buf;
    while (read(s->tfd, &buf, sizeof buf) > 0)
        ;
    s->armed_ns = 0;
}

/* ---- the wait ------------------------------------------------------------------------ */

bool ahost_poll_fds(asched *s, rt_trap *trap)
{
    if (fire_now(s))
        return true;
    if (!s->watch_count && !s->timer_count)
        return false;
    /* With a timer already due the loop only looks at the descriptors
     * (so that they are not starved) and the timerfd need not be armed. */
    bool due = s->timer_count && s->timers[0]->deadline <= now_ns();
    if (!due && !arm(s, trap))
        return false;
    struct epoll_event evs[32];
    int n;
    while ((n = epoll_wait(s->epfd, evs, 32, due ? 0 : -1)) < 0 && errno == EINTR)
        ;
    if (n < 0)
        return ctrap(trap, "epoll_wait: %s", strerror(errno)), false;
    bool timers_due = false;
    for (int i = 0; i < n; i++) {
        int fd = evs[i].data.fd;
        if (fd == s->tfd) {
            timerfd_expired(s);
            timers_due = true;
        } else if ((uint32_t)fd < s->fd_cap) {
            fire_fd(s, fd, evs[i].events);
        }
    }
    if (due || timers_due)
        fire_timers(s, now_ns());
    return true;
}

void aloop_free(asched *s)
{
    for (uint32_t fd = 0; fd < s->fd_cap; fd++)
        while (s->fds[fd].head) {
            awatch *w = s->fds[fd].head;
            s->fds[fd].head = w->next;
            free(w);
        }
    free(s->fds);
    while (s->now_head) {
        awatch *w = s->now_head;
        s->now_head = w->next;
        free(w);
    }
    for (uint32_t i = 0; i < s->timer_count; i++)
        free(s->timers[i]);
    free(s->timers);
    if (s->tfd >= 0)
        close(s->tfd);
    if (s->epfd >= 0)
        close(s->epfd);
}
