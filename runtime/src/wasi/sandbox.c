/* Path resolution confined beneath a directory descriptor: openat2 with
 * RESOLVE_BENEATH where the kernel has it, a component-by-component walk
 * elsewhere. */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Directories the walk is inside, below the base: ".." pops one. */
#define WALK_MAX_DEPTH 512

typedef struct walk {
    int base;
    int stack[WALK_MAX_DEPTH];
    uint32_t depth;
    uint32_t links;                         /* symlinks expanded so far */
    char rest[2 * SANDBOX_PATH_MAX + 2];    /* what is left to resolve */
    char spare[2 * SANDBOX_PATH_MAX + 2];
    char link[SANDBOX_PATH_MAX + 1];
} walk;

static int walk_cur(const walk *w)
{
    return w->depth ? w->stack[w->depth - 1] : w->base;
}

static void walk_release(walk *w)
{
    while (w->depth)
        close(w->stack[--w->depth]);
}

/* Copies guest text into a C string, refusing what no host path can be. */
static int copy_path(const char *path, size_t len, char *out)
{
    if (len == 0)
        return ENOENT;
    if (len > SANDBOX_PATH_MAX)
        return ENAMETOOLONG;
    if (memchr(path, '\0', len))
        return EINVAL;
    if (path[0] == '/')
        return EPERM;
    memcpy(out, path, len);
    out[len] = '\0';
    return 0;
}

/* Replaces the symlink `name` in directory `dir` by its target, followed by
 * `after` (the rest of the path, which may be empty). */
static int walk_expand(walk *w, int dir, const char *name, const char *after)
{
    if (++w->links > SANDBOX_MAX_SYMLINKS)
        return ELOOP;
    ssize_t n = readlinkat(dir, name, w->link, sizeof w->link);
    if (n < 0)
        return errno;
    if ((size_t)n >= sizeof w->link)
        return ENAMETOOLONG;
    if (n == 0)
        return ENOENT;
    if (w->link[0] == '/')
        return EPERM;
    size_t alen = strlen(after);
    if ((size_t)n + 1 + alen >= sizeof w->spare)
        return ENAMETOOLONG;
    memcpy(w->spare, w->link, (size_t)n);
    size_t at = (size_t)n;
    if (alen) {
        w->spare[at++] = '/';
        memcpy(w->spare + at, after, alen);
        at += alen;
    }
    w->spare[at] = '\0';
    memcpy(w->rest, w->spare, at + 1);
    return 0;
}

