/* The s-expression reader: tokens -> tree, without recursion. */
#include "text/sexpr.h"

#include <stdio.h>
#include <string.h>

static bool fail(text_error *err, text_pos pos, const char *message)
{
    if (err) {
        err->pos = pos;
        snprintf(err->message, sizeof err->message, "%s", message);
    }
    return false;
}

static text_sexpr *new_node(comp_arena *arena, text_sexpr_kind kind, const text_token *tok,
                            text_sexpr *parent)
{
    text_sexpr *n = comp_arena_alloc(arena, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->tok = *tok;
    n->parent = parent;
    return n;
}

/* While a list is open its children form a circular chain and `items`
 * points at the newest one (whose `next` is the first): appending is O(1)
 * and the array is built once, when the list closes. */
static void append(text_sexpr *parent, text_sexpr *child)
{
    text_sexpr *tail = (text_sexpr *)parent->items;
    if (tail) {
        child->next = tail->next;
        tail->next = child;
    } else {
        child->next = child;
    }
    parent->items = (text_sexpr **)child;
    parent->count++;
}

static bool close_list(comp_arena *arena, text_sexpr *list)
{
    text_sexpr *tail = (text_sexpr *)list->items;
    list->items = NULL;
    if (list->count == 0)
        return true;
    text_sexpr *child = tail->next;
    tail->next = NULL;
    text_sexpr **items = comp_arena_array(arena, list->count, sizeof *items);
    if (!items)
        return false;
    for (uint32_t i = 0; i < list->count; i++, child = child->next)
        items[i] = child;
    list->items = items;
    return true;
}

bool text_sexpr_read(const char *src, size_t len, comp_arena *arena,
                     const text_sexpr_options *opts, text_sexpr **out, text_error *err)
{
    uint32_t max_depth = opts && opts->max_depth ? opts->max_depth : TEXT_SEXPR_DEFAULT_MAX_DEPTH;
    bool keep_annotations = opts && opts->keep_annotations;
    text_lexer lx;
    text_lexer_init(&lx, src, len, arena, err);

    text_token root_tok = {.kind = TOK_LPAREN, .pos = {0, 1, 1}, .text = src};
    text_sexpr *root = new_node(arena, SX_LIST, &root_tok, NULL);
    if (!root)
        return fail(err, root_tok.pos, "out of memory");
    text_sexpr *cur = root;
    uint32_t depth = 0;

    for (;;) {
        text_token tok;
        if (!text_lex_next(&lx, &tok))
            return false;
        if (tok.kind == TOK_EOF) {
            if (cur != root) {
                const char *what = cur->kind == SX_ANNOT
                    ? "unclosed annotation: no matching ')' before end of input"
                    : "unclosed '(': no matching ')' before end of input";
                return fail(err, cur->tok.pos, what);
            }
            root->tok = tok;
            root->end = tok.pos;
            if (!close_list(arena, root))
                return fail(err, tok.pos, "out of memory");
            *out = root;
            return true;
        }
        if (tok.kind == TOK_RPAREN) {
            if (cur == root)
                return fail(err, tok.pos, "unexpected ')': no '(' is open");
            cur->end = tok.pos;
            if (!close_list(arena, cur))
                return fail(err, tok.pos, "out of memory");
            cur = cur->parent;
            depth--;
            continue;
        }
        if (tok.kind == TOK_LPAREN || tok.kind == TOK_ANNOT) {
            if (depth >= max_depth)
                return fail(err, tok.pos, "nesting too deep");
            text_sexpr_kind kind = tok.kind == TOK_LPAREN ? SX_LIST : SX_ANNOT;
            text_sexpr *n = new_node(arena, kind, &tok, cur);
            if (!n)
                return fail(err, tok.pos, "out of memory");
            /* A dropped annotation is still read (and checked) but never
             * linked into its parent. */
            if (kind == SX_LIST || keep_annotations)
                append(cur, n);
            cur = n;
            depth++;
            continue;
        }
        text_sexpr *atom = new_node(arena, SX_ATOM, &tok, cur);
        if (!atom)
            return fail(err, tok.pos, "out of memory");
        append(cur, atom);
    }
}

bool text_sexpr_is(const text_sexpr *e, text_tok_kind kind, const char *text)
{
    if (!e || e->kind != SX_ATOM || e->tok.kind != kind)
        return false;
    if (!text)
        return true;
    size_t n = strlen(text);
    return e->tok.len == n && memcmp(e->tok.text, text, n) == 0;
}

const text_token *text_sexpr_head(const text_sexpr *e)
{
    if (!e || e->kind != SX_LIST || e->count == 0)
        return NULL;
    const text_sexpr *first = e->items[0];
    return first->kind == SX_ATOM && first->tok.kind == TOK_KEYWORD ? &first->tok : NULL;
}

bool text_sexpr_is_form(const text_sexpr *e, const char *keyword)
{
    return e && e->kind == SX_LIST && e->count > 0 &&
           text_sexpr_is(e->items[0], TOK_KEYWORD, keyword);
}
