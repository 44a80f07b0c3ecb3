/* The text-format lexer: token kinds, values, positions and errors. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "text/lexer.h"

enum { MAX_TOKENS = 64 };

typedef struct lexed {
    comp_arena arena;
    text_token toks[MAX_TOKENS];
    size_t count;       /* tokens before EOF */
    bool ok;
    text_error err;
} lexed;

/* Lexes all of `src` (explicit length: sources may hold NUL bytes). */
static void lex_n(lexed *l, const char *src, size_t len)
{
    memset(l, 0, sizeof *l);
    comp_arena_init(&l->arena);
    text_lexer lx;
    text_lexer_init(&lx, src, len, &l->arena, &l->err);
    for (;;) {
        text_token t;
        if (!text_lex_next(&lx, &t)) {
            l->ok = false;
            return;
        }
        if (t.kind == TOK_EOF) {
            l->ok = true;
            /* EOF is sticky. */
            assert_true(text_lex_next(&lx, &t));
            assert_int_equal(t.kind, TOK_EOF);
            return;
        }
        assert_true(l->count < MAX_TOKENS);
        l->toks[l->count++] = t;
    }
}

static void lex(lexed *l, const char *src)
{
    lex_n(l, src, strlen(src));
}

static void done(lexed *l)
{
    comp_arena_free(&l->arena);
}

static void assert_tok(const text_token *t, text_tok_kind kind, const char *text)
{
    if (t->kind != kind)
        fail_msg("token '%.*s': kind %s, expected %s", (int)t->len, t->text,
                 text_tok_kind_name(t->kind), text_tok_kind_name(kind));
    assert_int_equal(t->len, strlen(text));
    assert_memory_equal(t->text, text, t->len);
}

static void assert_value(const text_token *t, const char *bytes, size_t len)
{
    assert_int_equal(t->value_len, len);
    assert_memory_equal(t->value, bytes, len);
}

/* Lexes a single token and checks its kind. */
static void one(const char *src, text_tok_kind kind)
{
    lexed l;
    lex(&l, src);
    if (!l.ok)
        fail_msg("'%s': %s", src, l.err.message);
    assert_int_equal(l.count, 1);
    assert_tok(&l.toks[0], kind, src);
    done(&l);
}

/* Lexing `src` fails at line:col with a message containing `needle`. */
static void bad_n(const char *src, size_t len, uint32_t line, uint32_t col, const char *needle)
{
    lexed l;
    lex_n(&l, src, len);
    if (l.ok)
        fail_msg("'%s' was accepted", src);
    if (!strstr(l.err.message, needle))
        fail_msg("'%s': message '%s' lacks '%s'", src, l.err.message, needle);
    if (l.err.pos.line != line || l.err.pos.col != col)
        fail_msg("'%s': error at %u:%u, expected %u:%u (%s)", src, l.err.pos.line,
                 l.err.pos.col, line, col, l.err.message);
    done(&l);
}

static void bad(const char *src, uint32_t line, uint32_t col, const char *needle)
{
    bad_n(src, strlen(src), line, col, needle);
}

static void parens_keywords_ids(void **state)
{
    (void)state;
    lexed l;
    lex(&l, "(module $m (func $f(nop)nop) i32.add offset=4 $a$b $\"q u\")");
    assert_true(l.ok);
    assert_int_equal(l.count, 16);
    assert_tok(&l.toks[0], TOK_LPAREN, "(");
    assert_tok(&l.toks[1], TOK_KEYWORD, "module");
    assert_tok(&l.toks[2], TOK_ID, "$m");
    assert_value(&l.toks[2], "m", 1);
    assert_false(l.toks[2].quoted);
    assert_tok(&l.toks[3], TOK_LPAREN, "(");
    assert_tok(&l.toks[4], TOK_KEYWORD, "func");
    assert_tok(&l.toks[5], TOK_ID, "$f");
    assert_tok(&l.toks[6], TOK_LPAREN, "(");
    assert_tok(&l.toks[7], TOK_KEYWORD, "nop");
    assert_tok(&l.toks[8], TOK_RPAREN, ")");
    assert_tok(&l.toks[9], TOK_KEYWORD, "nop");
    assert_tok(&l.toks[10], TOK_RPAREN, ")");
    assert_tok(&l.toks[11], TOK_KEYWORD, "i32.add");
    assert_tok(&l.toks[12], TOK_KEYWORD, "offset=4");
    assert_tok(&l.toks[13], TOK_ID, "$a$b");
    assert_value(&l.toks[13], "a$b", 3);
    assert_tok(&l.toks[14], TOK_ID, "$\"q u\"");
    assert_value(&l.toks[14], "q u", 3);
    assert_true(l.toks[14].quoted);
    assert_tok(&l.toks[15], TOK_RPAREN, ")");
    done(&l);
}

