/* WAVE values: reading calls and values, converting by type, printing. */
#include "unit.h"

#include <string.h>

#include "rt/wave.h"

/* Reads `in` as a value of `t` and prints it back; checks the text. */
static void check_round(const rt_ctype *t, const char *in, const char *want)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    rt_wave_node *n = NULL;
    if (!rt_wave_parse_value(in, strlen(in), &a, &n, &err))
        fail_msg("parse of %s: %s", in, err.message);
    rt_cval v;
    if (!rt_wave_to_cval(n, t, &a, &v, &err))
        fail_msg("convert of %s: %s", in, err.message);
    comp_error check = {0};
    if (!rt_cval_check(&v, t, &check))
        fail_msg("value of %s does not check: %s", in, check.message);
    comp_buf out = {0};
    rt_wave_print(&out, &v, t);
    comp_buf_byte(&out, 0);
    assert_false(out.oom);
    assert_string_equal((const char *)out.data, want);
    comp_buf_free(&out);
    comp_arena_free(&a);
}

/* `in` reads but does not convert to `t`; the message contains `want`. */
static void check_refused(const rt_ctype *t, const char *in, const char *want)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    rt_wave_node *n = NULL;
    rt_cval v;
    bool ok = rt_wave_parse_value(in, strlen(in), &a, &n, &err) &&
              rt_wave_to_cval(n, t, &a, &v, &err);
    if (ok)
        fail_msg("%s was accepted", in);
    if (!strstr(err.message, want))
        fail_msg("%s: message \"%s\" lacks \"%s\"", in, err.message, want);
    comp_arena_free(&a);
}

static void scalars(void **state)
{
    (void)state;
    check_round(rt_ctype_prim(RT_CT_BOOL), "true", "true");
    check_round(rt_ctype_prim(RT_CT_U8), "255", "255");
    check_round(rt_ctype_prim(RT_CT_S8), "-128", "-128");
    check_round(rt_ctype_prim(RT_CT_S64), "-9223372036854775808", "-9223372036854775808");
    check_round(rt_ctype_prim(RT_CT_U64), "18446744073709551615", "18446744073709551615");
    check_round(rt_ctype_prim(RT_CT_F32), "0.1", "0.1");
    check_round(rt_ctype_prim(RT_CT_F64), "1.5e300", "1.5e+300");
    check_round(rt_ctype_prim(RT_CT_F64), "-inf", "-inf");
    check_round(rt_ctype_prim(RT_CT_F32), "nan", "nan");
    check_round(rt_ctype_prim(RT_CT_CHAR), "'\\u{2603}'", "'\xe2\x98\x83'");
    check_round(rt_ctype_prim(RT_CT_CHAR), "'\\''", "'\\''");
    check_round(rt_ctype_prim(RT_CT_STRING), "\"a\\tb\\\"c\\u{1}\"", "\"a\\tb\\\"c\\u{1}\"");
    check_round(rt_ctype_prim(RT_CT_STRING), "  // comment\n \"\"  ", "\"\"");
}

static void scalar_errors(void **state)
{
    (void)state;
    check_refused(rt_ctype_prim(RT_CT_U8), "256", "expected a u8 in 0..255");
    check_refused(rt_ctype_prim(RT_CT_U32), "-1", "expected a u32");
    check_refused(rt_ctype_prim(RT_CT_S64), "9223372036854775808", "expected a s64");
    check_refused(rt_ctype_prim(RT_CT_U64), "99999999999999999999", "expected a u64");
    check_refused(rt_ctype_prim(RT_CT_U32), "1.5", "expected an integer");
    check_refused(rt_ctype_prim(RT_CT_BOOL), "%true", "expected true or false");
    check_refused(rt_ctype_prim(RT_CT_STRING), "\"abc", "closing");
    check_refused(rt_ctype_prim(RT_CT_CHAR), "'ab'", "closing '");
    check_refused(rt_ctype_prim(RT_CT_STRING), "\"\\u{d800}\"", "Unicode scalar value");
    check_refused(rt_ctype_prim(RT_CT_U32), "01", "leading zeros");
    check_refused(rt_ctype_prim(RT_CT_U32), "1 2", "end of the value");
}

