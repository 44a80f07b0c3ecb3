/* The core module text parser: bytes identical to wasm-tools' (`jco parse`)
 * for modules using names, abbreviations and implicit types; errors with
 * their messages and positions. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/wat.h"

/* Parses `text`, encodes it and compares with `want`. */
static void check_bytes(const char *text, const uint8_t *want, size_t want_len, bool valid)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    comp_module *m = NULL;
    bool ok = comp_wat_parse_module(text, strlen(text), &a, &m, &err);
    if (!ok)
        print_error("parse: %u:%u: %s\n", err.line, err.col, err.message);
    assert_true(ok);
    assert_true(comp_module_validate(m, COMP_FEATURES_WASM2, &err) == valid);
    comp_buf out = {0};
    assert_true(comp_module_encode(m, &out, &err));
    assert_int_equal(out.len, want_len);
    assert_memory_equal(out.data, want, want_len);
    comp_buf_free(&out);
    comp_arena_free(&a);
}

/* Parses `text`, expecting failure with `message` in the error at line:col. */
static void check_error(const char *text, const char *message, uint32_t line, uint32_t col)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    comp_module *m = NULL;
    assert_false(comp_wat_parse_module(text, strlen(text), &a, &m, &err));
    if (!strstr(err.message, message))
        print_error("got \"%s\", want \"%s\"\n", err.message, message);
    assert_non_null(strstr(err.message, message));
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    comp_arena_free(&a);
}

/* Every index space named, inline export, labels and locals: the name
 * section has all the subsections wasm-tools writes. */
static const char named_module[] =
    "(module $m\n"
    "  (type $t (func (param i32) (result i32)))\n"
    "  (import \"a\" \"b\" (func $imp (param i32)))\n"
    "  (memory $mem 1)\n"
    "  (table $tab 1 funcref)\n"
    "  (global $g (mut i32) (i32.const 0))\n"
    "  (func $f (export \"f\") (param $x i32) (result i32) (local $y i64)\n"
    "    (block $b (br $b))\n"
    "    (local.get $x))\n"
    "  (elem $e (i32.const 0) $f)\n"
    "  (data $d (i32.const 0) \"hi\")\n"
    "  (func (param i32 i32)))\n";
static const uint8_t named_module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0f, 0x03, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x02, 0x7f, 0x7f,
    0x00, 0x02, 0x07, 0x01, 0x01, 0x61, 0x01, 0x62, 0x00, 0x01, 0x03, 0x03,
    0x02, 0x00, 0x02, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x05, 0x03, 0x01,
    0x00, 0x01, 0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b, 0x07, 0x05,
    0x01, 0x01, 0x66, 0x00, 0x01, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b,
    0x01, 0x01, 0x0a, 0x10, 0x02, 0x0b, 0x01, 0x01, 0x7e, 0x02, 0x40, 0x0c,
    0x00, 0x0b, 0x20, 0x00, 0x0b, 0x02, 0x00, 0x0b, 0x0b, 0x08, 0x01, 0x00,
    0x41, 0x00, 0x0b, 0x02, 0x68, 0x69, 0x00, 0x4f, 0x04, 0x6e, 0x61, 0x6d,
    0x65, 0x00, 0x02, 0x01, 0x6d, 0x01, 0x09, 0x02, 0x00, 0x03, 0x69, 0x6d,
    0x70, 0x01, 0x01, 0x66, 0x02, 0x09, 0x01, 0x01, 0x02, 0x00, 0x01, 0x78,
    0x01, 0x01, 0x79, 0x03, 0x06, 0x01, 0x01, 0x01, 0x00, 0x01, 0x62, 0x04,
    0x04, 0x01, 0x00, 0x01, 0x74, 0x05, 0x06, 0x01, 0x00, 0x03, 0x74, 0x61,
    0x62, 0x06, 0x06, 0x01, 0x00, 0x03, 0x6d, 0x65, 0x6d, 0x07, 0x04, 0x01,
    0x00, 0x01, 0x67, 0x08, 0x04, 0x01, 0x00, 0x01, 0x65, 0x09, 0x04, 0x01,
    0x00, 0x01, 0x64
};

/* Implicit types go after the explicit ones, in the order of use; a use
 * that matches an explicit type (even a later one) takes it. (Not valid:
 * there is no table for call_indirect; only the types matter here.) */
static const char implicit_types[] =
    "(module\n"
    "  (func (param i64))\n"
    "  (type (func (param i32)))\n"
    "  (func (param i32) (result i32) (local.get 0) (block (param i32) (result i32)))\n"
    "  (func (call_indirect (param f32) (f32.const 1) (i32.const 0))))\n";
static const uint8_t implicit_types_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x15, 0x05, 0x60,
    0x01, 0x7f, 0x00, 0x60, 0x01, 0x7e, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x00, 0x00, 0x60, 0x01, 0x7d, 0x00, 0x03, 0x04, 0x03, 0x01, 0x02,
    0x03, 0x0a, 0x19, 0x03, 0x02, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x02,
    0x02, 0x0b, 0x0b, 0x0c, 0x00, 0x43, 0x00, 0x00, 0x80, 0x3f, 0x41, 0x00,
    0x11, 0x04, 0x00, 0x0b
};

