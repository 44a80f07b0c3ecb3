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
    assert_non_null(strstr(err.message, "expected primitive `u32` found primitive `u64`"));
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
    assert_non_null(strstr(err.message, "instance export `f`"));
    assert_false(comp_check_extern_subtype(tc, i1, false, S("nope"), i1, S("y"), &err));
    assert_non_null(strstr(err.message, "no export named `nope`"));
    comp_typecheck_free(tc);
    comp_arena_free(&arena);
    comp_buf_free(&k1);
    comp_buf_free(&k2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_match_semver),
        cmocka_unit_test(chain_and_cycle),
        cmocka_unit_test(wire_type_mismatch),
        cmocka_unit_test(subtype_api),
    };
    return unit_run("compose", tests);
}
