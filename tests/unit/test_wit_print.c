/* The WIT printer: layout rules on small packages (expected text written
 * out in full, as wasm-tools prints it), and every WASI package printing,
 * re-resolving and printing again to the same text. */
#include "unit.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wit/print.h"
#include "wit/resolve.h"

/* Resolves one source file (the root package) and prints everything. */
static char *print_source(const char *text, bool all)
{
    comp_arena a;
    comp_arena_init(&a);
    wit_source src = {"t.wit", text, strlen(text), 0};
    wit_resolve *r = NULL;
    wit_diag d = {0};
    const char *features[] = {"f", "clocks-timezone"};
    wit_resolve_options opts = {.features = features, .feature_count = 2};
    if (!wit_resolve_sources(&src, 1, &opts, &a, &r, &d)) {
        print_error("resolve failed %u:%u: %s\n", d.line, d.col, d.message);
        comp_arena_free(&a);
        return NULL;
    }
    comp_buf out = {0};
    char why[160];
    bool ok = all ? wit_print_all(r, &out, why, sizeof why)
                  : wit_print_package(r, r->main_package, &out, why, sizeof why);
    comp_arena_free(&a);
    if (!ok) {
        print_error("print failed: %s\n", why);
        comp_buf_free(&out);
        return NULL;
    }
    comp_buf_byte(&out, 0);
    return (char *)out.data;
}

static void expect_print(const char *text, const char *want)
{
    char *got = print_source(text, false);
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        print_error("got:\n%s\nwant:\n%s\n", got, want);
    assert_string_equal(got, want);
    /* And the printed text prints the same. */
    char *again = print_source(got, false);
    assert_non_null(again);
    assert_string_equal(again, got);
    free(got);
    free(again);
}

static void interface_layout(void **state)
{
    (void)state;
    expect_print(
        "package a:b@1.0.0;\n"
        "interface i {\n"
        "  f: func(x: u32) -> string;\n"
        "  /// Docs of t.\n"
        "  record t { a: u8, /// b.\n b: list<u8> }\n"
        "  enum e { x, y }\n"
        "  flags fl { p }\n"
        "  variant v { none, some(t) }\n"
        "  type l = list<u8, 4>;\n"
        "  type res = result<_, e>;\n"
        "  type r2 = result<t>;\n"
        "  type r3 = result;\n"
        "  type o = option<tuple<u8, s64>>;\n"
        "  g: async func() -> future<stream<u8>>;\n"
        "}\n",
        "package a:b@1.0.0;\n"
        "\n"
        "interface i {\n"
        "  /// Docs of t.\n"
        "  record t {\n"
        "    a: u8,\n"
        "    /// b.\n"
        "    b: list<u8>,\n"
        "  }\n"
        "\n"
        "  enum e {\n"
        "    x,\n"
        "    y,\n"
        "  }\n"
        "\n"
        "  flags fl {\n"
        "    p,\n"
        "  }\n"
        "\n"
        "  variant v {\n"
        "    none,\n"
        "    some(t),\n"
        "  }\n"
        "\n"
        "  type l = list<u8, 4>;\n"
        "\n"
        "  type res = result<_, e>;\n"
        "\n"
        "  type r2 = result<t>;\n"
        "\n"
        "  type r3 = result;\n"
        "\n"
        "  type o = option<tuple<u8, s64>>;\n"
        "\n"
        "  f: func(x: u32) -> string;\n"
        "\n"
        "  g: async func() -> future<stream<u8>>;\n"
        "}\n"
        "\n");
}

/* Types come out in dependency order, earliest written first among the
 * ready ones; interfaces likewise within a package. */
static void dependency_order(void **state)
{
    (void)state;
    expect_print(
        "package a:b;\n"
        "interface user { use base.{t}; type u = t; }\n"
        "interface base { type z = y; type y = u8; type t = u32; }\n",
        "package a:b;\n"
        "\n"
        "interface base {\n"
        "  type y = u8;\n"
        "\n"
        "  type z = y;\n"
        "\n"
        "  type t = u32;\n"
        "}\n"
        "\n"
        "interface user {\n"
        "  use base.{t};\n"
        "\n"
        "  type u = t;\n"
        "}\n"
        "\n");
}

static void resources_and_handles(void **state)
{
    (void)state;
    expect_print(
        "package a:b;\n"
        "interface i {\n"
        "  resource r { constructor(x: u32); m: func(y: borrow<r>) -> r;\n"
        "    /// s docs\n"
        "    s: static async func() -> own<r>; }\n"
        "  resource e { constructor() -> result<e, u8>; }\n"
        "  resource bare;\n"
        "  type h = own<r>;\n"
        "  type a = r;\n"
        "}\n",
        "package a:b;\n"
        "\n"
        "interface i {\n"
        "  resource r {\n"
        "    constructor(x: u32);\n"
        "    m: func(y: borrow<r>) -> r;\n"
        "    /// s docs\n"
        "    s: static async func() -> r;\n"
        "  }\n"
        "\n"
        "  resource e {\n"
        "    constructor() -> result<e, u8>;\n"
        "  }\n"
        "\n"
        "  resource bare;\n"
        "\n"
        "  type h = own<r>;\n"
        "\n"
        "  type a = r;\n"
        "}\n"
        "\n");
}

