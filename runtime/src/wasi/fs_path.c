/* wasi:filesystem/types: the descriptor methods that resolve a path
 * beneath a directory descriptor (open-at, stat-at, create-directory-at,
 * ...). Every path goes through the sandbox; changes through a read-only
 * preopen are not-permitted (wasmtime's answer, checked before the path is
 * looked at). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_funcs.h"
#include "fs_values.h"
#include "sandbox.h"

#define FS_HOST(name)                                                                          \
    static bool name(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t n,  \
                     rt_cval *result, rt_trap *trap)

/* path-flags.symlink-follow */
#define FS_PATH_FOLLOW 1u

/* open-flags bits */
enum { FS_O_CREATE = 1, FS_O_DIRECTORY = 2, FS_O_EXCLUSIVE = 4, FS_O_TRUNCATE = 8 };

static bool oom(rt_trap *trap)
{
    rt_trap_set(trap, RT_TRAP_HOST, "wasi:filesystem: out of memory");
    return false;
}

/* The directory descriptor of a method's self argument, after checking the
 * arguments against `kinds`; NULL with `trap` set, or with *errnum set to
 * ENOTDIR when self is a file. */
static fs_desc *dir_self(void *user, const char *func, const rt_cval *args, uint32_t n,
                         const char *kinds, int *errnum, rt_trap *trap)
{
    *errnum = 0;
    if (!fs_args(func, args, n, kinds, trap))
        return NULL;
    fs_desc *d = fs_arg_desc(user, &args[0], trap);
    if (d && !d->is_dir)
        *errnum = ENOTDIR;
    return d;
}

#define DIR_SELF(d, func, kinds)                                                               \
    int e_;                                                                                    \
    fs_desc *d = dir_self(user, func, args, n, kinds, &e_, trap);                              \
    if (!d)                                                                                    \
        return false;                                                                          \
    if (e_)                                                                                    \
        return fs_err(call, result, e_, trap)

static const comp_str *path_arg(const rt_cval *args, uint32_t i)
{
    return &args[i].of.str;
}

/* stat of the object `path` names (the link itself unless following). */
static int stat_path(const fs_desc *d, const comp_str *path, bool follow, struct stat *st)
{
    int fd;
    int e = sandbox_open(d->fd, path->data, path->len, O_PATH, 0, follow ? SANDBOX_FOLLOW : 0, &fd);
    if (e)
        return e;
    e = fstat(fd, st) ? errno : 0;
    close(fd);
    return e;
}

FS_HOST(stat_at)
{
    DIR_SELF(d, "stat-at", "hfs");
    struct stat st;
    int e = stat_path(d, path_arg(args, 2), args[1].of.flags & FS_PATH_FOLLOW, &st);
    if (e)
        return fs_err(call, result, e, trap);
    rt_cval v;
    return fs_stat_value(call, &st, &v, trap) && fs_ok(call, result, &v, trap);
}

FS_HOST(metadata_hash_at)
{
    DIR_SELF(d, "metadata-hash-at", "hfs");
    struct stat st;
    int e = stat_path(d, path_arg(args, 2), args[1].of.flags & FS_PATH_FOLLOW, &st);
    if (e)
        return fs_err(call, result, e, trap);
    rt_cval v;
    return fs_hash_value(call, &st, &v, trap) && fs_ok(call, result, &v, trap);
}

