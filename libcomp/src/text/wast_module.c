/* WAST module and component forms: text, `binary` and `quote`, with the
 * `definition` and `instance` modes. Text is parsed and encoded here, so
 * every definition reaches the runner as bytes. */
#include "text/wast_parts.h"

#include <string.h>

#include "comp/buf.h"
#include "comp/component.h"
#include "comp/module.h"
#include "text/wat_component.h"
#include "text/wat_module.h"

/* Parses the fields of `form` from items[first] as a module or component
 * and encodes it; the model lives in a scratch arena, the bytes are
 * copied into `arena`. Parse errors go to m->error, not to the caller. */
static bool encode_fields(const text_sexpr *form, uint32_t first, comp_arena *arena,
                          comp_wast_module *m, comp_error *err)
{
    comp_arena scratch;
    comp_arena_init(&scratch);
    comp_buf bytes = {0};
    bool parsed;
    if (m->component) {
        comp_component *c = NULL;
        parsed = wat_component_from_sexpr(form, first, &scratch, &c, &m->error) &&
                 comp_component_encode(c, &bytes, &m->error);
    } else {
        comp_module *mod = NULL;
        parsed = wat_module_from_sexpr(form, first, &scratch, &mod, &m->error) &&
                 comp_module_encode(mod, &bytes, &m->error);
    }
    bool ok = true;
    if (parsed && bytes.oom) {
        ok = text_fail(err, form->tok.pos, "out of memory encoding the %s",
                       m->component ? "component" : "module");
    } else if (parsed) {
        uint8_t *copy = comp_arena_alloc(arena, bytes.len ? bytes.len : 1);
        if (!copy) {
            ok = text_fail(err, form->tok.pos, "out of memory");
        } else {
            if (bytes.len)
                memcpy(copy, bytes.data, bytes.len);
            m->bytes = copy;
            m->len = bytes.len;
            m->parsed = true;
        }
    }
    comp_buf_free(&bytes);
    comp_arena_free(&scratch);
    return ok;
}

/* The strings from items[first] on, joined by `sep` (0: nothing) into
 * arena memory (NUL-terminated, for quoted text). */
static bool join_strings(const text_sexpr *form, uint32_t first, char sep, comp_arena *arena,
                         uint8_t **out, size_t *len, comp_error *err)
{
    size_t total = 0;
    for (uint32_t k = first; k < form->count; k++) {
        const text_sexpr *s = form->items[k];
        if (!text_sexpr_is(s, TOK_STRING, NULL))
            return text_fail(err, s->tok.pos, "expected a string, found %s",
                             s->kind == SX_ATOM ? text_tok_kind_name(s->tok.kind) : "a list");
        if (s->tok.value_len > SIZE_MAX / 2 - total)
            return text_fail(err, s->tok.pos, "strings too long");
        total += s->tok.value_len + (sep != 0);
    }
    uint8_t *buf = comp_arena_alloc(arena, total + 1);
    if (!buf)
        return text_fail(err, form->tok.pos, "out of memory");
    size_t n = 0;
    for (uint32_t k = first; k < form->count; k++) {
        const text_token *t = &form->items[k]->tok;
        if (t->value_len)
            memcpy(buf + n, t->value, t->value_len);
        n += t->value_len;
        if (sep)
            buf[n++] = (uint8_t)sep;
    }
    *out = buf;
    *len = n;
    return true;
}

/* `quote`: the strings are module text, either one complete
 * `(module ...)` / `(component ...)` or bare fields. */
