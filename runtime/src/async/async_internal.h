#ifndef RT_ASYNC_INTERNAL_H
#define RT_ASYNC_INTERNAL_H

/* The component-model concurrency machinery (Concurrency.md, and the
 * Python reference in CanonicalABI.md "Concurrency" .. "Future State"):
 * threads, tasks, subtasks, waitables, waitable sets, streams, futures and
 * the per-store scheduler.
 *
 * Stack switching: a thread that may block (the implicit thread of an
 * `async`-typed call, or one made by thread.new-indirect) runs on its own
 * native stack, provided by a POSIX thread used as a coroutine: exactly one
 * of them runs at any time and control passes by semaphores, the way the
 * reference's `cont_new`/`resume`/`block` do with locks. Each one also gets
 * its own interpreter stacks (core/exec_ctx.h), swapped in while it runs.
 * Threads of non-`async` calls run on their caller's stack, as the spec
 * permits, and "block" by running other ready threads of their instance. */

#include <pthread.h>
#include <semaphore.h>

#include "component/cinternal.h"
#include "core/exec_ctx.h"

enum { EV_NONE, EV_SUBTASK, EV_STREAM_READ, EV_STREAM_WRITE, EV_FUTURE_READ, EV_FUTURE_WRITE,
       EV_TASK_CANCELLED };
enum { COPY_COMPLETED, COPY_DROPPED, COPY_CANCELLED };
enum { CS_IDLE, CS_COPYING, CS_CANCELLING, CS_DONE };
enum { ST_STARTING, ST_STARTED, ST_RETURNED, ST_CANCELLED_BEFORE_STARTED,
       ST_CANCELLED_BEFORE_RETURNED };
enum { TS_INITIAL, TS_STARTED, TS_PENDING_CANCEL, TS_CANCEL_DELIVERED, TS_RESOLVED };
enum { CB_EXIT, CB_YIELD, CB_WAIT };
#define ABLOCKED 0xffffffffu
enum { MAX_FLAT_ASYNC_PARAMS = 4 };

typedef struct asched asched;
typedef struct athread athread;
typedef struct atask atask;
typedef struct awaitable awaitable;
typedef struct awset awset;
typedef struct aend aend;

/* ---- coroutines (acoro.c) ---------------------------------------------------- */

typedef struct acoro acoro;
struct acoro {
    sem_t sem;                 /* posted to run this coroutine */
    acoro *resumer;            /* who to wake when it blocks or ends */
    pthread_t pt;
    bool has_pt;
    bool done;
    bool quit;                 /* pooled: end the native thread */
    acoro *next;               /* in the scheduler's pool of idle coroutines */
    rt_exec_ctx *exec;
    void (*fn)(void *arg);
    void *arg;
};

/* A new coroutine that will run fn(arg) when first resumed. */
acoro *acoro_new(asched *s, void (*fn)(void *), void *arg);
/* Runs `c` until it blocks or ends; frees it when it has ended. */
void acoro_resume(asched *s, acoro *c);
/* From inside `c`: gives control back to its resumer until resumed. */
void acoro_block(acoro *c);
/* Ends the idle native threads kept for reuse. */
void acoro_pool_free(asched *s);

/* ---- conditions a waiting thread waits for ------------------------------------ */

enum { AC_ALWAYS, AC_NO_EXCLUSIVE, AC_WSET, AC_WSET_NO_EXCLUSIVE, AC_WAITABLE,
       AC_SUBTASK_RESOLVED, AC_NO_BACKPRESSURE, AC_FLAG, AC_NEVER };
typedef struct acond {
    uint8_t kind;
    void *obj;
    /* Non-NULL: also wait for this instance's exclusive lock to be free (a
     * thread that released it to block, see athread_wait_until). */
    rt_cinstance *lock;
} acond;

/* ---- the ready queues (aready.c) ------------------------------------------------
 *
 * A waiting thread sits in the queue of the first part of its condition
 * that does not hold (a waitable set, a waitable or subtask, its
 * instance's lock or backpressure); the state changes that can satisfy
 * that part move it to the ready queues, where it is checked again when
 * picked. Picking is therefore O(1) amortized, in wake order. */

