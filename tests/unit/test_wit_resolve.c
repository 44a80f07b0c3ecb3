/* The WIT resolver: the WASI packages, each rule on small sources, the
 * invalid cases in tests/wit/invalid/resolve-*.wit, and robustness. */
#include "unit.h"
#include "wit_cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wit/resolve.h"

static bool str_is(comp_str s, const char *want)
{
    return s.data && s.len == strlen(want) && memcmp(s.data, want, s.len) == 0;
}

#define assert_str(s, want) assert_true(str_is((s), (want)))

/* Resolves sources (group 0 is the root package) or fails the test. */
static wit_resolve *resolve_ok(comp_arena *a, const wit_source *src, size_t n,
                               const wit_resolve_options *opts)
{
    wit_resolve *r = NULL;
    wit_diag d = {0};
    bool ok = wit_resolve_sources(src, n, opts, a, &r, &d);
    if (!ok)
        print_error("unexpected error %s:%u:%u: %s\n", d.path ? d.path : "?", d.line, d.col, d.message);
    assert_true(ok);
    return r;
}

static wit_resolve *resolve_one(comp_arena *a, const char *text)
{
    return unit_resolve_wit(a, "t.wit", text, NULL);
}

static void resolve_fails(const char *text, uint32_t line, uint32_t col, const char *msg)
{
    comp_arena a;
    comp_arena_init(&a);
    wit_source src = {"t.wit", text, strlen(text), 0};
    wit_resolve *r = NULL;
    wit_diag d = {0};
    assert_false(wit_resolve_sources(&src, 1, NULL, &a, &r, &d));
    assert_null(r);
    assert_string_equal(d.message, msg);
    assert_int_equal(d.line, line);
    assert_int_equal(d.col, col);
    comp_arena_free(&a);
}

static uint32_t iface_of(const wit_resolve *r, const char *pkg, const char *name)
{
    uint32_t p = wit_resolve_find_package(r, pkg);
    assert_true(p != WIT_NO_ID);
    uint32_t i = wit_resolve_find_interface(r, p, name);
    assert_true(i != WIT_NO_ID);
    return i;
}

static uint32_t world_of(const wit_resolve *r, const char *pkg, const char *name)
{
    uint32_t p = wit_resolve_find_package(r, pkg);
    assert_true(p != WIT_NO_ID);
    uint32_t w = wit_resolve_find_world(r, p, name);
    assert_true(w != WIT_NO_ID);
    return w;
}

/* "name" for a plain-named item, "iface" for an interface-named one. */
static const char *item_label(const wit_resolve *r, const wit_rworld_item *e, char *buf, size_t n)
{
    if (e->key_kind == WIT_KEY_NAME)
        snprintf(buf, n, "%.*s", (int)e->name.len, e->name.data);
    else
        snprintf(buf, n, "%.*s", (int)r->interfaces[e->id].name.len, r->interfaces[e->id].name.data);
    return buf;
}

/* The labels of a world's imports or exports, comma-separated. */
static void assert_items(const wit_resolve *r, const wit_rworld_item *items, uint32_t n, const char *want)
{
    char got[512] = "", one[128];
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            strncat(got, ",", sizeof got - strlen(got) - 1);
        strncat(got, item_label(r, &items[i], one, sizeof one), sizeof got - strlen(got) - 1);
    }
    assert_string_equal(got, want);
}

/* ---- the WASI packages ------------------------------------------------------ */

/* `ctx` points to a bool: all features enabled. */
static bool resolves(const char *path, const char *tree, void *ctx)
{
    const char *deps[] = {tree};
    const char *features[] = {"clocks-timezone"};
    wit_resolve_options opts = {.dep_dirs = deps, .dep_dir_count = 1,
                                .all_features = *(const bool *)ctx,
                                .features = features, .feature_count = 1};
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = NULL;
    wit_diag diag = {0};
    bool ok = wit_resolve_path(path, &opts, &a, &r, &diag);
    if (!ok)
        print_error("%s:%u:%u: %s\n", diag.path ? diag.path : path, diag.line, diag.col,
                    diag.message);
    else
        assert_true(r->main_package < r->package_count);
    comp_arena_free(&a);
    return ok;
}

