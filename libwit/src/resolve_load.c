/* Loading WIT sources: a single file, or a package directory with a deps/
 * folder laid out the way wasm-tools reads it (deps/NAME.wit or
 * deps/NAME/ *.wit, and deps/NAME/deps/ again), plus extra dependency
 * folders from the options. Each file is parsed as it is read. */
#include "resolve_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "comp/buf.h"
#include "wit/parse.h"

enum { MAX_PATH_LEN = 4096 };

static bool fail_io(ctx *c, const char *path, const char *what)
{
    if (c->err) {
        memset(c->err, 0, sizeof *c->err);
        c->err->path = comp_arena_strndup(c->arena, path, strlen(path));
        c->err->line = 1;
        c->err->col = 1;
        snprintf(c->err->message, sizeof c->err->message, "%s: %s", what, strerror(errno));
    }
    return false;
}

static bool fail_plain(ctx *c, const char *path, const char *msg)
{
    if (c->err) {
        memset(c->err, 0, sizeof *c->err);
        c->err->path = comp_arena_strndup(c->arena, path, strlen(path));
        c->err->line = 1;
        c->err->col = 1;
        snprintf(c->err->message, sizeof c->err->message, "%s", msg);
    }
    return false;
}

bool load_source(ctx *c, const char *path, const char *src, size_t len, uint32_t group)
{
    if (c->files.count >= WIT_RESOLVE_MAX_FILES)
        return fail_plain(c, path, "too many WIT files");
    const char *path_copy = comp_arena_strndup(c->arena, path, strlen(path));
    if (!path_copy)
        return resolve_oom(c);
    wit_ast_file *ast = NULL;
    if (!wit_parse_file(path_copy, src, len, c->arena, &ast, c->err))
        return false;
    wit_rfile *f = rvec_push(c, &c->files, sizeof *f);
    src_file *g = f ? rvec_push(c, &c->file_groups, sizeof *g) : NULL;
    if (!g)
        return false;
    f->path = path_copy;
    f->src = ast->src;
    f->len = ast->len;
    f->ast = ast;
    g->group = group;
    return true;
}

static bool load_file(ctx *c, const char *path, uint32_t group)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return fail_io(c, path, "cannot open");
    /* Reading stops one byte past the limit: that byte tells a file too large. */
    const size_t limit = (size_t)WIT_RESOLVE_MAX_FILE_SIZE + 1;
    comp_buf buf = {0};
    size_t n;
    do {
        if (buf.len == limit || !comp_buf_reserve(&buf, 4096)) {
            bool too_large = buf.len == limit;
            comp_buf_free(&buf);
            fclose(fp);
            return too_large ? fail_plain(c, path, "file is larger than 64 MiB") : resolve_oom(c);
        }
        size_t room = buf.cap - buf.len;
        n = fread(buf.data + buf.len, 1, room < limit - buf.len ? room : limit - buf.len, fp);
        buf.len += n;
    } while (n > 0);
    bool read_error = ferror(fp);
    fclose(fp);
    if (read_error) {
        comp_buf_free(&buf);
        return fail_io(c, path, "cannot read");
    }
    bool ok = load_source(c, path, (const char *)buf.data, buf.len, group);
    comp_buf_free(&buf);
    return ok;
}

static bool has_wit_ext(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".wit") == 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of `dir` (no dot files), sorted so loading is deterministic.
 * The caller frees the array and each name. */
static bool list_dir(ctx *c, const char *dir, char ***out, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return fail_io(c, dir, "cannot open directory");
    char **names = NULL;
    size_t n = 0;
    uint32_t cap = 0;
    struct dirent *e;
    bool ok = true;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n >= WIT_RESOLVE_MAX_FILES) {
            ok = fail_plain(c, dir, "too many directory entries");
            break;
        }
        char **grown = comp_heap_reserve(names, &cap, n + 1, sizeof *grown);
        if (!grown) {
            ok = resolve_oom(c);
            break;
        }
        names = grown;
        names[n] = strdup(e->d_name);
        if (!names[n]) {
            ok = resolve_oom(c);
            break;
        }
        n++;
    }
    closedir(d);
    if (!ok) {
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return false;
    }
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    *out = names;
    *count = n;
    return true;
}

static void free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

static bool join(ctx *c, char *buf, const char *dir, const char *name)
{
    int n = snprintf(buf, MAX_PATH_LEN, "%s/%s", dir, name);
    if (n < 0 || n >= MAX_PATH_LEN)
        return fail_plain(c, dir, "path too long");
    return true;
}

static bool load_deps_dir(ctx *c, const char *deps, unsigned depth, bool skip_root);

/* A package directory: its *.wit files form group `group`; deps/ follows. */
static bool load_package_dir(ctx *c, const char *dir, uint32_t group, unsigned depth)
{
    if (depth > WIT_RESOLVE_MAX_DIR_DEPTH)
        return fail_plain(c, dir, "deps/ folders nested too deeply");
    char **names;
    size_t count;
    if (!list_dir(c, dir, &names, &count))
        return false;
    bool ok = true, has_deps = false;
    char *path = malloc(MAX_PATH_LEN);
    if (!path) {
        free_names(names, count);
        return resolve_oom(c);
    }
    for (size_t i = 0; ok && i < count; i++) {
        if (strcmp(names[i], "deps") == 0) {
            has_deps = true;
            continue;
        }
        if (!has_wit_ext(names[i]))
            continue;
        ok = join(c, path, dir, names[i]) && load_file(c, path, group);
    }
    if (ok && has_deps) {
        ok = join(c, path, dir, "deps");
        struct stat st;
        if (ok && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            ok = load_deps_dir(c, path, depth + 1, false);
    }
    free(path);
    free_names(names, count);
    return ok;
}

static bool is_root(ctx *c, const struct stat *st)
{
    return c->root_is_dir && (unsigned long long)st->st_dev == c->root_dev &&
           (unsigned long long)st->st_ino == c->root_ino;
}

/* A deps/ folder: each *.wit file and each directory is one package. */
static bool load_deps_dir(ctx *c, const char *deps, unsigned depth, bool skip_root)
{
    char **names;
    size_t count;
    if (!list_dir(c, deps, &names, &count))
        return false;
    char *path = malloc(MAX_PATH_LEN);
    if (!path) {
        free_names(names, count);
        return resolve_oom(c);
    }
    bool ok = true;
    for (size_t i = 0; ok && i < count; i++) {
        ok = join(c, path, deps, names[i]);
        struct stat st;
        if (!ok || stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (skip_root && is_root(c, &st))
                continue;
            ok = load_package_dir(c, path, c->group_count++, depth);
        } else if (S_ISREG(st.st_mode) && has_wit_ext(names[i])) {
            ok = load_file(c, path, c->group_count++);
        }
    }
    free(path);
    free_names(names, count);
    return ok;
}

bool load_path(ctx *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return fail_io(c, path, "cannot open");
    c->group_count = 1;
    if (S_ISDIR(st.st_mode)) {
        c->root_is_dir = true;
        c->root_dev = (unsigned long long)st.st_dev;
        c->root_ino = (unsigned long long)st.st_ino;
        if (!load_package_dir(c, path, 0, 0))
            return false;
    } else if (!load_file(c, path, 0)) {
        return false;
    }
    for (size_t i = 0; c->opts && i < c->opts->dep_dir_count; i++)
        if (!load_deps_dir(c, c->opts->dep_dirs[i], 1, true))
            return false;
    return true;
}
