/* wit_component_new (libwit/src/cnew): worlds from custom sections, import
 * names, canonical signatures and the errors that name what is wrong. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "cnew/cnew_internal.h"
#include "comp/component.h"
#include "comp/wat.h"
#include "wit/component_new.h"
#include "wit/encode.h"
#include "wit/resolve.h"

static const char world_wit[] =
    "package test:pkg;\n"
    "interface api {\n"
    "  f: func(x: u32) -> u32;\n"
    "  greet: func(name: string) -> string;\n"
    "}\n"
    "world w {\n"
    "  import api;\n"
    "  export run: func() -> u32;\n"
    "}\n";

/* A module from WAT with the world's component-type section appended. */
static void build_module(const char *wat, bool with_world, comp_buf *out)
{
    comp_error err;
    assert_true(comp_wat_to_binary(wat, strlen(wat), out, &err));
    if (!with_world)
        return;
    comp_arena arena;
    comp_arena_init(&arena);
    wit_source src = {"w.wit", world_wit, strlen(world_wit), 0};
    wit_resolve *r;
    wit_diag diag;
    assert_true(wit_resolve_sources(&src, 1, NULL, &arena, &r, &diag));
    uint32_t w = wit_resolve_find_world(r, r->main_package, "w");
    assert_int_not_equal(w, WIT_NO_ID);
    assert_true(wit_encode_custom_section(r, w, "test", out, &err));
    comp_arena_free(&arena);
}

/* A second component-type section: the same package with one more
 * function in `api`, a world of its own importing a new interface, and one
 * more export. */
static const char second_wit[] =
    "package test:pkg;\n"
    "interface api {\n"
    "  f: func(x: u32) -> u32;\n"
    "  greet: func(name: string) -> string;\n"
    "  extra: func() -> u32;\n"
    "}\n"
    "interface log {\n"
    "  record entry { level: u8, code: u32 }\n"
    "  put: func(e: entry);\n"
    "}\n"
    "world w2 {\n"
    "  import api;\n"
    "  import log;\n"
    "  export second: func() -> u32;\n"
    "}\n";

static void append_section(const char *wit, const char *world, const char *name, comp_buf *out)
{
    comp_arena arena;
    comp_arena_init(&arena);
    wit_source src = {"x.wit", wit, strlen(wit), 0};
    wit_resolve *r;
    wit_diag diag;
    comp_error err;
    assert_true(wit_resolve_sources(&src, 1, NULL, &arena, &r, &diag));
    uint32_t w = wit_resolve_find_world(r, r->main_package, world);
    assert_int_not_equal(w, WIT_NO_ID);
    assert_true(wit_encode_custom_section(r, w, name, out, &err));
    comp_arena_free(&arena);
}

static bool adapt(const comp_buf *m, comp_buf *out, comp_error *err)
{
    return wit_component_new(m->data, m->len, NULL, 0, out, err);
}

static const char good_wat[] =
    "(module\n"
    "  (import \"test:pkg/api\" \"f\" (func (param i32) (result i32)))\n"
    "  (import \"test:pkg/api\" \"greet\" (func (param i32 i32 i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) i32.const 8)\n"
    "  (func (export \"run\") (result i32) i32.const 7 call 0))\n";

static void lowers_imports_and_lifts_exports(void **state)
{
    (void)state;
    comp_buf m = {0}, out = {0};
    comp_error err = {0};
    build_module(good_wat, true, &m);
    assert_true(adapt(&m, &out, &err));
    comp_arena arena;
    comp_arena_init(&arena);
    comp_component *c;
    assert_true(comp_component_decode(out.data, out.len, &arena, &c, &err));
    assert_true(comp_component_validate(c, COMP_FEATURES_DEFAULT, &err));
    assert_int_equal(c->import_count, 1);
    assert_true(cn_str_eq(c->imports[0].name.name, "test:pkg/api"));
    bool exported = false;
    for (uint32_t i = 0; i < c->export_count; i++)
        exported |= cn_str_eq(c->exports[i].name.name, "run");
    assert_true(exported);
    /* greet's string result is lowered with memory, realloc and utf8. */
    bool full = false;
    for (uint32_t i = 0; i < c->canon_count; i++)
        if (c->canons[i].op == COMP_CANON_LOWER && c->canons[i].opt_count == 3)
            full = true;
    assert_true(full);
    comp_arena_free(&arena);
    comp_buf_free(&m);
    comp_buf_free(&out);
}

