#ifndef COMP_TEXT_SEXPR_H
#define COMP_TEXT_SEXPR_H

/* A generic s-expression tree over text-format tokens (private): atoms,
 * parenthesized lists and annotations `(@id ...)`. Everything lives in one
 * arena. Reading is iterative and the nesting depth is bounded, so code
 * that walks the tree recursively can rely on that bound. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "text/lexer.h"

typedef enum text_sexpr_kind {
    SX_ATOM,
    SX_LIST,
    SX_ANNOT,   /* items are the annotation's contents; tok.value is its id */
} text_sexpr_kind;

typedef struct text_sexpr text_sexpr;
struct text_sexpr {
    text_sexpr_kind kind;
    text_token tok;         /* ATOM: the token; LIST: '('; ANNOT: "(@id" */
    text_pos end;           /* LIST/ANNOT: where its ')' is */
    text_sexpr **items;     /* LIST/ANNOT: the elements in order */
    uint32_t count;
    /* Reader bookkeeping, also handy for walking: */
    text_sexpr *parent;     /* NULL for the root */
    text_sexpr *next;       /* next sibling */
};

enum {
    /* Deep enough for real folded instructions, small enough for recursive
     * consumers on a default stack. */
    TEXT_SEXPR_DEFAULT_MAX_DEPTH = 1000,
};

typedef struct text_sexpr_options {
    uint32_t max_depth;         /* 0: TEXT_SEXPR_DEFAULT_MAX_DEPTH */
    bool keep_annotations;      /* else annotations are checked, then dropped */
} text_sexpr_options;

/* Reads every s-expression in `src`. `*out` is a root SX_LIST (its tok is
 * the TOK_EOF token at the end of input) whose items are the top-level
 * expressions. `opts` may be NULL. On error returns false with `err` set
 * (lexical errors, an unmatched ')', a '(' never closed, too deep). */
bool text_sexpr_read(const char *src, size_t len, comp_arena *arena,
                     const text_sexpr_options *opts, text_sexpr **out, text_error *err);

/* True when `e` is an atom of kind `kind` (and, if `text` is non-NULL, with
 * exactly that source text). */
bool text_sexpr_is(const text_sexpr *e, text_tok_kind kind, const char *text);

/* The keyword at the head of list `e` ("module" in `(module ...)`), or NULL
 * when `e` is not a list starting with a keyword. NUL-terminated copies are
 * not made: compare with text_sexpr_is(e->items[0], TOK_KEYWORD, ...). */
const text_token *text_sexpr_head(const text_sexpr *e);

/* True when `e` is a list whose first item is the keyword `keyword`. */
bool text_sexpr_is_form(const text_sexpr *e, const char *keyword);

#endif