static void compound(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    const rt_ctype *u8 = rt_ctype_prim(RT_CT_U8), *str = rt_ctype_prim(RT_CT_STRING);
    const rt_ctype *opt = rt_ctype_option(&a, u8);
    const rt_ctype *rec = rt_ctype_labeled(&a, RT_CT_RECORD, 3,
                                           (const char *const[]){"a", "b-c", "d"},
                                           (const rt_ctype *const[]){u8, str, opt});
    check_round(rec, "{b-c: \"x\", a: 1}", "{a: 1, b-c: \"x\", d: none}");
    check_round(rec, "{a: 1, b-c: \"\", d: 7,}", "{a: 1, b-c: \"\", d: some(7)}");
    check_refused(rec, "{a: 1}", "expected field b-c");
    check_refused(rec, "{a: 1, a: 2, b-c: \"\"}", "each field once");
    check_refused(rec, "{a: 1, e: 2}", "expected a field of the record, got e");

    check_round(rt_ctype_list(&a, u8), "[1, 2, 3]", "[1, 2, 3]");
    check_round(rt_ctype_list(&a, u8), "[]", "[]");
    check_round(rt_ctype_tuple(&a, 2, (const rt_ctype *const[]){u8, str}), "(1, \"a\")",
                "(1, \"a\")");
    check_refused(rt_ctype_tuple(&a, 2, (const rt_ctype *const[]){u8, str}), "(1)",
                  "expected 2 tuple members");
    check_round(opt, "some(3)", "some(3)");
    check_round(opt, "3", "some(3)");
    check_round(rt_ctype_option(&a, opt), "some(none)", "some(none)");

    const rt_ctype *res = rt_ctype_result(&a, str, u8);
    check_round(res, "ok(\"x\")", "ok(\"x\")");
    check_round(res, "\"x\"", "ok(\"x\")");
    check_round(res, "err(4)", "err(4)");
    check_refused(res, "err", "expected err(payload)");
    check_round(rt_ctype_result(&a, NULL, NULL), "ok", "ok");

    const rt_ctype *var = rt_ctype_labeled(&a, RT_CT_VARIANT, 3,
                                           (const char *const[]){"days", "forever", "none"},
                                           (const rt_ctype *const[]){u8, NULL, NULL});
    check_round(var, "days(30)", "days(30)");
    check_round(var, "forever", "forever");
    check_round(var, "%none", "%none");
    check_refused(var, "days", "expected days(payload)");
    check_refused(var, "forever(1)", "without a payload");

    const rt_ctype *en = rt_ctype_labeled(&a, RT_CT_ENUM, 2, (const char *const[]){"north", "south"},
                                          NULL);
    check_round(en, "south", "south");
    check_refused(en, "west", "expected a case of the enum, got west");

    const rt_ctype *fl = rt_ctype_labeled(&a, RT_CT_FLAGS, 3,
                                          (const char *const[]){"read", "write", "exec"}, NULL);
    check_round(fl, "{exec, read}", "{read, exec}");
    check_round(fl, "{}", "{}");
    check_refused(fl, "{read, read}", "each flag once");
    check_refused(fl, "{read: 1}", "expected {flag, ...}");
    comp_arena_free(&a);
}

static void calls(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    rt_wave_call c;
    const char *text = " wasi:cli/run@0.2.0#run ( 1, \"two\" , [3] ) ";
    assert_true(rt_wave_parse_call(text, strlen(text), &a, &c, &err));
    assert_int_equal(c.name.len, strlen("wasi:cli/run@0.2.0#run"));
    assert_memory_equal(c.name.data, "wasi:cli/run@0.2.0#run", c.name.len);
    assert_int_equal(c.arg_count, 3);
    assert_int_equal(c.args[0].kind, RT_WAVE_NUMBER);
    assert_int_equal(c.args[1].kind, RT_WAVE_STRING);
    assert_int_equal(c.args[2].kind, RT_WAVE_LIST);
    assert_true(rt_wave_parse_call("f()", 3, &a, &c, &err));
    assert_int_equal(c.arg_count, 0);

    assert_false(rt_wave_parse_call("f", 1, &a, &c, &err));
    assert_int_equal(err.offset, 1);
    assert_false(rt_wave_parse_call("f(1 2)", 6, &a, &c, &err));
    assert_int_equal(err.offset, 4);
    assert_non_null(strstr(err.message, "expected ',' or ')'"));
    assert_false(rt_wave_parse_call("f(1) x", 6, &a, &c, &err));
    assert_false(rt_wave_parse_call("f({a, b: 1})", 12, &a, &c, &err));

    /* Nesting is bounded: no deep recursion on hostile input. */
    char deep[400];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    rt_wave_node *n;
    assert_false(rt_wave_parse_value(deep, strlen(deep), &a, &n, &err));
    assert_non_null(strstr(err.message, "nest deeper"));
    comp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scalars),
        cmocka_unit_test(scalar_errors),
        cmocka_unit_test(compound),
        cmocka_unit_test(calls),
    };
    return unit_run("wave", tests);
}