static void wasi_packages_resolve(void **state)
{
    (void)state;
    unsigned failed = 0;
    unsigned n = 0;
    for (int all = 0; all < 2; all++) {
        bool all_features = all;
        n += wasi_packages(resolves, &all_features, &failed);
    }
    if (!n) {
        printf("SKIP wasi_packages_resolve: ../shared/wit not found\n");
        return;
    }
    assert_int_equal(n, 26);
    assert_int_equal(failed, 0);
}

/* ---- the model ---------------------------------------------------------------- */

static void interfaces_types_and_functions(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = resolve_one(&a,
        "package a:b@1.0.0;\n"
        "interface user {\n"
        "    use types.{blob as b, size};\n"
        "    /// Opens.\n"
        "    open: func(s: size) -> b;\n"
        "}\n"
        "interface types {\n"
        "    type size = later;\n"
        "    type later = u32;\n"
        "    resource blob {\n"
        "        constructor(init: list<u8>);\n"
        "        read: func(n: size) -> list<u8>;\n"
        "        merge: static func(x: borrow<blob>) -> blob;\n"
        "    }\n"
        "    record pair { x: option<size>, y: tuple<u8, string> }\n"
        "}\n");
    assert_int_equal(r->package_count, 1);
    assert_int_equal(r->main_package, 0);
    assert_str(r->packages[0].full_name, "a:b@1.0.0");
    /* Source order in the package; dependency order in interface_order. */
    assert_int_equal(r->packages[0].interface_count, 2);
    assert_str(r->interfaces[r->packages[0].interfaces[0]].name, "user");
    assert_str(r->interfaces[r->interface_order[0]].name, "types");

    uint32_t types = iface_of(r, "a:b@1.0.0", "types");
    uint32_t user = iface_of(r, "a:b@1.0.0", "user");
    const wit_rinterface *t = &r->interfaces[types];
    assert_int_equal(t->type_count, 4);
    uint32_t blob = wit_resolve_find_type(r, types, "blob");
    assert_int_equal(r->types[blob].kind, WIT_DEF_KIND_RESOURCE);
    assert_int_equal(r->types[blob].owner_kind, WIT_OWNER_INTERFACE);
    assert_int_equal(r->types[blob].owner, types);
    uint32_t size = wit_resolve_find_type(r, types, "size");
    assert_int_equal(r->types[size].kind, WIT_DEF_KIND_ALIAS);
    assert_int_equal(r->types[wit_resolve_deref(r, size)].kind, WIT_DEF_KIND_ALIAS);
    assert_str(r->types[r->types[size].a.id].name, "later");

    assert_int_equal(t->func_count, 3);
    assert_str(t->funcs[0].name, "[constructor]blob");
    assert_int_equal(t->funcs[0].kind, WIT_FUNC_CONSTRUCTOR);
    assert_int_equal(r->types[t->funcs[0].result.id].kind, WIT_DEF_KIND_OWN);
    assert_str(t->funcs[1].name, "[method]blob.read");
    assert_int_equal(t->funcs[1].param_count, 2);
    assert_str(t->funcs[1].params[0].name, "self");
    assert_int_equal(r->types[t->funcs[1].params[0].type.id].kind, WIT_DEF_KIND_BORROW);
    assert_int_equal(r->types[t->funcs[1].params[0].type.id].a.id, blob);
    assert_str(t->funcs[2].name, "[static]blob.merge");
    /* A bare resource name is an owned handle. */
    assert_int_equal(r->types[t->funcs[2].result.id].kind, WIT_DEF_KIND_OWN);

    const wit_rinterface *u = &r->interfaces[user];
    assert_int_equal(u->dep_count, 1);
    assert_int_equal(u->deps[0], types);
    uint32_t b = wit_resolve_find_type(r, user, "b");
    assert_true(r->types[b].from_use);
    assert_str(r->types[b].use_source_name, "blob");
    assert_int_equal(wit_resolve_deref(r, b), blob);
    assert_int_equal(u->funcs[0].docs.count, 1);
    /* `b` is a use of a resource, so `-> b` is an owned handle of it. */
    const wit_rtype *res = &r->types[u->funcs[0].result.id];
    assert_int_equal(res->kind, WIT_DEF_KIND_OWN);
    assert_int_equal(res->a.id, b);
    comp_arena_free(&a);
}

