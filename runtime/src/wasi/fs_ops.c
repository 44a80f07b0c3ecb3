/* The filesystem operations shared by the 0.2 and 0.3 hosts (fs_ops.h):
 * sandboxed path calls and descriptor calls, each returning an errno. */
#define _GNU_SOURCE
#include "fs_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fs_values.h"
#include "sandbox.h"

/* ---- paths ------------------------------------------------------------------ */

static int dir_check(const fs_desc *d, bool change)
{
    if (!d->is_dir)
        return ENOTDIR;
    return change && d->read_only ? EPERM : 0;
}

/* stat of the object `path` names (the link itself unless following). */
int fs_op_stat_at(const fs_desc *d, comp_str path, bool follow, struct stat *st)
{
    int e = dir_check(d, false);
    if (e)
        return e;
    int fd;
    e = sandbox_open(d->fd, path.data, path.len, O_PATH, 0, follow ? SANDBOX_FOLLOW : 0, &fd);
    if (e)
        return e;
    e = fstat(fd, st) ? errno : 0;
    close(fd);
    return e;
}

int fs_op_set_times_at(const fs_desc *d, comp_str path, bool follow, const struct timespec ts[2])
{
    int e = dir_check(d, true);
    if (e)
        return e;
    sandbox_at at;
    e = sandbox_parent(d->fd, path.data, path.len, 0, &at);
    if (e)
        return e;
    struct stat st;
    bool link = fstatat(at.dirfd, at.name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
    if (link && follow) {
        /* the link's target, found through the sandbox */
        int fd;
        e = sandbox_open(d->fd, path.data, path.len, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0,
                         SANDBOX_FOLLOW, &fd);
        if (!e) {
            e = futimens(fd, ts) ? errno : 0;
            close(fd);
        }
    } else {
        e = utimensat(at.dirfd, at.name, ts, AT_SYMLINK_NOFOLLOW) ? errno : 0;
    }
    sandbox_at_close(&at);
    return e;
}

/* Runs an *at call on the parent of `path`. */
typedef int (*at_op)(int dirfd, const char *name, const void *extra);

static int on_parent(const fs_desc *d, comp_str path, at_op op, const void *extra)
{
    int e = dir_check(d, true);
    if (e)
        return e;
    sandbox_at at;
    e = sandbox_parent(d->fd, path.data, path.len, 0, &at);
    if (e)
        return e;
    e = op(at.dirfd, at.name, extra);
    sandbox_at_close(&at);
    return e;
}

static int op_mkdir(int dirfd, const char *name, const void *extra)
{
    (void)extra;
    return mkdirat(dirfd, name, 0777) ? errno : 0;
}

static int op_rmdir(int dirfd, const char *name, const void *extra)
{
    (void)extra;
    return unlinkat(dirfd, name, AT_REMOVEDIR) ? errno : 0;
}

static int op_unlink(int dirfd, const char *name, const void *extra)
{
    (void)extra;
    return unlinkat(dirfd, name, 0) ? errno : 0;
}

static int op_symlink(int dirfd, const char *name, const void *target)
{
    return symlinkat(target, dirfd, name) ? errno : 0;
}

int fs_op_create_directory_at(const fs_desc *d, comp_str path)
{
    return on_parent(d, path, op_mkdir, NULL);
}

int fs_op_remove_directory_at(const fs_desc *d, comp_str path)
{
    return on_parent(d, path, op_rmdir, NULL);
}

int fs_op_unlink_file_at(const fs_desc *d, comp_str path)
{
    return on_parent(d, path, op_unlink, NULL);
}

int fs_op_symlink_at(const fs_desc *d, comp_str target, comp_str path)
{
    int e = dir_check(d, true);
    if (e)
        return e;
    /* an absolute target could only ever point outside */
    if (target.len && target.data[0] == '/')
        return EPERM;
    if (target.len > SANDBOX_PATH_MAX)
        return ENAMETOOLONG;
    if (memchr(target.data, '\0', target.len))
        return EINVAL;
    char text[SANDBOX_PATH_MAX + 1];
    memcpy(text, target.data, target.len);
    text[target.len] = '\0';
    return on_parent(d, path, op_symlink, text);
}

int fs_op_readlink_at(const fs_desc *d, comp_str path, comp_arena *arena, comp_str *out)
{
    int e = dir_check(d, false);
    if (e)
        return e;
    sandbox_at at;
    e = sandbox_parent(d->fd, path.data, path.len, 0, &at);
    if (e)
        return e;
    char *buf = comp_arena_alloc(arena, SANDBOX_PATH_MAX + 1);
    if (!buf) {
        sandbox_at_close(&at);
        return ENOMEM;
    }
    ssize_t len = readlinkat(at.dirfd, at.name, buf, SANDBOX_PATH_MAX + 1);
    e = len < 0 ? errno : 0;
    sandbox_at_close(&at);
    if (e)
        return e;
    if (len > SANDBOX_PATH_MAX)
        return ENAMETOOLONG;
    if (len > 0 && buf[0] == '/')
        return EPERM;
    if (!fs_utf8_ok(buf, (size_t)len))
        return EILSEQ;
    *out = (comp_str){buf, (uint32_t)len};
    return 0;
}

/* rename-at and link-at: both descriptors directories, both writable, and
 * (as in wasmtime) of the same permissions. */
static int two_dirs(const fs_desc *a, const fs_desc *b)
{
    if (!a->is_dir || !b->is_dir)
        return ENOTDIR;
    if (a->read_only || b->read_only)
        return EPERM;
    return 0;
}

static int two_paths(const fs_desc *da, comp_str pa, const fs_desc *db, comp_str pb, bool rename)
{
    sandbox_at a, b;
    int e = sandbox_parent(da->fd, pa.data, pa.len, 0, &a);
    if (e)
        return e;
    e = sandbox_parent(db->fd, pb.data, pb.len, 0, &b);
    if (!e) {
        int rc = rename ? renameat(a.dirfd, a.name, b.dirfd, b.name)
                        : linkat(a.dirfd, a.name, b.dirfd, b.name, 0);
        e = rc ? errno : 0;
        sandbox_at_close(&b);
    }
    sandbox_at_close(&a);
    return e;
}

int fs_op_rename_at(const fs_desc *from, comp_str from_path, const fs_desc *to, comp_str to_path)
{
    int e = two_dirs(from, to);
    return e ? e : two_paths(from, from_path, to, to_path, true);
}

int fs_op_link_at(const fs_desc *from, bool follow, comp_str from_path, const fs_desc *to,
                  comp_str to_path)
{
    int e = two_dirs(from, to);
    /* wasmtime refuses to follow a symlink for a hard link */
    if (!e && follow)
        e = EINVAL;
    return e ? e : two_paths(from, from_path, to, to_path, false);
}

int fs_op_open_at(wasi_fs *fs, const fs_desc *d, bool follow, comp_str path, uint32_t oflags,
                  uint32_t flags, uint32_t *rep)
{
    int e = dir_check(d, false);
    if (e)
        return e;
    bool read_only = d->read_only;
    int posix = 0;
    uint8_t mode = 0;
    if (oflags & FS_O_CREATE) {
        posix |= O_CREAT | ((oflags & FS_O_EXCLUSIVE) ? O_EXCL : 0);
        mode |= FS_MODE_WRITE;
    }
    if (oflags & FS_O_TRUNCATE) {
        posix |= O_TRUNC;
        mode |= FS_MODE_WRITE;
    }
    if (flags & FS_F_READ)
        mode |= FS_MODE_READ;
    if (flags & FS_F_WRITE)
        mode |= FS_MODE_WRITE;
    else
        mode |= FS_MODE_READ; /* the OS needs some access; perms refuse writes later */
    if (flags & (FS_F_FILE_INTEGRITY_SYNC | FS_F_DATA_INTEGRITY_SYNC | FS_F_REQUESTED_WRITE_SYNC))
        return ENOTSUP;
    if ((oflags & FS_O_DIRECTORY) && (oflags & (FS_O_CREATE | FS_O_EXCLUSIVE | FS_O_TRUNCATE)))
        return EINVAL;
    if (read_only && (mode & FS_MODE_WRITE || flags & FS_F_MUTATE_DIRECTORY))
        return EPERM;
    posix |= (mode & FS_MODE_WRITE) ? ((mode & FS_MODE_READ) ? O_RDWR : O_WRONLY) : O_RDONLY;
    posix |= O_NOCTTY;
    int fd;
    e = sandbox_open(d->fd, path.data, path.len, posix, 0666, follow ? SANDBOX_FOLLOW : 0, &fd);
    if (e)
        return e;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        e = errno;
        close(fd);
        return e;
    }
    bool is_dir = S_ISDIR(st.st_mode);
    if ((oflags & FS_O_DIRECTORY) && !is_dir) {
        close(fd);
        return ENOTDIR;
    }
    /* a directory asked for with mutate-directory keeps it (the parent
     * has it: read-only parents refused above) */
    if (is_dir && (flags & FS_F_MUTATE_DIRECTORY))
        mode |= FS_MODE_WRITE;
    *rep = fs_desc_add(fs, fd, is_dir, read_only, mode);
    return *rep ? 0 : ENOMEM;
}

