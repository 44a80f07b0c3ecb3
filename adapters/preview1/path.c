/* path_*: operations relative to a directory descriptor, passed on to the
 * matching 0.2 descriptor methods. */
#include "adapter.h"

static uint32_t path_flags_from(uint32_t lookupflags)
{
    return (lookupflags & P1_LOOKUP_SYMLINK_FOLLOW) ? P2_PATH_SYMLINK_FOLLOW : 0;
}

EXPORT("path_create_directory")
p1_errno path_create_directory(int32_t fd, const char *path, uint32_t len)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *d;
    p1_errno e = fd_get_dir(st, fd, &d);
    if (e)
        return e;
    uint8_t ret[2];
    p2_descriptor_create_directory_at(d->handle, path, (int32_t)len, ret);
    return errno_from_result_u8(ret);
}

EXPORT("path_filestat_get")
p1_errno path_filestat_get(int32_t fd, uint32_t flags, const char *path, uint32_t len,
                           uint8_t *out)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *d;
    p1_errno e = fd_get_dir(st, fd, &d);
    if (e)
        return e;
    uint32_t pf = path_flags_from(flags);
    uint8_t ret[104] __attribute__((aligned(8)));
    p2_descriptor_stat_at(d->handle, (int32_t)pf, path, (int32_t)len, ret);
    if (ld8(ret))
        return errno_from_code(ld8(ret + 8));
    filestat_from_p2(out, ret + 8, inode_at(d->handle, pf, path, len));
    return 0;
}

EXPORT("path_filestat_set_times")
p1_errno path_filestat_set_times(int32_t fd, uint32_t flags, const char *path, uint32_t len,
                                 uint64_t atim, uint64_t mtim, uint32_t fst)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    new_timestamp a, m;
    p1_errno e = new_timestamp_from(atim, fst & P1_FSTFLAGS_ATIM, fst & P1_FSTFLAGS_ATIM_NOW, &a);
    if (!e)
        e = new_timestamp_from(mtim, fst & P1_FSTFLAGS_MTIM, fst & P1_FSTFLAGS_MTIM_NOW, &m);
    adapter_fd *d;
    if (!e)
        e = fd_get_dir(st, fd, &d);
    if (e)
        return e;
    uint8_t ret[2];
    p2_descriptor_set_times_at(d->handle, (int32_t)path_flags_from(flags), path, (int32_t)len,
                               a.tag, a.seconds, a.nanoseconds, m.tag, m.seconds, m.nanoseconds,
                               ret);
    return errno_from_result_u8(ret);
}

EXPORT("path_link")
p1_errno path_link(int32_t old_fd, uint32_t old_flags, const char *old_path, uint32_t old_len,
                   int32_t new_fd, const char *new_path, uint32_t new_len)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *od, *nd;
    p1_errno e = fd_get_dir(st, old_fd, &od);
    if (!e)
        e = fd_get_dir(st, new_fd, &nd);
    if (e)
        return e;
    uint8_t ret[2];
    p2_descriptor_link_at(od->handle, (int32_t)path_flags_from(old_flags), old_path,
                          (int32_t)old_len, nd->handle, new_path, (int32_t)new_len, ret);
    return errno_from_result_u8(ret);
}