static void worlds_are_elaborated(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = resolve_one(&a,
        "package a:b;\n"
        "interface base { resource r; }\n"
        "interface mid { use base.{r}; }\n"
        "interface top { use mid.{r}; f: func() -> r; }\n"
        "interface other { type t = u8; }\n"
        "world w {\n"
        "    use other.{t};\n"
        "    import top;\n"
        "    import host: interface { use base.{r}; }\n"
        "    export run: func(x: t);\n"
        "    export mid;\n"
        "    export top;\n"
        "}\n"
        "world small { import f: func(); export top; }\n"
        "world big {\n"
        "    include small with { f as g }\n"
        "    include w;\n"
        "    import f: func();\n"
        "}\n");
    const wit_rworld *w = &r->worlds[world_of(r, "a:b", "w")];
    /* As wit-parser elaborates: interfaces (each after those it `use`s,
     * the ones needed only by types last), then types; exported functions
     * before exported interfaces. Interfaces needed through `use` are
     * marked implicit. */
    assert_items(r, w->imports, w->import_count, "base,mid,top,host,other,t");
    assert_true(w->imports[0].implicit);
    assert_false(w->imports[2].implicit);
    assert_true(w->imports[4].implicit);
    assert_int_equal(w->imports[5].kind, WIT_ITEM_TYPE);
    assert_int_equal(r->types[w->imports[5].id].owner_kind, WIT_OWNER_WORLD);
    assert_items(r, w->exports, w->export_count, "run,mid,top");
    assert_int_equal(w->type_count, 1);
    /* The inline interface is anonymous and belongs to the world. */
    const wit_rinterface *host = &r->interfaces[w->imports[3].id];
    assert_null(host->name.data);
    assert_int_equal(host->world, world_of(r, "a:b", "w"));

    const wit_rworld *big = &r->worlds[world_of(r, "a:b", "big")];
    assert_int_equal(big->include_count, 2);
    assert_items(r, big->imports, big->import_count, "base,mid,top,host,other,t,f,g");
    assert_items(r, big->exports, big->export_count, "run,mid,top");
    comp_arena_free(&a);
}

