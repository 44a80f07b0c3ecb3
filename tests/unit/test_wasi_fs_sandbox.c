/* The WASI filesystem sandbox resolver on a real directory tree: paths
 * that stay beneath the base open what they name; "..", absolute paths and
 * symlinks (absolute, or relative and climbing out) are refused with EPERM;
 * symlink loops give ELOOP; trailing slashes require directories. Every
 * case runs twice: through openat2 and through the component walk. */
#define _GNU_SOURCE
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/sandbox.h"

/* snprintf into a fixed buffer, failing the test if it does not fit */
#define JOIN(buf, ...) assert_true(snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf)

typedef struct tree {
    char top[256];   /* mkdtemp: holds root/ and outside/ */
    char root[300];
    int base;
} tree;

static void put_file(const char *dir, const char *name, const char *text)
{
    char p[1200];
    JOIN(p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void put_link(const char *dir, const char *name, const char *target)
{
    char p[1200];
    JOIN(p, "%s/%s", dir, name);
    assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
    tree *t = calloc(1, sizeof *t);
    snprintf(t->top, sizeof t->top, "%s/wasi-sandbox-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(t->top))
        return -1;
    JOIN(t->root, "%s/root", t->top);
    char p[1200];
    mkdir(t->root, 0755);
    JOIN(p, "%s/outside", t->top);
    mkdir(p, 0755);
    put_file(p, "secret", "secret");
    put_file(t->root, "file.txt", "hello");
    JOIN(p, "%s/dir", t->root);
    mkdir(p, 0755);
    put_file(p, "inner.txt", "inner");
    put_link(p, "up", "..");
    put_link(p, "upup", "../..");
    put_link(t->root, "abs", "/etc");
    put_link(t->root, "out", "../outside");
    put_link(t->root, "out_new", "../outside/new");
    put_link(t->root, "loop1", "loop2");
    put_link(t->root, "loop2", "loop1");
    put_link(t->root, "self", "self");
    put_link(t->root, "dangling", "created");
    put_link(t->root, "to_file", "file.txt");
    put_link(t->root, "to_dir", "dir");
    put_link(t->root, "to_dir_up", "dir/up/dir");
    t->base = open(t->root, O_RDONLY | O_DIRECTORY);
    if (t->base < 0)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    tree *t = *state;
    close(t->base);
    char cmd[1200];
    JOIN(cmd, "rm -rf '%s'", t->top);
    int rc = system(cmd);
    free(t);
    return rc == 0 ? 0 : -1;
}

/* Opens `path` both ways; both must give `want` (0 or an errno), and on
 * success the object at host path root/`same` (NULL: no check). */
static void check_open(tree *t, const char *path, int oflags, unsigned flags, int want,
                       const char *same)
{
    for (int walk = 0; walk < 2; walk++) {
        int fd = -1;
        int e = sandbox_open(t->base, path, strlen(path), oflags, 0644,
                             flags | (walk ? SANDBOX_WALK : 0), &fd);
        if (e != want)
            fail_msg("open %s (%s): got %s, want %s", path, walk ? "walk" : "openat2",
                     e ? strerror(e) : "success", want ? strerror(want) : "success");
        if (e == 0) {
            if (same) {
                char p[1200];
                struct stat a, b;
                JOIN(p, "%s/%s", t->root, same);
                assert_int_equal(fstat(fd, &a), 0);
                assert_int_equal(stat(p, &b), 0);
                if (a.st_ino != b.st_ino || a.st_dev != b.st_dev)
                    fail_msg("open %s (%s) opened something other than %s", path,
                             walk ? "walk" : "openat2", same);
            }
            close(fd);
        }
    }
}

static void test_inside(void **state)
{
    tree *t = *state;
    check_open(t, "file.txt", O_RDONLY, 0, 0, "file.txt");
    check_open(t, "dir/inner.txt", O_RDONLY, 0, 0, "dir/inner.txt");
    check_open(t, "./dir/./inner.txt", O_RDONLY, 0, 0, "dir/inner.txt");
    check_open(t, "dir/../file.txt", O_RDONLY, 0, 0, "file.txt");
    check_open(t, "dir/..", O_RDONLY | O_DIRECTORY, 0, 0, ".");
    check_open(t, ".", O_RDONLY | O_DIRECTORY, 0, 0, ".");
    check_open(t, "dir/up/file.txt", O_RDONLY, 0, 0, "file.txt");
    check_open(t, "to_file", O_RDONLY, SANDBOX_FOLLOW, 0, "file.txt");
    check_open(t, "to_dir/inner.txt", O_RDONLY, 0, 0, "dir/inner.txt");
    check_open(t, "to_dir_up/inner.txt", O_RDONLY, 0, 0, "dir/inner.txt");
    check_open(t, "missing", O_RDONLY, 0, ENOENT, NULL);
    check_open(t, "file.txt/x", O_RDONLY, 0, ENOTDIR, NULL);
}

static void test_dotdot_and_absolute(void **state)
{
    tree *t = *state;
    check_open(t, "..", O_RDONLY | O_DIRECTORY, 0, EPERM, NULL);
    check_open(t, "../outside/secret", O_RDONLY, 0, EPERM, NULL);
    check_open(t, "dir/../..", O_RDONLY, 0, EPERM, NULL);
    check_open(t, "dir/../../root/file.txt", O_RDONLY, 0, EPERM, NULL);
    check_open(t, "/etc/passwd", O_RDONLY, 0, EPERM, NULL);
    check_open(t, "/", O_RDONLY, 0, EPERM, NULL);
}

static void test_symlink_escapes(void **state)
{
    tree *t = *state;
    check_open(t, "abs/passwd", O_RDONLY, 0, EPERM, NULL);
    check_open(t, "abs", O_RDONLY, SANDBOX_FOLLOW, EPERM, NULL);
    check_open(t, "out/secret", O_RDONLY, 0, EPERM, NULL);
    check_open(t, "out", O_RDONLY, SANDBOX_FOLLOW, EPERM, NULL);
    check_open(t, "dir/upup/outside/secret", O_RDONLY, 0, EPERM, NULL);
    /* creating through a link that points out creates nothing outside */
    check_open(t, "out_new", O_WRONLY | O_CREAT, SANDBOX_FOLLOW, EPERM, NULL);
    char p[1200];
    JOIN(p, "%s/outside/new", t->top);
    assert_int_equal(access(p, F_OK), -1);
    /* without following, the last component is the link itself */
    check_open(t, "abs", O_RDONLY, 0, ELOOP, NULL);
}

static void test_loops_and_trailing_slashes(void **state)
{
    tree *t = *state;
    check_open(t, "loop1", O_RDONLY, SANDBOX_FOLLOW, ELOOP, NULL);
    check_open(t, "loop1/x", O_RDONLY, 0, ELOOP, NULL);
    check_open(t, "self", O_RDONLY, SANDBOX_FOLLOW, ELOOP, NULL);
    check_open(t, "file.txt/", O_RDONLY, 0, ENOTDIR, NULL);
    check_open(t, "dir/", O_RDONLY, 0, 0, "dir");
    check_open(t, "dir//inner.txt", O_RDONLY, 0, 0, "dir/inner.txt");
    check_open(t, "to_dir/", O_RDONLY, 0, 0, "dir");
    check_open(t, "to_file/", O_RDONLY, 0, ENOTDIR, NULL);
    check_open(t, "", O_RDONLY, 0, ENOENT, NULL);
    check_open(t, "dangling", O_WRONLY | O_CREAT, SANDBOX_FOLLOW, 0, "created");
}

static void test_bad_text(void **state)
{
    tree *t = *state;
    int fd;
    assert_int_equal(sandbox_open(t->base, "file.txt\0x", 10, O_RDONLY, 0, 0, &fd), EINVAL);
    char *longp = malloc(SANDBOX_PATH_MAX + 2);
    memset(longp, 'a', SANDBOX_PATH_MAX + 1);
    longp[SANDBOX_PATH_MAX + 1] = '\0';
    assert_int_equal(sandbox_open(t->base, longp, SANDBOX_PATH_MAX + 1, O_RDONLY, 0, 0, &fd),
                     ENAMETOOLONG);
    free(longp);
}

static void check_parent(tree *t, const char *path, int want, const char *dir, const char *name)
{
    for (int walk = 0; walk < 2; walk++) {
        sandbox_at at;
        int e = sandbox_parent(t->base, path, strlen(path), walk ? SANDBOX_WALK : 0, &at);
        if (e != want)
            fail_msg("parent of %s (%s): got %s, want %s", path, walk ? "walk" : "openat2",
                     e ? strerror(e) : "success", want ? strerror(want) : "success");
        if (e)
            continue;
        assert_string_equal(at.name, name);
        char p[1200];
        struct stat a, b;
        JOIN(p, "%s/%s", t->root, dir);
        assert_int_equal(fstat(at.dirfd, &a), 0);
        assert_int_equal(stat(p, &b), 0);
        assert_true(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
        assert_true(at.owned == (at.dirfd != t->base));
        sandbox_at_close(&at);
    }
}

static void test_parent(void **state)
{
    tree *t = *state;
    check_parent(t, "file.txt", 0, ".", "file.txt");
    check_parent(t, "dir/inner.txt", 0, "dir", "inner.txt");
    check_parent(t, "dir/new/", 0, "dir", "new/");
    check_parent(t, "to_dir/x", 0, "dir", "x");
    check_parent(t, "dir/..", 0, ".", ".");
    check_parent(t, "dir/up/..", EPERM, NULL, NULL);
    check_parent(t, "..", EPERM, NULL, NULL);
    check_parent(t, "abs/x", EPERM, NULL, NULL);
    check_parent(t, "out/x", EPERM, NULL, NULL);
    check_parent(t, "/x", EPERM, NULL, NULL);
    check_parent(t, "", ENOENT, NULL, NULL);
    /* the link itself is named, not followed */
    check_parent(t, "abs", 0, ".", "abs");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_inside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dotdot_and_absolute, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlink_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loops_and_trailing_slashes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parent, setup, teardown),
    };
    return unit_run("wasi_fs_sandbox", tests);
}