/* ---- the descriptor itself ---------------------------------------------------------- */

int fs_op_advise(const fs_desc *d, uint64_t offset, uint64_t length, uint32_t advice)
{
    static const int posix[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,  POSIX_FADV_NOREUSE};
    if (d->is_dir)
        return EBADF;
    if (offset > INT64_MAX || length > INT64_MAX || advice >= sizeof posix / sizeof posix[0])
        return EINVAL;
    return posix_fadvise(d->fd, (off_t)offset, (off_t)length, posix[advice]);
}

int fs_op_sync(const fs_desc *d, bool data_only)
{
    int rc = data_only ? fdatasync(d->fd) : fsync(d->fd);
    return rc ? errno : 0;
}

int fs_op_get_flags(const fs_desc *d, uint32_t *out)
{
    int fl = fcntl(d->fd, F_GETFL);
    if (fl < 0)
        return errno;
    uint32_t flags = 0;
    /* the same reading of the O_*SYNC bits as wasmtime */
    if ((fl & O_DSYNC) == O_DSYNC)
        flags |= FS_F_REQUESTED_WRITE_SYNC;
    if ((fl & O_SYNC) == O_SYNC)
        flags |= FS_F_FILE_INTEGRITY_SYNC;
    if ((fl & O_RSYNC) == O_RSYNC && O_RSYNC)
        flags |= FS_F_DATA_INTEGRITY_SYNC;
    if (d->mode & FS_MODE_READ)
        flags |= FS_F_READ;
    if (d->mode & FS_MODE_WRITE)
        flags |= d->is_dir ? FS_F_MUTATE_DIRECTORY : FS_F_WRITE;
    *out = flags;
    return 0;
}

