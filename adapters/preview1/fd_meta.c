/* Descriptor metadata and management: close, renumber, fdstat, filestat,
 * sizes, times, sync, advise, allocate, prestat. */
#include "adapter.h"

EXPORT("fd_close")
p1_errno fd_close(int32_t fd)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    fd_release(st, f);
    return 0;
}

/* Moves `from` over `to` (closing what `to` held); both must be open. */
EXPORT("fd_renumber")
p1_errno fd_renumber(int32_t from, int32_t to)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *src = fd_get(st, from), *dst = fd_get(st, to);
    if (!src || !dst)
        return P1_EBADF;
    if (src == dst)
        return 0;
    fd_release(st, dst);
    *dst = *src;
    if (st->dir.fd == from)
        st->dir.fd = to;
    __builtin_memset(src, 0, sizeof *src);
    return 0;
}

EXPORT("fd_fdstat_get")
p1_errno fd_fdstat_get(int32_t fd, uint8_t *out)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    uint8_t filetype;
    uint16_t fdflags = 0;
    uint64_t rights, inheriting;
    if (f->kind == FD_STDIO) {
        /* As the official adapter: stdio is a character device (so
         * wasi-libc line-buffers it), whether or not it is a terminal. */
        filetype = P1_FILETYPE_CHARACTER_DEVICE;
        rights = (f->stdio == 0 ? P1_RIGHTS_FD_READ : P1_RIGHTS_FD_WRITE) | P1_RIGHTS_POLL_FD_READWRITE;
        inheriting = rights;
    } else {
        /* Rights follow the kind of descriptor and how the adapter opened
         * it (not get-flags: hosts differ in what they add when creating). */
        uint8_t flags = f->desc_flags;
        filetype = filetype_from_p2(f->type);
        if (f->type == P2_TYPE_DIRECTORY) {
            rights = P1_RIGHTS_DIRECTORY_BASE;
            inheriting = P1_RIGHTS_DIRECTORY_INHERITING;
        } else {
            rights = P1_RIGHTS_FILE_BASE;
            if (!(flags & P2_DESC_READ))
                rights &= ~P1_RIGHTS_FD_READ;
            if (!(flags & P2_DESC_WRITE))
                rights &= ~P1_RIGHTS_FD_WRITE;
            inheriting = rights;
        }
        if (flags & P2_DESC_DATA_INTEGRITY_SYNC)
            fdflags |= P1_FDFLAGS_DSYNC;
        if (flags & P2_DESC_REQUESTED_WRITE_SYNC)
            fdflags |= P1_FDFLAGS_RSYNC;
        if (flags & P2_DESC_FILE_INTEGRITY_SYNC)
            fdflags |= P1_FDFLAGS_SYNC;
        if (f->append)
            fdflags |= P1_FDFLAGS_APPEND;
        if (f->nonblock)
            fdflags |= P1_FDFLAGS_NONBLOCK;
    }
    __builtin_memset(out, 0, P1_FDSTAT_SIZE);
    st8(out, filetype);
    st16(out + 2, fdflags);
    st64(out + 8, rights & f->rights_base);
    st64(out + 16, inheriting & f->rights_inheriting);
    return 0;
}

EXPORT("fd_fdstat_set_flags")
p1_errno fd_fdstat_set_flags(int32_t fd, uint32_t flags)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    /* Only APPEND and NONBLOCK can change after opening. */
    if (flags & ~(uint32_t)(P1_FDFLAGS_APPEND | P1_FDFLAGS_NONBLOCK))
        return P1_EINVAL;
    if (f->kind != FD_FILE || f->type == P2_TYPE_DIRECTORY)
        return P1_EBADF;
    f->append = (flags & P1_FDFLAGS_APPEND) != 0;
    f->nonblock = (flags & P1_FDFLAGS_NONBLOCK) != 0;
    return 0;
}

/* Rights only shrink: asking for one the descriptor lacks is ENOTCAPABLE. */
EXPORT("fd_fdstat_set_rights")
p1_errno fd_fdstat_set_rights(int32_t fd, uint64_t base, uint64_t inheriting)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    if ((base & ~f->rights_base) || (inheriting & ~f->rights_inheriting))
        return P1_ENOTCAPABLE;
    f->rights_base = base;
    f->rights_inheriting = inheriting;
    return 0;
}

EXPORT("fd_filestat_get")
p1_errno fd_filestat_get(int32_t fd, uint8_t *out)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    if (f->kind == FD_STDIO) {
        __builtin_memset(out, 0, P1_FILESTAT_SIZE);
        st8(out + 16, P1_FILETYPE_CHARACTER_DEVICE);
        return 0;
    }
    uint8_t ret[104] __attribute__((aligned(8)));
    p2_descriptor_stat(f->handle, ret);
    if (ld8(ret))
        return errno_from_code(ld8(ret + 8));
    filestat_from_p2(out, ret + 8, inode_of(f->handle));
    return 0;
}