/* Files `t` (which just started waiting) by its condition, and in its
 * task's list of waiting threads. */
void aready_add(athread *t);
/* Takes `t` out of every queue (it stopped waiting). */
void aready_remove(athread *t);
/* The threads of `q` may run now. */
void aready_wake(athreadq *q);
/* inst->exclusive was released (or may be free): one lock waiter wakes. */
void aready_unlocked(rt_cinstance *inst);
/* inst's backpressure reached 0. */
void aready_no_backpressure(rt_cinstance *inst);
/* The oldest woken thread whose condition holds and which may run: any
 * whose instance the host may enter (inst NULL), or one of inst's other
 * than its lock holder. NULL when none. */
athread *aready_next(asched *s, rt_cinstance *inst);

/* ---- threads and tasks (athread.c) -------------------------------------------- */

/* The queues a thread can be in at once (aready.c): the scheduler's
 * ready queue, its instance's, the queue of what it is blocked on, and
 * its task's list of waiting threads. */
enum { AQ_READY, AQ_INST_READY, AQ_BLOCKED, AQ_TASK, AQ_COUNT };
typedef struct alink {
    athread *prev, *next;
} alink;

struct athread {
    asched *sched;
    acoro *coro;               /* NULL: runs on its creator's stack */
    atask *task;
    bool running;
    bool waiting;              /* in the store's waiting list with `cond` */
    acond cond;
    athread *wprev, *wnext;
    alink links[AQ_COUNT];
    bool queued;               /* in the ready queues (its `cond` may hold) */
    athreadq *blocked_on;      /* else the queue of the first unmet part of `cond` */
    rt_cinstance *lock_inst;   /* whose free lock woke it (inst->lock_woken) */
    bool cancellable;
    int block_result;          /* 1: cancelled, -1: the store is going away */
    athread *switch_to;
    bool finished;
    uint32_t index;            /* in the instance's thread table */
    uint64_t storage[2];
    /* explicit threads (thread.new-indirect) */
    rt_func *entry;
    uint32_t entry_arg;
    bool woken;                /* a thread on its caller's stack was resumed */
};

/* What the caller of a lifted function supplies (CanonicalABI.md OnStart /
 * OnResolve). Both run on the callee's thread. */
typedef struct acaller acaller;
struct acaller {
    bool (*on_start)(acaller *self, rt_cval **args, rt_trap *trap);
    /* cancelled: Task.cancel (no result); else `result` (NULL when the
     * function type has none). */
    bool (*on_resolve)(acaller *self, const rt_cval *result, bool cancelled, rt_trap *trap);
    comp_arena *arena;         /* strings and arrays of the lifted result */
};

struct atask {
    rt_cfunc *f;
    rt_cinstance *inst;
    acaller *caller;
    rt_cinstance *caller_inst;
    int state;
    ctask ct;                  /* the borrow scope */
    athread *implicit;
    uint32_t thread_count;
    bool on_stack;             /* lives in a C frame (sync call) */
    athreadq waiting;          /* its waiting threads, oldest first */
    uint32_t refs;             /* threads, the creator, the caller's subtask */
};