int fs_op_set_size(const fs_desc *d, uint64_t size)
{
    if (d->is_dir)
        return EBADF;
    if (d->read_only)
        return EPERM;
    if (size > INT64_MAX)
        return EINVAL;
    return ftruncate(d->fd, (off_t)size) ? errno : 0;
}

int fs_op_set_times(const fs_desc *d, const struct timespec ts[2])
{
    if (d->read_only)
        return EPERM;
    return futimens(d->fd, ts) ? errno : 0;
}

int fs_op_stat(const fs_desc *d, struct stat *st)
{
    return fstat(d->fd, st) ? errno : 0;
}

bool fs_op_same_object(const fs_desc *a, const fs_desc *b)
{
    struct stat sa, sb;
    return fstat(a->fd, &sa) == 0 && fstat(b->fd, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int fs_op_dup(const fs_desc *d, int *fd)
{
    *fd = fcntl(d->fd, F_DUPFD_CLOEXEC, 0);
    return *fd < 0 ? errno : 0;
}

int fs_op_can_read_stream(const fs_desc *d)
{
    return d->is_dir ? EISDIR : 0;
}

int fs_op_can_write_stream(const fs_desc *d)
{
    if (d->is_dir)
        return EBADF;
    return d->read_only ? EPERM : 0;
}

/* ---- directories ---------------------------------------------------------------------- */

int fs_op_open_dir(const fs_desc *d, DIR **out)
{
    if (!d->is_dir)
        return ENOTDIR;
    int fd = openat(d->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    DIR *dir = fdopendir(fd);
    if (!dir) {
        int e = errno;
        close(fd);
        return e;
    }
    *out = dir;
    return 0;
}

uint32_t fs_op_entry_type(DIR *dir, const struct dirent *e)
{
    switch (e->d_type) {
    case DT_BLK: return FS_T_BLOCK_DEVICE;
    case DT_CHR: return FS_T_CHARACTER_DEVICE;
    case DT_DIR: return FS_T_DIRECTORY;
    case DT_FIFO: return FS_T_FIFO;
    case DT_LNK: return FS_T_SYMBOLIC_LINK;
    case DT_REG: return FS_T_REGULAR_FILE;
    case DT_SOCK: return FS_T_SOCKET;
    default: {
        struct stat st;
        if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            return FS_T_UNKNOWN;
        return fs_type_of_mode(st.st_mode);
    }
    }
}

int fs_op_next_entry(DIR *dir, struct dirent **out)
{
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(dir);
        if (!e) {
            *out = NULL;
            return errno;
        }
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            *out = e;
            return 0;
        }
    }
}