static void unknown_import_is_named(void **state)
{
    (void)state;
    comp_buf m = {0}, out = {0};
    comp_error err = {0};
    build_module("(module (import \"test:pkg/api\" \"nope\" (func)))", true, &m);
    assert_false(adapt(&m, &out, &err));
    assert_non_null(strstr(err.message, "import `test:pkg/api` `nope`"));
    assert_non_null(strstr(err.message, "no function of that name"));
    assert_true(err.offset > 8);
    comp_buf_free(&m);
    comp_buf_free(&out);
}

static void wrong_core_type_says_what_was_expected(void **state)
{
    (void)state;
    comp_buf m = {0}, out = {0};
    comp_error err = {0};
    build_module("(module (import \"test:pkg/api\" \"f\" (func (param i64))))", true, &m);
    assert_false(adapt(&m, &out, &err));
    assert_non_null(strstr(err.message, "expected type (func (param i32) (result i32)), found (func (param i64))"));
    comp_buf_free(&m);
    comp_buf_free(&out);
}

static void missing_export_is_named(void **state)
{
    (void)state;
    comp_buf m = {0}, out = {0};
    comp_error err = {0};
    build_module("(module (memory (export \"memory\") 1))", true, &m);
    assert_false(adapt(&m, &out, &err));
    assert_non_null(strstr(err.message, "does not export function `run`"));
    comp_buf_free(&m);
    comp_buf_free(&out);
}

static void bad_custom_section_gives_its_offset(void **state)
{
    (void)state;
    comp_buf m = {0}, out = {0};
    comp_error err = {0};
    build_module("(module)", false, &m);
    size_t at = m.len;
    static const uint8_t section[] = {0x00, 0x15, 0x0e, 'c', 'o', 'm', 'p', 'o', 'n', 'e', 'n', 't', '-', 't',
                                      'y', 'p', 'e', 0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00};
    comp_buf_append(&m, section, sizeof section);
    assert_false(adapt(&m, &out, &err));
    assert_non_null(strstr(err.message, "custom section `component-type`"));
    assert_true(err.offset >= at);
    comp_buf_free(&m);
    comp_buf_free(&out);
}

static void many_params_are_passed_in_memory(void **state)
{
    (void)state;
    comp_arena arena;
    comp_arena_init(&arena);
    wit_rparam params[17];
    for (int i = 0; i < 17; i++)
        params[i] = (wit_rparam){.name = {"p", 1}, .type = {WIT_TREF_U32, 0}};
    wit_rfunc f = {.name = {"f", 1}, .params = params, .param_count = 17, .result = {WIT_TREF_STRING, 0}};
    wit_resolve r = {0};
    comp_functype t;
    comp_error err;
    assert_true(cn_core_signature(&r, &f, true, &arena, &t, &err));
    assert_int_equal(t.param_count, 2); /* params pointer, return pointer */
    assert_int_equal(t.result_count, 0);
    assert_true(cn_core_signature(&r, &f, false, &arena, &t, &err));
    assert_int_equal(t.param_count, 1);
    assert_int_equal(t.result_count, 1);
    unsigned opts = cn_required_options(&r, &f, false);
    assert_true(opts & CN_OPT_REALLOC);
    assert_true(opts & CN_OPT_STRING);
    comp_arena_free(&arena);
}

static bool has_name(const comp_cimport *im, uint32_t n, const char *name)
{
    for (uint32_t i = 0; i < n; i++)
        if (cn_str_eq(im[i].name.name, name))
            return true;
    return false;
}

