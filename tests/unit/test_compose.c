/* The composition library: name matching, wiring, cycles, type checks. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "comp/compose.h"
#include "comp/wat.h"

static comp_str S(const char *s) { return (comp_str){s, (uint32_t)strlen(s)}; }

static void names_match_semver(void **state)
{
    (void)state;
    assert_true(comp_interface_name_matches(S("a:b/c@0.2.1"), S("a:b/c@0.2.3")));
    assert_true(comp_interface_name_matches(S("a:b/c@0.2.1"), S("a:b/c@0.2")));
    assert_true(comp_interface_name_matches(S("a:b/c@1.2.0"), S("a:b/c@1.9.9")));
    assert_true(comp_interface_name_matches(S("plain"), S("plain")));
    assert_false(comp_interface_name_matches(S("a:b/c@0.2.1"), S("a:b/c@0.3.0")));
    assert_false(comp_interface_name_matches(S("a:b/c@1.0.0"), S("a:b/c@2.0.0")));
    assert_false(comp_interface_name_matches(S("a:b/c@0.0.1"), S("a:b/c@0.0.2")));
    assert_false(comp_interface_name_matches(S("a:b/c@0.2.1"), S("a:b/d@0.2.1")));
    assert_false(comp_interface_name_matches(S("a:b/c@0.2.1"), S("a:b/c")));
}

/* A component exporting instance "x" with function f of `param` type,
 * importing instance "y" with the same shape. */
static const char relay_fmt[] =
    "(component"
    "  (import \"y\" (instance $y (export \"f\" (func (param \"v\" %s)))))"
    "  (alias export $y \"f\" (func $f))"
    "  (instance $x (export \"f\" (func $f)))"
    "  (export \"x\" (instance $x)))";

static uint32_t add(comp_compose *g, comp_buf *keep, const char *param)
{
    char text[512];
    snprintf(text, sizeof text, relay_fmt, param);
    comp_error err = {0};
    assert_true(comp_wat_to_binary(text, strlen(text), keep, &err));
    uint32_t id;
    assert_true(comp_compose_add_component(g, param, keep->data, keep->len, &id, &err));
    return id;
}

static void chain_and_cycle(void **state)
{
    (void)state;
    comp_compose *g = comp_compose_new(COMP_FEATURES_DEFAULT);
    comp_buf keep = {0};
    uint32_t c = add(g, &keep, "u32");
    uint32_t a, b;
    comp_error err = {0};
    assert_true(comp_compose_instantiate(g, c, &a, &err));
    assert_true(comp_compose_instantiate(g, c, &b, &err));
    assert_true(comp_compose_connect(g, a, "x", b, "y", &err));
    assert_false(comp_compose_connect(g, a, "x", b, "y", &err));
    assert_non_null(strstr(err.message, "already fed"));
    assert_true(comp_compose_export(g, b, "x", "out", &err));
    comp_buf out = {0};
    assert_true(comp_compose_encode(g, &out, &err));
    assert_true(out.len > 8);
    /* Now close the loop: a feeds b feeds a. */
    assert_true(comp_compose_connect(g, b, "x", a, "y", &err));
    comp_buf out2 = {0};
    assert_false(comp_compose_encode(g, &out2, &err));
    assert_non_null(strstr(err.message, "cycle"));
    comp_buf_free(&out);
    comp_buf_free(&out2);
    comp_compose_free(g);
    comp_buf_free(&keep);
}

static void wire_type_mismatch(void **state)
{
    (void)state;
    comp_compose *g = comp_compose_new(COMP_FEATURES_DEFAULT);
    comp_buf k1 = {0}, k2 = {0};
    uint32_t c32 = add(g, &k1, "u32"), c64 = add(g, &k2, "u64");
    uint32_t a, b;
    comp_error err = {0};
    assert_true(comp_compose_instantiate(g, c64, &a, &err));
    assert_true(comp_compose_instantiate(g, c32, &b, &err));
    assert_true(comp_compose_connect(g, a, "x", b, "y", &err));
    comp_buf out = {0};
    assert_false(comp_compose_encode(g, &out, &err));
    assert_non_null(strstr(err.message, "import `y` of u32 cannot take export `x` of u64"));
    assert_non_null(strstr(err.message, "export 'f': parameter 'v': expected u32, found u64"));
    assert_int_equal(out.len, 0);
    comp_buf_free(&out);
    comp_compose_free(g);
    comp_buf_free(&k1);
    comp_buf_free(&k2);
}

