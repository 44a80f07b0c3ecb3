/* Byte transfer for wasi:io/streams over host descriptors, and the
 * contract constructors (wasi_input_stream_new...) other files use.
 * Writes go straight to the descriptor: nothing is buffered, so flush has
 * nothing to do and blocking-write-and-flush is one write loop. */
#include "wasi/wasi_stream_io.h"

#include <errno.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t stream_new(rt_wasi *w, wasi_obj_kind kind, int fd, wasi_stream_mode mode,
                           uint64_t offset)
{
    uint32_t rep;
    wasi_obj *o = wasi_obj_new(w, kind, &rep);
    if (!o)
        return 0;
    o->u.stream.fd = fd;
    o->u.stream.mode = (uint8_t)mode;
    o->u.stream.offset = offset;
    return rep;
}

uint32_t wasi_input_stream_new(rt_wasi *w, int fd, wasi_stream_mode mode, uint64_t offset)
{
    return stream_new(w, WOBJ_INPUT, fd, mode, offset);
}

uint32_t wasi_output_stream_new(rt_wasi *w, int fd, wasi_stream_mode mode, uint64_t offset)
{
    return stream_new(w, WOBJ_OUTPUT, fd, mode, offset);
}

uint32_t wasi_io_error_new(rt_wasi *w, int errnum)
{
    uint32_t rep;
    wasi_obj *o = wasi_obj_new(w, WOBJ_ERROR, &rep);
    if (!o)
        return 0;
    o->u.errnum = errnum;
    return rep;
}

bool wasi_io_error_errno(const rt_wasi *w, uint32_t rep, int *errnum)
{
    const wasi_obj *o = wasi_obj_get(w, rep, WOBJ_ERROR);
    if (!o)
        return false;
    *errnum = o->u.errnum;
    return true;
}

bool wasi_fd_ready(int fd, short events)
{
    struct pollfd p = {.fd = fd, .events = events};
    int n;
    do
        n = poll(&p, 1, 0);
    while (n < 0 && errno == EINTR);
    /* An error or hang-up is "ready": the next operation reports it. */
    return n != 0;
}

static void wait_fd(int fd, short events)
{
    struct pollfd p = {.fd = fd, .events = events};
    while (poll(&p, 1, -1) < 0 && errno == EINTR)
        ;
}

bool wasi_stream_readable(const wasi_obj *s)
{
    if (s->u.stream.fd < 0 || s->u.stream.closed || s->u.stream.mode != WASI_STREAM_PIPE)
        return true;
    return wasi_fd_ready(s->u.stream.fd, POLLIN);
}

bool wasi_stream_writable(const wasi_obj *s)
{
    if (s->u.stream.fd < 0 || s->u.stream.closed || s->u.stream.mode != WASI_STREAM_PIPE)
        return true;
    return wasi_fd_ready(s->u.stream.fd, POLLOUT);
}

int wasi_stream_read(wasi_obj *s, uint8_t *buf, size_t len, bool block, size_t *got)
{
    *got = 0;
    if (s->u.stream.fd < 0 || s->u.stream.closed)
        return WASI_STREAM_CLOSED;
    if (len == 0)
        return 0;
    for (;;) {
        ssize_t n;
        if (s->u.stream.mode == WASI_STREAM_PIPE) {
            if (!block && !wasi_fd_ready(s->u.stream.fd, POLLIN))
                return 0;
            n = read(s->u.stream.fd, buf, len);
        } else {
            if (s->u.stream.offset > (uint64_t)INT64_MAX)
                return EOVERFLOW;
            n = pread(s->u.stream.fd, buf, len, (off_t)s->u.stream.offset);
        }
        if (n > 0) {
            if (s->u.stream.mode != WASI_STREAM_PIPE)
                s->u.stream.offset += (uint64_t)n;
            *got = (size_t)n;
            return 0;
        }
        if (n == 0) {
            s->u.stream.closed = true;
            return WASI_STREAM_CLOSED;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (!block)
                return 0;
            wait_fd(s->u.stream.fd, POLLIN);
            continue;
        }
        s->u.stream.closed = true;
        return errno;
    }
}

/* Where an APPEND stream writes: the current end of the file. */
static int end_of_file(int fd, uint64_t *at)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return errno;
    *at = (uint64_t)st.st_size;
    return 0;
}

int wasi_stream_write(wasi_obj *s, const uint8_t *data, size_t len)
{
    if (s->u.stream.closed)
        return WASI_STREAM_CLOSED;
    if (s->u.stream.fd < 0)
        return 0; /* no descriptor: output is discarded */
    while (len > 0) {
        ssize_t n;
        if (s->u.stream.mode == WASI_STREAM_PIPE) {
            n = write(s->u.stream.fd, data, len);
        } else {
            uint64_t at = s->u.stream.offset;
            if (s->u.stream.mode == WASI_STREAM_APPEND) {
                int e = end_of_file(s->u.stream.fd, &at);
                if (e) {
                    s->u.stream.closed = true;
                    return e;
                }
            }
            if (at > (uint64_t)INT64_MAX - len)
                return EFBIG;
            n = pwrite(s->u.stream.fd, data, len, (off_t)at);
            if (n > 0)
                s->u.stream.offset = at + (uint64_t)n;
        }
        if (n >= 0) {
            data += n, len -= (size_t)n;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            wait_fd(s->u.stream.fd, POLLOUT);
            continue;
        }
        s->u.stream.closed = true;
        return errno == EPIPE ? WASI_STREAM_CLOSED : errno;
    }
    return 0;
}
