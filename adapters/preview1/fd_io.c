/* fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell. Files go through
 * descriptor.read / descriptor.write at the adapter's own position; stdio
 * through the 0.2 streams. Read data lands directly in the caller's
 * buffers (cabi_import_realloc hands out the iovec's memory). */
#include "adapter.h"

/* 0.2 limits a blocking write to 4096 bytes. */
enum { STREAM_CHUNK = 4096 };

static p1_errno need_right(const adapter_fd *f, uint64_t right)
{
    return (f->rights_base & right) ? 0 : P1_ENOTCAPABLE;
}

/* One descriptor.read at `offset` into buf; *got is the byte count. */
static p1_errno file_read_at(adapter_state *st, adapter_fd *f, uint8_t *buf, uint32_t len,
                             uint64_t offset, uint32_t *got)
{
    uint8_t ret[16] __attribute__((aligned(8)));
    ia_use_buffer(st, buf, len);
    p2_descriptor_read(f->handle, len, (int64_t)offset, ret);
    ia_done(st);
    if (ld8(ret))
        return errno_from_code(ld8(ret + 4));
    uint32_t n = ld32(ret + 8);
    if (n > len || (n && ld32(ret + 4) != (uint32_t)(uintptr_t)buf))
        ADAPTER_TRAP();
    *got = n;
    return 0;
}

/* Reads into the iovecs from `offset` until one comes back short. */
static p1_errno file_readv(adapter_state *st, adapter_fd *f, const uint8_t *iovs,
                           uint32_t iovs_len, uint64_t offset, uint32_t *total_out)
{
    uint32_t total = 0;
    for (uint32_t i = 0; i < iovs_len; i++) {
        const uint8_t *iov = iovs + (size_t)i * P1_IOVEC_SIZE;
        uint32_t len = ld32(iov + 4);
        if (!len)
            continue;
        uint32_t got = 0;
        p1_errno e = file_read_at(st, f, ptr_of(ld32(iov)), len, offset + total, &got);
        if (e) {
            if (total)
                break;
            return e;
        }
        total += got;
        if (got < len)
            break;
    }
    *total_out = total;
    return 0;
}

/* Writes all of buf at `offset` (descriptor.write may write less). */
static p1_errno file_write_at(adapter_fd *f, const uint8_t *buf, uint32_t len, uint64_t offset,
                              uint32_t *done_out)
{
    uint32_t done = 0;
    while (done < len) {
        uint8_t ret[16] __attribute__((aligned(8)));
        p2_descriptor_write(f->handle, buf + done, (int32_t)(len - done),
                            (int64_t)(offset + done), ret);
        if (ld8(ret)) {
            *done_out = done;
            return done ? 0 : errno_from_code(ld8(ret + 8));
        }
        uint64_t n = ld64(ret + 8);
        if (n == 0 || n > len - done)
            break;
        done += (uint32_t)n;
    }
    *done_out = done;
    return 0;
}

static p1_errno file_writev(adapter_fd *f, const uint8_t *iovs, uint32_t iovs_len,
                            uint64_t offset, uint32_t *total_out)
{
    uint32_t total = 0;
    for (uint32_t i = 0; i < iovs_len; i++) {
        const uint8_t *iov = iovs + (size_t)i * P1_IOVEC_SIZE;
        uint32_t len = ld32(iov + 4), done = 0;
        if (!len)
            continue;
        p1_errno e = file_write_at(f, ptr_of(ld32(iov)), len, offset + total, &done);
        total += done;
        if (e && !total)
            return e;
        if (e || done < len)
            break;
    }
    *total_out = total;
    return 0;
}

static p1_errno file_size(adapter_fd *f, uint64_t *size)
{
    uint8_t ret[104] __attribute__((aligned(8)));
    p2_descriptor_stat(f->handle, ret);
    if (ld8(ret))
        return errno_from_code(ld8(ret + 8));
    *size = ld64(ret + 24);
    return 0;
}

static p1_errno stream_readv(adapter_state *st, int32_t stream, const uint8_t *iovs,
                             uint32_t iovs_len, uint32_t *total_out)
{
    /* One blocking read into the first non-empty buffer: waiting for more
     * after some data arrived could block a reader that has enough. */
    for (uint32_t i = 0; i < iovs_len; i++) {
        const uint8_t *iov = iovs + (size_t)i * P1_IOVEC_SIZE;
        uint32_t len = ld32(iov + 4);
        if (!len)
            continue;
        uint8_t ret[12] __attribute__((aligned(4)));
        ia_use_buffer(st, ptr_of(ld32(iov)), len);
        p2_input_blocking_read(stream, len, ret);
        ia_done(st);
        if (ld8(ret)) {
            *total_out = 0;
            if (ld8(ret + 4) == P2_STREAM_ERROR_CLOSED)
                return 0; /* end of input */
            return errno_from_stream_error((int32_t)ld32(ret + 8));
        }
        uint32_t n = ld32(ret + 8);
        if (n > len)
            ADAPTER_TRAP();
        *total_out = n;
        return 0;
    }
    *total_out = 0;
    return 0;
}