static void subtype_api(void **state)
{
    (void)state;
    comp_buf k1 = {0}, k2 = {0};
    comp_error err = {0};
    char text[512];
    snprintf(text, sizeof text, relay_fmt, "string");
    assert_true(comp_wat_to_binary(text, strlen(text), &k1, &err));
    snprintf(text, sizeof text, relay_fmt, "(list u8)");
    assert_true(comp_wat_to_binary(text, strlen(text), &k2, &err));
    comp_arena arena;
    comp_arena_init(&arena);
    comp_component *c1, *c2;
    assert_true(comp_component_decode(k1.data, k1.len, &arena, &c1, &err));
    assert_true(comp_component_decode(k2.data, k2.len, &arena, &c2, &err));
    comp_typecheck *tc = comp_typecheck_new(COMP_FEATURES_DEFAULT);
    uint32_t i1, i2;
    assert_true(comp_typecheck_add(tc, c1, &i1, &err));
    assert_true(comp_typecheck_add(tc, c2, &i2, &err));
    assert_true(comp_check_extern_subtype(tc, i1, false, S("x"), i1, S("y"), &err));
    assert_true(comp_check_extern_subtype(tc, i1, true, S("y"), i1, S("y"), &err));
    assert_false(comp_check_extern_subtype(tc, i2, false, S("x"), i1, S("y"), &err));
    assert_non_null(strstr(err.message, "export 'f': parameter 'v': expected string, found list"));
    assert_false(comp_check_extern_subtype(tc, i1, false, S("nope"), i1, S("y"), &err));
    assert_non_null(strstr(err.message, "no export named `nope`"));
    comp_typecheck_free(tc);
    comp_arena_free(&arena);
    comp_buf_free(&k1);
    comp_buf_free(&k2);
}

/* Exports a:b/n@VERSION (function `f`); with `imports`, also imports
 * a:b/n@0.1.0 and re-exports its function. */
static uint32_t add_num(comp_compose *g, comp_buf *keep, const char *label, bool imports,
                        const char *version)
{
    char text[1024];
    if (imports)
        snprintf(text, sizeof text,
                 "(component"
                 "  (import \"a:b/n@0.1.0\" (instance $in (export \"f\" (func (result u32)))))"
                 "  (alias export $in \"f\" (func $f))"
                 "  (instance $x (export \"f\" (func $f)))"
                 "  (export \"a:b/n@%s\" (instance $x)))", version);
    else
        snprintf(text, sizeof text,
                 "(component"
                 "  (core module $m (func (export \"f\") (result i32) i32.const 1))"
                 "  (core instance $i (instantiate $m))"
                 "  (alias core export $i \"f\" (core func $cf))"
                 "  (func $f (result u32) (canon lift (core func $cf)))"
                 "  (instance $x (export \"f\" (func $f)))"
                 "  (export \"a:b/n@%s\" (instance $x)))", version);
    comp_error err = {0};
    assert_true(comp_wat_to_binary(text, strlen(text), keep, &err));
    uint32_t id;
    assert_true(comp_compose_add_component(g, label, keep->data, keep->len, &id, &err));
    return id;
}

static bool graph_has(comp_compose *g, const char *line)
{
    comp_buf out = {0};
    comp_error err = {0};
    assert_true(comp_compose_print_graph(g, &out, &err));
    comp_buf_append(&out, "", 1);
    bool found = strstr((const char *)out.data, line) != NULL;
    if (!found)
        fprintf(stderr, "graph:\n%s", (const char *)out.data);
    comp_buf_free(&out);
    return found;
}