static void quoted_ids(void **state)
{
    (void)state;
    lexed l;
    lex(&l, "$\"\\u{e9}t\\u{e9}\" $\"\\41\"");
    assert_true(l.ok);
    assert_int_equal(l.count, 2);
    assert_int_equal(l.toks[0].kind, TOK_ID);
    assert_value(&l.toks[0], "\xc3\xa9t\xc3\xa9", 5);
    assert_value(&l.toks[1], "A", 1);
    done(&l);
    /* Empty, or not UTF-8: not an identifier (the parser rejects it). */
    one("$\"\"", TOK_RESERVED);
    one("$\"\\ff\"", TOK_RESERVED);
    one("$", TOK_RESERVED);
    /* A quoted id followed by more characters is one reserved token. */
    one("$\"a\"b", TOK_RESERVED);
    one("$\"a\"\"b\"", TOK_RESERVED);
}

static void strings_and_escapes(void **state)
{
    (void)state;
    lexed l;
    lex(&l, "\"\" \"plain\" \"\\n\\t\\r\\\\\\'\\\"\" \"\\00\\ff\\7F\" \"\\u{0}\\u{41}\\u{10_FFFF}\\u{1F600}\" \"h\xc3\xa9\"");
    assert_true(l.ok);
    assert_int_equal(l.count, 6);
    for (size_t i = 0; i < l.count; i++)
        assert_int_equal(l.toks[i].kind, TOK_STRING);
    assert_value(&l.toks[0], "", 0);
    assert_value(&l.toks[1], "plain", 5);
    /* Unescaped strings are not copied. */
    assert_ptr_equal(l.toks[1].value, (const uint8_t *)l.toks[1].text + 1);
    assert_value(&l.toks[2], "\n\t\r\\'\"", 6);
    assert_value(&l.toks[3], "\x00\xff\x7f", 3);
    assert_value(&l.toks[4], "\x00" "A" "\xf4\x8f\xbf\xbf" "\xf0\x9f\x98\x80", 10);
    assert_value(&l.toks[5], "h\xc3\xa9", 3);
    done(&l);
}

static void string_errors(void **state)
{
    (void)state;
    bad("\"abc", 1, 1, "unterminated string");
    bad("(data \"abc\n\")", 1, 7, "unterminated string");
    bad("  \"a\\", 1, 5, "unterminated string");
    bad("\"a\\q\"", 1, 3, "malformed string escape '\\q'");
    bad("\"\\4\"", 1, 2, "two hexadecimal digits");
    bad("\"\\4g\"", 1, 2, "two hexadecimal digits");
    bad("\"\\u41\"", 1, 2, "expected '{'");
    bad("\"\\u{}\"", 1, 2, "hexadecimal digits");
    bad("\"\\u{_41}\"", 1, 2, "hexadecimal digits");
    bad("\"\\u{41_}\"", 1, 2, "hexadecimal digits");
    bad("\"\\u{4__1}\"", 1, 2, "hexadecimal digits");
    bad("\"\\u{41\"", 1, 2, "hexadecimal digits");
    bad("\"\\u{D800}\"", 1, 2, "not a Unicode scalar value");
    bad("\"\\u{DFFF}\"", 1, 2, "not a Unicode scalar value");
    bad("\"\\u{110000}\"", 1, 2, "not a Unicode scalar value");
    bad("\"\\u{ffffffffffffffffffff}\"", 1, 2, "not a Unicode scalar value");
    bad("\"a\tb\"", 1, 3, "control character U+0009");
    bad("\"a\x7f\"", 1, 3, "control character U+007F");
    bad_n("\"a\0\"", 4, 1, 3, "control character U+0000");
    bad("\"\xff\"", 1, 2, "malformed UTF-8");
    bad("\"\xc0\x80\"", 1, 2, "malformed UTF-8");        /* overlong */
    bad("\"\xed\xa0\x80\"", 1, 2, "malformed UTF-8");    /* surrogate */
    bad("\"\xe2\x82\"", 1, 2, "malformed UTF-8");        /* truncated */
    /* The error is reported inside the token run that holds the string. */
    bad("x \"ok\"y\"\\z\"", 1, 9, "malformed string escape");
}

