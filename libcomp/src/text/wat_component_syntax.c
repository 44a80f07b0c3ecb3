/* Component text parser: errors and small syntax predicates. */
#include "text/wat_component_parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text/literals.h"

bool wc_fail(wc_ctx *cx, const text_sexpr *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vfail(cx->err, at ? at->tok.pos : (text_pos){0, 0, 0}, fmt, ap);
    va_end(ap);
    return false;
}

bool wc_oom(wc_ctx *cx, const text_sexpr *at) { return wc_fail(cx, at, "out of memory"); }

static bool atom_text_is(const text_sexpr *e, text_tok_kind kind, const char *text)
{
    return e && e->kind == SX_ATOM && e->tok.kind == kind && strlen(text) == e->tok.len &&
           memcmp(e->tok.text, text, e->tok.len) == 0;
}

bool wc_is_kw(const text_sexpr *e, const char *kw) { return atom_text_is(e, TOK_KEYWORD, kw); }

bool wc_is_form(const text_sexpr *e, const char *kw)
{
    return e && e->kind == SX_LIST && e->count > 0 && wc_is_kw(e->items[0], kw);
}

bool wc_is_core_form(const text_sexpr *e, const char *kw)
{
    return e && e->kind == SX_LIST && e->count > 1 && wc_is_kw(e->items[0], "core") &&
           wc_is_kw(e->items[1], kw);
}

bool wc_is_id(const text_sexpr *e) { return e && e->kind == SX_ATOM && e->tok.kind == TOK_ID; }

bool wc_is_index(const text_sexpr *e)
{
    return e && e->kind == SX_ATOM && (e->tok.kind == TOK_ID || e->tok.kind == TOK_INT);
}

bool wc_is_string(const text_sexpr *e)
{
    return e && e->kind == SX_ATOM && e->tok.kind == TOK_STRING;
}

/* Well-formed UTF-8 (scalar values only). */
static bool utf8_ok(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 2;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 3;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (len - i < n)
            return false;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n;
    }
    return true;
}

bool wc_name(wc_ctx *cx, const text_sexpr *e, comp_str *out)
{
    if (!wc_is_string(e))
        return wc_fail(cx, e, "expected a string");
    if (e->tok.value_len > UINT32_MAX)
        return wc_fail(cx, e, "string too long");
    if (!utf8_ok(e->tok.value, e->tok.value_len))
        return wc_fail(cx, e, "malformed UTF-8 encoding");
    out->data = (const char *)e->tok.value;
    out->len = (uint32_t)e->tok.value_len;
    return true;
}

bool wc_u32(wc_ctx *cx, const text_sexpr *e, uint32_t *out)
{
    if (!e || e->kind != SX_ATOM || e->tok.kind != TOK_INT)
        return wc_fail(cx, e, "expected an unsigned 32-bit integer");
    if (e->tok.text[0] == '+' || e->tok.text[0] == '-')
        return wc_fail(cx, e, "expected an unsigned 32-bit integer, found a sign");
    return text_int_u32(&e->tok, out, cx->err);
}

const text_sexpr *wc_item_or_self(const text_sexpr *e, uint32_t i)
{
    return i < e->count ? e->items[i] : e;
}

bool wc_expect_end(wc_ctx *cx, const text_sexpr *e, uint32_t n)
{
    if (e->count > n) {
        const text_sexpr *x = e->items[n];
        if (x->kind == SX_ATOM)
            return wc_fail(cx, x, "unexpected token `%.*s`", (int)(x->tok.len > 40 ? 40 : x->tok.len),
                           x->tok.text);
        return wc_fail(cx, x, "unexpected token `(`");
    }
    if (e->count < n)
        return wc_fail(cx, e, "expected more items in this list");
    return true;
}
