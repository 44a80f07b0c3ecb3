/* Parser plumbing: token access, arena vectors and error messages. */
#include "parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void *vec_push(parser *p, vec *v, size_t elem)
{
    void *slot = comp_vec_push(p->arena, v, elem);
    if (!slot)
        fail_oom(p);
    return slot;
}

const wit_token *peek(const parser *p)
{
    return &p->toks[p->pos];
}

/* The token array ends with TOK_EOF; looking past it stays on it. */
const wit_token *peek_at(const parser *p, size_t ahead)
{
    size_t i = p->pos;
    while (ahead-- && p->toks[i].kind != TOK_EOF)
        i++;
    return &p->toks[i];
}

bool at(const parser *p, wit_tok_kind kind)
{
    return peek(p)->kind == kind;
}

const wit_token *advance(parser *p)
{
    const wit_token *t = peek(p);
    if (t->kind != TOK_EOF)
        p->pos++;
    return t;
}

bool eat(parser *p, wit_tok_kind kind)
{
    if (!at(p, kind))
        return false;
    advance(p);
    return true;
}

bool expect(parser *p, wit_tok_kind kind)
{
    if (eat(p, kind))
        return true;
    return fail_expected(p, wit_tok_describe(kind));
}

uint32_t prev_end(const parser *p)
{
    return p->pos ? p->toks[p->pos - 1].end : 0;
}

wit_span span_from(const parser *p, uint32_t start)
{
    uint32_t end = prev_end(p);
    return (wit_span){start, end > start ? end : start};
}

bool fail_at(parser *p, wit_span span, const char *fmt, ...)
{
    if (!p->err)
        return false;
    va_list ap;
    va_start(ap, fmt);
    char msg[sizeof p->err->message];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return wit_diag_set(p->err, p->path, p->src, p->len, span, "%s", msg);
}

bool fail_expected(parser *p, const char *what)
{
    const wit_token *t = peek(p);
    wit_span s = {t->start, t->end};
    if (t->kind == TOK_ID || t->kind == TOK_EXPLICIT_ID || t->kind == TOK_INTEGER ||
        t->kind == TOK_VERSION) {
        uint32_t n = t->end - t->start;
        const char *kind = is_ident(t->kind) ? "identifier " : "";
        return fail_at(p, s, "expected %s, found %s`%.*s`", what, kind, n > 60 ? 60 : (int)n,
                       p->src + t->start);
    }
    return fail_at(p, s, "expected %s, found %s", what, wit_tok_describe(t->kind));
}

bool fail_oom(parser *p)
{
    const wit_token *t = peek(p);
    return fail_at(p, (wit_span){t->start, t->end}, "out of memory");
}
