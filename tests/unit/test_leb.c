/* LEB128 reading and writing, with padded widths replayed exactly. */
#include "unit.h"

#include <string.h>

#include "reader.h"
#include "writer.h"

static void check_u32(const uint8_t *in, size_t len, uint32_t want)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    rd r;
    rd_init(&r, in, len, &a, &err);
    hint_recorder h;
    hints_begin(&h);
    r.rec = &h;
    uint32_t v;
    assert_true(rd_u32(&r, &v));
    assert_int_equal(v, want);
    assert_true(rd_eof(&r));
    comp_encoding enc;
    assert_true(hints_finish(&h, &r, &enc));

    comp_buf out = {0};
    wr w;
    wr_init(&w, &out, &enc);
    wr_u32(&w, v);
    assert_int_equal(out.len, len);
    assert_memory_equal(out.data, in, len);
    comp_buf_free(&out);
    comp_arena_free(&a);
}

static void u32_minimal_and_padded(void **state)
{
    (void)state;
    check_u32((const uint8_t[]){0x00}, 1, 0);
    check_u32((const uint8_t[]){0xe5, 0x8e, 0x26}, 3, 624485);
    check_u32((const uint8_t[]){0x81, 0x80, 0x80, 0x80, 0x00}, 5, 1);
    check_u32((const uint8_t[]){0x80, 0x00}, 2, 0);
    check_u32((const uint8_t[]){0xff, 0xff, 0xff, 0xff, 0x0f}, 5, 0xffffffffu);
}

static void expect_fail(const uint8_t *in, size_t len, int is_signed, const char *msg)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    rd r;
    rd_init(&r, in, len, &a, &err);
    bool ok;
    if (is_signed) {
        int32_t v;
        ok = rd_s32(&r, &v);
    } else {
        uint32_t v;
        ok = rd_u32(&r, &v);
    }
    assert_false(ok);
    assert_string_equal(err.message, msg);
    comp_arena_free(&a);
}

static void u32_errors(void **state)
{
    (void)state;
    expect_fail((const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 6, 0, "integer representation too long");
    expect_fail((const uint8_t[]){0x81, 0x80, 0x80, 0x80, 0x70}, 5, 0, "integer too large");
    expect_fail((const uint8_t[]){0x80, 0x80}, 2, 0, "unexpected end-of-file");
    expect_fail((const uint8_t[]){0xff, 0xff, 0xff, 0xff, 0x4f}, 5, 1, "integer too large");
    expect_fail((const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x70}, 5, 1, "integer too large");
}

static void s32_and_s64_round_trip(void **state)
{
    (void)state;
    const struct { uint8_t b[10]; size_t n; int64_t v; int bits; } cases[] = {
        {{0x7f}, 1, -1, 32},
        {{0xff, 0x7f}, 2, -1, 32},
        {{0x80, 0x80, 0x80, 0x80, 0x78}, 5, INT32_MIN, 32},
        {{0xff, 0xff, 0xff, 0xff, 0x07}, 5, INT32_MAX, 32},
        {{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}, 10, INT64_MIN, 64},
        {{0xc0, 0xbb, 0x78}, 3, -123456, 64},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        comp_arena a;
        comp_arena_init(&a);
        comp_error err = {0};
        rd r;
        rd_init(&r, cases[i].b, cases[i].n, &a, &err);
        hint_recorder h;
        hints_begin(&h);
        r.rec = &h;
        int64_t v;
        if (cases[i].bits == 32) {
            int32_t v32;
            assert_true(rd_s32(&r, &v32));
            v = v32;
        } else {
            assert_true(rd_s64(&r, &v));
        }
        assert_true(v == cases[i].v);
        comp_encoding enc;
        assert_true(hints_finish(&h, &r, &enc));
        comp_buf out = {0};
        wr w;
        wr_init(&w, &out, &enc);
        wr_s64(&w, v);
        assert_int_equal(out.len, cases[i].n);
        assert_memory_equal(out.data, cases[i].b, cases[i].n);
        comp_buf_free(&out);
        comp_arena_free(&a);
    }
}

static void utf8_validation(void **state)
{
    (void)state;
    assert_true(utf8_valid((const uint8_t *)"hi", 2));
    assert_true(utf8_valid((const uint8_t *)"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9));
    assert_false(utf8_valid((const uint8_t *)"\xff\xfe", 2));
    assert_false(utf8_valid((const uint8_t *)"\xc0\x80", 2));       /* overlong */
    assert_false(utf8_valid((const uint8_t *)"\xed\xa0\x80", 3));   /* surrogate */
    assert_false(utf8_valid((const uint8_t *)"\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
    assert_false(utf8_valid((const uint8_t *)"\xe2\x82", 2));       /* truncated */
}

static void count_bounded_by_input(void **state)
{
    (void)state;
    const uint8_t in[] = {0xbf, 0x84, 0x3d, 0x73};
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    rd r;
    rd_init(&r, in, sizeof in, &a, &err);
    uint32_t n;
    assert_false(rd_count(&r, &n, 1));
    assert_string_equal(err.message, "unexpected end-of-file");
    comp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(u32_minimal_and_padded),
        cmocka_unit_test(u32_errors),
        cmocka_unit_test(s32_and_s64_round_trip),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(count_bounded_by_input),
    };
    return unit_run("leb", tests);
}
