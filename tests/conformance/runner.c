/* build/tests/conformance [-v] [-k KNOWN] DIR
 * build/tests/conformance --extract OUTDIR DIR   (see extract.c)
 *
 * Walks DIR for .wast scripts (sorted), skips the component-model tests
 * listed in DIR/component-model/nyi.txt, and checks every module and
 * component, text or binary. Cases listed in KNOWN (default
 * tests/conformance/known_failures.txt) are counted apart. Prints one line
 * per failure, totals per directory, and closes with "N passed, N failed".
 * Exit status 1 when anything failed. */
#include "conformance.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "comp/module.h"
#include "comp/wast.h"

typedef struct string_list {
    char **items;
    size_t count, cap;
} string_list;

static bool list_add(string_list *l, const char *s, size_t len)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return false;
        l->items = p;
        l->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return false;
    memcpy(copy, s, len);
    copy[len] = '\0';
    l->items[l->count++] = copy;
    return true;
}

static void list_free(string_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
}

static bool list_has(const string_list *l, const char *s)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i], s) == 0)
            return true;
    return false;
}

/* a + sep + b in a new malloc'd string (NULL when out of memory). */
static char *join(const char *a, const char *sep, const char *b)
{
    size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
    char *s = malloc(la + ls + lb + 1);
    if (!s)
        return NULL;
    memcpy(s, a, la);
    memcpy(s + la, sep, ls);
    memcpy(s + la + ls, b, lb + 1);
    return s;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Collects .wast paths under `root`/`rel` as paths relative to `root`.
 * Directory depth is bounded so a symlink loop cannot recurse forever. */
static bool collect(const char *root, const char *rel, unsigned depth, string_list *out)
{
    if (depth > 32)
        return true;
    char *dir_path = rel[0] ? join(root, "/", rel) : join(root, "", "");
    DIR *d = dir_path ? opendir(dir_path) : NULL;
    free(dir_path);
    if (!d)
        return false;
    bool ok = true;
    struct dirent *ent;
    while (ok && (ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        char *child_rel = join(rel, rel[0] ? "/" : "", ent->d_name);
        char *child_path = child_rel ? join(root, "/", child_rel) : NULL;
        struct stat st;
        if (!child_path) {
            ok = false;
        } else if (stat(child_path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                ok = collect(root, child_rel, depth + 1, out);
            else if (S_ISREG(st.st_mode) && ends_with(ent->d_name, ".wast"))
                ok = list_add(out, child_rel, strlen(child_rel));
        }
        free(child_rel);
        free(child_path);
    }
    closedir(d);
    return ok;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(data, cap);
            if (!p) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = p;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return data;
}

/* nyi.txt names tests relative to the component-model directory, as
 * "./dir/file.wast"; returns them relative to DIR. */
static void read_nyi(const char *root, string_list *out)
{
    char *path = join(root, "/", "component-model/nyi.txt");
    size_t len;
    char *text = path ? read_file(path, &len) : NULL;
    free(path);
    if (!text)
        return;
    for (size_t i = 0; i < len;) {
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        size_t a = i, b = end;
        while (a < b && (text[a] == ' ' || text[a] == '\t'))
            a++;
        while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\r' || text[b - 1] == '\t'))
            b--;
        if (b > a && text[a] != '#') {
            if (b - a > 2 && text[a] == '.' && text[a + 1] == '/')
                a += 2;
            const char *prefix = "component-model/";
            size_t n = strlen(prefix);
            char *entry = malloc(n + (b - a) + 1);
            if (entry) {
                memcpy(entry, prefix, n);
                memcpy(entry + n, text + a, b - a);
                entry[n + (b - a)] = '\0';
                list_add(out, entry, strlen(entry));
                free(entry);
            }
        }
        i = end + 1;
    }
    free(text);
}

/* Totals per directory (relative to DIR), in order of first appearance. */
typedef struct dir_tally {
    char name[512];
    tally counts;
} dir_tally;

enum { MAX_DIRS = 256 };

static tally *dir_counts(dir_tally *dirs, size_t *count, const char *rel)
{
    const char *slash = strrchr(rel, '/');
    size_t n = slash ? (size_t)(slash - rel) : 1;
    const char *name = slash ? rel : ".";
    for (size_t i = 0; i < *count; i++)
        if (strlen(dirs[i].name) == n && strncmp(dirs[i].name, name, n) == 0)
            return &dirs[i].counts;
    if (*count == MAX_DIRS)
        return &dirs[MAX_DIRS - 1].counts; /* lumped: never reached by the suites */
    dir_tally *d = &dirs[(*count)++];
    memset(d, 0, sizeof *d);
    snprintf(d->name, sizeof d->name, "%.*s", (int)n, name);
    return &d->counts;
}

static void add_tally(tally *to, const tally *from)
{
    to->passed += from->passed;
    to->failed += from->failed;
    to->known += from->known;
    to->malformed_late += from->malformed_late;
    to->invalid_by_decoder += from->invalid_by_decoder;
    to->message_mismatches += from->message_mismatches;
    for (size_t k = 0; k < sizeof to->not_run / sizeof to->not_run[0]; k++)
        to->not_run[k] += from->not_run[k];
    to->instances_not_run += from->instances_not_run;
}

static void run_file(const char *root, const char *rel, bool verbose, known_list *known,
                     extract_ctx *extract, tally *counts)
{
    char *path = join(root, "/", rel);
    size_t len;
    char *src = path ? read_file(path, &len) : NULL;
    if (!src) {
        printf("%s/%s: FAIL: cannot read the script (expected a readable file, got an error)\n",
               root, rel);
        counts->failed++;
        free(path);
        return;
    }
    script_run run = {
        .file = path,
        .rel = rel,
        .features = strncmp(rel, "core-spec/", 10) == 0 ? COMP_FEATURES_WASM2
                                                        : COMP_FEATURES_DEFAULT,
        .verbose = verbose,
        .counts = counts,
        .known = known,
    };
    comp_arena arena;
    comp_arena_init(&arena);
    comp_wast_script *script;
    comp_error err = {0};
    if (!comp_wast_parse(src, len, &arena, &script, &err))
        script_failed(&run, &err);
    else if (extract)
        extract_script(extract, rel, src, len, script);
    else
        run_script(&run, script);
    comp_arena_free(&arena);
    free(src);
    free(path);
}

/* Entries that matched no case: stale (the suite or the runner changed). */
static unsigned report_stale(const known_list *known, const char *known_path)
{
    unsigned stale = 0;
    for (size_t i = 0; i < known->count; i++) {
        if (known->items[i].matched)
            continue;
        printf("%s: FAIL: entry `%s` matches no case that was run: delete it\n", known_path,
               known->items[i].key);
        stale++;
    }
    return stale;
}

/* "assert_return 45734, assert_trap 2442, ..." */
static void print_not_run(const tally *t)
{
    printf("not run (need the runtime):");
    const char *sep = " ";
    unsigned total = 0;
    for (size_t k = 0; k < sizeof t->not_run / sizeof t->not_run[0]; k++) {
        if (!t->not_run[k])
            continue;
        printf("%s%s %u", sep, comp_wast_command_name((comp_wast_command_kind)k), t->not_run[k]);
        sep = ", ";
        total += t->not_run[k];
    }
    if (t->instances_not_run)
        printf("%sinstance %u", sep, t->instances_not_run);
    printf("%s(%u commands)\n", total || t->instances_not_run ? " " : " none ",
           total + t->instances_not_run);
}

int main(int argc, char **argv)
{
    bool verbose = false;
    const char *root = NULL;
    const char *known_path = "tests/conformance/known_failures.txt";
    const char *extract_dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = true;
        else if (strcmp(argv[i], "--extract") == 0 && i + 1 < argc)
            extract_dir = argv[++i];
        else if (strcmp(argv[i], "-k") == 0 && i + 1 < argc)
            known_path = argv[++i];
        else
            root = argv[i];
    }
    if (!root) {
        fprintf(stderr, "usage: %s [-v] [-k KNOWN_FAILURES] DIR\n"
                        "       %s --extract OUTDIR DIR\n", argv[0], argv[0]);
        return 2;
    }
    known_list known;
    if (!known_read(known_path, &known)) {
        printf("%s: FAIL: cannot read the known failures\n0 passed, 1 failed\n", known_path);
        return 1;
    }
    char *root_copy = join(root, "", "");
    if (!root_copy)
        return 2;
    size_t root_len = strlen(root_copy);
    while (root_len > 1 && root_copy[root_len - 1] == '/')
        root_copy[--root_len] = '\0';
    root = root_copy;

    string_list files = {0}, nyi = {0};
    if (!collect(root, "", 0, &files)) {
        printf("%s: FAIL: cannot read the directory (expected the conformance suites)\n", root);
        printf("0 passed, 1 failed\n");
        return 1;
    }
    qsort(files.items, files.count, sizeof *files.items, compare_strings);
    read_nyi(root, &nyi);

    dir_tally *dirs = calloc(MAX_DIRS, sizeof *dirs);
    if (!dirs) {
        printf("out of memory\n0 passed, 1 failed\n");
        return 1;
    }
    size_t dir_count = 0;
    unsigned skipped = 0;
    extract_ctx extract = {.dir = extract_dir};
    if (extract_dir) {
        char *manifest_path = join(extract_dir, "/", "manifest.txt");
        extract.manifest = manifest_path ? fopen(manifest_path, "w") : NULL;
        free(manifest_path);
        if (!extract.manifest) {
            printf("%s: FAIL: cannot write the manifest (does the directory exist?)\n",
                   extract_dir);
            list_free(&files);
            list_free(&nyi);
            known_free(&known);
            free(dirs);
            free(root_copy);
            return 1;
        }
    }
    for (size_t i = 0; i < files.count; i++) {
        const char *rel = files.items[i];
        if (list_has(&nyi, rel)) {
            printf("SKIP %s/%s: listed in nyi.txt\n", root, rel);
            skipped++;
            continue;
        }
        run_file(root, rel, verbose, &known, extract_dir ? &extract : NULL,
                 dir_counts(dirs, &dir_count, rel));
    }
    if (extract_dir) {
        bool ok = fclose(extract.manifest) == 0 && !extract.failed;
        printf("extracted %u text modules and components to %s%s\n", extract.count, extract_dir,
               ok ? "" : " (FAIL: could not write every file)");
        list_free(&files);
        list_free(&nyi);
        known_free(&known);
        free(dirs);
        free(root_copy);
        return ok ? 0 : 1;
    }

    tally total = {0};
    printf("\n");
    for (size_t i = 0; i < dir_count; i++) {
        const tally *t = &dirs[i].counts;
        printf("  %-28s %6u passed %4u failed %4u known failures  (malformed caught by "
               "validator: %u, invalid caught by decoder: %u, message mismatches: %u)\n",
               dirs[i].name, t->passed, t->failed, t->known, t->malformed_late,
               t->invalid_by_decoder, t->message_mismatches);
        add_tally(&total, t);
    }
    total.failed += report_stale(&known, known_path);
    printf("scripts: %zu run, %u skipped\n", files.count - skipped, skipped);
    printf("binary assert_malformed caught by validator: %u\n", total.malformed_late);
    printf("assert_invalid caught by decoder: %u\n", total.invalid_by_decoder);
    printf("message mismatches (not failures): %u%s\n", total.message_mismatches,
           verbose || !total.message_mismatches ? "" : " (-v lists them)");
    print_not_run(&total);
    printf("known failures: %u (%s%s)\n", total.known, known_path,
           verbose || !total.known ? "" : "; -v lists them");
    printf("%u passed, %u failed\n", total.passed, total.failed);
    list_free(&files);
    list_free(&nyi);
    known_free(&known);
    free(dirs);
    free(root_copy);
    return total.failed ? 1 : 0;
}
