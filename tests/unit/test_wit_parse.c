/* The WIT parser: the tree it builds, the WASI packages, the invalid cases
 * in tests/wit/invalid/parse-*.wit, and the rendered diagnostics. */
#include "unit.h"
#include "wit_cases.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wit/parse.h"

static bool str_is(comp_str s, const char *want)
{
    return s.data && s.len == strlen(want) && memcmp(s.data, want, s.len) == 0;
}

#define assert_str(s, want) assert_true(str_is((s), (want)))

static wit_ast_file *parse_ok(comp_arena *a, const char *src)
{
    wit_ast_file *f = NULL;
    wit_diag d = {0};
    bool ok = wit_parse_file("t.wit", src, strlen(src), a, &f, &d);
    if (!ok)
        print_error("unexpected error %u:%u: %s\n", d.line, d.col, d.message);
    assert_true(ok);
    return f;
}

static void parse_fails(const char *src, uint32_t line, uint32_t col, const char *msg)
{
    comp_arena a;
    comp_arena_init(&a);
    wit_ast_file *f = NULL;
    wit_diag d = {0};
    assert_false(wit_parse_file("t.wit", src, strlen(src), &a, &f, &d));
    assert_null(f);
    assert_string_equal(d.message, msg);
    assert_int_equal(d.line, line);
    assert_int_equal(d.col, col);
    comp_arena_free(&a);
}

/* ---- the tree ------------------------------------------------------------ */