static void numbers(void **state)
{
    (void)state;
    const char *ints[] = {"0", "123", "1_000_000", "+1", "-0", "0x0", "0xFF_ff", "-0x8000_0000", "+0x1"};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
        one(ints[i], TOK_INT);
    const char *floats[] = {
        "1.", "1.5", "-1.5", "1e10", "1E+10", "1.e-3", "1.5e1_0", "1_0.2_5",
        "0x1.", "0x1.8p3", "-0x1P-1", "0x1p+1", "0xA.Bp1_0", "0x1.f",
        "inf", "+inf", "-inf", "nan", "-nan", "+nan", "nan:0x1", "-nan:0x7f_ffff",
    };
    for (size_t i = 0; i < sizeof floats / sizeof *floats; i++)
        one(floats[i], TOK_FLOAT);
    /* Not numbers: reserved unless they start with a..z (keywords). */
    const char *reserved[] = {
        "1_", "1__0", "_1", "0x", "0x_1", "+", "-", "1.e", "1e", "1e+", "1.5_", "1._5",
        "0x1p", "1p3", "0xg", "+0x", "1x", "0$l", "-inf_", "+nan:0x", "-nan:canonical", "0.0.0",
    };
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        one(reserved[i], TOK_RESERVED);
    one("nan:canonical", TOK_KEYWORD);
    one("nan:arithmetic", TOK_KEYWORD);
    one("nan:0x", TOK_KEYWORD);
    one("infinity", TOK_KEYWORD);
    assert_true(text_is_int_syntax("42", 2));
    assert_false(text_is_float_syntax("42", 2));
    assert_false(text_is_int_syntax("", 0));
    assert_false(text_is_float_syntax("", 0));
}

static void reserved_runs(void **state)
{
    (void)state;
    /* Longest match: strings and idchars without space are one token. */
    one("\"a\"x", TOK_RESERVED);
    one("\"a\"0", TOK_RESERVED);
    one("0\"a\"", TOK_RESERVED);
    one("\"a\"\"b\"", TOK_RESERVED);
    one("\"a\"$x", TOK_RESERVED);
    one("$l\"a\"", TOK_RESERVED);
    one("a,b", TOK_RESERVED);
    one("[1]", TOK_RESERVED);
    one("{}", TOK_RESERVED);
    one(";", TOK_RESERVED);
    one("a;b", TOK_RESERVED);
    one("#x", TOK_RESERVED);
    one("A", TOK_RESERVED);
    one("i32.const0", TOK_KEYWORD);
    lexed l;
    /* ";;" ends a run: the rest of the line is a comment. */
    lex(&l, "nop;;bla\n$x;;c");
    assert_true(l.ok);
    assert_int_equal(l.count, 2);
    assert_tok(&l.toks[0], TOK_KEYWORD, "nop");
    assert_tok(&l.toks[1], TOK_ID, "$x");
    done(&l);
    lex(&l, "x(;c;)y");
    assert_true(l.ok);
    assert_int_equal(l.count, 2);
    assert_tok(&l.toks[0], TOK_KEYWORD, "x");
    assert_tok(&l.toks[1], TOK_KEYWORD, "y");
    done(&l);
}

static void comments(void **state)
{
    (void)state;
    lexed l;
    const char src[] = ";;c\n(;a;)(;;)(;;;)(;((( ;)(;a(;b(;c;)b;)a;)(;x;;y\n;)"
                       "(;\";)(; \x01\x1f\x00 ;)(;\xc3\xa9;);;\xc3\xa9\n;;;;\r;;eof";
    lex_n(&l, src, sizeof src - 1);
    if (!l.ok)
        fail_msg("%u:%u: %s", l.err.pos.line, l.err.pos.col, l.err.message);
    assert_int_equal(l.count, 0);
    done(&l);
    bad("(;", 1, 1, "unterminated block comment");
    bad("x\n  (; (; ;)", 2, 3, "unterminated block comment");
    bad("(;a;", 1, 1, "unterminated block comment");
    bad(";;\xff", 1, 3, "malformed UTF-8");
    bad("(;\n\xc3;)", 2, 1, "malformed UTF-8");
}