/* One provider: wired. Two: ambiguous until a provider is chosen. */
static void autowire_choices(void **state)
{
    (void)state;
    comp_compose *g = comp_compose_new(COMP_FEATURES_DEFAULT);
    comp_buf k1 = {0}, k2 = {0};
    uint32_t src = add_num(g, &k1, "src", false, "0.1.5");
    uint32_t relay = add_num(g, &k2, "relay", true, "0.1.0");
    uint32_t s, r1, r2;
    comp_error err = {0};
    assert_true(comp_compose_instantiate(g, src, &s, &err));
    assert_true(comp_compose_instantiate(g, relay, &r1, &err));
    assert_true(comp_compose_name_instance(g, r1, "first", &err));
    assert_true(comp_compose_autowire(g, r1, NULL, 0, &err));
    assert_true(graph_has(g, "import \"a:b/n@0.1.0\" <- instance #0 export \"a:b/n@0.1.5\""));
    assert_true(comp_compose_instantiate(g, relay, &r2, &err));
    assert_true(comp_compose_name_instance(g, r2, "second", &err));
    assert_false(comp_compose_autowire(g, r2, NULL, 0, &err));
    assert_non_null(strstr(err.message, "is ambiguous: both src and first (relay) export it"));
    comp_compose_provider bad = {"a:b/n@0.2.0", s}, p = {"a:b/n", r1};
    /* A provider for another version does not apply. */
    assert_false(comp_compose_autowire(g, r2, &bad, 1, &err));
    assert_true(comp_compose_autowire(g, r2, &p, 1, &err));
    assert_true(graph_has(g, "instance #2 second: relay\n"
                             "  import \"a:b/n@0.1.0\" <- instance #1 first export"));
    /* The same component twice in one result. */
    assert_true(comp_compose_export(g, r2, NULL, "a:b/n@0.1.0", &err));
    comp_buf out = {0};
    assert_true(comp_compose_encode(g, &out, &err));
    comp_buf_free(&out);
    comp_compose_free(g);
    comp_buf_free(&k1);
    comp_buf_free(&k2);
}

/* A component imported by type: its instance comes from the import. */
static void import_by_type(void **state)
{
    (void)state;
    comp_compose *g = comp_compose_new(COMP_FEATURES_DEFAULT);
    comp_buf k1 = {0}, k2 = {0}, kt = {0};
    uint32_t src = add_num(g, &k1, "src", false, "0.1.0");
    uint32_t relay = add_num(g, &k2, "relay", true, "0.1.0");
    const char *tt = "(component (type (component"
                     "  (export \"a:b/n@0.1.0\" (instance (export \"f\" (func (result u32))))))))";
    comp_error err = {0};
    assert_true(comp_wat_to_binary(tt, strlen(tt), &kt, &err));
    comp_arena arena;
    comp_arena_init(&arena);
    comp_component *holder;
    assert_true(comp_component_decode(kt.data, kt.len, &arena, &holder, &err));
    assert_true(comp_compose_import_component(g, src, "dep", &holder->types[0], &err));
    assert_false(comp_compose_import_component(g, relay, "dep", &holder->types[0], &err));
    assert_non_null(strstr(err.message, "both imported as `dep`"));
    uint32_t s, r;
    assert_true(comp_compose_instantiate(g, src, &s, &err));
    assert_true(comp_compose_instantiate(g, relay, &r, &err));
    assert_true(comp_compose_connect(g, s, NULL, r, "a:b/n@0.1.0", &err));
    assert_true(comp_compose_export(g, r, "a:b/n@0.1.0", NULL, &err));
    assert_true(graph_has(g, "instance #0: src (imported as \"dep\")"));
    comp_buf out = {0};
    assert_true(comp_compose_encode(g, &out, &err));
    comp_component *result;
    assert_true(comp_component_decode(out.data, out.len, &arena, &result, &err));
    assert_int_equal(result->import_count, 1);
    assert_int_equal(result->imports[0].type.kind, COMP_SORT_COMPONENT);
    assert_int_equal(result->component_count, 1); /* only relay is nested */
    comp_buf_free(&out);
    comp_arena_free(&arena);
    comp_compose_free(g);
    comp_buf_free(&k1);
    comp_buf_free(&k2);
    comp_buf_free(&kt);
}

