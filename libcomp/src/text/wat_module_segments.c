/* Element and data segments, including the inline forms inside tables and
 * memories. The flags follow wasm-tools: an explicit `(table x)` gives the
 * encodings with a table index; a data segment for memory 0 never does. */
#include "text/wat_module_int.h"

#include <string.h>

/* An expression given as one folded instruction `(instr)`. */
static bool single_folded_expr(wat_parser *p, const text_sexpr *item, comp_expr *out)
{
    const text_sexpr *items[1] = {item};
    text_sexpr wrapper = *item;
    wrapper.kind = SX_LIST;
    wrapper.items = (text_sexpr **)items;
    wrapper.count = 1;
    comp_buf b = {0};
    if (!wat_expr(p, &wrapper, 0, &b)) {
        comp_buf_free(&b);
        return false;
    }
    return wat_finish_expr(p, &b, item, out);
}

/* `(offset instr*)`, `(item instr*)` or a single folded instruction. */
static bool wrapped_expr(wat_parser *p, const text_sexpr *e, const char *keyword, comp_expr *out)
{
    if (e->kind != SX_LIST)
        return wat_expected(p, e, keyword[0] == 'o' ? "an offset expression" : "an element expression");
    if (text_sexpr_is_form(e, keyword)) {
        comp_buf b = {0};
        if (!wat_expr(p, e, 1, &b)) {
            comp_buf_free(&b);
            return false;
        }
        return wat_finish_expr(p, &b, e, out);
    }
    return single_folded_expr(p, e, out);
}

/* `i32.const 0`, or `i64.const 0` for a 64-bit memory's offset. */
static bool const_zero(wat_parser *p, const text_sexpr *at, bool is64, comp_expr *out)
{
    uint8_t *code = comp_arena_alloc(p->arena, 3);
    if (!code)
        return wat_oom(p, at);
    code[0] = is64 ? 0x42 : 0x41;
    code[1] = 0x00;
    code[2] = 0x0b;
    *out = (comp_expr){code, 3, at->tok.pos.offset};
    return true;
}

/* The element list items[at..]: `func x*`, bare `x*`, or `reftype expr*`. */
static bool elem_list(wat_parser *p, const text_sexpr *f, uint32_t at, comp_elem *el,
                      bool bare_indices_ok)
{
    const text_sexpr *first = at < f->count ? f->items[at] : NULL;
    bool exprs = false;
    el->type = COMP_FUNCREF;
    if (wat_is_keyword(first, "func")) {
        at++;
    } else if (first && ((first->kind == SX_ATOM && first->tok.kind == TOK_KEYWORD) ||
                         text_sexpr_is_form(first, "ref"))) {
        if (!wat_reftype(p, first, &el->type))
            return false;
        exprs = true;
        at++;
    } else if (!bare_indices_ok && first) {
        return wat_expected(p, first, "`func` or a reference type");
    }
    uint32_t n = f->count - at;
    el->count = n;
    if (exprs) {
        el->flags |= 0x04;
        el->exprs = comp_arena_array(p->arena, n, sizeof *el->exprs);
        if (!el->exprs && n)
            return wat_oom(p, f);
        for (uint32_t i = 0; i < n; i++)
            if (!wrapped_expr(p, f->items[at + i], "item", &el->exprs[i]))
                return false;
        return true;
    }
    el->funcs = comp_arena_array(p->arena, n, sizeof *el->funcs);
    if (!el->funcs && n)
        return wat_oom(p, f);
    for (uint32_t i = 0; i < n; i++)
        if (!wat_index(p, &p->funcs, f->items[at + i], &el->funcs[i]))
            return false;
    return true;
}

bool wat_elem_field(wat_parser *p, const text_sexpr *f)
{
    comp_elem *el = comp_vec_push(p->arena, &p->elem_list, sizeof *el);
    if (!el)
        return wat_oom(p, f);
    el->pos = f->tok.pos.offset;
    uint32_t at = 1;
    if (at < f->count && wat_is_id(f->items[at]))
        at++;
    const text_sexpr *e = at < f->count ? f->items[at] : NULL;
    if (wat_is_keyword(e, "declare"))
        el->flags = 0x03;
    if (el->flags == 0x03)
        return elem_list(p, f, at + 1, el, false);

    bool explicit_table = false;
    if (e && text_sexpr_is_form(e, "table")) {
        if (e->count != 2 || !wat_index(p, &p->tables, e->items[1], &el->table))
            return e->count != 2 ? wat_expected(p, e, "(table <index>)") : false;
        explicit_table = true;
        e = ++at < f->count ? f->items[at] : NULL;
    } else if (wat_is_index(e) && at + 1 < f->count && f->items[at + 1]->kind == SX_LIST) {
        /* The MVP form: a bare table index before the offset. */
        if (!wat_index(p, &p->tables, e, &el->table))
            return false;
        explicit_table = true;
        e = ++at < f->count ? f->items[at] : NULL;
    }
    if (!e || e->kind != SX_LIST || text_sexpr_is_form(e, "ref")) {
        if (explicit_table)
            return wat_expected(p, e ? e : f, "an offset expression");
        el->flags = 0x01; /* passive */
        return elem_list(p, f, at, el, false);
    }
    if (!wrapped_expr(p, e, "offset", &el->offset))
        return false;
    /* Active: flags 0 (or 4 with expressions) when the table is implicit. */
    if (!elem_list(p, f, at + 1, el, true))
        return false;
    if (explicit_table || (el->flags & 0x04 && el->type != COMP_FUNCREF))
        el->flags |= 0x02;
    return true;
}

