/* Component value definitions in the text format: `(value ...)` parses
 * into the bytes of Binary.md's val(t) (encoded here by hand from its
 * rules: `jco parse` does not accept value definitions), prints back, and
 * print-then-parse gives the same binary. */
#include "unit.h"

#include <string.h>

#include "comp/component.h"
#include "comp/wat.h"
#include "comp/wat_print.h"

typedef struct want_value {
    uint8_t prim;   /* or 0 for a type index */
    uint32_t index; /* the type index when prim is 0 */
    const char *bytes;
    uint32_t len;
} want_value;

#define V(prim, index, lit) {prim, index, lit, sizeof lit - 1}

static void check_values(const char *text, const want_value *want, uint32_t count)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_component *c;
    comp_error err = {0};
    if (!comp_wat_parse_component(text, strlen(text), &a, &c, &err))
        fail_msg("%u:%u: %s", err.line, err.col, err.message);
    assert_int_equal(c->value_count, count);
    for (uint32_t i = 0; i < count; i++) {
        assert_int_equal(c->values[i].type.prim, want[i].prim);
        if (!want[i].prim)
            assert_int_equal(c->values[i].type.index, want[i].index);
        assert_int_equal(c->values[i].len, want[i].len);
        assert_memory_equal(c->values[i].bytes, want[i].bytes, want[i].len);
    }
    comp_arena_free(&a);
}

static void check_error(const char *text, const char *msg)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_component *c;
    comp_error err = {0};
    assert_false(comp_wat_parse_component(text, strlen(text), &a, &c, &err));
    if (!strstr(err.message, msg))
        fail_msg("message `%s` lacks `%s`", err.message, msg);
    assert_true(err.line > 0);
    comp_arena_free(&a);
}

/* Text -> binary -> printed text -> binary: both binaries are equal, and
 * the printed text contains `expect` (NULL: not checked). */
static void check_round_trip(const char *text, const char *expect)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    comp_buf bin = {0}, printed = {0}, again = {0};
    if (!comp_wat_to_binary(text, strlen(text), &bin, &err))
        fail_msg("%u:%u: %s", err.line, err.col, err.message);
    comp_component *c;
    assert_true(comp_component_decode(bin.data, bin.len, &a, &c, &err));
    if (!comp_component_print_wat(c, &printed, &err))
        fail_msg("print: %s", err.message);
    comp_buf_byte(&printed, 0);
    if (expect && !strstr((const char *)printed.data, expect))
        fail_msg("printed text lacks `%s`:\n%s", expect, (const char *)printed.data);
    if (!comp_wat_to_binary((const char *)printed.data, printed.len - 1, &again, &err))
        fail_msg("reparse %u:%u: %s\n%s", err.line, err.col, err.message, (const char *)printed.data);
    assert_int_equal(again.len, bin.len);
    assert_memory_equal(again.data, bin.data, bin.len);
    comp_buf_free(&bin);
    comp_buf_free(&printed);
    comp_buf_free(&again);
    comp_arena_free(&a);
}

