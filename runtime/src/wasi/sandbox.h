#ifndef WASI_SANDBOX_H
#define WASI_SANDBOX_H

/* Resolving guest paths beneath a directory descriptor, so that no path
 * leaves it: not by "..", not by an absolute path, not through a symlink
 * (absolute, or relative and climbing out). Every call returns 0 or an
 * errno value; an escape is EPERM (WASI's not-permitted).
 *
 * Where the kernel has openat2, resolution is its RESOLVE_BENEATH |
 * RESOLVE_NO_MAGICLINKS; elsewhere (or with SANDBOX_WALK) a walk opens one
 * component at a time with O_NOFOLLOW, expands symlinks itself (at most
 * SANDBOX_MAX_SYMLINKS, then ELOOP) and keeps the descriptors of the
 * directories it passed so that ".." returns to them and never above the
 * base. Paths are guest text: (data, length), not NUL-terminated. */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SANDBOX_MAX_SYMLINKS 40
#define SANDBOX_PATH_MAX 4096

enum {
    SANDBOX_FOLLOW = 1, /* expand a symlink in the last component */
    SANDBOX_WALK = 2,   /* use the walk even where openat2 exists (tests) */
};

/* openat(base, path, oflags, mode) confined beneath `base`. O_NOFOLLOW is
 * implied unless SANDBOX_FOLLOW; O_CLOEXEC always. */
int sandbox_open(int base, const char *path, size_t len, int oflags, mode_t mode, unsigned flags,
                 int *out);

/* The directory holding the last component of `path`, for the *at calls
 * that act on a name (mkdirat, unlinkat, renameat...). `name` is that last
 * component, with its trailing slash kept (so the kernel applies the
 * trailing-slash rules); a path ending in "." or ".." names the directory
 * it resolves to, as "." inside it, so no call reaches above the base. */
typedef struct sandbox_at {
    int dirfd;
    bool owned;                      /* dirfd is ours to close */
    char name[SANDBOX_PATH_MAX + 1];
} sandbox_at;

int sandbox_parent(int base, const char *path, size_t len, unsigned flags, sandbox_at *at);
void sandbox_at_close(sandbox_at *at);

#endif
