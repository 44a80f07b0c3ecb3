/* Component text format: parsing into the model and encoding, checked
 * against the bytes wasm-tools (`jco parse`) writes for the same text. */
#include "unit.h"

#include <string.h>

#include "comp/wat.h"

/* Parses `text`, encodes it and compares with `want`. */
static void check_bytes(const char *text, const uint8_t *want, size_t want_len)
{
    comp_buf out = {0};
    comp_error err = {0};
    bool ok = comp_wat_to_binary(text, strlen(text), &out, &err);
    if (!ok)
        fail_msg("%u:%u: %s", err.line, err.col, err.message);
    assert_int_equal(out.len, want_len);
    assert_memory_equal(out.data, want, want_len);
    comp_buf_free(&out);
}

/* Parsing fails at line:col with a message containing `msg`. */
static void check_error(const char *text, uint32_t line, uint32_t col, const char *msg)
{
    comp_arena a;
    comp_arena_init(&a);
    comp_component *c;
    comp_error err = {0};
    assert_false(comp_wat_parse_component(text, strlen(text), &a, &c, &err));
    if (!strstr(err.message, msg))
        fail_msg("message `%s` lacks `%s`", err.message, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    comp_arena_free(&a);
}

#define PREAMBLE 0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00

static void empty_component(void **state)
{
    (void)state;
    static const uint8_t want[] = {PREAMBLE};
    check_bytes("(component)", want, sizeof want);
}

/* Inline value types become types of their own (no deduplication), and
 * $ids go to the component-name section. */
static void inline_types_and_names(void **state)
{
    (void)state;
    static const uint8_t want[] = {
        PREAMBLE,
        /* types: list u8 ($t), list u8 (inline), func (param "x" 1) (result string) */
        0x07, 0x0c, 0x03, 0x70, 0x7d, 0x70, 0x7d, 0x40, 0x01, 0x01, 0x78, 0x01, 0x00, 0x73,
        /* import "f" (func (type 2)) */
        0x0a, 0x06, 0x01, 0x00, 0x01, 0x66, 0x01, 0x02,
        /* export "g" (func 0) */
        0x0b, 0x07, 0x01, 0x00, 0x01, 0x67, 0x01, 0x00, 0x00,
        /* component-name: component "C"; funcs 0 "f"; types 0 "t" */
        0x00, 0x21, 0x0e, 'c', 'o', 'm', 'p', 'o', 'n', 'e', 'n', 't', '-', 'n', 'a', 'm', 'e',
        0x00, 0x02, 0x01, 'C', 0x01, 0x05, 0x01, 0x01, 0x00, 0x01, 'f', 0x01, 0x05, 0x03,
        0x01, 0x00, 0x01, 't',
    };
    check_bytes("(component $C (type $t (list u8))"
                " (import \"f\" (func $f (param \"x\" (list u8)) (result string)))"
                " (export \"g\" (func $f)))",
                want, sizeof want);
}

/* `(func $i "f")` inserts an export alias right before its user; an
 * identifier of the enclosing component inserts an outer alias. */
static void alias_sugar(void **state)
{
    (void)state;
    static const uint8_t want[] = {
        PREAMBLE,
        /* type 0: instance (export "f" (func (type 0))) with a func type */
        0x07, 0x0e, 0x01, 0x42, 0x02, 0x01, 0x40, 0x00, 0x01, 0x00, 0x04, 0x00, 0x01, 0x66,
        0x01, 0x00,
        /* import "i" (instance (type 0)) */
        0x0a, 0x06, 0x01, 0x00, 0x01, 0x69, 0x05, 0x00,
        /* alias export 0 "f" (func) */
        0x06, 0x06, 0x01, 0x01, 0x00, 0x00, 0x01, 0x66,
        /* export "g" (func 0) */
        0x0b, 0x07, 0x01, 0x00, 0x01, 0x67, 0x01, 0x00, 0x00,
        /* nested component: alias outer 1 0 (type) named "T", import "x" */
        0x04, 0x2f, PREAMBLE, 0x06, 0x05, 0x01, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06, 0x01,
        0x00, 0x01, 0x78, 0x05, 0x00, 0x00, 0x16, 0x0e, 'c', 'o', 'm', 'p', 'o', 'n', 'e',
        'n', 't', '-', 'n', 'a', 'm', 'e', 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 'T',
        /* outer names: types 0 "T", instances 0 "i" */
        0x00, 0x1d, 0x0e, 'c', 'o', 'm', 'p', 'o', 'n', 'e', 'n', 't', '-', 'n', 'a', 'm', 'e',
        0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 'T', 0x01, 0x05, 0x05, 0x01, 0x00, 0x01, 'i',
    };
    check_bytes("(component"
                " (type $T (instance (export \"f\" (func))))"
                " (import \"i\" (instance $i (type $T)))"
                " (export \"g\" (func $i \"f\"))"
                " (component (import \"x\" (instance (type $T)))))",
                want, sizeof want);
}

/* `(@name ...)` names the component, a type and a core module (in the
 * component-name section and in the module's own name section);
 * `(@custom ...)` is a custom section where it is written. */
static void annotations(void **state)
{
    (void)state;
    static const uint8_t want[] = {
        PREAMBLE,
        /* type 0: u8 */
        0x07, 0x02, 0x01, 0x7d,
        /* custom "x" "ab" */
        0x00, 0x04, 0x01, 'x', 'a', 'b',
        /* core module with a name section: module "mm" */
        0x01, 0x14, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x04, 'n',
        'a', 'm', 'e', 0x00, 0x03, 0x02, 'm', 'm',
        /* component-name: component "c c"; core modules 0 "mm"; types 0 "t t" */
        0x00, 0x27, 0x0e, 'c', 'o', 'm', 'p', 'o', 'n', 'e', 'n', 't', '-', 'n', 'a', 'm', 'e',
        0x00, 0x04, 0x03, 'c', ' ', 'c', 0x01, 0x07, 0x00, 0x11, 0x01, 0x00, 0x02, 'm', 'm',
        0x01, 0x07, 0x03, 0x01, 0x00, 0x03, 't', ' ', 't',
    };
    check_bytes("(component $C (@name \"c c\") (type $t (@name \"t t\") u8)"
                " (@custom \"x\" \"ab\") (core module $m (@name \"mm\")))",
                want, sizeof want);
}

/* `(@name ...)` without a $id names the item all the same (bytes from
 * `jco parse`): type 0 "t", func 0 "f", core module 0 "m". */
static void names_without_ids(void **state)
{
    (void)state;
    static const uint8_t want[] = {
        PREAMBLE,
        /* types: u8, func () */
        0x07, 0x06, 0x02, 0x7d, 0x40, 0x00, 0x01, 0x00,
        /* import "g" (func (type 1)) */
        0x0a, 0x06, 0x01, 0x00, 0x01, 0x67, 0x01, 0x01,
        /* core module with its name section: module "m" */
        0x01, 0x13, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00, 0x09, 0x04, 'n',
        'a', 'm', 'e', 0x00, 0x02, 0x01, 'm',
        /* component-name: core modules 0 "m"; funcs 0 "f"; types 0 "t" */
        0x00, 0x25, 0x0e, 'c', 'o', 'm', 'p', 'o', 'n', 'e', 'n', 't', '-', 'n', 'a', 'm', 'e',
        0x01, 0x06, 0x00, 0x11, 0x01, 0x00, 0x01, 'm', 0x01, 0x05, 0x01, 0x01, 0x00, 0x01, 'f',
        0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 't',
    };
    check_bytes("(component (type (@name \"t\") u8) (import \"g\" (func (@name \"f\")))"
                " (core module (@name \"m\")))",
                want, sizeof want);
}

/* `(core type (sub ...))`: subtypes of function types, final or not. */
static void core_subtypes(void **state)
{
    (void)state;
    static const uint8_t want[] = {
        PREAMBLE,
        /* core types: func; sub (0x00 0x50) of 0 func; sub final (0x4f) of 1 func (i32) */
        0x03, 0x12, 0x03, 0x60, 0x00, 0x00, 0x00, 0x50, 0x01, 0x00, 0x60, 0x00, 0x00,
        0x4f, 0x01, 0x01, 0x60, 0x01, 0x7f, 0x00,
        /* component-name: core types 0 "f", 1 "s" */
        0x00, 0x1a, 0x0e, 'c', 'o', 'm', 'p', 'o', 'n', 'e', 'n', 't', '-', 'n', 'a', 'm', 'e',
        0x01, 0x09, 0x00, 0x10, 0x02, 0x00, 0x01, 'f', 0x01, 0x01, 's',
    };
    check_bytes("(component (core type $f (func)) (core type $s (sub $f (func)))"
                " (core type (sub final $s (func (param i32)))))",
                want, sizeof want);
    check_error("(component (core type (rec (sub (func)))))", 1, 23, "not supported");
}

static void errors(void **state)
{
    (void)state;
    check_error("(component\n  (export \"g\" (func $nope)))", 2, 21, "unknown func $nope");
    check_error("(component (type $t u8) (type $t u8))", 1, 31, "duplicate type identifier");
    check_error("(component (canon bogus (core func)))", 1, 19, "unknown canonical function");
    check_error("(component (import \"f\" (func (param \"x\"))))", 1, 30,
                "expected `(param \"name\" valtype)`");
    check_error("(component (type (@custom \"x\") u8))", 1, 18, "(@custom ...) is a module");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_component),
        cmocka_unit_test(inline_types_and_names),
        cmocka_unit_test(alias_sugar),
        cmocka_unit_test(annotations),
        cmocka_unit_test(names_without_ids),
        cmocka_unit_test(core_subtypes),
        cmocka_unit_test(errors),
    };
    return unit_run("wat_component", tests);
}
