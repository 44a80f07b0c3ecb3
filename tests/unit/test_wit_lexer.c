/* The WIT lexer: token kinds, comments and docs, versions, strings, and
 * the errors for text that is not WIT. */
#include "unit.h"

#include <string.h>

#include "lexer.h"

/* Lexes `src` and checks the kinds, ending with TOK_EOF. */
static void expect_kinds(const char *src, const wit_tok_kind *kinds, size_t n)
{
    wit_lexed lx;
    wit_diag d = {0};
    assert_true(wit_lex("t.wit", src, strlen(src), &lx, &d));
    assert_int_equal(lx.count, n + 1);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(lx.toks[i].kind, kinds[i]);
    assert_int_equal(lx.toks[n].kind, TOK_EOF);
    wit_lexed_free(&lx);
}

static void expect_error(const char *src, size_t len, uint32_t line, uint32_t col, const char *msg)
{
    wit_lexed lx;
    wit_diag d = {0};
    assert_false(wit_lex("t.wit", src, len, &lx, &d));
    assert_string_equal(d.message, msg);
    assert_int_equal(d.line, line);
    assert_int_equal(d.col, col);
    assert_null(lx.toks);
}

static void operators_and_keywords(void **state)
{
    (void)state;
    const wit_tok_kind k[] = {
        TOK_EQ, TOK_COMMA, TOK_COLON, TOK_SEMI, TOK_LPAREN, TOK_RPAREN, TOK_LBRACE,
        TOK_RBRACE, TOK_LT, TOK_GT, TOK_STAR, TOK_ARROW, TOK_SLASH, TOK_DOT, TOK_AT,
        TOK_UNDERSCORE, TOK_RESOURCE, TOK_ERROR_CONTEXT, TOK_STRING_KW, TOK_ID,
        TOK_EXPLICIT_ID, TOK_EXPLICIT_ID,
    };
    expect_kinds("= , : ; ( ) { } < > * -> / . @ _ resource error-context string strings %type %foo-bar",
                 k, sizeof k / sizeof k[0]);
}

static void keywords_need_whole_words(void **state)
{
    (void)state;
    const wit_tok_kind k[] = {TOK_ID, TOK_ID, TOK_U8, TOK_ID, TOK_TYPE};
    expect_kinds("u8x type-name u8 XML type", k, 5);
}

static void generics_close_one_by_one(void **state)
{
    (void)state;
    const wit_tok_kind k[] = {
        TOK_LIST, TOK_LT, TOK_LIST, TOK_LT, TOK_U8, TOK_COMMA, TOK_INTEGER, TOK_GT, TOK_GT,
    };
    expect_kinds("list<list<u8, 4>>", k, 9);
}

static void versions_after_at_and_equals(void **state)
{
    (void)state;
    const char *src = "a:b/c@1.2.3-rc.1+build.5.{x} version = 0.2.0;";
    wit_lexed lx;
    wit_diag d = {0};
    assert_true(wit_lex("t.wit", src, strlen(src), &lx, &d));
    const wit_tok_kind k[] = {
        TOK_ID, TOK_COLON, TOK_ID, TOK_SLASH, TOK_ID, TOK_AT, TOK_VERSION, TOK_DOT,
        TOK_LBRACE, TOK_ID, TOK_RBRACE, TOK_ID, TOK_EQ, TOK_VERSION, TOK_SEMI, TOK_EOF,
    };
    assert_int_equal(lx.count, sizeof k / sizeof k[0]);
    for (size_t i = 0; i < lx.count; i++)
        assert_int_equal(lx.toks[i].kind, k[i]);
    const wit_token *v = &lx.toks[6];
    assert_int_equal(v->end - v->start, strlen("1.2.3-rc.1+build.5"));
    assert_memory_equal(src + v->start, "1.2.3-rc.1+build.5", v->end - v->start);
    v = &lx.toks[13];
    assert_memory_equal(src + v->start, "0.2.0", v->end - v->start);
    wit_lexed_free(&lx);
}

static void comments_nest_and_docs_attach(void **state)
{
    (void)state;
    const char *src = "/* a /* nested */ still comment */ x\n"
                      "/// doc one\n"
                      "/** doc two */\n"
                      "// plain\n"
                      "//// not a doc\n"
                      "/**/ y /*** not doc either */ z";
    wit_lexed lx;
    wit_diag d = {0};
    assert_true(wit_lex("t.wit", src, strlen(src), &lx, &d));
    assert_int_equal(lx.count, 4);
    assert_int_equal(lx.toks[0].kind, TOK_ID);
    assert_int_equal(lx.toks[0].doc_count, 0);
    assert_int_equal(lx.toks[1].doc_count, 2);
    assert_int_equal(lx.doc_count, 2);
    wit_span s0 = lx.docs[lx.toks[1].doc_first], s1 = lx.docs[lx.toks[1].doc_first + 1];
    assert_memory_equal(src + s0.start, "/// doc one", s0.end - s0.start);
    assert_int_equal(s0.end - s0.start, strlen("/// doc one"));
    assert_memory_equal(src + s1.start, "/** doc two */", s1.end - s1.start);
    assert_int_equal(lx.toks[2].doc_count, 0);
    wit_lexed_free(&lx);
}