static void two_sections_merge_into_one_world(void **state)
{
    (void)state;
    comp_buf m = {0}, out = {0};
    comp_error err = {0};
    build_module("(module\n"
                 "  (import \"test:pkg/api\" \"f\" (func (param i32) (result i32)))\n"
                 "  (import \"test:pkg/api\" \"extra\" (func (result i32)))\n"
                 "  (import \"test:pkg/log\" \"put\" (func (param i32 i32)))\n"
                 "  (import \"test:pkg/api\" \"f\" (func (param i32) (result i32)))\n"
                 "  (memory (export \"memory\") 1)\n"
                 "  (func (export \"run\") (result i32) i32.const 7 call 0)\n"
                 "  (func (export \"second\") (result i32) call 1))\n",
                 true, &m);
    append_section(second_wit, "w2", "second", &m);
    assert_true(adapt(&m, &out, &err));
    comp_arena arena;
    comp_arena_init(&arena);
    comp_component *c;
    assert_true(comp_component_decode(out.data, out.len, &arena, &c, &err));
    assert_true(comp_component_validate(c, COMP_FEATURES_DEFAULT, &err));
    /* One instance per interface, though both sections describe api. */
    assert_int_equal(c->import_count, 2);
    assert_true(has_name(c->imports, c->import_count, "test:pkg/api"));
    assert_true(has_name(c->imports, c->import_count, "test:pkg/log"));
    uint32_t found = 0;
    for (uint32_t i = 0; i < c->export_count; i++)
        found += cn_str_eq(c->exports[i].name.name, "run") + cn_str_eq(c->exports[i].name.name, "second");
    assert_int_equal(found, 2);
    comp_arena_free(&arena);
    comp_buf_free(&m);
    comp_buf_free(&out);
}

/* An exported interface with a record of its own: the record is exported
 * with the instance, through a shim component. */
static void exported_interface_types_go_through_a_shim(void **state)
{
    (void)state;
    static const char wit[] = "package test:ex;\n"
                              "interface api {\n"
                              "  record point { x: u32, y: u32 }\n"
                              "  enum color { red, green }\n"
                              "  sum: func(p: point, c: color) -> u32;\n"
                              "}\n"
                              "world w { export api; }\n";
    comp_buf m = {0}, out = {0};
    comp_error err = {0};
    build_module("(module (func (export \"test:ex/api#sum\") (param i32 i32 i32) (result i32) local.get 0))",
                 false, &m);
    append_section(wit, "w", "ex", &m);
    assert_true(adapt(&m, &out, &err));
    comp_arena arena;
    comp_arena_init(&arena);
    comp_component *c;
    assert_true(comp_component_decode(out.data, out.len, &arena, &c, &err));
    assert_true(comp_component_validate(c, COMP_FEATURES_DEFAULT, &err));
    assert_int_equal(c->component_count, 1);
    const comp_component *shim = c->components[0];
    uint32_t type_exports = 0, func_exports = 0;
    for (uint32_t i = 0; i < shim->export_count; i++) {
        type_exports += shim->exports[i].item.sort.sort == COMP_SORT_TYPE;
        func_exports += shim->exports[i].item.sort.sort == COMP_SORT_FUNC;
    }
    assert_int_equal(type_exports, 2);
    assert_int_equal(func_exports, 1);
    comp_arena_free(&arena);
    comp_buf_free(&m);
    comp_buf_free(&out);
}

static void semver_tracks(void **state)
{
    (void)state;
    char buf[64];
    struct { const char *in, *out; } cases[] = {
        {"wasi:cli/environment@0.2.3", "wasi:cli/environment@0.2"},
        {"wasi:cli/environment@0.2.12", "wasi:cli/environment@0.2"},
        {"a:b/c@1.4.0", "a:b/c@1"},
        {"a:b/c@0.0.7", "a:b/c@0.0.7"},        /* 0.0.z: only itself */
        {"a:b/c@1.0.0-rc1", "a:b/c@1.0.0-rc1"}, /* pre-releases: only themselves */
        {"a:b/c", "a:b/c"},
        {"a:b@1.2", "a:b@1.2"},                 /* not a full version */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        comp_str in = {cases[i].in, (uint32_t)strlen(cases[i].in)};
        comp_str out = cn_semver_track(in, buf, sizeof buf);
        assert_int_equal(out.len, strlen(cases[i].out));
        assert_memory_equal(out.data, cases[i].out, out.len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lowers_imports_and_lifts_exports),
        cmocka_unit_test(unknown_import_is_named),
        cmocka_unit_test(wrong_core_type_says_what_was_expected),
        cmocka_unit_test(missing_export_is_named),
        cmocka_unit_test(bad_custom_section_gives_its_offset),
        cmocka_unit_test(many_params_are_passed_in_memory),
        cmocka_unit_test(two_sections_merge_into_one_world),
        cmocka_unit_test(exported_interface_types_go_through_a_shim),
        cmocka_unit_test(semver_tracks),
    };
    return unit_run("component_new", tests);
}