static void named(void **state)
{
    (void)state;
    check_bytes(named_module, named_module_wasm, sizeof named_module_wasm, true);
}

static void implicit(void **state)
{
    (void)state;
    check_bytes(implicit_types, implicit_types_wasm, sizeof implicit_types_wasm, false);
}

/* Encodes `text` (one module) into a malloc'd buffer. */
static uint8_t *encode(const char *text, size_t *len)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    comp_module *m = NULL;
    bool ok = comp_wat_parse_module(text, strlen(text), &a, &m, &err);
    if (!ok)
        print_error("parse: %u:%u: %s\n", err.line, err.col, err.message);
    assert_true(ok);
    comp_buf out = {0};
    assert_true(comp_module_encode(m, &out, &err));
    comp_arena_free(&a);
    *len = out.len;
    return out.data;
}

static void same_encoding(const char *x, const char *y)
{
    size_t nx, ny;
    uint8_t *bx = encode(x, &nx), *by = encode(y, &ny);
    assert_int_equal(nx, ny);
    assert_memory_equal(bx, by, nx);
    free(bx);
    free(by);
}

/* Folded, plain and abbreviated forms give the same binary. */
static void abbreviations(void **state)
{
    (void)state;
    same_encoding("(module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 2)) "
                  "(else (i32.const 3)))))",
                  "(module (func (result i32) i32.const 1 if (result i32) i32.const 2 else "
                  "i32.const 3 end))");
    same_encoding("(module (func (i32.add (i32.const 1) (i32.const 2)) drop))",
                  "(func i32.const 1 i32.const 2 i32.add drop)");
    same_encoding("(module (func $f (import \"m\" \"f\") (param i32)) (memory (export \"mem\") 1))",
                  "(module (import \"m\" \"f\" (func $f (param i32))) (memory 1) "
                  "(export \"mem\" (memory 0)))");
    /* Memory operands: natural alignment by default, offset and align. */
    same_encoding("(module (memory 1) (func (drop (i64.load32_u offset=8 align=4 (i32.const 0)))))",
                  "(module (memory 1) (func (drop (i64.load32_u offset=0x8 (i32.const 0)))))");
    same_encoding("(module (memory (data \"ab\" \"c\")))",
                  "(module (memory 1 1) (data (i32.const 0) \"abc\"))");
}

/* Thousands of nested plain blocks are parsed without deep recursion. */
static void deep_plain_blocks(void **state)
{
    (void)state;
    enum { DEPTH = 50000 };
    size_t cap = DEPTH * 10 + 64;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t n = (size_t)snprintf(text, cap, "(module (func ");
    for (int i = 0; i < DEPTH; i++)
        n += (size_t)snprintf(text + n, cap - n, "block ");
    for (int i = 0; i < DEPTH; i++)
        n += (size_t)snprintf(text + n, cap - n, "end ");
    snprintf(text + n, cap - n, "))");
    size_t len;
    uint8_t *bytes = encode(text, &len);
    assert_true(len > 2 * DEPTH);
    free(bytes);
    free(text);
}

static void errors(void **state)
{
    (void)state;
    check_error("(module\n  (func i32.frob))", "unknown operator", 2, 9);
    check_error("(module (func $f) (func $f))", "duplicate func", 1, 25);
    check_error("(module (func block $a end $b))", "mismatching label", 1, 28);
    check_error("(module (func (br $nope)))", "unknown label", 1, 19);
    check_error("(module (func (local.get $x)))", "unknown local $x", 1, 26);
    check_error("(module (type (func)) (func (type 0) (param i32)))", "inline function type", 1, 38);
    check_error("(module (func) (import \"a\" \"b\" (func)))", "import after func", 1, 16);
    check_error("(module (memory 1) (func (drop (i32.load align=3 (i32.const 0)))))", "alignment",
                1, 42);
    check_error("(module (func (drop (i32.const 4294967296))))", "constant out of range", 1, 32);
    check_error("(module (func (i32.const 0) (i32.const 1) i32.add)", "unclosed", 1, 1);
    check_error("(module (func block))", "expected `end`", 1, 20);
    check_error("(module (data \"\\ff\") (export \"\\ff\" (func 0)))", "malformed UTF-8", 1, 30);
}

/* (@custom ...) placed as wasm-tools places it (before first, after an
 * absent import section, after last, then `name`); (@name ...) on the
 * module, a function, a parameter and a label. Bytes from `jco parse`. */