EXPORT("path_open")
p1_errno path_open(int32_t fd, uint32_t dirflags, const char *path, uint32_t len, uint32_t oflags,
                   uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                   int32_t *opened)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *d;
    p1_errno e = fd_get_dir(st, fd, &d);
    if (e)
        return e;
    uint32_t open_flags = 0, desc_flags = 0;
    if (oflags & P1_OFLAGS_CREAT)
        open_flags |= P2_OPEN_CREATE;
    if (oflags & P1_OFLAGS_DIRECTORY)
        open_flags |= P2_OPEN_DIRECTORY;
    if (oflags & P1_OFLAGS_EXCL)
        open_flags |= P2_OPEN_EXCLUSIVE;
    if (oflags & P1_OFLAGS_TRUNC)
        open_flags |= P2_OPEN_TRUNCATE;
    if (rights_base & P1_RIGHTS_FD_READ)
        desc_flags |= P2_DESC_READ;
    if (rights_base & P1_RIGHTS_FD_WRITE)
        desc_flags |= P2_DESC_WRITE;
    if (fdflags & P1_FDFLAGS_SYNC)
        desc_flags |= P2_DESC_FILE_INTEGRITY_SYNC;
    if (fdflags & P1_FDFLAGS_DSYNC)
        desc_flags |= P2_DESC_DATA_INTEGRITY_SYNC;
    if (fdflags & P1_FDFLAGS_RSYNC)
        desc_flags |= P2_DESC_REQUESTED_WRITE_SYNC;

    uint8_t ret[8] __attribute__((aligned(4)));
    p2_descriptor_open_at(d->handle, (int32_t)path_flags_from(dirflags), path, (int32_t)len,
                          (int32_t)open_flags, (int32_t)desc_flags, ret);
    if (ld8(ret))
        return errno_from_code(ld8(ret + 4));
    adapter_fd f = {0};
    f.kind = FD_FILE;
    f.handle = (int32_t)ld32(ret + 4);
    f.append = (fdflags & P1_FDFLAGS_APPEND) != 0;
    f.nonblock = (fdflags & P1_FDFLAGS_NONBLOCK) != 0;
    f.rights_base = ~(uint64_t)0;
    f.rights_inheriting = ~(uint64_t)0;
    uint8_t tret[2];
    p2_descriptor_get_type(f.handle, tret);
    f.type = ld8(tret) ? P2_TYPE_UNKNOWN : ld8(tret + 1);
    f.desc_flags = (uint8_t)desc_flags;
    if (f.type == P2_TYPE_DIRECTORY && (desc_flags & P2_DESC_WRITE)) {
        p2_drop_descriptor(f.handle); /* as POSIX open(2): no writing a directory */
        return P1_EISDIR;
    }
    int32_t newfd;
    if ((e = fd_insert(st, &f, &newfd)) != 0) {
        p2_drop_descriptor(f.handle);
        return e;
    }
    st32(opened, (uint32_t)newfd);
    return 0;
}

EXPORT("path_readlink")
p1_errno path_readlink(int32_t fd, const char *path, uint32_t len, uint8_t *buf,
                       uint32_t buf_len, uint32_t *used)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *d;
    p1_errno e = fd_get_dir(st, fd, &d);
    if (e)
        return e;
    uint8_t ret[12] __attribute__((aligned(4)));
    ia_use_arena(st);
    p2_descriptor_readlink_at(d->handle, path, (int32_t)len, ret);
    ia_done(st);
    if (ld8(ret))
        return errno_from_code(ld8(ret + 4));
    /* Like POSIX readlink, a target longer than the buffer is truncated. */
    uint32_t n = ld32(ret + 8);
    if (n > buf_len)
        n = buf_len;
    __builtin_memcpy(buf, ptr_of(ld32(ret + 4)), n);
    st32(used, n);
    return 0;
}

EXPORT("path_remove_directory")
p1_errno path_remove_directory(int32_t fd, const char *path, uint32_t len)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *d;
    p1_errno e = fd_get_dir(st, fd, &d);
    if (e)
        return e;
    uint8_t ret[2];
    p2_descriptor_remove_directory_at(d->handle, path, (int32_t)len, ret);
    return errno_from_result_u8(ret);
}

EXPORT("path_rename")
p1_errno path_rename(int32_t old_fd, const char *old_path, uint32_t old_len, int32_t new_fd,
                     const char *new_path, uint32_t new_len)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *od, *nd;
    p1_errno e = fd_get_dir(st, old_fd, &od);
    if (!e)
        e = fd_get_dir(st, new_fd, &nd);
    if (e)
        return e;
    uint8_t ret[2];
    p2_descriptor_rename_at(od->handle, old_path, (int32_t)old_len, nd->handle, new_path,
                            (int32_t)new_len, ret);
    return errno_from_result_u8(ret);
}

EXPORT("path_symlink")
p1_errno path_symlink(const char *old_path, uint32_t old_len, int32_t fd, const char *new_path,
                      uint32_t new_len)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *d;
    p1_errno e = fd_get_dir(st, fd, &d);
    if (e)
        return e;
    uint8_t ret[2];
    p2_descriptor_symlink_at(d->handle, old_path, (int32_t)old_len, new_path, (int32_t)new_len,
                             ret);
    return errno_from_result_u8(ret);
}

EXPORT("path_unlink_file")
p1_errno path_unlink_file(int32_t fd, const char *path, uint32_t len)
{
    RETURN_IF_NOT_READY(P1_EIO);
    adapter_state *st = adapter_state_get();
    adapter_fd *d;
    p1_errno e = fd_get_dir(st, fd, &d);
    if (e)
        return e;
    uint8_t ret[2];
    p2_descriptor_unlink_file_at(d->handle, path, (int32_t)len, ret);
    return errno_from_result_u8(ret);
}