static p1_errno stream_writev(int32_t stream, const uint8_t *iovs, uint32_t iovs_len,
                              uint32_t *total_out)
{
    uint32_t total = 0;
    for (uint32_t i = 0; i < iovs_len; i++) {
        const uint8_t *iov = iovs + (size_t)i * P1_IOVEC_SIZE;
        const uint8_t *buf = ptr_of(ld32(iov));
        uint32_t len = ld32(iov + 4);
        for (uint32_t off = 0; off < len;) {
            uint32_t chunk = len - off < STREAM_CHUNK ? len - off : STREAM_CHUNK;
            uint8_t ret[12] __attribute__((aligned(4)));
            p2_output_blocking_write_and_flush(stream, buf + off, (int32_t)chunk, ret);
            if (ld8(ret)) {
                p1_errno e = ld8(ret + 4) == P2_STREAM_ERROR_CLOSED
                                 ? P1_EPIPE
                                 : errno_from_stream_error((int32_t)ld32(ret + 8));
                *total_out = total;
                return total ? 0 : e;
            }
            off += chunk;
            total += chunk;
        }
    }
    *total_out = total;
    return 0;
}

EXPORT("fd_read")
p1_errno fd_read(int32_t fd, const uint8_t *iovs, uint32_t iovs_len, uint32_t *nread)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    p1_errno e = need_right(f, P1_RIGHTS_FD_READ);
    if (e)
        return e;
    uint32_t n = 0;
    if (f->kind == FD_STDIO) {
        int32_t in = fd_input_stream(f);
        if (!in)
            return P1_EBADF;
        e = stream_readv(st, in, iovs, iovs_len, &n);
    } else {
        if (f->type == P2_TYPE_DIRECTORY)
            return P1_EISDIR;
        e = file_readv(st, f, iovs, iovs_len, f->position, &n);
        f->position += n;
    }
    if (!e)
        st32(nread, n);
    return e;
}

EXPORT("fd_pread")
p1_errno fd_pread(int32_t fd, const uint8_t *iovs, uint32_t iovs_len, uint64_t offset,
                  uint32_t *nread)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    if (f->kind != FD_FILE)
        return P1_ESPIPE;
    if (f->type == P2_TYPE_DIRECTORY)
        return P1_EISDIR;
    p1_errno e = need_right(f, P1_RIGHTS_FD_READ);
    uint32_t n = 0;
    if (!e)
        e = file_readv(st, f, iovs, iovs_len, offset, &n);
    if (!e)
        st32(nread, n);
    return e;
}

EXPORT("fd_write")
p1_errno fd_write(int32_t fd, const uint8_t *iovs, uint32_t iovs_len, uint32_t *nwritten)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    p1_errno e = need_right(f, P1_RIGHTS_FD_WRITE);
    if (e)
        return e;
    uint32_t n = 0;
    if (f->kind == FD_STDIO) {
        int32_t out = fd_output_stream(f);
        if (!out)
            return P1_EBADF;
        e = stream_writev(out, iovs, iovs_len, &n);
    } else {
        if (f->type == P2_TYPE_DIRECTORY)
            return P1_EISDIR;
        uint64_t at = f->position;
        if (f->append && (e = file_size(f, &at)) != 0)
            return e;
        e = file_writev(f, iovs, iovs_len, at, &n);
        if (!e)
            f->position = at + n;
    }
    if (!e)
        st32(nwritten, n);
    return e;
}

EXPORT("fd_pwrite")
p1_errno fd_pwrite(int32_t fd, const uint8_t *iovs, uint32_t iovs_len, uint64_t offset,
                   uint32_t *nwritten)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    if (f->kind != FD_FILE)
        return P1_ESPIPE;
    if (f->type == P2_TYPE_DIRECTORY)
        return P1_EISDIR;
    p1_errno e = need_right(f, P1_RIGHTS_FD_WRITE);
    uint32_t n = 0;
    if (!e)
        e = file_writev(f, iovs, iovs_len, offset, &n);
    if (!e)
        st32(nwritten, n);
    return e;
}

EXPORT("fd_seek")
p1_errno fd_seek(int32_t fd, int64_t delta, uint32_t whence, uint64_t *newoffset)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    if (f->kind != FD_FILE)
        return P1_ESPIPE;
    if (f->type == P2_TYPE_DIRECTORY)
        return P1_EBADF;
    p1_errno e = need_right(f, P1_RIGHTS_FD_SEEK);
    if (e)
        return e;
    uint64_t base;
    if (whence == P1_WHENCE_SET)
        base = 0;
    else if (whence == P1_WHENCE_CUR)
        base = f->position;
    else if (whence == P1_WHENCE_END) {
        if ((e = file_size(f, &base)) != 0)
            return e;
    } else
        return P1_EINVAL;
    if (base > (uint64_t)INT64_MAX)
        return P1_EOVERFLOW;
    int64_t pos;
    if (__builtin_add_overflow((int64_t)base, delta, &pos) || pos < 0)
        return P1_EINVAL;
    f->position = (uint64_t)pos;
    st64(newoffset, f->position);
    return 0;
}

EXPORT("fd_tell")
p1_errno fd_tell(int32_t fd, uint64_t *offset)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    if (f->kind != FD_FILE)
        return P1_ESPIPE;
    if (f->type == P2_TYPE_DIRECTORY)
        return P1_EBADF;
    p1_errno e = need_right(f, P1_RIGHTS_FD_TELL);
    if (!e)
        st64(offset, f->position);
    return e;
}