struct asched {
    rt_cstore *store;
    athread *current;          /* the running thread (NULL: the host) */
    acoro main;                /* the host's native thread */
    acoro *running;            /* whose native stack is executing */
    athread *whead, *wtail;    /* threads waiting for a condition */
    athreadq ready;            /* waiting threads whose condition may hold, in wake order */
    athreadq never;            /* waiting for nothing that wakes them */
    bool trapped;              /* a thread trapped: the trap below */
    rt_trap trap;
    bool aborting;             /* the store is being freed */
    uint32_t coro_count;
    acoro *pool;               /* ended coroutines whose native thread waits for reuse */
    aend *hq_head, *hq_tail;   /* host ends whose completion is to be reported */
    aend *host_ends;           /* live host ends (freed with the store) */
    struct rt_chost_task *host_tasks; /* deferred host calls not yet finished */
    /* What the loop waits for (aloop.c). */
    int epfd;                  /* epoll instance (-1 until first needed) */
    int tfd;                   /* timerfd for the earliest timer (-1: none yet) */
    uint64_t armed_ns;         /* the deadline it is armed for (0: disarmed) */
    uint32_t watch_count;      /* one-shot descriptor watches outstanding */
    struct afd *fds;           /* by descriptor number */
    uint32_t fd_cap;
    struct awatch *now_head, *now_tail; /* watches of always-ready files */
    struct ashared *flight;    /* readable ends in flight as values */
    rt_ctimer **timers;        /* min-heap by deadline */
    uint32_t timer_count, timer_cap;
    uint64_t timer_seq;        /* timers made so far */
};

/* Tasks of synchronously-lifted and callback-lifted functions hold their
 * instance's exclusive lock while they run core code. */
static inline bool atask_needs_exclusive(const atask *task)
{
    return !task->f->opts.async || task->f->opts.callback;
}

asched *asched_get(rt_cstore *store, rt_trap *trap);
void asched_free(rt_cstore *store);

bool acond_ready(const acond *c);
/* Thread.resume: runs `t` (and whatever it switches to) until it blocks. */
bool athread_resume(asched *s, athread *t, bool cancelled, rt_trap *trap);
/* Thread.wait_until for the current thread: 0 ready, 1 cancelled; false
 * with `trap` set when the thread may not block or the store goes away. */
bool athread_wait_until(asched *s, acond cond, bool cancellable, int *cancelled, rt_trap *trap);
/* Thread.suspend / yield / switch for the current thread. */
bool athread_block(asched *s, athread *switch_to, bool cancellable, int *cancelled,
                   rt_trap *trap);
void athread_start_waiting(asched *s, athread *t, acond cond);
void athread_stop_waiting(asched *s, athread *t);
bool atask_deliver_pending_cancel(atask *task, bool cancellable);
/* Runs ready threads until `cond` holds (the host's event loop); traps on
 * deadlock. */
bool asched_run_until(asched *s, acond cond, rt_trap *trap);
bool athread_register(atask *task, athread *t, rt_trap *trap);
/* Removes `t` from its task; traps when it was the last and the task has
 * not returned. Drops the thread's reference to the task. */
bool athread_unregister(atask *task, athread *t, rt_trap *trap);
void atask_unref(atask *task);
bool atask_cancel(atask *task, rt_trap *trap);
/* A trap raised on a coroutine thread: recorded for whoever resumed it. */
void asched_record_trap(asched *s, const rt_trap *trap);

/* canon lift of an async-typed function: starts the call on a new thread.
 * Returns the task (for cancellation) or NULL when it already finished;
 * false on a trap. */
bool acanon_lift(rt_cfunc *f, rt_cinstance *caller, acaller *cb, atask **task_out,
                 rt_trap *trap);
/* Task.request_cancellation. */
bool atask_request_cancellation(asched *s, atask *task, rt_cinstance *caller, rt_trap *trap);
bool atask_return(atask *task, const rt_cval *result, rt_trap *trap);

/* ---- thread built-ins (athreads.c) ----------------------------------------------- */

/* thread.new-indirect: a new suspended thread of the current task calling
 * entry(arg). */
bool athread_new_indirect(asched *s, rt_func *entry, uint32_t arg, uint32_t *index,
                          rt_trap *trap);
/* Thread.suspended() */
bool athread_suspended(const athread *t);
/* thread.resume-later */
void athread_resume_later(asched *s, athread *t);
/* Suspends (leave_ready: yields) the current thread, switching to `other`
 * when not NULL. */
bool athread_switch(asched *s, athread *other, bool leave_ready, bool cancellable,
                    int *cancelled, rt_trap *trap);

/* ---- waitables (awaitable.c) -------------------------------------------------- */