static void primitive_values(void **state)
{
    (void)state;
    static const want_value want[] = {
        V(COMP_PRIM_BOOL, 0, "\x01"),
        V(COMP_PRIM_BOOL, 0, "\x00"),
        V(COMP_PRIM_U8, 0, "\xc8"),
        V(COMP_PRIM_S8, 0, "\xff"),
        V(COMP_PRIM_S16, 0, "\xb8\x7e"), /* sLEB128(-200) */
        V(COMP_PRIM_U16, 0, "\xff\xff\x03"),
        V(COMP_PRIM_S32, 0, "\x80\x80\x80\x80\x78"), /* -2^31 */
        V(COMP_PRIM_U32, 0, "\xac\x02"),             /* 300 */
        V(COMP_PRIM_S64, 0, "\x08"),
        V(COMP_PRIM_U64, 0, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"),
        V(COMP_PRIM_F32, 0, "\x00\x00\xc0\x7f"), /* the canonical NaN */
        V(COMP_PRIM_F32, 0, "\x9a\x99\x11\x41"), /* 9.1 rounded to f32 */
        V(COMP_PRIM_F64, 0, "\x00\x00\x00\x00\x00\x00\xf0\x3f"),
        V(COMP_PRIM_CHAR, 0, "a"),
        V(COMP_PRIM_CHAR, 0, "\xf0\x9f\x98\x80"),
        V(COMP_PRIM_CHAR, 0, "'"),
        V(COMP_PRIM_STRING, 0, "\x05hello"),
        V(COMP_PRIM_STRING, 0, "\x07" "example"), /* (binary ...) */
    };
    check_values("(component\n"
                 "  (value $a bool true) (value bool false)\n"
                 "  (value u8 200) (value s8 -1) (value s16 -200) (value u16 0xffff)\n"
                 "  (value s32 -0x8000_0000) (value u32 300) (value s64 +8)\n"
                 "  (value u64 18446744073709551615)\n"
                 "  (value f32 nan) (value f32 9.1) (value f64 1)\n"
                 "  (value char 'a') (value char '\\u{1F600}') (value char '\\'')\n"
                 "  (value string \"hello\") (value string (binary \"\\07example\"))\n"
                 ")",
                 want, sizeof want / sizeof want[0]);
}

/* The Explainer's value types: records, variants, lists, tuples, flags,
 * enums, options and results, by type index and inline. */
static void defined_type_values(void **state)
{
    (void)state;
    static const want_value want[] = {
        /* types: 0 flags, 1 enum, 2 record, 3 variant */
        V(0, 0, "\x05"),                     /* (flags "a" "c"): bits 0 and 2 */
        V(0, 0, "\x00"),                     /* (flags) */
        V(0, 1, "\x02"),                     /* (enum "z") */
        V(0, 2, "\x01\x2a"),                 /* (record true 42) */
        V(0, 3, "\x01\x07"),                 /* (variant "n" 7) */
        V(0, 3, "\x00"),                     /* (variant "none") */
        V(0, 5, "\x03\x01\x01\x00\x01\x05"), /* (list (some 1) none (some 5)) */
        V(0, 6, "\x01\x02hi"),               /* (error "hi") */
        V(0, 7, "\x00"),                     /* ok */
        V(0, 9, "\x01\x03\x02" "ab"),        /* (some (tuple 3 "ab")) */
    };
    check_values("(component\n"
                 "  (type (flags \"a\" \"b\" \"c\"))\n"
                 "  (type $e (enum \"x\" \"y\" \"z\"))\n"
                 "  (type (record (field \"a\" bool) (field \"b\" u8)))\n"
                 "  (type $v (variant (case \"none\") (case \"n\" u32)))\n"
                 "  (value 0 (flags \"c\" \"a\"))\n"
                 "  (value (type 0) (flags))\n"
                 "  (value $e (enum \"z\"))\n"
                 "  (value 2 (record true 42))\n"
                 "  (value $v (variant \"n\" 7))\n"
                 "  (value $v (variant \"none\"))\n"
                 "  (value (list (option u8)) (list (some 1) none (some 5)))\n"
                 "  (value (result u8 (error string)) (error \"hi\"))\n"
                 "  (value (result) ok)\n"
                 "  (value (option (tuple u8 string)) (some (tuple 3 \"ab\")))\n"
                 ")",
                 want, sizeof want / sizeof want[0]);
}

static void bad_values(void **state)
{
    (void)state;
    check_error("(component (value u8 256))", "out of range");
    check_error("(component (value s8 -129))", "out of range");
    check_error("(component (value u32 -1))", "out of range");
    check_error("(component (value f32 nan:0x200000))", "canonical NaN");
    check_error("(component (value f64 -nan))", "canonical NaN");
    check_error("(component (value bool 1))", "`true` or `false`");
    check_error("(component (value char 'ab'))", "one Unicode scalar");
    check_error("(component (value char '\\u{d800}'))", "one Unicode scalar");
    check_error("(component (value (enum \"a\") (enum \"b\")))", "unknown label");
    check_error("(component (value (flags \"a\") (flags \"a\" \"a\")))", "twice");
    check_error("(component (value (record (field \"a\" u8)) (record 1 2)))", "number of items");
    check_error("(component (value (option u8) (some)))", "number of items");
    check_error("(component (value (result u8) ok))", "payload");
    check_error("(component (value (variant (case \"a\")) (variant \"a\" 1)))", "no payload");
    check_error("(component (import \"t\" (type $t (sub resource))) (value (own $t) (binary \"\")) "
                "(value $t 1))", "not defined in this component");
    check_error("(component (value u8))", "expected a value after");
    check_error("(component (value u8 1 2))", "");
}

static void values_round_trip(void **state)
{
    (void)state;
    check_round_trip("(component\n"
                     "  (value $a bool true) (value u8 200) (value s8 -1) (value s16 -200)\n"
                     "  (value s64 -9223372036854775808) (value u64 18446744073709551615)\n"
                     "  (value f32 nan) (value f32 9.1) (value f64 -0.5)\n"
                     "  (value char 'a') (value char '\\u{1F600}')\n"
                     "  (value $s string \"h\\\"i\\n\")\n"
                     "  (value u32 (binary \"\\80\\00\"))\n" /* non-minimal: stays binary */
                     "  (type $abc (flags \"a\" \"b\" \"c\"))\n"
                     "  (value $r $abc (flags \"a\" \"c\"))\n"
                     "  (value (list (result (option u8))) (list error (ok (some 1)) (ok none)))\n"
                     "  (export \"r\" (value $r))\n"
                     ")",
                     "(value $a (;0;) bool true)");
    check_round_trip("(component (value $s string \"hi\"))", "(value $s (;0;) string \"hi\")");
    check_round_trip("(component (value char '\\u{20}'))", "(value (;0;) char '\\u{20}')");
    check_round_trip("(component (value u32 (binary \"\\80\\00\")))",
                     "(value (;0;) u32 (binary \"\\80\\00\"))");
    check_round_trip("(component (type $t (enum \"a\" \"b\")) (value $t (enum \"b\")))",
                     "(value (;0;) $t (binary \"\\01\"))");
}

/* A start definition passes values and binds its results. */
static void start_with_values(void **state)
{
    (void)state;
    check_round_trip("(component\n"
                     "  (import \"f\" (func $f (param \"x\" string) (result string)))\n"
                     "  (value $name string \"world\")\n"
                     "  (start $f (value $name) (result (value $greeting)))\n"
                     "  (export \"greeting\" (value $greeting))\n"
                     ")",
                     "(start $f (value $name) (result (value $greeting (;1;))))");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(primitive_values),
        cmocka_unit_test(defined_type_values),
        cmocka_unit_test(bad_values),
        cmocka_unit_test(values_round_trip),
        cmocka_unit_test(start_with_values),
    };
    return unit_run("wat_values", tests);
}
