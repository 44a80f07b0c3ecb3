/* wasi:filesystem@0.2 through the preview1 adapter: the descriptor methods
 * files.c and fs_files.c leave out or only touch, success and error paths.
 * Run with the preopen /sandbox (empty). Prints one line per check,
 * "NAME: ok" or "NAME: FAILED (...)", and exits with the number of
 * failures. Which wasi:filesystem function each step reaches is named in
 * tests/e2e/wasi_coverage.sh. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static int failures;

static void ok(const char *what, int good)
{
    if (good) {
        printf("%s: ok\n", what);
    } else {
        printf("%s: FAILED (%s)\n", what, strerror(errno));
        failures++;
    }
}

/* A call that must fail with `want`. */
static void fails(const char *what, int result, int want)
{
    int got = result < 0 ? errno : 0;
    if (got == want) {
        printf("%s: ok\n", what);
    } else {
        printf("%s: FAILED (got %s, want %s)\n", what, got ? strerror(got) : "success",
               strerror(want));
        failures++;
    }
}

static int times_are(const struct stat *st, long long as, long ans, long long ms, long mns)
{
    return st->st_atim.tv_sec == as && st->st_atim.tv_nsec == ans && st->st_mtim.tv_sec == ms &&
           st->st_mtim.tv_nsec == mns;
}

