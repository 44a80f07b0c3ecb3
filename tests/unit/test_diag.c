/* Rendered diagnostics: position, source line and caret (comp/diag.h). */
#include "unit.h"

#include <string.h>

#include "comp/diag.h"
#include "comp/wat.h"

static const char *rendered(comp_buf *b)
{
    comp_buf_byte(b, 0);
    return (const char *)b->data;
}

static void caret_under_column(void **state)
{
    (void)state;
    const char *src = "(module\n  (func (result i32) i32.konst 1))\n";
    comp_error err = {0};
    err.offset = strlen("(module\n  (func (result i32) ");
    strcpy(err.message, "unknown operator");
    comp_buf out = {0};
    comp_diag_render(&out, "m.wat", src, strlen(src), &err);
    assert_string_equal(rendered(&out), "m.wat:2:22: error: unknown operator\n"
                                        " 2 |   (func (result i32) i32.konst 1))\n"
                                        "   |                      ^\n");
    comp_buf_free(&out);
}

static void tabs_and_utf8_align(void **state)
{
    (void)state;
    /* "é" is two bytes, one column; the tab stays a tab in the marker. */
    const char *src = ";; \xc3\xa9\n\t\"\xc3\xa9\" bad  \r\nnext";
    size_t start = strlen(";; \xc3\xa9\n\t\"\xc3\xa9\" ");
    comp_buf out = {0};
    comp_diag_render_span(&out, NULL, src, strlen(src), start, start + 3, 0, 0, "what");
    assert_string_equal(rendered(&out), "<input>:2:6: error: what\n"
                                        " 2 | \t\"\xc3\xa9\" bad  \n"
                                        "   | \t    ^~~\n");
    comp_buf_free(&out);
}

static void offset_past_end_and_no_source(void **state)
{
    (void)state;
    const char *src = "(a\n(b";
    comp_error err = {.offset = 99, .message = "unbalanced parenthesis"};
    comp_buf out = {0};
    comp_diag_render(&out, "x", src, strlen(src), &err);
    assert_string_equal(rendered(&out), "x:2:3: error: unbalanced parenthesis\n"
                                        " 2 | (b\n"
                                        "   |   ^\n");
    comp_buf_free(&out);

    comp_error text = {.offset = 5, .line = 3, .col = 4, .message = "m"};
    comp_buf only = {0};
    comp_diag_render(&only, "y", NULL, 0, &text);
    assert_string_equal(rendered(&only), "y:3:4: error: m\n");
    comp_buf_free(&only);

    comp_error binary = {.offset = 26, .message = "type mismatch"};
    comp_buf bin = {0};
    comp_diag_render(&bin, "z.wasm", NULL, 0, &binary);
    assert_string_equal(rendered(&bin), "z.wasm:26: error: type mismatch\n");
    comp_buf_free(&bin);
}

/* The parser's error offset and line:col agree with the renderer's. */
static void parser_errors_render_at_their_token(void **state)
{
    (void)state;
    const char *src = "(module\n\t(func $f (call $g)))";
    comp_buf bin = {0};
    comp_error err = {0};
    assert_false(comp_wat_to_binary(src, strlen(src), &bin, &err));
    comp_buf_free(&bin);
    uint32_t line, col;
    comp_diag_position(src, strlen(src), err.offset, &line, &col);
    assert_int_equal(line, err.line);
    assert_int_equal(col, err.col);
    comp_buf out = {0};
    comp_diag_render(&out, "f.wat", src, strlen(src), &err);
    const char *text = rendered(&out);
    assert_non_null(strstr(text, "f.wat:2:"));
    assert_non_null(strstr(text, "$g"));
    assert_non_null(strstr(text, "\n 2 | \t(func $f (call $g)))\n   | \t"));
    comp_buf_free(&out);
}

/* The source map sends a validation error back to the instruction. */
static void srcmap_points_at_the_instruction(void **state)
{
    (void)state;
    const char *src = "(module\n  (func (result i32)\n    i32.const 1\n    f32.neg))";
    comp_buf bin = {0};
    comp_wat_srcmap map;
    comp_error err = {0};
    assert_true(comp_wat_to_binary_mapped(src, strlen(src), &bin, &map, &err));
    assert_true(map.count > 0);
    comp_arena a;
    comp_arena_init(&a);
    comp_module *m;
    assert_true(comp_module_decode(bin.data, bin.len, &a, &m, &err));
    assert_false(comp_module_validate(m, COMP_FEATURES_DEFAULT, &err));
    size_t at;
    assert_true(comp_wat_srcmap_find(&map, err.offset, &at));
    assert_int_equal(at, (size_t)(strstr(src, "f32.neg") - src));
    /* The preamble maps to the module form; an empty map finds nothing. */
    assert_true(comp_wat_srcmap_find(&map, 0, &at));
    assert_int_equal(at, 0);
    const comp_wat_srcmap empty = {0};
    assert_false(comp_wat_srcmap_find(&empty, 5, &at));
    comp_arena_free(&a);
    comp_wat_srcmap_free(&map);
    comp_buf_free(&bin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(caret_under_column),
        cmocka_unit_test(tabs_and_utf8_align),
        cmocka_unit_test(offset_past_end_and_no_source),
        cmocka_unit_test(parser_errors_render_at_their_token),
        cmocka_unit_test(srcmap_points_at_the_instruction),
    };
    return unit_run("diag", tests);
}
