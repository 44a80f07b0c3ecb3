#ifndef WIT_PARSER_H
#define WIT_PARSER_H

/* Private state and helpers shared by the parse_*.c files: a recursive
 * descent parser over the token array from the lexer. Every parse function
 * returns false after recording the first error in p->err. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "lexer.h"
#include "wit/ast.h"
#include "wit/diag.h"
#include "wit/parse.h"

typedef struct parser {
    const char *path;
    const char *src;        /* the arena copy the AST points into */
    size_t len;
    comp_arena *arena;
    wit_diag *err;
    const wit_token *toks;
    size_t pos;
    const wit_span *docs;
    unsigned depth;         /* type nesting, bounded by WIT_PARSE_MAX_DEPTH */
} parser;

/* A growable array in the arena (doubling; old storage is left behind, so
 * at most twice the final size is spent). */
typedef comp_vec vec;

/* Appends a zeroed element of `elem` bytes; NULL (error set) when out of
 * memory. */
void *vec_push(parser *p, vec *v, size_t elem);

/* ---- tokens ------------------------------------------------------------- */

const wit_token *peek(const parser *p);
const wit_token *peek_at(const parser *p, size_t ahead);
bool at(const parser *p, wit_tok_kind kind);
const wit_token *advance(parser *p);
/* Consumes the token if it is of `kind`. */
bool eat(parser *p, wit_tok_kind kind);
/* Consumes a token of `kind` or fails with "expected X, found Y". */
bool expect(parser *p, wit_tok_kind kind);
/* End offset of the last consumed token. */
uint32_t prev_end(const parser *p);
wit_span span_from(const parser *p, uint32_t start);

/* ---- errors --------------------------------------------------------------- */

bool fail_at(parser *p, wit_span span, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "expected WHAT, found <the current token>" at the current token. */
bool fail_expected(parser *p, const char *what);
bool fail_oom(parser *p);

/* ---- shared productions (parse_names.c) ------------------------------------ */

bool is_ident(wit_tok_kind kind);
/* An identifier (plain or %explicit); `what` names it in the error. */
bool parse_ident(parser *p, wit_ident *out, const char *what);
/* The version token after '@' or '=' (semver 2.0). */
bool parse_version(parser *p, wit_version *out);
/* `package-decl` after the `package` keyword. */
bool parse_package_name(parser *p, wit_package_name *out);
/* `use-path`. */
bool parse_use_path(parser *p, wit_use_path *out);

/* ---- attributes and docs (parse_attr.c) ------------------------------------ */

wit_docs docs_before(parser *p, const wit_token *t);
/* Appends the docs of token `t` to `docs` (for docs written after gates). */
bool docs_append(parser *p, wit_docs *docs, const wit_token *t);
/* The doc comments and attributes before an item (docs may come before,
 * between and after the attributes). */
bool parse_docs_and_gates(parser *p, wit_docs *docs, wit_gates *gates);
/* Fails if `g` has an @external-id (not allowed on `what`). */
bool reject_external_id(parser *p, const wit_gates *g, const char *what);
/* Fails if `g` is not empty (no attributes allowed on `what`). */
bool reject_gates(parser *p, const wit_gates *g, const char *what);

/* ---- types (parse_type.c) -------------------------------------------------- */

bool parse_type(parser *p, wit_type **out);
bool is_typedef_start(wit_tok_kind kind);
/* `type`/`record`/`variant`/`enum`/`flags`/`resource` items. */
bool parse_typedef(parser *p, wit_typedef **out);

/* ---- functions and resources (parse_func.c) -------------------------------- */

/* `async? func (params) (-> ty)?` */
bool parse_func_type(parser *p, wit_func_type *out);
/* The `{ ... }` body or `;` after `resource name`. */
bool parse_resource_body(parser *p, wit_typedef *def);

/* ---- items (parse_items.c) ------------------------------------------------ */

/* `use path.{names};` (after nothing has been consumed). */
bool parse_use_item(parser *p, wit_use **out);
/* The `{ items }` of an interface. */
bool parse_interface_body(parser *p, wit_interface *iface);
/* `world name { ... }` after gates. */
bool parse_world(parser *p, wit_world **out);

#endif