static void package_and_interface_items(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_ast_file *f = parse_ok(&a,
        "/// The package.\n"
        "package wasi:clocks@0.2.0-rc.1+b7;\n"
        "\n"
        "/// Times.\n"
        "@since(version = 0.2.0)\n"
        "interface types {\n"
        "    use wasi:io/poll@0.2.0.{pollable, %type as t};\n"
        "    /// A point in time.\n"
        "    type instant = u64;\n"
        "    record pair { /** x doc */ x: u32, y: list<u8, 4>, }\n"
        "    variant v { none, some(option<string>) }\n"
        "    enum e { a, b }\n"
        "    flags fl { read, write, }\n"
        "    @unstable(feature = fancy)\n"
        "    now: async func(a: borrow<r>, b: own<r>) -> result<_, error-context>;\n"
        "    r: func() -> tuple<result, result<u8>, result<u8, s8>, future, stream<char>>;\n"
        "    m: func(x: map<string, f64>);\n"
        "}\n");
    assert_true(f->has_package);
    assert_int_equal(f->package_docs.count, 1);
    assert_str(f->package_docs.lines[0], "/// The package.");
    assert_int_equal(f->package.namespace_count, 1);
    assert_str(f->package.namespaces[0].name, "wasi");
    assert_str(f->package.name.name, "clocks");
    assert_true(f->package.version.present);
    assert_int_equal(f->package.version.minor, 2);
    assert_str(f->package.version.pre, "rc.1");
    assert_str(f->package.version.build, "b7");
    assert_str(f->package.version.text, "0.2.0-rc.1+b7");

    assert_int_equal(f->item_count, 1);
    assert_int_equal(f->items[0].kind, WIT_TOP_INTERFACE);
    wit_interface *i = f->items[0].iface;
    assert_str(i->name.name, "types");
    assert_int_equal(i->docs.count, 1);
    assert_str(i->docs.lines[0], "/// Times.");
    const wit_attr *since = wit_gates_find(&i->gates, WIT_ATTR_SINCE);
    assert_non_null(since);
    assert_str(since->version.text, "0.2.0");
    assert_int_equal(i->item_count, 9);

    wit_iface_item *it = i->items;
    assert_int_equal(it[0].kind, WIT_IFACE_USE);
    wit_use *u = it[0].use;
    assert_true(u->path.qualified);
    assert_str(u->path.package.namespaces[0].name, "wasi");
    assert_str(u->path.package.name.name, "io");
    assert_str(u->path.name.name, "poll");
    assert_str(u->path.package.version.text, "0.2.0");
    assert_int_equal(u->name_count, 2);
    assert_str(u->names[0].name.name, "pollable");
    assert_null(u->names[0].as.name.data);
    assert_str(u->names[1].name.name, "type");
    assert_true(u->names[1].name.explicit_);
    assert_str(u->names[1].as.name, "t");

    assert_int_equal(it[1].kind, WIT_IFACE_TYPE);
    assert_int_equal(it[1].docs.count, 1);
    assert_int_equal(it[1].type->kind, WIT_DEF_ALIAS);
    assert_int_equal(it[1].type->alias->kind, WIT_TYPE_U64);

    wit_typedef *rec = it[2].type;
    assert_int_equal(rec->kind, WIT_DEF_RECORD);
    assert_int_equal(rec->case_count, 2);
    assert_str(rec->cases[0].docs.lines[0], "/** x doc */");
    assert_int_equal(rec->cases[1].type->kind, WIT_TYPE_FIXED_LIST);
    assert_int_equal(rec->cases[1].type->length, 4);
    assert_int_equal(rec->cases[1].type->elem->kind, WIT_TYPE_U8);

    wit_typedef *var = it[3].type;
    assert_int_equal(var->kind, WIT_DEF_VARIANT);
    assert_null(var->cases[0].type);
    assert_int_equal(var->cases[1].type->kind, WIT_TYPE_OPTION);
    assert_int_equal(var->cases[1].type->elem->kind, WIT_TYPE_STRING);
    assert_int_equal(it[4].type->kind, WIT_DEF_ENUM);
    assert_int_equal(it[4].type->case_count, 2);
    assert_int_equal(it[5].type->kind, WIT_DEF_FLAGS);
    assert_int_equal(it[5].type->case_count, 2);

    assert_int_equal(it[6].kind, WIT_IFACE_FUNC);
    const wit_attr *unstable = wit_gates_find(&it[6].gates, WIT_ATTR_UNSTABLE);
    assert_non_null(unstable);
    assert_str(unstable->feature.name, "fancy");
    wit_func *now = it[6].func;
    assert_str(now->name.name, "now");
    assert_true(now->type.is_async);
    assert_int_equal(now->type.param_count, 2);
    assert_int_equal(now->type.params[0].type->kind, WIT_TYPE_BORROW);
    assert_str(now->type.params[0].type->name.name, "r");
    assert_int_equal(now->type.params[1].type->kind, WIT_TYPE_OWN);
    assert_int_equal(now->type.result->kind, WIT_TYPE_RESULT);
    assert_null(now->type.result->elem);
    assert_int_equal(now->type.result->elem2->kind, WIT_TYPE_ERROR_CONTEXT);

    wit_type *tup = it[7].func->type.result;
    assert_int_equal(tup->kind, WIT_TYPE_TUPLE);
    assert_int_equal(tup->item_count, 5);
    assert_null(tup->items[0]->elem);
    assert_null(tup->items[0]->elem2);
    assert_int_equal(tup->items[1]->elem->kind, WIT_TYPE_U8);
    assert_null(tup->items[1]->elem2);
    assert_int_equal(tup->items[2]->elem2->kind, WIT_TYPE_S8);
    assert_int_equal(tup->items[3]->kind, WIT_TYPE_FUTURE);
    assert_null(tup->items[3]->elem);
    assert_int_equal(tup->items[4]->kind, WIT_TYPE_STREAM);
    assert_int_equal(tup->items[4]->elem->kind, WIT_TYPE_CHAR);
    /* Spans cover the whole type as written. */
    const char *src = f->src;
    assert_memory_equal(src + tup->items[2]->span.start, "result<u8, s8>",
                        tup->items[2]->span.end - tup->items[2]->span.start);

    wit_type *map = it[8].func->type.params[0].type;
    assert_int_equal(map->kind, WIT_TYPE_MAP);
    assert_int_equal(map->elem->kind, WIT_TYPE_STRING);
    assert_int_equal(map->elem2->kind, WIT_TYPE_F64);
    assert_null(it[8].func->type.result);
    comp_arena_free(&a);
}

