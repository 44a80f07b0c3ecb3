/* Files and directories under the preopen "/sandbox": create, write, seek,
 * read, pread/pwrite, append, truncate, stat, rename, links, readdir, and
 * the errors of the failing cases. Prints one line per step. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "ok" : strerror(errno));
    if (!ok)
        failures++;
}

static void expect_errno(const char *what, int result, int want)
{
    int got = result < 0 ? errno : 0;
    printf("%s: %s\n", what, got == want ? "expected error" : strerror(got));
    if (got != want)
        failures++;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *dir)
{
    DIR *d = opendir(dir);
    check("opendir", d != NULL);
    if (!d)
        return;
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        names[n++] = strdup(e->d_name);
    /* Again from the start: rewinddir resets the cookie. */
    rewinddir(d);
    int again = 0;
    while (readdir(d))
        again++;
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("%s:", dir);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf(" (rewound: %d)\n", again);
}

int main(void)
{
    char buf[128];
    check("mkdir", mkdir("/sandbox/d", 0755) == 0);
    int fd = open("/sandbox/d/a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    check("create", fd >= 0);
    check("write", write(fd, "hello, world\n", 13) == 13);
    check("seek to 7", lseek(fd, 7, SEEK_SET) == 7);
    ssize_t n = read(fd, buf, sizeof buf);
    printf("read after seek: %.*s", (int)(n > 0 ? n : 0), buf);
    check("tell at end", lseek(fd, 0, SEEK_CUR) == 13);
    check("pwrite", pwrite(fd, "HELLO", 5, 0) == 5);
    n = pread(fd, buf, 5, 0);
    printf("pread: %.*s\n", (int)(n > 0 ? n : 0), buf);
    check("seek from end", lseek(fd, -6, SEEK_END) == 7);
    expect_errno("seek before start", (int)lseek(fd, -100, SEEK_CUR), EINVAL);
    check("ftruncate", ftruncate(fd, 5) == 0);
    struct stat st;
    check("fstat", fstat(fd, &st) == 0);
    printf("size after truncate: %lld, regular: %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    check("close", close(fd) == 0);
    expect_errno("close again", close(fd), EBADF);

    fd = open("/sandbox/d/a.txt", O_WRONLY | O_APPEND);
    check("open append", fd >= 0);
    check("append", write(fd, "+tail", 5) == 5);
    close(fd);
    FILE *f = fopen("/sandbox/d/a.txt", "r");
    check("fopen", f != NULL);
    if (f) {
        printf("content: %s\n", fgets(buf, sizeof buf, f) ? buf : "(none)");
        fclose(f);
    }

    check("rename", rename("/sandbox/d/a.txt", "/sandbox/d/b.txt") == 0);
    expect_errno("open renamed-away", open("/sandbox/d/a.txt", O_RDONLY), ENOENT);
    check("symlink", symlink("b.txt", "/sandbox/d/link") == 0);
    n = readlink("/sandbox/d/link", buf, sizeof buf);
    printf("readlink: %.*s\n", (int)(n > 0 ? n : 0), buf);
    check("lstat is link", lstat("/sandbox/d/link", &st) == 0 && S_ISLNK(st.st_mode));
    check("stat follows", stat("/sandbox/d/link", &st) == 0 && S_ISREG(st.st_mode));
    check("hard link", link("/sandbox/d/b.txt", "/sandbox/d/c.txt") == 0);
    check("nlink 2", stat("/sandbox/d/b.txt", &st) == 0 && st.st_nlink == 2);
    struct stat st2;
    check("same inode", stat("/sandbox/d/c.txt", &st2) == 0 && st.st_ino == st2.st_ino);
    check("mkdir sub", mkdir("/sandbox/d/sub", 0755) == 0);
    list("/sandbox/d");

    expect_errno("mkdir existing", mkdir("/sandbox/d", 0755), EEXIST);
    expect_errno("rmdir non-empty", rmdir("/sandbox/d"), ENOTEMPTY);
    expect_errno("open dir for writing", open("/sandbox/d", O_WRONLY), EISDIR);
    expect_errno("open file as directory", open("/sandbox/d/b.txt", O_RDONLY | O_DIRECTORY), ENOTDIR);
    expect_errno("exclusive create", open("/sandbox/d/b.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    /* Hosts differ in the error; only refusal is required. */
    int escaped = open("/sandbox/../etc/passwd", O_RDONLY);
    printf("escape the preopen: %s\n", escaped < 0 ? "refused" : "opened");

    check("unlink link", unlink("/sandbox/d/link") == 0);
    check("unlink b", unlink("/sandbox/d/b.txt") == 0);
    check("unlink c", unlink("/sandbox/d/c.txt") == 0);
    check("rmdir sub", rmdir("/sandbox/d/sub") == 0);
    list("/sandbox/d");
    check("rmdir", rmdir("/sandbox/d") == 0);
    printf("failures: %d\n", failures);
    return failures != 0;
}