bool wat_inline_elem(wat_parser *p, const text_sexpr *elem, uint32_t table, comp_valtype type,
                     uint32_t *count)
{
    comp_elem *el = comp_vec_push(p->arena, &p->elem_list, sizeof *el);
    if (!el)
        return wat_oom(p, elem);
    el->pos = elem->tok.pos.offset;
    el->table = table;
    if (!const_zero(p, elem, false, &el->offset))
        return false;
    bool exprs = elem->count > 1 && elem->items[1]->kind == SX_LIST;
    if (exprs) {
        el->flags = 0x04;
        el->type = type;
        el->count = elem->count - 1;
        el->exprs = comp_arena_array(p->arena, el->count, sizeof *el->exprs);
        if (!el->exprs && el->count)
            return wat_oom(p, elem);
        for (uint32_t i = 0; i < el->count; i++)
            if (!wrapped_expr(p, elem->items[1 + i], "item", &el->exprs[i]))
                return false;
    } else if (!elem_list(p, elem, 1, el, true)) {
        return false;
    }
    el->flags |= 0x02; /* wasm-tools names the table of inline segments */
    *count = el->count;
    return true;
}

bool wat_data_strings(wat_parser *p, const text_sexpr *list, uint32_t from, const uint8_t **bytes,
                      uint32_t *len)
{
    uint64_t total = 0;
    for (uint32_t i = from; i < list->count; i++) {
        const text_sexpr *s = list->items[i];
        if (s->kind != SX_ATOM || s->tok.kind != TOK_STRING)
            return wat_expected(p, s, "a data string");
        total += s->tok.value_len;
    }
    if (total > UINT32_MAX)
        return wat_fail(p, list, "data segment too large");
    uint8_t *out = comp_arena_alloc(p->arena, (size_t)total);
    if (!out && total)
        return wat_oom(p, list);
    size_t at = 0;
    for (uint32_t i = from; i < list->count; i++) {
        if (list->items[i]->tok.value_len)
            memcpy(out + at, list->items[i]->tok.value, list->items[i]->tok.value_len);
        at += list->items[i]->tok.value_len;
    }
    *bytes = out;
    *len = (uint32_t)total;
    return true;
}

bool wat_data_field(wat_parser *p, const text_sexpr *f)
{
    comp_data *d = comp_vec_push(p->arena, &p->data_list, sizeof *d);
    if (!d)
        return wat_oom(p, f);
    d->pos = f->tok.pos.offset;
    uint32_t at = 1;
    if (at < f->count && wat_is_id(f->items[at]))
        at++;
    const text_sexpr *e = at < f->count ? f->items[at] : NULL;
    bool explicit_memory = false;
    if (e && text_sexpr_is_form(e, "memory")) {
        if (e->count != 2)
            return wat_expected(p, e, "(memory <index>)");
        if (!wat_index(p, &p->memories, e->items[1], &d->memory))
            return false;
        explicit_memory = true;
    } else if (wat_is_index(e) && at + 1 < f->count && f->items[at + 1]->kind == SX_LIST) {
        if (!wat_index(p, &p->memories, e, &d->memory))
            return false;
        explicit_memory = true;
    }
    if (explicit_memory)
        e = ++at < f->count ? f->items[at] : NULL;
    if (e && e->kind == SX_LIST) {
        if (!wrapped_expr(p, e, "offset", &d->offset))
            return false;
        d->flags = d->memory != 0 ? 0x02 : 0x00;
        at++;
    } else if (explicit_memory) {
        return wat_expected(p, e ? e : f, "an offset expression");
    } else {
        d->flags = 0x01;
    }
    return wat_data_strings(p, f, at, &d->bytes, &d->len);
}

bool wat_inline_data(wat_parser *p, const text_sexpr *data, uint32_t memory, bool is64,
                     uint64_t *bytes)
{
    comp_data *d = comp_vec_push(p->arena, &p->data_list, sizeof *d);
    if (!d)
        return wat_oom(p, data);
    d->pos = data->tok.pos.offset;
    d->memory = memory;
    d->flags = memory != 0 ? 0x02 : 0x00;
    if (!const_zero(p, data, is64, &d->offset) || !wat_data_strings(p, data, 1, &d->bytes, &d->len))
        return false;
    *bytes = d->len;
    return true;
}