static void resources(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_ast_file *f = parse_ok(&a,
        "interface i {\n"
        "    resource empty;\n"
        "    resource blob {\n"
        "        constructor(init: list<u8>);\n"
        "        /// Writes.\n"
        "        @since(version = 1.0.0)\n"
        "        write: func(bytes: list<u8>);\n"
        "        merge: static func(lhs: borrow<blob>, rhs: borrow<blob>) -> blob;\n"
        "        wait: async func();\n"
        "        make: static async func() -> blob;\n"
        "    }\n"
        "    resource blob2 { constructor() -> result<blob2>; }\n"
        "}\n");
    assert_false(f->has_package);
    wit_interface *i = f->items[0].iface;
    wit_typedef *empty = i->items[0].type, *blob = i->items[1].type, *blob2 = i->items[2].type;
    assert_int_equal(empty->kind, WIT_DEF_RESOURCE);
    assert_false(empty->has_body);
    assert_true(blob->has_body);
    assert_int_equal(blob->func_count, 5);
    assert_int_equal(blob->funcs[0].kind, WIT_RESOURCE_CONSTRUCTOR);
    assert_int_equal(blob->funcs[0].type.param_count, 1);
    assert_int_equal(blob->funcs[1].kind, WIT_RESOURCE_METHOD);
    assert_int_equal(blob->funcs[1].docs.count, 1);
    assert_non_null(wit_gates_find(&blob->funcs[1].gates, WIT_ATTR_SINCE));
    assert_int_equal(blob->funcs[2].kind, WIT_RESOURCE_STATIC);
    assert_int_equal(blob->funcs[2].type.result->kind, WIT_TYPE_NAME);
    assert_int_equal(blob->funcs[3].kind, WIT_RESOURCE_METHOD);
    assert_true(blob->funcs[3].type.is_async);
    assert_int_equal(blob->funcs[4].kind, WIT_RESOURCE_STATIC);
    assert_true(blob->funcs[4].type.is_async);
    assert_int_equal(blob2->funcs[0].kind, WIT_RESOURCE_CONSTRUCTOR);
    assert_int_equal(blob2->funcs[0].type.result->kind, WIT_TYPE_RESULT);

    /* An empty file (or only comments) is an empty list of items. */
    f = parse_ok(&a, "// nothing\n");
    assert_int_equal(f->item_count, 0);
    comp_arena_free(&a);
}

