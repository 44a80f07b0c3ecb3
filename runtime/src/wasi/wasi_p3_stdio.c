/* wasi:cli stdin, stdout and stderr at 0.3.0: byte streams pumped between
 * the guest and the host descriptors by the store's event loop, at most
 * WASI_P3_CHUNK bytes held at a time, with a future that reports how the
 * transfer ended.
 *
 * Output: the guest's stream is read into a buffer, which is written to
 * a private dup() of the descriptor (so that two streams on one
 * descriptor are two epoll registrations); pipes and sockets are written
 * when epoll says they are writable, a PIPE_BUF at a time, so the loop does
 * not stall on a full pipe; files and terminals take blocking writes.
 * Input: the host reads the descriptor only when the guest is waiting in a
 * read (a zero-length write completes when a reader arrives), so no input
 * is taken that the guest does not ask for; bytes read but not yet taken
 * are lost when the guest drops the stream. */
#include "wasi/wasi_p3.h"

#include "async/ahost_release.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HOST_FN(name)                                                                        \
    static bool name(void *user, const rt_chost_call *call, const rt_cval *args,            \
                     uint32_t arg_count, rt_cval *result, rt_trap *trap)

/* One transfer in either direction. */
typedef struct pump {
    wasi_job job;
    rt_cval status_value;      /* the future's value, alive until written */
    rt_cval error_code;
    rt_cstore *store;
    int fd;                    /* a dup() owned by the pump; -1: none */
    bool pollable;             /* wait for readiness with epoll */
    rt_cstream *data;          /* the byte stream's host end */
    rt_cstream *status;        /* the future's writable end */
    uint32_t len, off;         /* buffered bytes, of which `off` are done */
    bool output;               /* guest stream -> descriptor */
    bool ended;                /* output: the guest's stream has ended */
    uint8_t buf[WASI_P3_CHUNK];
} pump;

/* The run is over: stop watching, pass on the output the guest was told
 * was written (waiting for the descriptor now), give up both ends. */
static void pump_abandon(wasi_job *job)
{
    pump *p = (pump *)job;
    rt_cstore_unwatch_fd(p->store, p->fd);
    while (p->output && p->fd >= 0 && p->off < p->len) {
        ssize_t k = write(p->fd, p->buf + p->off, p->len - p->off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        p->off += (uint32_t)k;
    }
    if (p->data)
        rt_cstream_abandon(p->data);
    if (p->status)
        rt_cstream_abandon(p->status);
    p->data = p->status = NULL;
}

static void pump_release(wasi_job *job)
{
    pump *p = (pump *)job;
    if (p->fd >= 0)
        close(p->fd);
    free(p);
}

static int error_code_of(int errnum)
{
    return errnum == EPIPE ? WASI_CLI_PIPE : errnum == EILSEQ ? WASI_CLI_ILLEGAL_BYTE_SEQUENCE
                                                              : WASI_CLI_IO;
}

static void status_written(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    pump *p = user;
    rt_trap trap = {0};
    rt_cstream_drop(end, &trap);
    p->status = NULL;
    wasi_job_end(&p->job);
}

/* Ends the transfer: drops the stream's end (unless the guest's end is
 * gone already) and completes the future with ok (errnum 0) or the error
 * code for errnum. */
static void pump_finish(pump *p, int errnum)
{
    rt_trap trap = {0};
    if (p->data) {
        rt_cstream_drop(p->data, &trap);
        p->data = NULL;
    }
    p->error_code = (rt_cval){.kind = RT_CT_ENUM};
    p->error_code.of.cases.index = (uint32_t)error_code_of(errnum);
    p->status_value = (rt_cval){.kind = RT_CT_RESULT};
    p->status_value.of.cases.index = errnum ? 1 : 0;
    p->status_value.of.cases.payload = errnum ? &p->error_code : NULL;
    if (!rt_cstream_write_values(p->status, &p->status_value, 1, status_written, p, &trap)) {
        rt_cstream_drop(p->status, &trap);
        p->status = NULL;
        wasi_job_end(&p->job);
    }
}

/* Waits for `fd` from the event loop; on failure ends the transfer. */
static void pump_watch(pump *p, bool writable, rt_cfd_ready ready)
{
    rt_trap trap = {0};
    if (!rt_cstore_watch_fd(p->store, p->fd, writable, ready, p, &trap))
        pump_finish(p, EIO);
}

/* True when `fd` is ready now (a zero-timeout poll). */
static bool ready_now(int fd, short events)
{
    struct pollfd pfd = {.fd = fd, .events = events};
    int n;
    while ((n = poll(&pfd, 1, 0)) < 0 && errno == EINTR)
        ;
    return n != 0; /* errors: let the read or write report them */
}

/* ---- output: guest stream -> descriptor ------------------------------------------ */

static void out_read_more(pump *p);

static void out_flush(pump *p);
static void out_writable(void *user, int fd) { out_flush(user); }

static void out_flush(pump *p)
{
    while (p->off < p->len) {
        if (p->fd < 0) { /* no descriptor: output is discarded */
            p->off = p->len;
            break;
        }
        size_t n = p->len - p->off;
        if (p->pollable) {
            if (!ready_now(p->fd, POLLOUT)) {
                pump_watch(p, true, out_writable);
                return;
            }
            if (n > WASI_P3_PIPE_CHUNK)
                n = WASI_P3_PIPE_CHUNK;
        }
        ssize_t k = write(p->fd, p->buf + p->off, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN && p->pollable) {
                pump_watch(p, true, out_writable);
                return;
            }
            pump_finish(p, errno);
            return;
        }
        p->off += (uint32_t)k;
    }
    if (p->ended)
        pump_finish(p, 0);
    else
        out_read_more(p);
}