EXPORT("fd_filestat_set_size")
p1_errno fd_filestat_set_size(int32_t fd, uint64_t size)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f;
    p1_errno e = fd_get_file(st, fd, &f);
    if (e)
        return e;
    uint8_t ret[2];
    p2_descriptor_set_size(f->handle, (int64_t)size, ret);
    return errno_from_result_u8(ret);
}

EXPORT("fd_filestat_set_times")
p1_errno fd_filestat_set_times(int32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    new_timestamp a, m;
    p1_errno e = new_timestamp_from(atim, fst & P1_FSTFLAGS_ATIM, fst & P1_FSTFLAGS_ATIM_NOW, &a);
    if (!e)
        e = new_timestamp_from(mtim, fst & P1_FSTFLAGS_MTIM, fst & P1_FSTFLAGS_MTIM_NOW, &m);
    if (e)
        return e;
    adapter_fd *f;
    if ((e = fd_get_file(st, fd, &f)) != 0)
        return e;
    uint8_t ret[2];
    p2_descriptor_set_times(f->handle, a.tag, a.seconds, a.nanoseconds, m.tag, m.seconds,
                            m.nanoseconds, ret);
    return errno_from_result_u8(ret);
}

EXPORT("fd_advise")
p1_errno fd_advise(int32_t fd, uint64_t offset, uint64_t len, uint32_t advice)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    if (advice > 5)
        return P1_EINVAL;
    adapter_fd *f = fd_get(st, fd);
    if (!f)
        return P1_EBADF;
    if (f->kind != FD_FILE)
        return P1_ESPIPE;
    if (f->type == P2_TYPE_DIRECTORY)
        return P1_EBADF;
    uint8_t ret[2];
    /* preview1 and 0.2 number the advice values alike. */
    p2_descriptor_advise(f->handle, (int64_t)offset, (int64_t)len, (int32_t)advice, ret);
    return errno_from_result_u8(ret);
}

/* 0.2 has no preallocation: grow the file with set-size when the range
 * reaches past its end, which is what posix_fallocate promises to observers. */
EXPORT("fd_allocate")
p1_errno fd_allocate(int32_t fd, uint64_t offset, uint64_t len)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f;
    p1_errno e = fd_get_file(st, fd, &f);
    if (e)
        return e;
    if (f->type == P2_TYPE_DIRECTORY)
        return P1_EBADF;
    uint64_t end;
    if (__builtin_add_overflow(offset, len, &end) || end > (uint64_t)INT64_MAX)
        return P1_EFBIG;
    uint8_t ret[104] __attribute__((aligned(8)));
    p2_descriptor_stat(f->handle, ret);
    if (ld8(ret))
        return errno_from_code(ld8(ret + 8));
    if (ld64(ret + 24) >= end)
        return 0;
    p2_descriptor_set_size(f->handle, (int64_t)end, ret);
    return errno_from_result_u8(ret);
}

EXPORT("fd_datasync")
p1_errno fd_datasync(int32_t fd)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f;
    p1_errno e = fd_get_file(st, fd, &f);
    if (e)
        return e;
    uint8_t ret[2];
    p2_descriptor_sync_data(f->handle, ret);
    return errno_from_result_u8(ret);
}

EXPORT("fd_sync")
p1_errno fd_sync(int32_t fd)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f;
    p1_errno e = fd_get_file(st, fd, &f);
    if (e)
        return e;
    uint8_t ret[2];
    p2_descriptor_sync(f->handle, ret);
    return errno_from_result_u8(ret);
}

/* prestat: tag u8 @0 (0: directory), name length u32 @4 */
EXPORT("fd_prestat_get")
p1_errno fd_prestat_get(int32_t fd, uint8_t *out)
{
    RETURN_IF_NOT_READY(P1_EBADF);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f || !f->preopen)
        return P1_EBADF;
    st32(out, 0);
    st32(out + 4, f->name_len);
    return 0;
}

EXPORT("fd_prestat_dir_name")
p1_errno fd_prestat_dir_name(int32_t fd, uint8_t *path, uint32_t path_len)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *f = fd_get(st, fd);
    if (!f || !f->preopen)
        return P1_EBADF;
    if (path_len < f->name_len)
        return P1_ENAMETOOLONG;
    __builtin_memcpy(path, st->names + f->name_off, f->name_len);
    return 0;
}