static void worlds(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_ast_file *f = parse_ok(&a,
        "package local:demo;\n"
        "use wasi:http/types@1.0.0 as http-types;\n"
        "world w {\n"
        "    import wasi:io/streams@0.2.0;\n"
        "    import local-iface;\n"
        "    @external-id(\"https://esm.unpkg.com/slugify@1.6.6\")\n"
        "    import slugify: func(text: string) -> string;\n"
        "    export run: async func();\n"
        "    import host: interface { log: func(msg: string); }\n"
        "    import primary: wasi:keyvalue/store;\n"
        "    import a: b;\n"
        "    use types.{x};\n"
        "    type y = x;\n"
        "    include other;\n"
        "    include wasi:cli/imports@0.2.0 with { a as a1, b as b1 }\n"
        "}\n");
    assert_int_equal(f->item_count, 2);
    assert_int_equal(f->items[0].kind, WIT_TOP_USE);
    assert_str(f->items[0].use->path.name.name, "types");
    assert_str(f->items[0].use->as.name, "http-types");
    wit_world *w = f->items[1].world;
    assert_str(w->name.name, "w");
    assert_int_equal(w->item_count, 11);
    wit_world_item *it = w->items;
    assert_int_equal(it[0].kind, WIT_WORLD_IMPORT);
    assert_int_equal(it[0].ext.kind, WIT_EXTERN_PATH);
    assert_true(it[0].ext.path.qualified);
    assert_str(it[0].ext.path.name.name, "streams");
    assert_int_equal(it[1].ext.kind, WIT_EXTERN_PATH);
    assert_false(it[1].ext.path.qualified);
    assert_int_equal(it[2].ext.kind, WIT_EXTERN_FUNC);
    const wit_attr *ext = wit_gates_find(&it[2].gates, WIT_ATTR_EXTERNAL_ID);
    assert_non_null(ext);
    assert_str(ext->external_id, "https://esm.unpkg.com/slugify@1.6.6");
    assert_int_equal(it[3].kind, WIT_WORLD_EXPORT);
    assert_true(it[3].ext.func.is_async);
    assert_int_equal(it[4].ext.kind, WIT_EXTERN_INTERFACE);
    assert_str(it[4].ext.iface->name.name, "host");
    assert_int_equal(it[4].ext.iface->item_count, 1);
    assert_int_equal(it[5].ext.kind, WIT_EXTERN_NAMED_PATH);
    assert_str(it[5].ext.name.name, "primary");
    assert_str(it[5].ext.path.name.name, "store");
    assert_int_equal(it[6].ext.kind, WIT_EXTERN_NAMED_PATH);
    assert_false(it[6].ext.path.qualified);
    assert_int_equal(it[7].kind, WIT_WORLD_USE);
    assert_int_equal(it[8].kind, WIT_WORLD_TYPE);
    assert_int_equal(it[9].kind, WIT_WORLD_INCLUDE);
    assert_false(it[9].include->has_with);
    wit_include *inc = it[10].include;
    assert_true(inc->has_with);
    assert_int_equal(inc->name_count, 2);
    assert_str(inc->names[1].name.name, "b");
    assert_str(inc->names[1].as.name, "b1");
    comp_arena_free(&a);
}

static void nested_packages(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_ast_file *f = parse_ok(&a,
        "package local:root;\n"
        "package local:a@1.0.0 {\n"
        "    interface foo {}\n"
        "    world w { import foo; }\n"
        "}\n"
        "interface bar { use a:b:c/d/e@2.0.0.{t}; }\n"
        "package x:y:z/q {}\n");
    assert_str(f->package.name.name, "root");
    assert_int_equal(f->item_count, 3);
    assert_int_equal(f->items[0].kind, WIT_TOP_PACKAGE);
    wit_package_block *b = f->items[0].package;
    assert_str(b->name.name.name, "a");
    assert_str(b->name.version.text, "1.0.0");
    assert_int_equal(b->item_count, 2);
    assert_int_equal(b->items[1].kind, WIT_TOP_WORLD);
    wit_use_path *p = &f->items[1].iface->items[0].use->path;
    assert_int_equal(p->package.namespace_count, 2);
    assert_str(p->package.namespaces[1].name, "b");
    assert_str(p->package.name.name, "c");
    assert_int_equal(p->package.nested_count, 1);
    assert_str(p->package.nested[0].name, "d");
    assert_str(p->name.name, "e");
    wit_package_name *n = &f->items[2].package->name;
    assert_int_equal(n->namespace_count, 2);
    assert_int_equal(n->nested_count, 1);
    assert_false(n->version.present);

    /* A file may also start with a block rather than a declaration. */
    f = parse_ok(&a, "package a:b { interface i {} }");
    assert_false(f->has_package);
    assert_int_equal(f->items[0].kind, WIT_TOP_PACKAGE);
    comp_arena_free(&a);
}

static void gates_all_kinds(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    wit_ast_file *f = parse_ok(&a,
        "package a:b@1.0.0;\n"
        "@since(version = 0.2.0) @deprecated(version = 0.2.2)\n"
        "world w { @unstable(feature = x-y) import f: func(); }\n");
    wit_world *w = f->items[0].world;
    assert_int_equal(w->gates.count, 2);
    assert_int_equal(w->gates.attrs[1].kind, WIT_ATTR_DEPRECATED);
    assert_int_equal(w->gates.attrs[1].version.patch, 2);
    assert_str(w->items[0].gates.attrs[0].feature.name, "x-y");
    comp_arena_free(&a);
}

