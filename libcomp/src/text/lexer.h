#ifndef COMP_TEXT_LEXER_H
#define COMP_TEXT_LEXER_H

/* Tokens of the WebAssembly text format (core spec "Lexical Format", with
 * the annotations proposal and quoted identifiers `$"..."`); the component
 * model's text format uses the same tokens (private).
 *
 * Tokens are formed by longest match: a run of idchars, strings and the
 * characters , ; [ ] { } is one token, classified afterwards as keyword,
 * id, number, string or (when it fits none) reserved. So `0$x`, `"a"b` and
 * `$l"a"` are single reserved tokens, which the parser rejects. Numbers are
 * checked against the number grammar but kept as raw text; converting them
 * (and range checks) is the parser's job because it depends on the type. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"

/* A place in the source: byte offset, 1-based line and column. Columns
 * count characters (UTF-8 sequences), not bytes. Lines end at LF, CR or
 * CR LF. */
typedef struct text_pos {
    size_t offset;
    uint32_t line, col;
} text_pos;

typedef struct text_error {
    text_pos pos;
    char message[256];
} text_error;

typedef enum text_tok_kind {
    TOK_EOF,
    TOK_LPAREN,
    TOK_RPAREN,
    TOK_ANNOT,      /* "(@id": opens an annotation closed by a ')' */
    TOK_KEYWORD,    /* starts with a..z: module, i32.add, offset=4, nan:canonical */
    TOK_ID,         /* $name or $"name" */
    TOK_STRING,
    TOK_INT,        /* 12, -0x1f, 1_000: sign present iff text[0] is + or - */
    TOK_FLOAT,      /* 1.5, -0x1p-3, inf, -nan, nan:0x7f_ffff */
    TOK_RESERVED,   /* lexically valid but meaningless (parser errors) */
} text_tok_kind;

typedef struct text_token {
    text_tok_kind kind;
    text_pos pos;               /* of the token's first character */
    const char *text;           /* raw source text of the token */
    size_t len;
    /* STRING: the decoded bytes (escapes applied; may be any bytes).
     * ID: the name without '$' (decoded and UTF-8 checked when quoted).
     * ANNOT: the annotation id (likewise). Other kinds: same as text.
     * Points into the source when nothing needed decoding, else into the
     * lexer's arena. */
    const uint8_t *value;
    size_t value_len;
    bool quoted;                /* ID/ANNOT written with a string */
} text_token;

typedef struct text_lexer {
    const char *src;
    size_t len;
    text_pos at;                /* next unread character */
    comp_arena *arena;          /* decoded strings */
    text_error *err;
} text_lexer;

void text_lexer_init(text_lexer *lx, const char *src, size_t len, comp_arena *arena,
                     text_error *err);

/* Skips white space and comments, then reads one token into `out`. At the
 * end of input, gives TOK_EOF (again on every later call). On error returns
 * false with `err` set at the offending place: unterminated strings and
 * block comments (reported where they open), bad escapes, control
 * characters in strings, malformed UTF-8, characters outside any token. */
bool text_lex_next(text_lexer *lx, text_token *out);

/* A short name for a token kind, for messages ("keyword", "string"...). */
const char *text_tok_kind_name(text_tok_kind kind);

/* The idchar class of the text format: printable ASCII except space,
 * quote, comma, semicolon, parentheses, brackets and braces. */
bool text_is_idchar(unsigned char c);
/* The value of hexadecimal digit `c`, or -1 when it is not one. */
int text_hex_digit(int c);

/* The number grammar of the text format, over a whole token text:
 * integers (uN / sN) and floats (fN). Used by the lexer to classify
 * tokens; exposed for the parser and the tests. */
bool text_is_int_syntax(const char *s, size_t len);
bool text_is_float_syntax(const char *s, size_t len);

#endif