struct awaitable {
    uint8_t kind;              /* HK_* */
    rt_cinstance *inst;        /* whose table holds it */
    uint32_t index;
    bool pending;              /* has a pending event */
    uint8_t pend_result;       /* streams/futures: CopyResult */
    bool pend_reclaim;         /* streams: reclaim the buffer on delivery */
    awset *wset;
    awaitable *pprev, *pnext;  /* in wset's list of waitables with events */
    bool has_sync_waiter;
    athreadq waiters;          /* threads waiting for its event (or a subtask's end) */
};

struct awset {
    uint32_t elems;            /* joined waitables */
    uint32_t num_waiting;
    awaitable *phead, *ptail;  /* joined waitables with a pending event */
    athreadq waiters;          /* threads waiting for an event */
};

void awaitable_set_pending(awaitable *w);
void awaitable_join(awaitable *w, awset *set);
/* Delivers the pending event: code, index, payload. */
bool awaitable_get_event(awaitable *w, uint32_t ev[3], rt_trap *trap);
bool awaitable_wait_sync(asched *s, awaitable *w, rt_trap *trap);

typedef struct asubtask {
    awaitable w;
    acaller cb;
    int state;
    atask *callee;
    bool cancellation_requested;
    bool resolve_delivered;
    bool progress_events;      /* maybe_on_progress is on_progress */
    comp_arena arena;
    /* the lowering: caller instance, options, callee */
    rt_cinstance *inst;
    copts opts;
    rt_cfunc *fn;
    bool async_lower;
    rt_val flat_args[CT_MAX_FLAT_PARAMS + 1];
    uint32_t flat_count;
    rt_val flat_results[CT_MAX_FLAT_RESULTS];
    uint32_t *lent;
    uint32_t lent_count, lent_cap;
    uint32_t retptr;
} asubtask;

void asubtask_deliver_resolve(asubtask *st);
void asubtask_free(asubtask *st);
bool awset_wait(asched *s, awset *set, bool no_exclusive, bool cancellable, uint32_t ev[3],
                rt_trap *trap);
bool awset_poll(asched *s, awset *set, bool cancellable, uint32_t ev[3], rt_trap *trap);
/* canon lower of an async-typed lifted callee (the Subtask path). */
bool alower_call(rt_cinstance *inst, rt_cfunc *callee, const copts *opts, const rt_val *args,
                 uint32_t arg_count, rt_val *results, rt_trap *trap);
bool asubtask_resolved(const asubtask *st);

/* ---- streams and futures (astream.c) ------------------------------------------- */

typedef struct abuffer {
    const rt_ctype *t;         /* NULL: no payload */
    uint8_t *host;             /* a host buffer of scalars laid out as in memory */
    rt_cval *vals;             /* a host buffer of values (else opts.memory at ptr) */
    comp_arena *varena;        /* where values read into `vals` live */
    ccx cx;
    copts opts;
    uint64_t ptr;
    uint32_t progress, length;
} abuffer;

typedef struct ashared {
    bool future;
    const rt_ctype *t;
    bool dropped;
    uint32_t ends;             /* live ends (freed at 0) */
    rt_cinstance *pending_inst;
    abuffer *pending_buffer;
    aend *pending_end;         /* whose event the pending copy reports */
    /* A readable end in flight as a value (lifted, or made by
     * rt_cstream_new, and not yet lowered or taken): listed in its
     * scheduler so that one never passed on is freed with the store. */
    asched *flight;
    struct ashared *fprev, *fnext;
} ashared;

struct aend {
    awaitable w;
    ashared *shared;
    int state;
    bool readable;
    abuffer buf;
    uint8_t event_code;
    /* A host-held end (rt_cstream): completions go to `done` from the loop. */
    bool host;
    asched *sched;
    rt_cstream_done done;
    void *user;
    bool queued;
    uint32_t done_result, done_count;
    aend *hnext;
    /* In the scheduler's list of live host ends: the store frees those the
     * host still holds when it goes away. */
    aend *lprev, *lnext;
};

struct rt_cstream {
    aend end;
};