static void semantic_errors_of_syntax(void **state)
{
    (void)state;
    parse_fails("package a:b@1.0.0-01;", 1, 13, "invalid version `1.0.0-01`: numeric pre-release identifiers must not have leading zeros");
    parse_fails("package a:b@1.0.0+;", 1, 13, "invalid version `1.0.0+`: empty build identifier");
    parse_fails("package a:b@99999999999999999999.0.0;", 1, 13, "invalid version `99999999999999999999.0.0`: number too large");
    parse_fails("interface i { type t = list<u8, 4294967296>; }", 1, 33, "list length `4294967296` is too large");
    parse_fails("world w { @external-id(\"\\ff\") import f: func(); }", 1, 24, "string escapes do not decode to UTF-8");
    parse_fails("world w { @external-id(\"x\") import foo; }", 1, 11, "`@external-id` is not allowed on an interface-named import or export");
    parse_fails("world w { @external-id(\"x\") type t = u8; }", 1, 11, "`@external-id` is not allowed on types in a world");
}

/* ---- whole packages ---------------------------------------------------- */

static unsigned parse_tree(const char *dir, unsigned depth, unsigned *failed)
{
    unsigned count = 0;
    DIR *d = opendir(dir);
    if (!d || depth > 4) {
        if (d)
            closedir(d);
        return 0;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t n = strlen(path);
        if (n > 4 && strcmp(path + n - 4, ".wit") == 0) {
            size_t len;
            unsigned char *src = unit_read_file(path, &len);
            assert_non_null(src);
            comp_arena a;
            comp_arena_init(&a);
            wit_ast_file *f;
            wit_diag diag = {0};
            if (!wit_parse_file(path, (const char *)src, len, &a, &f, &diag)) {
                print_error("%s:%u:%u: %s\n", path, diag.line, diag.col, diag.message);
                (*failed)++;
            }
            count++;
            comp_arena_free(&a);
            free(src);
        } else {
            count += parse_tree(path, depth + 1, failed);
        }
    }
    closedir(d);
    return count;
}

static void wasi_packages_parse(void **state)
{
    (void)state;
    unsigned failed = 0;
    unsigned n02 = parse_tree("../shared/wit/wasi-0.2.12", 0, &failed);
    unsigned n03 = parse_tree("../shared/wit/wasi-0.3.0", 0, &failed);
    if (n02 + n03 == 0) {
        printf("SKIP wasi_packages_parse: ../shared/wit not found\n");
        return;
    }
    assert_true(n02 >= 30);
    assert_true(n03 >= 20);
    assert_int_equal(failed, 0);
}

/* ---- invalid cases ----------------------------------------------------- */

/* Each tests/wit/invalid/parse-*.wit starts with `// error: LINE:COL: msg`. */
static void check_invalid_case(const char *path, const char *want, const char *src, size_t len)
{
    comp_arena a;
    comp_arena_init(&a);
    wit_ast_file *f = NULL;
    wit_diag d = {0};
    bool ok = wit_parse_file(path, src, len, &a, &f, &d);
    wit_expect_diag(path, want, ok, &d);
    comp_arena_free(&a);
}

static void invalid_cases(void **state)
{
    (void)state;
    assert_true(wit_invalid_cases("parse-", check_invalid_case) >= 35);
}

/* ---- robustness ---------------------------------------------------------- */

static void deep_nesting_is_bounded(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *src = malloc(depth * 6 + 64);
    assert_non_null(src);
    size_t n = (size_t)sprintf(src, "interface i { type t = ");
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(src + n, "list<");
    comp_arena a;
    comp_arena_init(&a);
    wit_ast_file *f;
    wit_diag d = {0};
    assert_false(wit_parse_file("t.wit", src, n, &a, &f, &d));
    assert_string_equal(d.message, "types nested too deeply (more than 100 levels)");
    comp_arena_free(&a);
    free(src);
}