int main(void)
{
    struct stat st, st2;
    char buf[64];

    int fd = open("/sandbox/a.txt", O_CREAT | O_RDWR, 0644);
    ok("open a.txt (open-at)", fd >= 0);
    ok("write hello (write)", write(fd, "hello", 5) == 5);

    /* advise, sync, sync-data */
    ok("posix_fadvise sequential (advise)", posix_fadvise(fd, 0, 5, POSIX_FADV_SEQUENTIAL) == 0);
    ok("posix_fadvise dontneed (advise)", posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0);
    ok("fsync (sync)", fsync(fd) == 0);
    ok("fdatasync (sync-data)", fdatasync(fd) == 0);
    int dfd = open("/sandbox", O_RDONLY | O_DIRECTORY);
    ok("open the preopen as a directory", dfd >= 0);
    ok("fsync of a directory (sync)", fsync(dfd) == 0);

    /* fstat, fcntl: stat, get-type */
    ok("fstat (stat)",
       fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5 && st.st_nlink == 1);
    ok("fstat of a directory (stat)", fstat(dfd, &st) == 0 && S_ISDIR(st.st_mode));
    int fl = fcntl(fd, F_GETFL);
    ok("fcntl F_GETFL read|write (kept by open-at, which asks get-type)",
       fl >= 0 && (fl & O_ACCMODE) == O_RDWR);

    /* set-times, set-times-at */
    struct timespec ts[2] = {{1000, 5}, {2000, 7}};
    ok("futimens (set-times)", futimens(fd, ts) == 0);
    ok("fstat sees the times", fstat(fd, &st) == 0 && times_are(&st, 1000, 5, 2000, 7));
    struct timespec keep[2] = {{0, UTIME_OMIT}, {3000, 0}};
    ok("futimens omit/set (set-times no-change)", futimens(fd, keep) == 0);
    ok("fstat: access kept, modification set",
       fstat(fd, &st) == 0 && times_are(&st, 1000, 5, 3000, 0));
    /* Debian's wasi-libc disagrees with its own headers on UTIME_NOW (and
     * futimens(fd, NULL)): "now" goes through the preview1 call itself. */
    ok("fd_filestat_set_times mtim-now (set-times now)",
       __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW) == 0);
    ok("fstat: access kept, modification now",
       fstat(fd, &st) == 0 && st.st_atim.tv_sec == 1000 && st.st_mtim.tv_sec > 1500000000);
    ok("path_filestat_set_times atim-now (set-times-at now)",
       __wasi_path_filestat_set_times(dfd, 0, "a.txt", 0, 0, __WASI_FSTFLAGS_ATIM_NOW) == 0);
    ok("fstat: access now", fstat(fd, &st) == 0 && st.st_atim.tv_sec > 1500000000);
    ok("fd_filestat_set_times atim and atim-now is invalid",
       __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW) ==
           __WASI_ERRNO_INVAL);
    struct timespec ts2[2] = {{4000, 0}, {5000, 9}};
    ok("utimensat (set-times-at)", utimensat(AT_FDCWD, "/sandbox/a.txt", ts2, 0) == 0);
    ok("stat sees the times (stat-at)",
       stat("/sandbox/a.txt", &st) == 0 && times_are(&st, 4000, 0, 5000, 9));
    fails("utimensat of a missing file (set-times-at: no-entry)",
          utimensat(AT_FDCWD, "/sandbox/missing", ts2, 0), ENOENT);
    fails("stat of a missing file (stat-at: no-entry)", stat("/sandbox/missing", &st), ENOENT);
    fails("stat through a file (stat-at: not-directory)", stat("/sandbox/a.txt/x", &st), ENOTDIR);

    /* symlink-at, readlink-at, stat-at with and without following */
    ok("symlink l -> a.txt (symlink-at)", symlink("a.txt", "/sandbox/l") == 0);
    fails("symlink onto an existing name (symlink-at: exist)", symlink("a.txt", "/sandbox/l"),
          EEXIST);
    ssize_t n = readlink("/sandbox/l", buf, sizeof buf);
    ok("readlink l (readlink-at)", n == 5 && memcmp(buf, "a.txt", 5) == 0);
    fails("readlink of a file (readlink-at: invalid)",
          (int)readlink("/sandbox/a.txt", buf, sizeof buf), EINVAL);
    fails("readlink of a missing name (readlink-at: no-entry)",
          (int)readlink("/sandbox/missing", buf, sizeof buf), ENOENT);
    ok("lstat l is a link (stat-at)", lstat("/sandbox/l", &st) == 0 && S_ISLNK(st.st_mode));
    ok("stat l follows it (stat-at)",
       stat("/sandbox/l", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5);
    struct timespec ts3[2] = {{0, UTIME_OMIT}, {6000, 0}};
    ok("utimensat through the link (set-times-at follow)",
       utimensat(AT_FDCWD, "/sandbox/l", ts3, 0) == 0);
    ok("the target changed", stat("/sandbox/a.txt", &st) == 0 && st.st_mtim.tv_sec == 6000);
    struct timespec ts4[2] = {{0, UTIME_OMIT}, {7000, 0}};
    ok("utimensat of the link itself (set-times-at nofollow)",
       utimensat(AT_FDCWD, "/sandbox/l", ts4, AT_SYMLINK_NOFOLLOW) == 0);
    ok("the target kept its time", stat("/sandbox/a.txt", &st) == 0 && st.st_mtim.tv_sec == 6000 &&
                                       lstat("/sandbox/l", &st2) == 0 &&
                                       st2.st_mtim.tv_sec == 7000);

    /* link-at, and the inode numbers the adapter takes from metadata-hash */
    ok("link a.txt b.txt (link-at)", link("/sandbox/a.txt", "/sandbox/b.txt") == 0);
    ok("two links (stat-at)", stat("/sandbox/b.txt", &st) == 0 && st.st_nlink == 2);
    fails("link onto an existing name (link-at: exist)", link("/sandbox/a.txt", "/sandbox/b.txt"),
          EEXIST);
    fails("link of a missing name (link-at: no-entry)", link("/sandbox/missing", "/sandbox/c.txt"),
          ENOENT);
    ok("same inode through both names (metadata-hash-at)", stat("/sandbox/a.txt", &st) == 0 &&
                                                               stat("/sandbox/b.txt", &st2) == 0 &&
                                                               st.st_ino == st2.st_ino);
    ok("same inode from the descriptor (metadata-hash)",
       fstat(fd, &st2) == 0 && st.st_ino == st2.st_ino);
    ok("another inode for the link (metadata-hash-at)",
       lstat("/sandbox/l", &st2) == 0 && st.st_ino != st2.st_ino);

    /* read-directory, read-directory-entry: a.txt, b.txt and l, in any order */
    DIR *dir = opendir("/sandbox");
    int seen = 0, entries = 0;
    struct dirent *de;
    while (dir && (de = readdir(dir))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        entries++;
        if (strcmp(de->d_name, "a.txt") == 0 && de->d_type == DT_REG)
            seen |= 1;
        else if (strcmp(de->d_name, "b.txt") == 0 && de->d_type == DT_REG)
            seen |= 2;
        else if (strcmp(de->d_name, "l") == 0 && de->d_type == DT_LNK)
            seen |= 4;
    }
    ok("readdir lists a.txt, b.txt, l with their types (read-directory)",
       dir && entries == 3 && seen == 7);
    if (dir)
        closedir(dir);
    errno = 0;
    ok("opendir of a file (open-at directory: not-directory)",
       opendir("/sandbox/a.txt") == NULL && errno == ENOTDIR);

    /* rename-at */
    ok("rename b.txt c.txt (rename-at)", rename("/sandbox/b.txt", "/sandbox/c.txt") == 0);
    fails("b.txt is gone", stat("/sandbox/b.txt", &st2), ENOENT);
    ok("mkdir d (create-directory-at)", mkdir("/sandbox/d", 0755) == 0);
    ok("rename c.txt d/c.txt (rename-at)", rename("/sandbox/c.txt", "/sandbox/d/c.txt") == 0);
    ok("d/c.txt is a.txt", stat("/sandbox/d/c.txt", &st2) == 0 && st2.st_ino == st.st_ino);
    fails("rename of a missing name (rename-at: no-entry)",
          rename("/sandbox/missing", "/sandbox/x"), ENOENT);
    fails("rename a file onto a directory (rename-at: is-directory)",
          rename("/sandbox/a.txt", "/sandbox/d"), EISDIR);
    ok("mkdir e (create-directory-at)", mkdir("/sandbox/e", 0755) == 0);
    fails("rename a directory onto a non-empty one (rename-at: not-empty)",
          rename("/sandbox/e", "/sandbox/d"), ENOTEMPTY);
    fails("mkdir of an existing name (create-directory-at: exist)", mkdir("/sandbox/e", 0755),
          EEXIST);

    /* unlink-file-at, remove-directory-at and their errors */
    fails("unlink of a missing name (unlink-file-at: no-entry)", unlink("/sandbox/missing"),
          ENOENT);
    fails("unlink through a file (unlink-file-at: not-directory)", unlink("/sandbox/a.txt/x"),
          ENOTDIR);
    fails("unlink of a directory (unlink-file-at: is-directory)", unlink("/sandbox/d"), EISDIR);
    fails("rmdir of a missing name (remove-directory-at: no-entry)", rmdir("/sandbox/missing"),
          ENOENT);
    fails("rmdir of a file (remove-directory-at: not-directory)", rmdir("/sandbox/a.txt"), ENOTDIR);
    fails("rmdir of a non-empty directory (remove-directory-at: not-empty)", rmdir("/sandbox/d"),
          ENOTEMPTY);
    ok("rmdir e (remove-directory-at)", rmdir("/sandbox/e") == 0);
    ok("unlink d/c.txt (unlink-file-at)", unlink("/sandbox/d/c.txt") == 0);
    ok("rmdir d (remove-directory-at)", rmdir("/sandbox/d") == 0);
    ok("unlink l (unlink-file-at of a link)", unlink("/sandbox/l") == 0);
    ok("a.txt has one link again", fstat(fd, &st) == 0 && st.st_nlink == 1);

    /* set-size, and the errors of a directory descriptor */
    ok("ftruncate 3 (set-size)", ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3);
    fails("ftruncate of a directory (set-size: bad-descriptor)", ftruncate(dfd, 0), EBADF);
    fails("read of a directory (read: is-directory)", (int)read(dfd, buf, 1), EISDIR);
    /* the adapter answers from the descriptor type (is-directory); others say bad-descriptor */
    n = write(dfd, "x", 1);
    ok("write to a directory fails (write)", n < 0 && (errno == EISDIR || errno == EBADF));

    /* a file opened for reading refuses writes */
    int rfd = open("/sandbox/a.txt", O_RDONLY);
    ok("open a.txt for reading (open-at)", rfd >= 0);
    fails("write to it (write: bad-descriptor)", (int)write(rfd, "x", 1), EBADF);
    n = pread(rfd, buf, sizeof buf, 0);
    ok("pread (read at an offset)", n == 3 && memcmp(buf, "hel", 3) == 0);
    close(rfd);
    fails("open of a missing name (open-at: no-entry)", open("/sandbox/missing", O_RDONLY), ENOENT);
    fails("exclusive create of an existing name (open-at: exist)",
          open("/sandbox/a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    fails("O_DIRECTORY of a file (open-at: not-directory)",
          open("/sandbox/a.txt", O_RDONLY | O_DIRECTORY), ENOTDIR);

    close(dfd);
    close(fd);
    printf("%d failures\n", failures);
    return failures;
}