typedef struct awatch awatch;
/* Frees watches, timers and the loop's descriptors (store teardown). */
void aloop_free(asched *s);

/* An error-context value: shared by every table it was passed to. */
typedef struct aerrctx {
    uint32_t refs;
} aerrctx;

/* Lifting and lowering of stream/future/error-context values (cabi.c). */
bool async_lift_value(ccx *cx, uint32_t index, const rt_ctype *t, rt_cval *out);
bool async_lower_value(ccx *cx, const rt_cval *v, const rt_ctype *t, uint32_t *out);

/* Copies n elements between buffers when they cannot be moved as raw bytes
 * (a value buffer on either side, or elements that lifting checks or
 * converts: bool, char, strings, compound types): each element is lifted
 * from `src` and lowered into `dst` (calling the reader's realloc). */
bool abuffer_copy_values(abuffer *dst, abuffer *src, uint32_t n, rt_trap *trap);

bool astream_new(rt_cinstance *inst, const rt_ctype *t, bool future, uint64_t *out, rt_trap *trap);
bool astream_copy(asched *s, rt_cinstance *inst, const rt_ctype *t, const copts *opts,
                  bool future, bool readable, uint32_t i, uint32_t ptr, uint32_t n, uint32_t *out,
                  rt_trap *trap);
bool astream_cancel(asched *s, rt_cinstance *inst, const rt_ctype *t, bool future, bool readable,
                    bool async, uint32_t i, uint32_t *out, rt_trap *trap);
bool astream_drop(rt_cinstance *inst, const rt_ctype *t, bool future, bool readable, uint32_t i,
                  rt_trap *trap);
bool astream_event(aend *e, uint32_t ev[3], rt_trap *trap);
aend *aend_new(ashared *sh, bool readable);
void aend_free(aend *e);
bool ashared_copy(ashared *sh, rt_cinstance *inst, aend *e, rt_trap *trap);
void ashared_drop(ashared *sh);
/* Frees the shared state (its last end is gone and it is not in flight). */
void ashared_free(ashared *sh);
/* A readable end leaves as a value / arrives somewhere (in flight or not). */
void ashared_fly(asched *s, ashared *sh);
void ashared_land(ashared *sh);
/* Frees the shared states still in flight (store teardown). */
void ashared_free_flying(asched *s);
void ashared_reset_pending(ashared *sh);
/* Host ends: queues the completion (astream.c calls it). */
void ahost_end_event(aend *e, uint8_t result, bool reclaim);
/* Runs queued host completions; true when there were any. */
bool ahost_dispatch(asched *s);
/* Waits for watched descriptors and timers and runs their callbacks;
 * false when nothing is watched (or with `trap` set on an error). */
bool ahost_poll_fds(asched *s, rt_trap *trap);
/* subtask.cancel of a deferred host call (Task.request_cancellation). */
bool ahost_request_cancellation(atask *task, rt_trap *trap);
/* Frees the host ends and deferred host calls still alive (store teardown). */
void ahost_free_all(asched *s);
/* canon lift's counterpart for an `async` host function. */
bool ahost_lift(rt_cfunc *f, rt_cinstance *caller, acaller *cb, atask **task_out,
                rt_trap *trap);

/* Frees the async object of a table entry (store teardown). */
void async_free_handle(chandle *h);

/* ---- built-ins (abuiltin.c) ------------------------------------------------------- */

/* The core function of a concurrency canon definition; NULL with `trap`. */
rt_func *async_builtin(rt_cinstance *inst, const comp_canon *c, const rt_ctype *t,
                       const copts *opts, rt_trap *trap);

/* Handle table helpers. */
bool ahandle_add(rt_cinstance *inst, uint8_t kind, void *obj, uint32_t *index, rt_trap *trap);
void *ahandle_get(rt_cinstance *inst, uint32_t index, uint8_t kind, rt_trap *trap);
bool ahandle_add_thread(rt_cinstance *inst, athread *t, uint32_t *index, rt_trap *trap);

#endif