FS_HOST(set_times_at)
{
    DIR_SELF(d, "set-times-at", "hfsvv");
    if (d->read_only)
        return fs_err(call, result, EPERM, trap);
    struct timespec ts[2];
    int e = fs_new_timestamp(&args[3], &ts[0]);
    if (!e)
        e = fs_new_timestamp(&args[4], &ts[1]);
    if (e)
        return fs_err(call, result, e, trap);
    const comp_str *path = path_arg(args, 2);
    sandbox_at at;
    e = sandbox_parent(d->fd, path->data, path->len, 0, &at);
    if (!e) {
        struct stat st;
        bool link = fstatat(at.dirfd, at.name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
        if (link && (args[1].of.flags & FS_PATH_FOLLOW)) {
            /* the link's target, found through the sandbox */
            int fd;
            e = sandbox_open(d->fd, path->data, path->len, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0,
                             SANDBOX_FOLLOW, &fd);
            if (!e) {
                e = futimens(fd, ts) ? errno : 0;
                close(fd);
            }
        } else {
            e = utimensat(at.dirfd, at.name, ts, AT_SYMLINK_NOFOLLOW) ? errno : 0;
        }
        sandbox_at_close(&at);
    }
    return fs_done(call, result, e, trap);
}

/* Runs an *at call on the parent of `path`. */
typedef int (*at_op)(int dirfd, const char *name, const void *extra);

static int on_parent(const fs_desc *d, const comp_str *path, at_op op, const void *extra)
{
    sandbox_at at;
    int e = sandbox_parent(d->fd, path->data, path->len, 0, &at);
    if (e)
        return e;
    e = op(at.dirfd, at.name, extra);
    sandbox_at_close(&at);
    return e;
}

static int op_mkdir(int dirfd, const char *name, const void *extra)
{
    return mkdirat(dirfd, name, 0777) ? errno : 0;
}

static int op_rmdir(int dirfd, const char *name, const void *extra)
{
    return unlinkat(dirfd, name, AT_REMOVEDIR) ? errno : 0;
}

static int op_unlink(int dirfd, const char *name, const void *extra)
{
    return unlinkat(dirfd, name, 0) ? errno : 0;
}

static int op_symlink(int dirfd, const char *name, const void *target)
{
    return symlinkat(target, dirfd, name) ? errno : 0;
}

FS_HOST(create_directory_at)
{
    DIR_SELF(d, "create-directory-at", "hs");
    if (d->read_only)
        return fs_err(call, result, EPERM, trap);
    return fs_done(call, result, on_parent(d, path_arg(args, 1), op_mkdir, NULL), trap);
}

FS_HOST(remove_directory_at)
{
    DIR_SELF(d, "remove-directory-at", "hs");
    if (d->read_only)
        return fs_err(call, result, EPERM, trap);
    return fs_done(call, result, on_parent(d, path_arg(args, 1), op_rmdir, NULL), trap);
}

FS_HOST(unlink_file_at)
{
    DIR_SELF(d, "unlink-file-at", "hs");
    if (d->read_only)
        return fs_err(call, result, EPERM, trap);
    return fs_done(call, result, on_parent(d, path_arg(args, 1), op_unlink, NULL), trap);
}

FS_HOST(symlink_at)
{
    DIR_SELF(d, "symlink-at", "hss");
    if (d->read_only)
        return fs_err(call, result, EPERM, trap);
    const comp_str *old = path_arg(args, 1);
    /* an absolute target could only ever point outside */
    if (old->len && old->data[0] == '/')
        return fs_err(call, result, EPERM, trap);
    if (memchr(old->data, '\0', old->len))
        return fs_err(call, result, EINVAL, trap);
    char *target = comp_arena_strndup(call->arena, old->data, old->len);
    if (!target)
        return oom(trap);
    return fs_done(call, result, on_parent(d, path_arg(args, 2), op_symlink, target), trap);
}

FS_HOST(readlink_at)
{
    DIR_SELF(d, "readlink-at", "hs");
    const comp_str *path = path_arg(args, 1);
    sandbox_at at;
    int e = sandbox_parent(d->fd, path->data, path->len, 0, &at);
    if (e)
        return fs_err(call, result, e, trap);
    char *buf = comp_arena_alloc(call->arena, SANDBOX_PATH_MAX + 1);
    if (!buf) {
        sandbox_at_close(&at);
        return oom(trap);
    }
    ssize_t len = readlinkat(at.dirfd, at.name, buf, SANDBOX_PATH_MAX + 1);
    e = len < 0 ? errno : 0;
    sandbox_at_close(&at);
    if (!e && len > SANDBOX_PATH_MAX)
        e = ENAMETOOLONG;
    else if (!e && len > 0 && buf[0] == '/')
        e = EPERM;
    else if (!e && !fs_utf8_ok(buf, (size_t)len))
        e = EILSEQ;
    if (e)
        return fs_err(call, result, e, trap);
    rt_cval v = {.kind = RT_CT_STRING, .of.str = {buf, (size_t)len}};
    return fs_ok(call, result, &v, trap);
}

/* rename-at and link-at: both descriptors directories, both writable, and
 * (as in wasmtime) of the same permissions. */
static int two_dirs(void *user, const rt_cval *a, const rt_cval *b, fs_desc **da, fs_desc **db,
                    rt_trap *trap)
{
    *da = fs_arg_desc(user, a, trap);
    *db = *da ? fs_arg_desc(user, b, trap) : NULL;
    if (!*db)
        return -1;
    if (!(*da)->is_dir || !(*db)->is_dir)
        return ENOTDIR;
    if ((*da)->read_only || (*db)->read_only || (*da)->read_only != (*db)->read_only)
        return EPERM;
    return 0;
}

static int two_paths(const fs_desc *da, const comp_str *pa, const fs_desc *db, const comp_str *pb,
                     bool rename)
{
    sandbox_at a, b;
    int e = sandbox_parent(da->fd, pa->data, pa->len, 0, &a);
    if (e)
        return e;
    e = sandbox_parent(db->fd, pb->data, pb->len, 0, &b);
    if (!e) {
        int rc = rename ? renameat(a.dirfd, a.name, b.dirfd, b.name)
                        : linkat(a.dirfd, a.name, b.dirfd, b.name, 0);
        e = rc ? errno : 0;
        sandbox_at_close(&b);
    }
    sandbox_at_close(&a);
    return e;
}

FS_HOST(rename_at)
{
    if (!fs_args("rename-at", args, n, "hshs", trap))
        return false;
    fs_desc *da, *db;
    int e = two_dirs(user, &args[0], &args[2], &da, &db, trap);
    if (e < 0)
        return false;
    if (!e)
        e = two_paths(da, path_arg(args, 1), db, path_arg(args, 3), true);
    return fs_done(call, result, e, trap);
}

FS_HOST(link_at)
{
    if (!fs_args("link-at", args, n, "hfshs", trap))
        return false;
    fs_desc *da, *db;
    int e = two_dirs(user, &args[0], &args[3], &da, &db, trap);
    if (e < 0)
        return false;
    /* wasmtime refuses to follow a symlink for a hard link */
    if (!e && (args[1].of.flags & FS_PATH_FOLLOW))
        e = EINVAL;
    if (!e)
        e = two_paths(da, path_arg(args, 2), db, path_arg(args, 4), false);
    return fs_done(call, result, e, trap);
}

FS_HOST(open_at)
{
    wasi_fs *fs = user;
    DIR_SELF(d, "open-at", "hfsff");
    uint32_t oflags = args[3].of.flags, flags = args[4].of.flags;
    bool read_only = d->read_only;
    int base = d->fd;
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
        return fs_err(call, result, ENOTSUP, trap);
    if ((oflags & FS_O_DIRECTORY) && (oflags & (FS_O_CREATE | FS_O_EXCLUSIVE | FS_O_TRUNCATE)))
        return fs_err(call, result, EINVAL, trap);
    if (read_only && (mode & FS_MODE_WRITE || flags & FS_F_MUTATE_DIRECTORY))
        return fs_err(call, result, EPERM, trap);
    posix |= (mode & FS_MODE_WRITE) ? ((mode & FS_MODE_READ) ? O_RDWR : O_WRONLY) : O_RDONLY;
    posix |= O_NOCTTY;
    const comp_str *path = path_arg(args, 2);
    int fd;
    int e = sandbox_open(base, path->data, path->len, posix, 0666,
                         (args[1].of.flags & FS_PATH_FOLLOW) ? SANDBOX_FOLLOW : 0, &fd);
    if (e)
        return fs_err(call, result, e, trap);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        e = errno;
        close(fd);
        return fs_err(call, result, e, trap);
    }
    bool is_dir = S_ISDIR(st.st_mode);
    if ((oflags & FS_O_DIRECTORY) && !is_dir) {
        close(fd);
        return fs_err(call, result, ENOTDIR, trap);
    }
    /* a directory asked for with mutate-directory keeps it (the parent
     * has it: read-only parents refused above) */
    if (is_dir && (flags & FS_F_MUTATE_DIRECTORY))
        mode |= FS_MODE_WRITE;
    uint32_t rep = fs_desc_add(fs, fd, is_dir, read_only, mode);
    if (!rep)
        return oom(trap);
    rt_cval h = fs_handle(fs->type_descriptor, rep, true);
    return fs_ok(call, result, &h, trap);
}

const fs_func fs_path_funcs[] = {
    {"[method]descriptor.create-directory-at", create_directory_at},
    {"[method]descriptor.stat-at", stat_at},
    {"[method]descriptor.set-times-at", set_times_at},
    {"[method]descriptor.link-at", link_at},
    {"[method]descriptor.open-at", open_at},
    {"[method]descriptor.readlink-at", readlink_at},
    {"[method]descriptor.remove-directory-at", remove_directory_at},
    {"[method]descriptor.rename-at", rename_at},
    {"[method]descriptor.symlink-at", symlink_at},
    {"[method]descriptor.unlink-file-at", unlink_file_at},
    {"[method]descriptor.metadata-hash-at", metadata_hash_at},
};
const uint32_t fs_path_func_count = sizeof fs_path_funcs / sizeof fs_path_funcs[0];
