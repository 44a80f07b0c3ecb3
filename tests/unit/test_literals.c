/* Number literals of the text format: ranges, signs, underscores, floats
 * (correct rounding, hex floats, inf/nan payloads) and v128 lanes. */
#include "unit.h"

#include <string.h>

#include "text/literals.h"

/* A token for `text`, classified the way the lexer does. */
static text_token tok(const char *text)
{
    text_token t = {0};
    t.text = text;
    t.len = strlen(text);
    t.value = (const uint8_t *)text;
    t.value_len = t.len;
    t.pos = (text_pos){7, 2, 5};
    if (text_is_int_syntax(text, t.len))
        t.kind = TOK_INT;
    else if (text_is_float_syntax(text, t.len))
        t.kind = TOK_FLOAT;
    else
        t.kind = TOK_KEYWORD;
    return t;
}

static void unsigned_ints(void **state)
{
    (void)state;
    comp_error err = {0};
    uint32_t v;
    text_token t = tok("4294967295");
    assert_true(text_int_u32(&t, &v, &err));
    assert_int_equal(v, 0xffffffffu);
    t = tok("0x1_0");
    assert_true(text_int_u32(&t, &v, &err));
    assert_int_equal(v, 16);
    t = tok("4294967296");
    assert_false(text_int_u32(&t, &v, &err));
    assert_non_null(strstr(err.message, "constant out of range"));
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 5);
    assert_int_equal(err.offset, 7);
    t = tok("+1");
    assert_false(text_int_u32(&t, &v, &err));
    uint64_t w;
    t = tok("18446744073709551615");
    assert_true(text_int_u64(&t, &w, &err));
    assert_true(w == UINT64_MAX);
    t = tok("18446744073709551616");
    assert_false(text_int_u64(&t, &w, &err));
}

static void signed_and_either_ints(void **state)
{
    (void)state;
    comp_error err = {0};
    uint32_t v;
    text_token t = tok("-2147483648");
    assert_true(text_int_i32(&t, &v, &err));
    assert_int_equal(v, 0x80000000u);
    t = tok("-1");
    assert_true(text_int_i32(&t, &v, &err));
    assert_int_equal(v, 0xffffffffu);
    t = tok("0xffffffff");
    assert_true(text_int_i32(&t, &v, &err));
    assert_int_equal(v, 0xffffffffu);
    t = tok("-2147483649");
    assert_false(text_int_i32(&t, &v, &err));
    t = tok("0x1_0000_0000");
    assert_false(text_int_i32(&t, &v, &err));
    int32_t s;
    t = tok("2147483648");
    assert_false(text_int_s32(&t, &s, &err));
    t = tok("-0x8000_0000");
    assert_true(text_int_s32(&t, &s, &err));
    assert_int_equal(s, INT32_MIN);
    uint64_t w;
    t = tok("-9223372036854775808");
    assert_true(text_int_i64(&t, &w, &err));
    assert_true(w == 0x8000000000000000ull);
    t = tok("-9223372036854775809");
    assert_false(text_int_i64(&t, &w, &err));
    t = tok("1.5");
    assert_false(text_int_i64(&t, &w, &err));
}

static uint32_t f32_of(const char *s, bool *ok)
{
    comp_error err = {0};
    uint32_t bits = 0;
    text_token t = tok(s);
    *ok = text_float_f32(&t, &bits, &err);
    return bits;
}

static uint64_t f64_of(const char *s, bool *ok)
{
    comp_error err = {0};
    uint64_t bits = 0;
    text_token t = tok(s);
    *ok = text_float_f64(&t, &bits, &err);
    return bits;
}

static void floats(void **state)
{
    (void)state;
    bool ok;
    assert_int_equal(f32_of("1.5", &ok), 0x3fc00000u);
    assert_true(ok);
    assert_int_equal(f32_of("-0x1p-149", &ok), 0x80000001u); /* smallest subnormal */
    assert_int_equal(f32_of("0x1.fffffep127", &ok), 0x7f7fffffu);
    assert_true(ok);
    /* Halfway between the largest float and 2^128 rounds to infinity. */
    f32_of("0x1.ffffffp127", &ok);
    assert_false(ok);
    f32_of("1e39", &ok);
    assert_false(ok);
    /* Rounded once, directly: a double rounding would give 0x3f800001. */
    assert_int_equal(f32_of("1.000000059604644775390625", &ok), 0x3f800000u);
    assert_int_equal(f32_of("1_000.0_1", &ok), f32_of("1000.01", &ok));
    assert_int_equal(f32_of("inf", &ok), 0x7f800000u);
    assert_int_equal(f32_of("-nan", &ok), 0xffc00000u);
    assert_int_equal(f32_of("nan:0x200000", &ok), 0x7fa00000u);
    assert_true(ok);
    f32_of("nan:0x800000", &ok);
    assert_false(ok);
    f32_of("nan:0x0", &ok);
    assert_false(ok);
    assert_int_equal(f32_of("16777217", &ok), 0x4b800000u); /* ties to even */
    assert_true(f64_of("0x1p-1074", &ok) == 1);
    assert_true(f64_of("-0x0.0p0", &ok) == 0x8000000000000000ull);
    assert_true(f64_of("nan:0xf_ffff_ffff_ffff", &ok) == 0x7fffffffffffffffull);
    assert_true(ok);
    f64_of("1e309", &ok);
    assert_false(ok);
    assert_true(f64_of("0.1", &ok) == 0x3fb999999999999aull);
}

static void v128_lanes(void **state)
{
    (void)state;
    comp_error err = {0};
    text_v128_shape shape;
    text_token t = tok("i16x8");
    assert_true(text_v128_shape_of(&t, &shape, &err));
    assert_int_equal(text_v128_lane_count(shape), 8);
    uint8_t bytes[16] = {0};
    t = tok("-1");
    assert_true(text_v128_lane(shape, &t, 1, bytes, &err));
    assert_int_equal(bytes[2], 0xff);
    assert_int_equal(bytes[3], 0xff);
    t = tok("65536");
    assert_false(text_v128_lane(shape, &t, 0, bytes, &err));
    t = tok("f32x4");
    assert_true(text_v128_shape_of(&t, &shape, &err));
    t = tok("1.0");
    assert_true(text_v128_lane(shape, &t, 3, bytes, &err));
    assert_int_equal(bytes[15], 0x3f);
    assert_int_equal(bytes[14], 0x80);
    t = tok("i128x1");
    assert_false(text_v128_shape_of(&t, &shape, &err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unsigned_ints),
        cmocka_unit_test(signed_and_either_ints),
        cmocka_unit_test(floats),
        cmocka_unit_test(v128_lanes),
    };
    return unit_run("literals", tests);
}
