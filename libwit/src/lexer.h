#ifndef WIT_LEXER_H
#define WIT_LEXER_H

/* The WIT lexer (private): the whole file becomes an array of tokens before
 * parsing, so the parser can look ahead freely. Doc comments are kept aside,
 * each token knowing which ones came right before it. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "wit/ast.h"
#include "wit/diag.h"

typedef enum wit_tok_kind {
    TOK_EOF,
    TOK_ID,             /* kebab-case identifier (validated) */
    TOK_EXPLICIT_ID,    /* %identifier (validated) */
    TOK_INTEGER,        /* [0-9]+ */
    TOK_VERSION,        /* a semver-shaped run after '@' or '=' (checked by the parser) */
    TOK_STRING,         /* "..." with escapes checked */
    /* operators */
    TOK_EQ, TOK_COMMA, TOK_COLON, TOK_SEMI, TOK_LPAREN, TOK_RPAREN,
    TOK_LBRACE, TOK_RBRACE, TOK_LT, TOK_GT, TOK_STAR, TOK_ARROW, TOK_SLASH,
    TOK_DOT, TOK_AT, TOK_UNDERSCORE,
    /* keywords */
    TOK_KW_FIRST,
    TOK_AS = TOK_KW_FIRST, TOK_ASYNC, TOK_BOOL, TOK_BORROW, TOK_CHAR,
    TOK_CONSTRUCTOR, TOK_ENUM, TOK_ERROR_CONTEXT, TOK_EXPORT, TOK_F32, TOK_F64,
    TOK_FLAGS, TOK_FROM, TOK_FUNC, TOK_FUTURE, TOK_IMPORT, TOK_INCLUDE,
    TOK_INTERFACE, TOK_LIST, TOK_MAP, TOK_OPTION, TOK_OWN, TOK_PACKAGE,
    TOK_RECORD, TOK_RESOURCE, TOK_RESULT, TOK_S16, TOK_S32, TOK_S64, TOK_S8,
    TOK_STATIC, TOK_STREAM, TOK_STRING_KW, TOK_TUPLE, TOK_TYPE, TOK_U16,
    TOK_U32, TOK_U64, TOK_U8, TOK_USE, TOK_VARIANT, TOK_WITH, TOK_WORLD,
    TOK_KW_END
} wit_tok_kind;

typedef struct wit_token {
    wit_tok_kind kind;
    uint32_t start, end;        /* byte offsets */
    uint32_t doc_first;         /* doc comments just before this token: */
    uint32_t doc_count;         /* docs[doc_first .. doc_first+doc_count) */
    bool space_before;          /* whitespace or a comment right before it */
} wit_token;

typedef struct wit_lexed {
    wit_token *toks;            /* ends with one TOK_EOF */
    size_t count;
    wit_span *docs;
    size_t doc_count;
} wit_lexed;

/* Tokenizes `src` (at most UINT32_MAX - 1 bytes). On error fills `err` and
 * returns false. Arrays are malloc'd; release with wit_lexed_free. */
bool wit_lex(const char *path, const char *src, size_t len, wit_lexed *out, wit_diag *err);
void wit_lexed_free(wit_lexed *l);

/* How a token kind is named in messages: "`;`", "keyword `type`", ... */
const char *wit_tok_describe(wit_tok_kind kind);

/* The keyword spelled by [s, s+len), or TOK_ID if none. */
wit_tok_kind wit_keyword(const char *s, size_t len);

/* Decodes the body of a TOK_STRING token (quotes included in [s, s+len))
 * into a NUL-terminated arena string. Returns false if the decoded bytes
 * are not UTF-8 (escapes were checked by the lexer) or on allocation
 * failure (then *out.data is NULL). */
bool wit_decode_string(const char *s, size_t len, comp_arena *a, comp_str *out);

#endif
