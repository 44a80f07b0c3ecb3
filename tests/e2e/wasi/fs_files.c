/* Files and directories through wasi:filesystem (via the preview1
 * adapter): create, write, read, seek, stat, truncate, append, set times,
 * readdir, rename, unlink, mkdir, rmdir, symlink, readlink, hard links,
 * and the errors of each. Run with a writable preopen as the current
 * directory; prints one line per step. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *err_name(int e)
{
    switch (e) {
    case 0: return "ok";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case ELOOP: return "ELOOP";
    case ENOTCAPABLE: return "ENOTCAPABLE";
    default: return strerror(e);
    }
}

static void report(const char *what, int rc)
{
    printf("%s: %s\n", what, rc < 0 ? err_name(errno) : "ok");
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir %s: %s\n", path, err_name(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_names);
    printf("readdir %s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static long size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int main(void)
{
    FILE *f = fopen("a.txt", "w");
    if (!f || fputs("hello world\n", f) < 0 || fclose(f) != 0)
        return 1;
    char buf[64] = {0};
    f = fopen("a.txt", "r");
    if (!f || !fgets(buf, sizeof buf, f))
        return 2;
    fclose(f);
    printf("read back: %s", buf);

    int fd = open("a.txt", O_RDWR);
    report("open rw", fd);
    printf("lseek set: %ld\n", (long)lseek(fd, 6, SEEK_SET));
    printf("write: %ld\n", (long)write(fd, "WASI!", 5));
    printf("lseek end: %ld\n", (long)lseek(fd, 0, SEEK_END));
    memset(buf, 0, sizeof buf);
    printf("pread: %ld '%.11s'\n", (long)pread(fd, buf, 11, 0), buf);
    printf("pwrite: %ld\n", (long)pwrite(fd, "H", 1, 0));
    struct stat st;
    report("fstat", fstat(fd, &st));
    printf("size %ld regular %d links %ld\n", (long)st.st_size, S_ISREG(st.st_mode), (long)st.st_nlink);
    report("ftruncate 5", ftruncate(fd, 5));
    close(fd);
    printf("size after truncate: %ld\n", size_of("a.txt"));

    fd = open("a.txt", O_WRONLY | O_APPEND);
    printf("append write: %ld\n", (long)write(fd, "++", 2));
    close(fd);
    f = fopen("a.txt", "r");
    memset(buf, 0, sizeof buf);
    if (!f || !fgets(buf, sizeof buf, f))
        return 3;
    fclose(f);
    printf("content: %s\n", buf);

    struct timespec times[2] = {{1000000000, 5}, {1234567890, 0}};
    report("utimensat", utimensat(AT_FDCWD, "a.txt", times, 0));
    stat("a.txt", &st);
    printf("atime %ld mtime %ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);

    report("mkdir d", mkdir("d", 0755));
    report("mkdir d again", mkdir("d", 0755));
    report("create d/x", (fd = open("d/x", O_CREAT | O_WRONLY, 0644)));
    close(fd);
    report("create d/y", (fd = open("d/y", O_CREAT | O_WRONLY, 0644)));
    close(fd);
    list_dir("d");
    report("rename d/x d/z", rename("d/x", "d/z"));
    report("access d/x", access("d/x", F_OK));
    list_dir("d");
    report("unlink d/z", unlink("d/z"));
    report("rmdir d (not empty)", rmdir("d"));
    report("unlink d", unlink("d"));
    report("unlink d/y", unlink("d/y"));
    report("rmdir d", rmdir("d"));
    report("stat d", stat("d", &st));

    report("symlink ln -> a.txt", symlink("a.txt", "ln"));
    memset(buf, 0, sizeof buf);
    printf("readlink ln: %ld %s\n", (long)readlink("ln", buf, sizeof buf), buf);
    report("lstat ln", lstat("ln", &st));
    printf("ln is link %d\n", S_ISLNK(st.st_mode));
    printf("stat through ln: size %ld\n", size_of("ln"));
    report("readlink a.txt", (int)readlink("a.txt", buf, sizeof buf));
    report("symlink ln again", symlink("x", "ln"));
    report("unlink ln", unlink("ln"));
    report("symlink dangling", symlink("nowhere", "dang"));
    report("open dangling", open("dang", O_RDONLY));
    report("unlink dang", unlink("dang"));

    report("link hard -> a.txt", link("a.txt", "hard"));
    stat("a.txt", &st);
    printf("links %ld\n", (long)st.st_nlink);
    report("unlink hard", unlink("hard"));

    report("open missing", open("missing", O_RDONLY));
    report("open a.txt/x", open("a.txt/x", O_RDONLY));
    report("open excl a.txt", open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    report("open dir for write", open(".", O_WRONLY));
    report("rmdir a.txt", rmdir("a.txt"));
    report("unlink missing", unlink("missing"));
    report("mkdir sub", mkdir("sub", 0755));
    report("unlink sub", unlink("sub"));
    report("rename a.txt sub/b.txt", rename("a.txt", "sub/b.txt"));
    printf("size sub/b.txt: %ld\n", size_of("sub/b.txt"));
    list_dir(".");
    return 0;
}