static void packages_semver_and_order(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    const char *root =
        "package my:app;\n"
        "interface i { use dep:lib/api@1.0.0.{t}; use wasi:io/x@0.2.0.{e}; }\n"
        "world w { import dep:lib/api@1.1.0; }\n";
    const char *dep =
        "package dep:lib@1.2.0;\n"
        "interface api { use wasi:io/x@0.2.3.{e}; type t = e; }\n";
    const char *io =
        "package wasi:io@0.2.3;\n"
        "interface x { type e = u8; }\n"
        "package wasi:io@0.3.0 { interface x { type e = u16; } }\n";
    wit_source src[] = {
        {"deps/dep.wit", dep, strlen(dep), 1},
        {"root.wit", root, strlen(root), 0},
        {"deps/io.wit", io, strlen(io), 2},
    };
    wit_resolve *r = resolve_ok(&a, src, 3, NULL);
    assert_int_equal(r->package_count, 4);
    assert_str(r->packages[r->main_package].full_name, "my:app");
    /* Every package comes after the packages it refers to. */
    uint32_t lib = wit_resolve_find_package(r, "dep:lib@1.2.0");
    assert_true(wit_resolve_find_package(r, "wasi:io@0.2.3") < lib && lib < r->main_package);
    uint32_t i = iface_of(r, "my:app", "i");
    uint32_t api = iface_of(r, "dep:lib@1.2.0", "api");
    uint32_t x = iface_of(r, "wasi:io@0.2.3", "x");
    assert_int_equal(r->interfaces[i].deps[0], api);
    assert_int_equal(r->interfaces[i].deps[1], x);
    const wit_rworld *w = &r->worlds[world_of(r, "my:app", "w")];
    assert_items(r, w->imports, w->import_count, "x,api");
    comp_arena_free(&a);

    /* A newer major version, or an older release, is not compatible. */
    comp_arena_init(&a);
    const char *bad = "package my:app;\ninterface i { use wasi:io/x@0.2.4.{e}; }\n";
    wit_source src2[] = {{"root.wit", bad, strlen(bad), 0}, {"io.wit", io, strlen(io), 1}};
    wit_resolve *r2 = NULL;
    wit_diag d = {0};
    assert_false(wit_resolve_sources(src2, 2, NULL, &a, &r2, &d));
    assert_string_equal(d.message, "package `wasi:io@0.2.4` not found");
    comp_arena_free(&a);
}

static void files_of_one_package(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    const char *one = "package a:b;\nuse c:d/e as ext;\ninterface i { use ext.{t}; use j.{u}; }\n";
    const char *two = "interface j { type u = u8; }\npackage c:d { interface e { type t = u8; } }\n";
    wit_source src[] = {{"one.wit", one, strlen(one), 0}, {"two.wit", two, strlen(two), 0}};
    wit_resolve *r = resolve_ok(&a, src, 2, NULL);
    assert_int_equal(r->package_count, 2);
    assert_int_equal(r->packages[r->main_package].interface_count, 2);
    assert_int_equal(r->file_count, 2);
    comp_arena_free(&a);

    comp_arena_init(&a);
    const char *other = "package a:c;\n";
    wit_source src2[] = {{"one.wit", "package a:b;", 12, 0}, {"two.wit", other, strlen(other), 0}};
    wit_resolve *r2 = NULL;
    wit_diag d = {0};
    assert_false(wit_resolve_sources(src2, 2, NULL, &a, &r2, &d));
    assert_string_equal(d.message, "package `a:c` does not match `a:b` declared in one.wit");
    assert_string_equal(d.path, "two.wit");
    comp_arena_free(&a);
}

/* WIT.md: a package repeated across dependencies must have the same
 * contents; then it is one package. Different contents are an error. */
static void identical_duplicate_packages(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    const char *root = "package a:b;\nworld w { import c:d/e; }\n";
    const char *dep = "package c:d;\ninterface e { f: func(); }\n";
    const char *nested = "package x:y;\npackage c:d {\ninterface e { f: func(); }\n}\n";
    wit_source src[] = {{"root.wit", root, strlen(root), 0},
                        {"deps/one.wit", dep, strlen(dep), 1},
                        {"deps/two.wit", dep, strlen(dep), 2},
                        {"deps/three.wit", nested, strlen(nested), 3}};
    wit_resolve *r = resolve_ok(&a, src, 4, NULL);
    assert_int_equal(r->package_count, 3);
    iface_of(r, "c:d", "e");
    comp_arena_free(&a);

    comp_arena_init(&a);
    const char *other = "package c:d;\ninterface e { g: func(); }\n";
    wit_source bad[] = {{"root.wit", root, strlen(root), 0},
                        {"deps/one.wit", dep, strlen(dep), 1},
                        {"deps/two.wit", other, strlen(other), 2}};
    wit_resolve *r2 = NULL;
    wit_diag d = {0};
    assert_false(wit_resolve_sources(bad, 3, NULL, &a, &r2, &d));
    assert_string_equal(d.message, "package `c:d` is defined more than once, with different contents");
    assert_int_equal(d.line, 1);
    assert_int_equal(d.col, 9);
    comp_arena_free(&a);
}