static void out_data(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    pump *p = user;
    p->len = count, p->off = 0;
    if (result == RT_COPY_DROPPED) {
        /* The guest dropped its writable end: the stream has ended. */
        rt_trap trap = {0};
        rt_cstream_drop(p->data, &trap);
        p->data = NULL;
        p->ended = true;
    }
    out_flush(p);
}

static void out_read_more(pump *p)
{
    rt_trap trap = {0};
    if (!rt_cstream_read(p->data, p->buf, WASI_P3_CHUNK, out_data, p, &trap))
        pump_finish(p, EIO);
}

/* ---- input: descriptor -> guest stream --------------------------------------------- */

static void in_wait_reader(pump *p);

static void in_written(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    pump *p = user;
    p->off += count;
    if (result == RT_COPY_DROPPED) {
        /* The guest dropped the stream: nothing more is wanted. */
        rt_trap trap = {0};
        rt_cstream_drop(p->data, &trap);
        p->data = NULL;
        pump_finish(p, 0);
        return;
    }
    if (p->off < p->len) {
        rt_trap trap = {0};
        if (!rt_cstream_write(p->data, p->buf + p->off, p->len - p->off, in_written, p, &trap))
            pump_finish(p, EIO);
        return;
    }
    in_wait_reader(p);
}

static void in_fill(pump *p);
static void in_readable(void *user, int fd) { in_fill(user); }

static void in_fill(pump *p)
{
    if (p->fd < 0) { /* no descriptor: empty input */
        pump_finish(p, 0);
        return;
    }
    if (p->pollable && !ready_now(p->fd, POLLIN)) {
        pump_watch(p, false, in_readable);
        return;
    }
    ssize_t k;
    while ((k = read(p->fd, p->buf, WASI_P3_CHUNK)) < 0 && errno == EINTR)
        ;
    if (k < 0 && errno == EAGAIN && p->pollable) {
        pump_watch(p, false, in_readable);
        return;
    }
    if (k <= 0) { /* end of input, or a failure */
        pump_finish(p, k < 0 ? errno : 0);
        return;
    }
    p->len = (uint32_t)k, p->off = 0;
    rt_trap trap = {0};
    if (!rt_cstream_write(p->data, p->buf, p->len, in_written, p, &trap))
        pump_finish(p, EIO);
}

static void in_reader_ready(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    pump *p = user;
    if (result == RT_COPY_DROPPED) {
        rt_trap trap = {0};
        rt_cstream_drop(p->data, &trap);
        p->data = NULL;
        pump_finish(p, 0);
        return;
    }
    in_fill(p);
}