static void spacing_is_recorded(void **state)
{
    (void)state;
    const char *src = "a:b a: b";
    wit_lexed lx;
    wit_diag d = {0};
    assert_true(wit_lex("t.wit", src, strlen(src), &lx, &d));
    assert_false(lx.toks[1].space_before);
    assert_false(lx.toks[2].space_before);
    assert_true(lx.toks[3].space_before);
    assert_false(lx.toks[4].space_before);
    assert_true(lx.toks[5].space_before);
    wit_lexed_free(&lx);
}

static void utf8_in_comments_and_strings(void **state)
{
    (void)state;
    const wit_tok_kind k[] = {TOK_ID, TOK_STRING};
    expect_kinds("// snowman \xe2\x98\x83\n/* \xf0\x9f\x98\x80 */ x \"\xe2\x98\x83\"", k, 2);
}

static void strings_decode(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_str s;
    const char *lit = "\"a\\u{2603}\\41\\t\\\"\"";
    assert_true(wit_decode_string(lit, strlen(lit), &a, &s));
    assert_int_equal(s.len, 7);
    assert_memory_equal(s.data, "a\xe2\x98\x83" "A\t\"", 7);
    const char *bad = "\"\\ff\"";
    assert_false(wit_decode_string(bad, strlen(bad), &a, &s));
    comp_arena_free(&a);
}

static void lexical_errors(void **state)
{
    (void)state;
    expect_error("x /* /* */", 10, 1, 3, "unterminated block comment: expected `*/`");
    expect_error("x\n\xc3\x28", 4, 2, 1, "invalid UTF-8 (byte 0xc3)");
    expect_error("\xe0\x80\xaf", 3, 1, 1, "invalid UTF-8 (byte 0xe0)");
    expect_error("// \xe2\x80\xae", 6, 1, 4, "bidirectional override character U+202E is not allowed in WIT source");
    expect_error("a\x01", 2, 1, 2, "control character U+0001 is not allowed in WIT source");
    expect_error("a # b", 5, 1, 3, "unexpected character `#`");
    expect_error("\xc3\xa9t\xc3\xa9", 5, 1, 1, "unexpected character U+00E9");
    expect_error("a - b", 5, 1, 3, "unexpected character `-` (did you mean `->`?)");
    expect_error("foo_bar", 7, 1, 1, "`_` is not allowed in identifier `foo_bar` (use `-`)");
    expect_error("x _y", 4, 1, 3, "identifier `_y` must start with a letter");
    expect_error("%9a", 3, 1, 1, "identifier `9a` must start with a letter");
    expect_error("get-URLs", 8, 1, 1, "identifier `get-URLs` mixes upper and lower case in one word");
    expect_error("a--b", 4, 1, 1, "identifier `a--b` has an empty word between `-`s");
    expect_error("% x", 3, 1, 1, "expected an identifier after `%`");
    expect_error("\"abc", 4, 1, 1, "unterminated string: expected `\"`");
    expect_error("\"a\\x\"", 5, 1, 3, "invalid escape in string");
    expect_error("\"\\u{110000}\"", 12, 1, 2, "invalid escape in string");
}

static void kebab_case_accepts_acronyms_and_digits(void **state)
{
    (void)state;
    const wit_tok_kind k[] = {TOK_ID, TOK_ID, TOK_ID, TOK_ID, TOK_EXPLICIT_ID};
    expect_kinds("parse-XML-document ipv4-address HTTP2 a-1 %variant", k, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(operators_and_keywords),
        cmocka_unit_test(keywords_need_whole_words),
        cmocka_unit_test(generics_close_one_by_one),
        cmocka_unit_test(versions_after_at_and_equals),
        cmocka_unit_test(comments_nest_and_docs_attach),
        cmocka_unit_test(spacing_is_recorded),
        cmocka_unit_test(utf8_in_comments_and_strings),
        cmocka_unit_test(strings_decode),
        cmocka_unit_test(lexical_errors),
        cmocka_unit_test(kebab_case_accepts_acronyms_and_digits),
    };
    return unit_run("wit_lexer", tests);
}