static void annotations(void **state)
{
    (void)state;
    lexed l;
    lex(&l, "(@custom \"x\" (after code))(@name)(@\"a b\" 1)(@a.b;;c\n)");
    assert_true(l.ok);
    assert_tok(&l.toks[0], TOK_ANNOT, "(@custom");
    assert_value(&l.toks[0], "custom", 6);
    assert_tok(&l.toks[1], TOK_STRING, "\"x\"");
    assert_tok(&l.toks[7], TOK_ANNOT, "(@name");
    assert_tok(&l.toks[8], TOK_RPAREN, ")");
    assert_tok(&l.toks[9], TOK_ANNOT, "(@\"a b\"");
    assert_value(&l.toks[9], "a b", 3);
    assert_true(l.toks[9].quoted);
    assert_tok(&l.toks[12], TOK_ANNOT, "(@a.b");
    done(&l);
    bad("(@ x)", 1, 1, "expected an id");
    bad("(@)", 1, 1, "expected an id");
    bad("(@\"\")", 1, 1, "non-empty");
    bad("(@\"\\ff\")", 1, 1, "non-empty UTF-8");
    bad("(@a\"b\")", 1, 4, "expected space");
}

static void positions(void **state)
{
    (void)state;
    lexed l;
    /* LF, CR and CR LF each end one line; columns count characters. */
    lex(&l, "a\n b\r  c\r\n   d \"\xc3\xa9\xc3\xa9\" e\t(;\n;)f");
    assert_true(l.ok);
    assert_int_equal(l.count, 7);
    const uint32_t want[][3] = {{0, 1, 1}, {3, 2, 2}, {7, 3, 3}, {13, 4, 4},
                                {15, 4, 6}, {22, 4, 11}, {29, 5, 3}};
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(l.toks[i].pos.offset, want[i][0]);
        assert_int_equal(l.toks[i].pos.line, want[i][1]);
        assert_int_equal(l.toks[i].pos.col, want[i][2]);
    }
    done(&l);
    bad("(a)\n  b \x0c", 2, 5, "unexpected character U+000C");
    bad("\xc3\xa9", 1, 1, "only ASCII");
    bad("x \xff", 1, 3, "malformed UTF-8");
}

static void idchar_class(void **state)
{
    (void)state;
    const char *yes = "09azAZ!#$%&'*+-./:<=>?@\\^_`|~";
    for (const char *p = yes; *p; p++)
        assert_true(text_is_idchar((unsigned char)*p));
    const char *no = " \"(),;[]{}\t\n";
    for (const char *p = no; *p; p++)
        assert_false(text_is_idchar((unsigned char)*p));
    assert_false(text_is_idchar(0));
    assert_false(text_is_idchar(0x7f));
    assert_false(text_is_idchar(0xc3));
}

/* Arbitrary bytes never crash the lexer and every error has a position
 * inside the input. */
static void never_crashes(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    const char alphabet[] = "()\";\\$@ \n\r\tu{}0x_aZ.+-\xc3\xa9\xff\x01";
    char src[64];
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)(round % 40);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            src[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        comp_arena a;
        comp_arena_init(&a);
        text_error err;
        text_lexer lx;
        text_lexer_init(&lx, src, len, &a, &err);
        text_token t;
        size_t guard = 0;
        bool ok;
        while ((ok = text_lex_next(&lx, &t)) && t.kind != TOK_EOF) {
            assert_true(t.pos.offset + t.len <= len);
            assert_true(++guard <= len);
        }
        if (!ok) {
            assert_true(err.pos.offset <= len);
            assert_true(err.pos.line >= 1 && err.pos.col >= 1);
            assert_true(err.message[0] != '\0');
        }
        comp_arena_free(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parens_keywords_ids),
        cmocka_unit_test(quoted_ids),
        cmocka_unit_test(strings_and_escapes),
        cmocka_unit_test(string_errors),
        cmocka_unit_test(numbers),
        cmocka_unit_test(reserved_runs),
        cmocka_unit_test(comments),
        cmocka_unit_test(annotations),
        cmocka_unit_test(positions),
        cmocka_unit_test(idchar_class),
        cmocka_unit_test(never_crashes),
    };
    return unit_run("lexer", tests);
}
