/* Helpers of the core module text parser: errors, index
 * spaces with their $names. */
#include "text/wat_module_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "reader.h"

static text_pos pos_of(const text_sexpr *at)
{
    return at ? at->tok.pos : (text_pos){0, 0, 0};
}

bool wat_oom(wat_parser *p, const text_sexpr *at)
{
    return text_fail(p->err, pos_of(at), "out of memory");
}

bool wat_fail(wat_parser *p, const text_sexpr *at, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return text_fail(p->err, pos_of(at), "%s", msg);
}

bool wat_expected(wat_parser *p, const text_sexpr *at, const char *what)
{
    if (!at)
        return text_fail(p->err, (text_pos){0, 0, 0}, "unexpected end: expected %s", what);
    if (at->kind != SX_ATOM) {
        const text_token *head = text_sexpr_head(at);
        if (head)
            return wat_fail(p, at, "unexpected token: expected %s, found `(%.*s`", what,
                            (int)(head->len > 40 ? 40 : head->len), head->text);
        return wat_fail(p, at, "unexpected token: expected %s, found a list", what);
    }
    return wat_fail(p, at, "unexpected token: expected %s, found %s `%.*s`", what,
                    text_tok_kind_name(at->tok.kind), (int)(at->tok.len > 40 ? 40 : at->tok.len),
                    at->tok.text);
}

bool wat_tok_is(const text_token *t, const char *kw)
{
    size_t n = strlen(kw);
    return t->kind == TOK_KEYWORD && t->len == n && memcmp(t->text, kw, n) == 0;
}

bool wat_is_keyword(const text_sexpr *e, const char *kw)
{
    return e && e->kind == SX_ATOM && wat_tok_is(&e->tok, kw);
}

bool wat_is_id(const text_sexpr *e) { return e && e->kind == SX_ATOM && e->tok.kind == TOK_ID; }

comp_str wat_arena_str(wat_parser *p, const uint8_t *s, size_t len)
{
    char *copy = comp_arena_strndup(p->arena, (const char *)s, len);
    return (comp_str){copy, copy ? (uint32_t)len : 0};
}

bool wat_name_string(wat_parser *p, const text_sexpr *e, comp_str *out)
{
    if (!e || e->kind != SX_ATOM || e->tok.kind != TOK_STRING)
        return wat_expected(p, e, "a string");
    if (e->tok.value_len > UINT32_MAX)
        return wat_fail(p, e, "string too long");
    if (!utf8_valid(e->tok.value, e->tok.value_len))
        return wat_fail(p, e, "malformed UTF-8 encoding");
    *out = wat_arena_str(p, e->tok.value, e->tok.value_len);
    if (!out->data)
        return wat_oom(p, e);
    return true;
}

/* ---- index spaces ------------------------------------------------------- */

void wat_space_init(wat_space *s, const char *what)
{
    memset(s, 0, sizeof *s);
    s->what = what;
}

static uint32_t hash_bytes(const uint8_t *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ s[i]) * 16777619u;
    return h;
}

static bool rehash(wat_parser *p, wat_space *s)
{
    uint32_t cap = s->slot_cap ? s->slot_cap * 2 : 16;
    uint32_t *slots = comp_arena_array(p->arena, cap, sizeof *slots);
    if (!slots)
        return false;
    const wat_name *names = s->names.data;
    for (uint32_t i = 0; i < s->names.count; i++) {
        uint32_t h = hash_bytes(names[i].id, names[i].len) & (cap - 1);
        while (slots[h])
            h = (h + 1) & (cap - 1);
        slots[h] = i + 1;
    }
    s->slots = slots;
    s->slot_cap = cap;
    return true;
}

bool wat_space_find(const wat_space *s, const uint8_t *id, size_t len, uint32_t *index)
{
    if (!s->slot_cap)
        return false;
    const wat_name *names = s->names.data;
    for (uint32_t h = hash_bytes(id, len) & (s->slot_cap - 1); s->slots[h];
         h = (h + 1) & (s->slot_cap - 1)) {
        const wat_name *n = &names[s->slots[h] - 1];
        if (n->len == len && memcmp(n->id, id, len) == 0) {
            *index = n->index;
            return true;
        }
    }
    return false;
}

bool wat_space_add(wat_parser *p, wat_space *s, const text_sexpr *id, uint32_t *index)
{
    if (s->count == UINT32_MAX)
        return wat_fail(p, id, "too many %ss", s->what);
    uint32_t at = s->count++;
    if (index)
        *index = at;
    if (!id)
        return true;
    uint32_t existing;
    if (wat_space_find(s, id->tok.value, id->tok.value_len, &existing))
        return wat_fail(p, id, "duplicate %s $%.*s", s->what, (int)id->tok.value_len,
                        (const char *)id->tok.value);
    if ((s->names.count + 1) * 2 > s->slot_cap && !rehash(p, s))
        return wat_oom(p, id);
    wat_name *n = comp_vec_push(p->arena, &s->names, sizeof *n);
    if (!n)
        return wat_oom(p, id);
    *n = (wat_name){id->tok.value, (uint32_t)id->tok.value_len, at};
    uint32_t h = hash_bytes(n->id, n->len) & (s->slot_cap - 1);
    while (s->slots[h])
        h = (h + 1) & (s->slot_cap - 1);
    s->slots[h] = s->names.count;
    return true;
}

bool wat_is_index(const text_sexpr *e)
{
    return e && e->kind == SX_ATOM &&
           (e->tok.kind == TOK_ID || (e->tok.kind == TOK_INT && e->tok.text[0] != '+' &&
                                      e->tok.text[0] != '-'));
}

bool wat_index(wat_parser *p, wat_space *s, const text_sexpr *e, uint32_t *out)
{
    if (!e || e->kind != SX_ATOM)
        return wat_expected(p, e, "an index");
    if (e->tok.kind == TOK_ID) {
        if (!wat_space_find(s, e->tok.value, e->tok.value_len, out))
            return wat_fail(p, e, "unknown %s $%.*s", s->what, (int)e->tok.value_len,
                            (const char *)e->tok.value);
        return true;
    }
    if (e->tok.kind != TOK_INT)
        return wat_expected(p, e, "an index");
    return text_int_u32(&e->tok, out, p->err);
}

bool wat_space_add_named(wat_parser *p, wat_space *s, const text_sexpr *id,
                         const text_sexpr *key, uint32_t *index)
{
    uint32_t at;
    if (!wat_space_add(p, s, id, &at))
        return false;
    if (index)
        *index = at;
    const text_sexpr *name = wat_annot_name(p, key);
    if (!name)
        return true;
    wat_name *n = comp_vec_push(p->arena, &s->renames, sizeof *n);
    if (!n)
        return wat_oom(p, name);
    *n = (wat_name){name->tok.value, (uint32_t)name->tok.value_len, at};
    return true;
}
