/* The WIT printer: layout rules on small packages (expected text written
 * out in full, as wasm-tools prints it), and every WASI package printing,
 * re-resolving and printing again to the same text. */
#include "unit.h"
#include "wit_cases.h"

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
/* The block of world `name` in the printed main package. */
static void expect_world(const char *text, const char *name, const char *want)
{
    char *got = print_source(text, false);
    assert_non_null(got);
    char head[64];
    snprintf(head, sizeof head, "world %s {", name);
    char *start = strstr(got, head);
    assert_non_null(start);
    char *end = strstr(start, "\n}\n");
    assert_non_null(end);
    end[3] = '\0';
    if (strcmp(start, want) != 0)
        print_error("got:\n%s\nwant:\n%s\n", start, want);
    assert_string_equal(start, want);
    free(got);
}

/* World items in odd orders print in wit-parser's elaborated order. Each
 * expected text is what `jco wit` printed for the same world embedded into
 * a component (`jco embed --dummy` + `jco new`, jco 1.25.2), with the
 * package prefix of same-package interfaces dropped. */
static void world_item_order(void **state)
{
    (void)state;
    /* Imports: interfaces (each after those it uses; those needed only by
     * a `use` come after the written ones), `use`s, definitions, then
     * functions. Exports: functions, then interfaces. */
    expect_world(
        "package t:res;\n"
        "interface base { type b = u8; }\n"
        "interface mid { use base.{b}; type t = list<b>; }\n"
        "interface other { o: func(); }\n"
        "interface ex1 { use mid.{t}; g: func() -> t; }\n"
        "world w {\n"
        "  export ex1;\n"
        "  import f1: func();\n"
        "  resource r { constructor(); m: func() -> u; }\n"
        "  use mid.{t};\n"
        "  type u = list<t>;\n"
        "  import other;\n"
        "  export run: func(x: r) -> u;\n"
        "  import base;\n"
        "}\n",
        "w",
        "world w {\n"
        "  import other;\n"
        "  import base;\n"
        "  import mid;\n"
        "  use mid.{t};\n"
        "\n"
        "  resource r {\n"
        "    constructor();\n"
        "    m: func() -> u;\n"
        "  }\n"
        "\n"
        "  type u = list<t>;\n"
        "  import f1: func();\n"
        "\n"
        "  export run: func(x: r) -> u;\n"
        "  export ex1;\n"
        "}\n");
    /* An exported interface comes after the exported interfaces it uses;
     * included items follow the world's own. */
    expect_world(
        "package t:order;\n"
        "interface z { type zt = u8; }\n"
        "interface x { use z.{zt}; }\n"
        "interface y { type yt = u16; }\n"
        "interface e { use x.{zt}; use y.{yt}; }\n"
        "world w {\n"
        "  import q: func();\n"
        "  export e;\n"
        "  export y;\n"
        "  type mine = string;\n"
        "  export x2: interface { use x.{zt}; f: func(a: zt); }\n"
        "  export x;\n"
        "  use y.{yt};\n"
        "  include t:dep/base-world;\n"
        "  export last: func();\n"
        "}\n"
        "package t:dep {\n"
        "  interface dy { type dt = u32; }\n"
        "  interface dsolo { use dy.{dt}; s: func(); }\n"
        "  world base-world {\n"
        "    export dsolo;\n"
        "    import dy;\n"
        "    export b-run: func();\n"
        "    use dy.{dt};\n"
        "  }\n"
        "}\n",
        "w",
        "world w {\n"
        "  import t:dep/dy;\n"
        "  import y;\n"
        "  import z;\n"
        "  use y.{yt};\n"
        "  use t:dep/dy.{dt};\n"
        "\n"
        "  type mine = string;\n"
        "  import q: func();\n"
        "\n"
        "  export last: func();\n"
        "  export b-run: func();\n"
        "  export x;\n"
        "  export y;\n"
        "  export e;\n"
        "  export x2: interface {\n"
        "    use x.{zt};\n"
        "\n"
        "    f: func(a: zt);\n"
        "  }\n"
        "  export t:dep/dsolo;\n"
        "}\n");
    /* Included worlds from another package, with a rename; an included
     * inline interface writes paths from the including package. */
    expect_world(
        "package a:b;\n"
        "world big {\n"
        "  include a:dep/small with { f as g }\n"
        "  include a:dep/w;\n"
        "  import f: func();\n"
        "}\n"
        "package a:dep {\n"
        "  interface base { resource r; }\n"
        "  interface mid { use base.{r}; }\n"
        "  interface top { use mid.{r}; f: func() -> r; }\n"
        "  interface other { type t = u8; }\n"
        "  world w {\n"
        "    use other.{t};\n"
        "    import top;\n"
        "    import host: interface { use base.{r}; h: func(x: borrow<r>); }\n"
        "    export run: func(x: t);\n"
        "    export mid;\n"
        "    export top;\n"
        "  }\n"
        "  world small { import f: func(); export top; }\n"
        "}\n",
        "big",
        "world big {\n"
        "  import a:dep/base;\n"
        "  import a:dep/mid;\n"
        "  import a:dep/top;\n"
        "  import host: interface {\n"
        "    use a:dep/base.{r};\n"
        "\n"
        "    h: func(x: borrow<r>);\n"
        "  }\n"
        "  import a:dep/other;\n"
        "  use a:dep/other.{t};\n"
        "  import f: func();\n"
        "  import g: func();\n"
        "\n"
        "  export run: func(x: t);\n"
        "  export a:dep/mid;\n"
        "  export a:dep/top;\n"
        "}\n");
}

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

static bool prints_stably(const char *path, const char *tree, void *ctx)
{
    char *first = print_wasi(tree, path);
    char *second = first ? print_source(first, true) : NULL;
    bool ok = second && strcmp(first, second) == 0;
    if (!ok)
        print_error("%s: printing the printed text %s\n", path, second ? "differs" : "failed");
    free(first);
    free(second);
    return ok;
}

static void wasi_round_trip(void **state)
{
    (void)state;
    unsigned failed = 0;
    unsigned n = wasi_packages(prints_stably, NULL, &failed);
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
        cmocka_unit_test(world_item_order),
        cmocka_unit_test(nested_packages),
        cmocka_unit_test(wasi_round_trip),
    };
    return unit_run("wit_print", tests);
}
