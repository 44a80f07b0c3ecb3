/* No way out of a preopen: "..", absolute paths and symlinks (absolute, or
 * relative and climbing out) are refused, through the raw preview1 calls so
 * that wasi-libc cannot tidy a path before the host sees it; and a
 * read-only preopen refuses every change. Expects preopen 3 (writable)
 * holding the links abs -> /etc, out -> ../outside, dir/upup -> ../..,
 * and preopen 4 (read-only) holding file.txt. Prints one line per try. */
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static const char *name(__wasi_errno_t e)
{
    switch (e) {
    case __WASI_ERRNO_SUCCESS: return "ok";
    case __WASI_ERRNO_PERM: return "EPERM";
    case __WASI_ERRNO_NOTCAPABLE: return "ENOTCAPABLE";
    case __WASI_ERRNO_ACCES: return "EACCES";
    case __WASI_ERRNO_NOENT: return "ENOENT";
    case __WASI_ERRNO_LOOP: return "ELOOP";
    case __WASI_ERRNO_BADF: return "EBADF";
    case __WASI_ERRNO_ROFS: return "EROFS";
    default: return "other";
    }
}

static void try_open(__wasi_fd_t dir, const char *path, __wasi_lookupflags_t look,
                     __wasi_oflags_t of, __wasi_rights_t rights)
{
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(dir, look, path, of, rights, rights, 0, &fd);
    printf("open %s%s: %s\n", path, look ? " (follow)" : "", name(e));
    if (e == __WASI_ERRNO_SUCCESS && __wasi_fd_close(fd) != __WASI_ERRNO_SUCCESS)
        printf("close failed\n");
}

int main(void)
{
    const __wasi_rights_t rd = __WASI_RIGHTS_FD_READ, wr = __WASI_RIGHTS_FD_WRITE;
    const __wasi_lookupflags_t follow = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
    try_open(3, "inside.txt", 0, 0, rd);
    try_open(3, "dir/../inside.txt", 0, 0, rd);
    try_open(3, "..", 0, __WASI_OFLAGS_DIRECTORY, rd);
    try_open(3, "../outside/secret", 0, 0, rd);
    try_open(3, "dir/../../outside/secret", 0, 0, rd);
    try_open(3, "/etc/passwd", 0, 0, rd);
    try_open(3, "abs/passwd", follow, 0, rd);
    try_open(3, "abs", follow, 0, rd);
    try_open(3, "out/secret", follow, 0, rd);
    try_open(3, "out", follow, __WASI_OFLAGS_DIRECTORY, rd);
    try_open(3, "dir/upup/outside/secret", follow, 0, rd);
    try_open(3, "out/new", follow, __WASI_OFLAGS_CREAT, wr);

    __wasi_filestat_t st;
    printf("stat ../outside: %s\n", name(__wasi_path_filestat_get(3, 0, "../outside", &st)));
    printf("stat abs/passwd: %s\n", name(__wasi_path_filestat_get(3, follow, "abs/passwd", &st)));
    printf("mkdir ../escaped: %s\n", name(__wasi_path_create_directory(3, "../escaped")));
    printf("mkdir out/escaped: %s\n", name(__wasi_path_create_directory(3, "out/escaped")));
    printf("unlink ../outside/secret: %s\n", name(__wasi_path_unlink_file(3, "../outside/secret")));
    printf("unlink out/secret: %s\n", name(__wasi_path_unlink_file(3, "out/secret")));
    printf("rename inside.txt -> ../moved: %s\n",
           name(__wasi_path_rename(3, "inside.txt", 3, "../moved")));
    printf("symlink /etc -> mine: %s\n", name(__wasi_path_symlink("/etc", 3, "mine")));
    char buf[64];
    __wasi_size_t used;
    printf("readlink abs: %s\n", name(__wasi_path_readlink(3, "abs", (uint8_t *)buf, sizeof buf, &used)));

    try_open(4, "file.txt", 0, 0, rd);
    try_open(4, "file.txt", 0, 0, wr);
    try_open(4, "new.txt", 0, __WASI_OFLAGS_CREAT, wr);
    try_open(4, "file.txt", 0, __WASI_OFLAGS_TRUNC, wr);
    printf("ro mkdir: %s\n", name(__wasi_path_create_directory(4, "d")));
    printf("ro unlink: %s\n", name(__wasi_path_unlink_file(4, "file.txt")));
    printf("ro symlink: %s\n", name(__wasi_path_symlink("file.txt", 4, "l")));
    printf("ro rename: %s\n", name(__wasi_path_rename(4, "file.txt", 4, "other.txt")));
    return 0;
}