/* Every prefix of a real file, and the file with bytes flipped, parses or
 * fails cleanly (run under the sanitizers with `make test SAN=1`). */
static void truncated_and_mangled_input(void **state)
{
    (void)state;
    size_t len;
    unsigned char *src = unit_read_file("../shared/wit/wasi-0.3.0/http/types.wit", &len);
    if (!src) {
        printf("SKIP truncated_and_mangled_input: WASI http/types.wit not found\n");
        return;
    }
    unsigned failures = 0;
    for (size_t cut = 0; cut < len; cut += 97) {
        comp_arena a;
        comp_arena_init(&a);
        wit_ast_file *f;
        wit_diag d = {0};
        if (!wit_parse_file("t.wit", (const char *)src, cut, &a, &f, &d)) {
            assert_true(d.line >= 1 && d.message[0]);
            failures++;
        }
        comp_arena_free(&a);
    }
    assert_true(failures > 0);
    const char noise[] = "{}<>();:,.@/*-_%\"\x80\n";
    for (size_t i = 0; i < len; i += 131) {
        unsigned char saved = src[i];
        src[i] = (unsigned char)noise[i % (sizeof noise - 1)];
        comp_arena a;
        comp_arena_init(&a);
        wit_ast_file *f;
        wit_diag d = {0};
        if (!wit_parse_file("t.wit", (const char *)src, len, &a, &f, &d))
            assert_true(d.line >= 1 && d.message[0]);
        comp_arena_free(&a);
        src[i] = saved;
    }
    free(src);
}

/* ---- diagnostics ----------------------------------------------------------- */

static void diag_renders_excerpt(void **state)
{
    (void)state;
    const char *src = "package a:b;\ninterface i {\n\tf: func() -> u32\n}\n";
    comp_arena a;
    comp_arena_init(&a);
    wit_ast_file *f;
    wit_diag d = {0};
    assert_false(wit_parse_file("dir/x.wit", src, strlen(src), &a, &f, &d));
    comp_buf out = {0};
    wit_diag_render(&d, src, strlen(src), &out);
    comp_buf_byte(&out, 0);
    assert_string_equal((const char *)out.data,
                        "dir/x.wit:4:1: error: expected `;`, found `}`\n"
                        " 4 | }\n"
                        "   | ^\n");
    comp_buf_free(&out);

    /* The caret and tildes line up under a multi-character span, after a tab
     * and after a multi-byte character. */
    const char *src2 = "// \xc3\xa9\n\tx \xc3\xa9 interface\n";
    wit_diag d2 = {0};
    wit_diag_set(&d2, "y.wit", src2, strlen(src2), (wit_span){12, 21}, "bad %s", "thing");
    assert_int_equal(d2.line, 2);
    assert_int_equal(d2.col, 6);
    comp_buf out2 = {0};
    wit_diag_render(&d2, src2, strlen(src2), &out2);
    comp_buf_byte(&out2, 0);
    assert_string_equal((const char *)out2.data,
                        "y.wit:2:6: error: bad thing\n"
                        " 2 | \tx \xc3\xa9 interface\n"
                        "   | \t    ^~~~~~~~~\n");
    comp_buf_free(&out2);
    comp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(package_and_interface_items),
        cmocka_unit_test(resources),
        cmocka_unit_test(worlds),
        cmocka_unit_test(nested_packages),
        cmocka_unit_test(gates_all_kinds),
        cmocka_unit_test(semantic_errors_of_syntax),
        cmocka_unit_test(wasi_packages_parse),
        cmocka_unit_test(invalid_cases),
        cmocka_unit_test(deep_nesting_is_bounded),
        cmocka_unit_test(truncated_and_mangled_input),
        cmocka_unit_test(diag_renders_excerpt),
    };
    return unit_run("wit_parse", tests);
}