static void gates_keywords_and_docs(void **state)
{
    (void)state;
    expect_print(
        "/** Package\n"
        " *   docs */\n"
        "package a:b@0.3.0;\n"
        "@since(version = 0.2.0)\n"
        "interface %interface {\n"
        "  @since(version = 0.2.0)\n"
        "  @deprecated(version = 0.2.1)\n"
        "  %type: func(%own: u8);\n"
        "  @unstable(feature = f)\n"
        "  %list: func();\n"
        "  @unstable(feature = g)\n"
        "  hidden: func();\n"
        "}\n",
        "/// Package\n"
        "///  *   docs\n"
        "package a:b@0.3.0;\n"
        "\n"
        "@since(version = 0.2.0)\n"
        "interface %interface {\n"
        "  @since(version = 0.2.0)\n"
        "  @deprecated(version = 0.2.1)\n"
        "  %type: func(%own: u8);\n"
        "\n"
        "  @unstable(feature = f)\n"
        "  %list: func();\n"
        "}\n"
        "\n");
}

static void worlds(void **state)
{
    (void)state;
    expect_print(
        "package a:b;\n"
        "interface types { type t = u32; resource r; }\n"
        "interface uses { use types.{t}; }\n"
        "world base { import f0: func(); }\n"
        "world w {\n"
        "  export k: func();\n"
        "  use types.{t, r as rr};\n"
        "  import h: func(x: t);\n"
        "  import uses;\n"
        "  /// inline docs\n"
        "  export x: interface { q: func(); }\n"
        "  import named: types;\n"
        "  include base;\n"
        "  type local = list<t>;\n"
        "}\n",
        "package a:b;\n"
        "\n"
        "interface types {\n"
        "  type t = u32;\n"
        "\n"
        "  resource r;\n"
        "}\n"
        "\n"
        "interface uses {\n"
        "  use types.{t};\n"
        "}\n"
        "\n"
        "world base {\n"
        "  import f0: func();\n"
        "}\n"
        "world w {\n"
        "  import types;\n"
        "  import uses;\n"
        "  import named: types;\n"
        "  use types.{t, r as rr};\n"
        "\n"
        "  type local = list<t>;\n"
        "  import h: func(x: t);\n"
        "  import f0: func();\n"
        "\n"
        "  export k: func();\n"
        "  /// inline docs\n"
        "  export x: interface {\n"
        "    q: func();\n"
        "  }\n"
        "}\n");
}

/* Dependencies print as nested package blocks after the main package. */
static void nested_packages(void **state)
{
    (void)state;
    const char *text =
        "package a:main;\n"
        "interface i { use x:dep/d@1.0.0.{t}; }\n"
        "package x:dep@1.0.0 { interface d { type t = u8; } interface e { f: func(); } }\n";
    const char *want =
        "package a:main;\n"
        "\n"
        "interface i {\n"
        "  use x:dep/d@1.0.0.{t};\n"
        "}\n"
        "\n"
        "package x:dep@1.0.0 {\n"
        "  interface d {\n"
        "    type t = u8;\n"
        "  }\n"
        "  interface e {\n"
        "    f: func();\n"
        "  }\n"
        "}\n";
    char *got = print_source(text, true);
    assert_non_null(got);
    assert_string_equal(got, want);
    char *again = print_source(got, true);
    assert_non_null(again);
    assert_string_equal(again, want);
    free(got);
    free(again);
}

/* ---- WASI ------------------------------------------------------------ */

/* Resolves `path` with its siblings as dependencies and prints it all. */
static char *print_wasi(const char *dir, const char *path)
{
    const char *deps[] = {dir};
    const char *features[] = {"clocks-timezone"};
    wit_resolve_options opts = {.dep_dirs = deps, .dep_dir_count = 1,
                                .features = features, .feature_count = 1};
    comp_arena a;
    comp_arena_init(&a);
    wit_resolve *r = NULL;
    wit_diag d = {0};
    char *text = NULL;
    if (wit_resolve_path(path, &opts, &a, &r, &d)) {
        comp_buf out = {0};
        char why[160];
        if (wit_print_all(r, &out, why, sizeof why)) {
            comp_buf_byte(&out, 0);
            text = (char *)out.data;
        } else {
            print_error("%s: %s\n", path, why);
            comp_buf_free(&out);
        }
    } else {
        print_error("%s:%u:%u: %s\n", d.path ? d.path : path, d.line, d.col, d.message);
    }
    comp_arena_free(&a);
    return text;
}

static unsigned round_trip_dir(const char *dir, unsigned *failed)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    unsigned count = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        count++;
        char *first = print_wasi(dir, path);
        char *second = first ? print_source(first, true) : NULL;
        if (!second || strcmp(first, second) != 0) {
            print_error("%s: printing the printed text %s\n", path,
                        second ? "differs" : "failed");
            (*failed)++;
        }
        free(first);
        free(second);
    }
    closedir(dp);
    return count;
}

static void wasi_round_trip(void **state)
{
    (void)state;
    unsigned failed = 0;
    unsigned n = round_trip_dir("../shared/wit/wasi-0.2.12", &failed);
    n += round_trip_dir("../shared/wit/wasi-0.3.0", &failed);
    if (n == 0) {
        printf("SKIP wasi_round_trip: ../shared/wit not found\n");
        return;
    }
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(interface_layout),
        cmocka_unit_test(dependency_order),
        cmocka_unit_test(resources_and_handles),
        cmocka_unit_test(gates_keywords_and_docs),
        cmocka_unit_test(worlds),
        cmocka_unit_test(nested_packages),
        cmocka_unit_test(wasi_round_trip),
    };
    return unit_run("wit_print", tests);
}
