#include "wit_cases.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static void run_case(const char *path, wit_case_check *check)
{
    size_t len;
    unsigned char *src = unit_read_file(path, &len);
    assert_non_null(src);
    const char *prefix = "// error: ";
    assert_true(len > strlen(prefix) && memcmp(src, prefix, strlen(prefix)) == 0);
    const char *head = (const char *)src + strlen(prefix);
    const char *nl = memchr(head, '\n', len - strlen(prefix));
    assert_non_null(nl);
    char want[512];
    snprintf(want, sizeof want, "%.*s", (int)(nl - head), head);
    check(path, want, (const char *)src, len);
    free(src);
}

unsigned wit_invalid_cases(const char *prefix, wit_case_check *check)
{
    const char *dir = "tests/wit/invalid";
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t plen = strlen(prefix);
    unsigned count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, plen) != 0 || n < 5 || strcmp(e->d_name + n - 4, ".wit") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        run_case(path, check);
        count++;
    }
    closedir(d);
    return count;
}

void wit_expect_diag(const char *path, const char *want, bool ok, const wit_diag *d)
{
    char got[512];
    snprintf(got, sizeof got, "%u:%u: %s", d->line, d->col, d->message);
    if (ok || strcmp(got, want) != 0)
        print_error("%s: want `%s`, got %s`%s`\n", path, want, ok ? "success " : "", got);
    assert_false(ok);
    assert_string_equal(got, want);
}

static unsigned packages_in(const char *tree, wasi_package_check *check, void *ctx,
                            unsigned *failed)
{
    DIR *d = opendir(tree);
    if (!d)
        return 0;
    unsigned count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", tree, e->d_name);
        if (!check(path, tree, ctx))
            (*failed)++;
        count++;
    }
    closedir(d);
    return count;
}

unsigned wasi_packages(wasi_package_check *check, void *ctx, unsigned *failed)
{
    return packages_in("../shared/wit/wasi-0.2.12", check, ctx, failed) +
           packages_in("../shared/wit/wasi-0.3.0", check, ctx, failed);
}

wit_resolve *unit_resolve_wit(comp_arena *a, const char *name, const char *text,
                              const wit_resolve_options *opts)
{
    wit_source src = {name, text, strlen(text), 0};
    wit_resolve *r = NULL;
    wit_diag d = {0};
    bool ok = wit_resolve_sources(&src, 1, opts, a, &r, &d);
    if (!ok)
        print_error("%s:%u:%u: %s\n", d.path ? d.path : name, d.line, d.col, d.message);
    assert_true(ok);
    return r;
}

const char wit_sample_package[] =
    "package my:pkg@1.0.0;\n"
    "interface types {\n"
    "  record point { x: u32, y: u32 }\n"
    "  resource r { constructor(a: u32); get: func() -> point; }\n"
    "  type l = list<u8>;\n"
    "  f: func(a: list<u8>, b: list<u8>) -> option<point>;\n"
    "}\n"
    "interface user {\n"
    "  use types.{point, r};\n"
    "  g: func(p: point, x: borrow<r>) -> own<r>;\n"
    "}\n"
    "world w {\n"
    "  import user;\n"
    "  export run: func(s: string) -> result<_, string>;\n"
    "  export types;\n"
    "}\n";