static void gates_and_features(void **state)
{
    (void)state;
    const char *text =
        "package a:b@1.1.0;\n"
        "@since(version = 1.0.0)\n"
        "interface i {\n"
        "    f: func();\n"
        "    @since(version = 1.1.0)\n"
        "    @deprecated(version = 1.1.0)\n"
        "    g: func();\n"
        "    @unstable(feature = fancy)\n"
        "    h: func();\n"
        "}\n"
        "@unstable(feature = fancy)\n"
        "interface extra {}\n"
        "world w {\n"
        "    import i;\n"
        "    @unstable(feature = fancy)\n"
        "    import extra;\n"
        "}\n";
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = resolve_one(&a, text);
    uint32_t i = iface_of(r, "a:b@1.1.0", "i");
    assert_int_equal(r->interfaces[i].stability.kind, WIT_STABILITY_STABLE);
    assert_str(r->interfaces[i].stability.since.text, "1.0.0");
    assert_int_equal(r->interfaces[i].func_count, 2);
    assert_int_equal(r->interfaces[i].funcs[0].stability.kind, WIT_STABILITY_UNKNOWN);
    assert_true(r->interfaces[i].funcs[1].stability.deprecated.present);
    assert_int_equal(r->packages[0].interface_count, 1);
    const wit_rworld *w = &r->worlds[0];
    assert_int_equal(w->import_count, 1);
    comp_arena_free(&a);

    comp_arena_init(&a);
    const char *features[] = {"fancy"};
    wit_resolve_options opts = {.features = features, .feature_count = 1};
    wit_source src = {"t.wit", text, strlen(text), 0};
    r = resolve_ok(&a, &src, 1, &opts);
    i = iface_of(r, "a:b@1.1.0", "i");
    assert_int_equal(r->interfaces[i].func_count, 3);
    assert_int_equal(r->interfaces[i].funcs[2].stability.kind, WIT_STABILITY_UNSTABLE);
    assert_str(r->interfaces[i].funcs[2].stability.feature, "fancy");
    assert_int_equal(r->packages[0].interface_count, 2);
    assert_int_equal(r->worlds[0].import_count, 2);
    comp_arena_free(&a);
}

static void rule_messages(void **state)
{
    (void)state;
    resolve_fails("package a:b;\ninterface i { type t = u8; f: func() -> T; }", 2, 41, "type `T` does not exist");
    resolve_fails("package a:b;\ninterface i { type t = u8; f: func(x: own<t>); }", 2, 43,
                  "`t` is not a resource, so it cannot be used in `own<...>`");
    resolve_fails("package a:b;\nworld w { import f: func() -> borrow<r>; resource r; }", 2, 11,
                  "function `f` returns a `borrow` handle; borrows are only allowed in parameters");
    resolve_fails("package a:b;\nworld w { export f: func(); export F: func(); }", 2, 36,
                  "export `F` is defined more than once in world `w`");
    resolve_fails("package a:b;\nworld w { import i: interface { f: func(); f: func(); } }", 2, 44,
                  "`f` is defined more than once in this interface");
    resolve_fails("package a:b;\nworld w { include x:y/z; }", 2, 19, "package `x:y` not found");
}

/* ---- invalid cases ------------------------------------------------------------ */

/* Each tests/wit/invalid/resolve-*.wit starts with `// error: LINE:COL: msg`. */
static void check_invalid_case(const char *path, const char *want, const char *src, size_t len)
{
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = NULL;
    wit_diag d = {0};
    bool ok = wit_resolve_path(path, NULL, &a, &r, &d);
    wit_expect_diag(path, want, ok, &d);
    assert_string_equal(d.path, path);
    comp_arena_free(&a);
}

static void invalid_cases(void **state)
{
    (void)state;
    assert_true(wit_invalid_cases("resolve-", check_invalid_case) >= 25);
}

/* ---- robustness ---------------------------------------------------------------- */