/* A zero-length write completes once the guest waits in a read. */
static void in_wait_reader(pump *p)
{
    rt_trap trap = {0};
    if (!rt_cstream_write(p->data, p->buf, 0, in_reader_ready, p, &trap))
        pump_finish(p, EIO);
}

/* ---- the functions ------------------------------------------------------------------ */

/* A pump over a duplicate of `fd` (-1 stays -1: no descriptor). */
static pump *pump_new(rt_wasi *w, const rt_chost_call *call, int fd, rt_trap *trap)
{
    pump *p = calloc(1, sizeof *p);
    if (!p) {
        wasi_trap(trap, "out of memory");
        return NULL;
    }
    p->job.abandon = pump_abandon;
    p->job.release = pump_release;
    p->store = call->store;
    p->fd = -1;
    if (fd >= 0 && (p->fd = dup(fd)) < 0 && errno != EBADF) {
        char text[128];
        snprintf(text, sizeof text, "cannot duplicate descriptor %d: %s", fd, strerror(errno));
        free(p);
        wasi_trap(trap, text);
        return NULL;
    }
    p->pollable = wasi_fd_pollable(p->fd);
    wasi_job_link(w, &p->job);
    return p;
}

typedef struct stdio_ctx {
    rt_wasi *w;
    wasi_p3_types t;
    int which; /* 0 stdin, 1 stdout, 2 stderr */
} stdio_ctx;

static int stdio_fd(const stdio_ctx *c)
{
    return c->which == 0 ? c->w->stdin_fd : c->which == 1 ? c->w->stdout_fd : c->w->stderr_fd;
}

HOST_FN(write_via_stream)
{
    stdio_ctx *c = user;
    pump *p = pump_new(c->w, call, stdio_fd(c), trap);
    if (!p)
        return false;
    p->output = true;
    if (!(p->data = rt_cstream_take(call->store, &args[0], trap)) ||
        !(p->status = rt_cstream_new(call->store, c->t.future_result, result, trap))) {
        if (p->data)
            rt_cstream_drop(p->data, trap);
        wasi_job_end(&p->job);
        return false;
    }
    out_read_more(p);
    return true;
}

HOST_FN(read_via_stream)
{
    stdio_ctx *c = user;
    pump *p = pump_new(c->w, call, stdio_fd(c), trap);
    if (!p)
        return false;
    rt_cval *two = comp_arena_array(call->arena, 2, sizeof *two);
    if (!two || !(p->data = rt_cstream_new(call->store, c->t.stream_u8, &two[0], trap)) ||
        !(p->status = rt_cstream_new(call->store, c->t.future_result, &two[1], trap))) {
        if (!two)
            wasi_trap(trap, "out of memory");
        if (p->data)
            rt_cstream_drop(p->data, trap);
        wasi_job_end(&p->job);
        return false;
    }
    *result = (rt_cval){.kind = RT_CT_TUPLE};
    result->of.seq.items = two;
    result->of.seq.count = 2;
    in_wait_reader(p);
    return true;
}

bool wasi_define_p3_stdio(rt_wasi *w, rt_clinker *l, const wasi_p3_types *t)
{
    stdio_ctx *ctx = comp_arena_array(&w->arena, 3, sizeof *ctx);
    if (!ctx)
        return false;
    for (int i = 0; i < 3; i++)
        ctx[i] = (stdio_ctx){.w = w, .t = *t, .which = i};
    static const char *const data[] = {"data"};
    const rt_ctype *stream_p[] = {t->stream_u8};
    const rt_ctype *pair[] = {t->stream_u8, t->future_result};
    const rt_cfunctype *write_t = wasi_functype(w, 1, data, stream_p, t->future_result);
    const rt_cfunctype *read_t =
        wasi_functype(w, 0, NULL, NULL, rt_ctype_tuple(&w->arena, 2, pair));
    return read_t && write_t &&
           rt_clinker_define_func(l, "wasi:cli/stdin@0.3.0", "read-via-stream", read_t,
                                  read_via_stream, &ctx[0]) &&
           rt_clinker_define_func(l, "wasi:cli/stdout@0.3.0", "write-via-stream", write_t,
                                  write_via_stream, &ctx[1]) &&
           rt_clinker_define_func(l, "wasi:cli/stderr@0.3.0", "write-via-stream", write_t,
                                  write_via_stream, &ctx[2]);
}