static bool is_symlink_at(int dir, const char *name)
{
    struct stat st;
    return fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

/* The walk. w->rest holds the relative path; on success *out is the opened
 * last component. */
static int walk_open(walk *w, int oflags, mode_t mode, bool follow, int *out)
{
    char comp[SANDBOX_PATH_MAX + 1];
    for (;;) {
        char *p = w->rest;
        while (*p == '/')
            p++;
        if (*p == '\0') {
            /* nothing named after the last directory ("a/..", "."): that
             * directory itself */
            int fd = openat(walk_cur(w), ".", oflags | O_CLOEXEC, mode);
            if (fd < 0)
                return errno;
            *out = fd;
            return 0;
        }
        size_t clen = strcspn(p, "/");
        memcpy(comp, p, clen);
        comp[clen] = '\0';
        char *after = p + clen;
        bool trailing = *after == '/';
        while (*after == '/')
            after++;
        bool last = *after == '\0';
        /* `after` points into rest, which walk_expand rewrites */
        memmove(w->rest, after, strlen(after) + 1);
        after = w->rest;

        if (strcmp(comp, ".") == 0)
            continue;
        if (strcmp(comp, "..") == 0) {
            if (w->depth == 0)
                return EPERM;
            close(w->stack[--w->depth]);
            continue;
        }
        int dir = walk_cur(w);
        if (last) {
            bool expand = (follow || trailing) &&
                          (oflags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL) &&
                          is_symlink_at(dir, comp);
            if (expand) {
                /* a trailing slash keeps requiring a directory */
                int e = walk_expand(w, dir, comp, trailing ? "." : "");
                if (e)
                    return e;
                continue;
            }
            int fd = openat(dir, comp, oflags | O_NOFOLLOW | O_CLOEXEC | (trailing ? O_DIRECTORY : 0),
                            mode);
            if (fd < 0)
                return errno;
            *out = fd;
            return 0;
        }
        if (is_symlink_at(dir, comp)) {
            int e = walk_expand(w, dir, comp, after);
            if (e)
                return e;
            continue;
        }
        if (w->depth == WALK_MAX_DEPTH)
            return ENAMETOOLONG;
        int fd = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return errno;
        w->stack[w->depth++] = fd;
    }
}

static int open_by_walk(int base, const char *cpath, int oflags, mode_t mode, bool follow, int *out)
{
    walk *w = malloc(sizeof *w);
    if (!w)
        return ENOMEM;
    w->base = base;
    w->depth = 0;
    w->links = 0;
    strcpy(w->rest, cpath);
    int e = walk_open(w, oflags, mode, follow, out);
    walk_release(w);
    free(w);
    return e;
}

/* 0, an errno, or -1 when openat2 is unavailable (or refused by a
 * seccomp filter, which answers EPERM: the walk then decides). */
static int open_by_openat2(int base, const char *cpath, int oflags, mode_t mode, bool follow,
                           int *out)
{
#ifdef SYS_openat2
    struct open_how how = {
        .flags = (uint64_t)(oflags | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW)),
        .mode = (oflags & O_CREAT) ? mode : 0,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    long fd = syscall(SYS_openat2, base, cpath, &how, sizeof how);
    if (fd >= 0) {
        *out = (int)fd;
        return 0;
    }
    if (errno == ENOSYS || errno == EPERM)
        return -1;
    return errno == EXDEV ? EPERM : errno;
#else
    return -1;
#endif
}

int sandbox_open(int base, const char *path, size_t len, int oflags, mode_t mode, unsigned flags,
                 int *out)
{
    char cpath[SANDBOX_PATH_MAX + 1];
    int e = copy_path(path, len, cpath);
    if (e)
        return e;
    bool follow = flags & SANDBOX_FOLLOW;
    if (!(flags & SANDBOX_WALK)) {
        e = open_by_openat2(base, cpath, oflags, mode, follow, out);
        if (e >= 0)
            return e;
    }
    return open_by_walk(base, cpath, oflags, mode, follow, out);
}

/* "link/" asks the kernel to follow `link` even in calls that act on the
 * name (rmdir, mkdir, rename...): a link pointing outside must be refused
 * here, as the whole path resolved through the sandbox would be. `name`
 * (of length nlen + 1, trailing slash included) is at->name. */
static int check_slashed_link(int base, const char *cpath, size_t len, unsigned flags,
                              sandbox_at *at, size_t nlen)
{
    char bare[SANDBOX_PATH_MAX + 1];
    memcpy(bare, at->name, nlen);
    bare[nlen] = '\0';
    struct stat st;
    if (fstatat(at->dirfd, bare, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISLNK(st.st_mode))
        return 0;
    int fd;
    int e = sandbox_open(base, cpath, len, O_PATH, 0, SANDBOX_FOLLOW | (flags & SANDBOX_WALK), &fd);
    if (e == EPERM || e == ELOOP) {
        sandbox_at_close(at);
        return e;
    }
    if (!e)
        close(fd);
    return 0;
}

int sandbox_parent(int base, const char *path, size_t len, unsigned flags, sandbox_at *at)
{
    at->dirfd = -1;
    at->owned = false;
    at->name[0] = '\0';
    char cpath[SANDBOX_PATH_MAX + 1];
    int e = copy_path(path, len, cpath);
    if (e)
        return e;
    size_t end = len;
    while (end > 0 && cpath[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && cpath[start - 1] != '/')
        start--;
    size_t nlen = end - start;
    bool dots = (nlen == 1 && cpath[start] == '.') ||
                (nlen == 2 && cpath[start] == '.' && cpath[start + 1] == '.');
    size_t dir_len;
    if (dots) {
        /* "a/.." names a directory, reached by resolving the whole path */
        dir_len = len;
        strcpy(at->name, ".");
    } else {
        dir_len = start;
        memcpy(at->name, cpath + start, nlen);
        if (end < len)
            at->name[nlen++] = '/';
        at->name[nlen] = '\0';
    }
    if (dir_len == 0) {
        at->dirfd = base;
    } else {
        e = sandbox_open(base, cpath, dir_len, O_PATH | O_DIRECTORY, 0,
                         SANDBOX_FOLLOW | (flags & SANDBOX_WALK), &at->dirfd);
        if (e) {
            at->dirfd = -1;
            return e;
        }
        at->owned = true;
    }
    return dots || end == len ? 0 : check_slashed_link(base, cpath, len, flags, at, nlen - 1);
}

void sandbox_at_close(sandbox_at *at)
{
    if (at->owned && at->dirfd >= 0)
        close(at->dirfd);
    at->dirfd = -1;
    at->owned = false;
}