/* Two components importing one interface at 0.2.1 and 0.2.3. */
static bool compose_two_importers(const char *a_decls, const char *b_decls, comp_buf *out,
                                  comp_error *err)
{
    char text[2][512];
    snprintf(text[0], sizeof text[0], "(component (import \"a:b/c@0.2.1\" (instance %s)))",
             a_decls);
    snprintf(text[1], sizeof text[1], "(component (import \"a:b/c@0.2.3\" (instance %s)))",
             b_decls);
    comp_compose *g = comp_compose_new(COMP_FEATURES_DEFAULT);
    comp_buf keep[2] = {{0}, {0}};
    bool ok = true;
    for (int k = 0; k < 2; k++) {
        uint32_t c, i;
        assert_true(comp_wat_to_binary(text[k], strlen(text[k]), &keep[k], err));
        assert_true(comp_compose_add_component(g, k ? "b" : "a", keep[k].data, keep[k].len, &c,
                                               err));
        assert_true(comp_compose_instantiate(g, c, &i, err));
    }
    ok = comp_compose_encode(g, out, err);
    comp_compose_free(g);
    comp_buf_free(&keep[0]);
    comp_buf_free(&keep[1]);
    return ok;
}

static void semver_imports_merged(void **state)
{
    (void)state;
    comp_buf out = {0};
    comp_error err = {0};
    /* b adds g and the resource r that g uses: the union has f, r and g. */
    assert_true(compose_two_importers(
        "(export \"f\" (func (param \"v\" u32)))",
        "(export \"r\" (type (sub resource))) (export \"g\" (func (param \"x\" (own 0))))",
        &out, &err));
    comp_arena arena;
    comp_arena_init(&arena);
    comp_component *c;
    assert_true(comp_component_decode(out.data, out.len, &arena, &c, &err));
    assert_int_equal(c->import_count, 1);
    assert_int_equal(c->imports[0].name.name.len, strlen("a:b/c@0.2.3"));
    assert_memory_equal(c->imports[0].name.name.data, "a:b/c@0.2.3", 11);
    /* The imported instance type is the last type defined before it. */
    const comp_type *t = &c->types[c->type_count - 1];
    assert_int_equal(t->kind, COMP_TYPE_INSTANCE);
    uint32_t exports = 0;
    for (uint32_t d = 0; d < t->u.decls.decl_count; d++)
        exports += t->u.decls.decls[d].kind == COMP_DECL_EXPORT;
    assert_int_equal(exports, 3);
    comp_arena_free(&arena);
    comp_buf_free(&out);
}

static void semver_imports_disagree(void **state)
{
    (void)state;
    comp_buf out = {0};
    comp_error err = {0};
    assert_false(compose_two_importers("(export \"f\" (func (param \"v\" u32)))",
                                       "(export \"f\" (func (param \"v\" u64)))", &out, &err));
    assert_non_null(strstr(err.message, "import `a:b/c@0.2.1` of a cannot share import "
                                        "`a:b/c@0.2.3` of b: export 'f': parameter 'v': "
                                        "expected u32, found u64"));
    assert_int_equal(out.len, 0);
    comp_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_match_semver),
        cmocka_unit_test(chain_and_cycle),
        cmocka_unit_test(wire_type_mismatch),
        cmocka_unit_test(subtype_api),
        cmocka_unit_test(autowire_choices),
        cmocka_unit_test(import_by_type),
        cmocka_unit_test(semver_imports_merged),
        cmocka_unit_test(semver_imports_disagree),
    };
    return unit_run("compose", tests);
}