static void annotations(void **state)
{
    (void)state;
    static const uint8_t want[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00, 0x03, 0x01, 0x66, 0x46, 0x01,
        0x05, 0x01, 0x60, 0x01, 0x7f, 0x00, 0x00, 0x03, 0x01, 0x61, 0x41, 0x03, 0x02, 0x01,
        0x00, 0x0a, 0x07, 0x01, 0x05, 0x00, 0x02, 0x40, 0x0b, 0x0b, 0x00, 0x03, 0x01, 0x7a,
        0x5a, 0x00, 0x23, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x00, 0x04, 0x03, 0x6d, 0x6f, 0x64,
        0x01, 0x04, 0x01, 0x00, 0x01, 0x67, 0x02, 0x06, 0x01, 0x00, 0x01, 0x00, 0x01, 0x71,
        0x03, 0x08, 0x01, 0x00, 0x01, 0x00, 0x03, 0x6c, 0x62, 0x6c,
    };
    check_bytes("(module $m (@name \"mod\")\n"
                "  (@custom \"a\" (after import) \"A\")\n"
                "  (@custom \"z\" \"Z\")\n"
                "  (@custom \"f\" (before first) \"F\")\n"
                "  (func (@name \"g\") (param $p (@name \"q\") i32)\n"
                "    block $b (@name \"lbl\") end))",
                want, sizeof want, true);
    check_error("(module (@custom \"x\" (after nowhere) \"\"))", "section name", 1, 29);
    check_error("(module (func (@custom \"x\" \"\")))", "module field", 1, 15);
    check_error("(module (func $f (@name 1)))", "a string", 1, 25);
}

/* memory64 limits and 64-bit memarg offsets; (ref null func|extern). */
static void memory64_and_ref_types(void **state)
{
    (void)state;
    static const uint8_t want[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x01, 0x6f,
        0x00, 0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x05, 0x03, 0x01,
        0x04, 0x01, 0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x42, 0x00, 0x29, 0x03, 0x80, 0x80, 0x80,
        0x80, 0x10, 0x1a, 0x0b,
    };
    check_bytes("(module\n"
                "  (memory i64 1)\n"
                "  (table 1 (ref null func))\n"
                "  (func (param (ref null extern))\n"
                "    i64.const 0\n"
                "    i64.load offset=4294967296\n"
                "    drop))",
                want, sizeof want, false);
    check_error("(module (memory 1) (func (drop (i64.load offset=4294967296 (i32.const 0)))))",
                "offset out of range", 1, 42);
    check_error("(module (func (param (ref func))))", "non-nullable", 1, 22);
}

/* Exception tags: imported, defined and exported, thrown and caught with
 * try_table; the tag names go to the name section (subsection 11). Bytes
 * from `jco parse`. Valid only with the exceptions feature. */
static void tags(void **state)
{
    (void)state;
    static const char text[] =
        "(module (import \"m\" \"t\" (tag $a (param i32))) (tag $b (export \"b\"))"
        " (func (block $h (result i32) (try_table (catch $a $h) (catch_all 1) (throw $b))"
        " (i32.const 0)) drop))";
    static const uint8_t want[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x01, 0x7f,
        0x00, 0x60, 0x00, 0x00, 0x02, 0x08, 0x01, 0x01, 0x6d, 0x01, 0x74, 0x04, 0x00, 0x00,
        0x03, 0x02, 0x01, 0x01, 0x0d, 0x03, 0x01, 0x00, 0x01, 0x07, 0x05, 0x01, 0x01, 0x62,
        0x04, 0x01, 0x0a, 0x15, 0x01, 0x13, 0x00, 0x02, 0x7f, 0x1f, 0x40, 0x02, 0x00, 0x00,
        0x00, 0x02, 0x01, 0x08, 0x01, 0x0b, 0x41, 0x00, 0x0b, 0x1a, 0x0b, 0x00, 0x16, 0x04,
        0x6e, 0x61, 0x6d, 0x65, 0x03, 0x06, 0x01, 0x00, 0x01, 0x00, 0x01, 0x68, 0x0b, 0x07,
        0x02, 0x00, 0x01, 0x61, 0x01, 0x01, 0x62,
    };
    check_bytes(text, want, sizeof want, false);
    comp_arena a;
    comp_arena_init(&a);
    comp_error err = {0};
    comp_module *m = NULL;
    assert_true(comp_wat_parse_module(text, strlen(text), &a, &m, &err));
    if (!comp_module_validate(m, COMP_FEATURES_WASM2 | COMP_FEATURE_EXCEPTIONS, &err))
        fail_msg("%s", err.message);
    comp_arena_free(&a);
    /* The catch label must take the tag's parameters. */
    static const char bad[] = "(module (tag $a (param i32))"
                              " (func (block $h (try_table (catch $a $h)))))";
    comp_arena_init(&a);
    assert_true(comp_wat_parse_module(bad, strlen(bad), &a, &m, &err));
    assert_false(comp_module_validate(m, COMP_FEATURES_WASM2 | COMP_FEATURE_EXCEPTIONS, &err));
    assert_non_null(strstr(err.message, "type mismatch"));
    comp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(named),
        cmocka_unit_test(implicit),
        cmocka_unit_test(abbreviations),
        cmocka_unit_test(deep_plain_blocks),
        cmocka_unit_test(errors),
        cmocka_unit_test(annotations),
        cmocka_unit_test(memory64_and_ref_types),
        cmocka_unit_test(tags),
    };
    return unit_run("wat_module", tests);
}