/* A chain of 20000 interfaces, each using the next, resolves without deep
 * recursion; closing the chain into a loop is reported as a cycle. */
static void long_chains_are_iterative(void **state)
{
    (void)state;
    enum { N = 20000 };
    for (int cyclic = 0; cyclic < 2; cyclic++) {
        size_t cap = (size_t)N * 80 + 64, n = 0;
        char *src = malloc(cap);
        assert_non_null(src);
        n += (size_t)sprintf(src + n, "package a:b;\nworld w { import i0; }\n");
        for (int i = 0; i < N; i++) {
            int next = i + 1 < N ? i + 1 : 0;
            if (i + 1 < N || cyclic)
                n += (size_t)sprintf(src + n, "interface i%d { use i%d.{t}; }\n", i, next);
            else
                n += (size_t)sprintf(src + n, "interface i%d { type t = u8; }\n", i);
        }
        comp_arena a;
        comp_arena_init(&a);
        wit_source s = {"t.wit", src, n, 0};
        wit_resolve *r = NULL;
        wit_diag d = {0};
        bool ok = wit_resolve_sources(&s, 1, NULL, &a, &r, &d);
        if (cyclic) {
            assert_false(ok);
            assert_non_null(strstr(d.message, "(a cycle)"));
        } else {
            assert_true(ok);
            assert_int_equal(r->worlds[0].import_count, N);
        }
        comp_arena_free(&a);
        free(src);
    }
}

/* Every prefix of a real package, and the package with bytes flipped,
 * resolves or fails cleanly (run with `make test SAN=1` for the sanitizers). */
static void truncated_and_mangled_packages(void **state)
{
    (void)state;
    size_t len;
    unsigned char *text = unit_read_file("../shared/wit/wasi-0.3.0/http/types.wit", &len);
    if (!text) {
        printf("SKIP truncated_and_mangled_packages: WASI http/types.wit not found\n");
        return;
    }
    const char *dep = "package wasi:clocks@0.3.0;\ninterface types { type duration = u64; }\n";
    for (size_t cut = 0; cut < len; cut += 211) {
        comp_arena a;
        comp_arena_init(&a);
        wit_source src[] = {{"types.wit", (const char *)text, cut, 0}, {"dep.wit", dep, strlen(dep), 1}};
        wit_resolve *r;
        wit_diag d = {0};
        if (!wit_resolve_sources(src, 2, NULL, &a, &r, &d))
            assert_true(d.message[0] != 0);
        comp_arena_free(&a);
    }
    const char *noise[] = {"u8", "r", "%x", "borrow<r>", "own<fields>", "result<fields>"};
    for (size_t i = 0, k = 0; i + 12 < len; i += 173, k++) {
        unsigned char saved[12];
        memcpy(saved, text + i, sizeof saved);
        const char *n = noise[k % 6];
        memcpy(text + i, n, strlen(n));
        comp_arena a;
        comp_arena_init(&a);
        wit_source src[] = {{"types.wit", (const char *)text, len, 0}, {"dep.wit", dep, strlen(dep), 1}};
        wit_resolve *r;
        wit_diag d = {0};
        if (!wit_resolve_sources(src, 2, NULL, &a, &r, &d))
            assert_true(d.message[0] != 0);
        comp_arena_free(&a);
        memcpy(text + i, saved, sizeof saved);
    }
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wasi_packages_resolve),
        cmocka_unit_test(interfaces_types_and_functions),
        cmocka_unit_test(worlds_are_elaborated),
        cmocka_unit_test(packages_semver_and_order),
        cmocka_unit_test(files_of_one_package),
        cmocka_unit_test(identical_duplicate_packages),
        cmocka_unit_test(gates_and_features),
        cmocka_unit_test(rule_messages),
        cmocka_unit_test(invalid_cases),
        cmocka_unit_test(long_chains_are_iterative),
        cmocka_unit_test(truncated_and_mangled_packages),
    };
    return unit_run("wit_resolve", tests);
}