static bool read_quote(const text_sexpr *form, uint32_t first, comp_arena *arena,
                       comp_wast_module *m, comp_error *err)
{
    comp_arena scratch;
    comp_arena_init(&scratch);
    uint8_t *text;
    size_t len;
    bool ok = join_strings(form, first, ' ', &scratch, &text, &len, err);
    text_sexpr *root;
    text_error terr;
    const text_sexpr_options opts = {.keep_annotations = true};
    if (!ok) {
        /* not strings: a script error, already in err */
    } else if (!text_sexpr_read((const char *)text, len, &scratch, &opts, &root, &terr)) {
        m->error.offset = terr.pos.offset;
        m->error.line = terr.pos.line;
        m->error.col = terr.pos.col;
        memcpy(m->error.message, terr.message, sizeof m->error.message);
        m->error.message[sizeof m->error.message - 1] = '\0';
    } else {
        const char *keyword = m->component ? "component" : "module";
        if (root->count == 1 && text_sexpr_is_form(root->items[0], keyword)) {
            const text_sexpr *whole = root->items[0];
            uint32_t i = 1;
            if (i < whole->count && text_sexpr_is(whole->items[i], TOK_ID, NULL))
                i++;
            ok = encode_fields(whole, i, arena, m, err);
        } else {
            ok = encode_fields(root, 0, arena, m, err);
        }
    }
    comp_arena_free(&scratch);
    return ok;
}

/* (module instance $instance? $definition?) */
static bool read_instance(const text_sexpr *form, uint32_t i, comp_arena *arena,
                          comp_wast_module *m, comp_error *err)
{
    comp_str *slots[2] = {&m->id, &m->definition};
    for (unsigned k = 0; i < form->count; i++, k++) {
        const text_sexpr *e = form->items[i];
        if (k == 2 || !text_sexpr_is(e, TOK_ID, NULL))
            return text_fail(err, e->tok.pos, "expected %s",
                             k == 2 ? "`)` after the instance's $ids"
                                    : "the $id of an instance or a definition");
        if (!wast_copy_str(arena, &e->tok, slots[k]))
            return text_fail(err, e->tok.pos, "out of memory");
    }
    m->parsed = true;
    return true;
}

bool wast_read_module(const text_sexpr *form, comp_arena *arena, comp_wast_module **out,
                      comp_error *err)
{
    comp_wast_module *m = comp_arena_alloc(arena, sizeof *m);
    if (!m)
        return text_fail(err, form->tok.pos, "out of memory");
    m->component = text_sexpr_is_form(form, "component");
    m->pos = wast_pos(form->tok.pos);
    uint32_t i = 1;
    if (i < form->count && text_sexpr_is(form->items[i], TOK_KEYWORD, "instance")) {
        m->mode = COMP_WAST_INSTANCE;
        *out = m;
        return read_instance(form, i + 1, arena, m, err);
    }
    if (i < form->count && text_sexpr_is(form->items[i], TOK_KEYWORD, "definition")) {
        m->mode = COMP_WAST_DEFINITION;
        i++;
    }
    if (i < form->count && text_sexpr_is(form->items[i], TOK_ID, NULL)) {
        if (!wast_copy_str(arena, &form->items[i]->tok, &m->id))
            return text_fail(err, form->tok.pos, "out of memory");
        i++;
    }
    *out = m;
    if (i < form->count && text_sexpr_is(form->items[i], TOK_KEYWORD, "binary")) {
        m->form = COMP_WAST_BINARY;
        uint8_t *bytes;
        if (!join_strings(form, i + 1, 0, arena, &bytes, &m->len, err))
            return false;
        m->bytes = bytes;
        m->parsed = true;
        return true;
    }
    if (i < form->count && text_sexpr_is(form->items[i], TOK_KEYWORD, "quote")) {
        m->form = COMP_WAST_QUOTE;
        return read_quote(form, i + 1, arena, m, err);
    }
    m->form = COMP_WAST_TEXT;
    return encode_fields(form, i, arena, m, err);
}

bool wast_read_inline_module(const text_sexpr *root, comp_arena *arena,
                             comp_wast_module **out, comp_error *err)
{
    comp_wast_module *m = comp_arena_alloc(arena, sizeof *m);
    if (!m)
        return text_fail(err, root->tok.pos, "out of memory");
    m->form = COMP_WAST_TEXT;
    m->pos = wast_pos(root->count ? root->items[0]->tok.pos : root->tok.pos);
    *out = m;
    return encode_fields(root, 0, arena, m, err);
}
