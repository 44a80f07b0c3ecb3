/* `conformance --extract OUTDIR DIR`: writes every well-formed text module
 * and component of the suites as plain WAT (OUTDIR/N.wat) beside the bytes
 * we encode for it (OUTDIR/N.wasm), and lists them in OUTDIR/manifest.txt
 * as "N dir/file.wast:LINE". tests/e2e/wat_oracle.sh compares them with
 * what `jco parse` writes for the same text. */
#include "conformance.h"

#include <stdio.h>
#include <string.h>

#include "text/sexpr.h"

/* The module form whose '(' is at `offset`: a command or a command's
 * operand. */
static const text_sexpr *form_at(const text_sexpr *root, size_t offset)
{
    for (uint32_t i = 0; i < root->count; i++) {
        const text_sexpr *cmd = root->items[i];
        if (cmd->tok.pos.offset == offset)
            return cmd;
        for (uint32_t k = 1; cmd->kind == SX_LIST && k < cmd->count; k++)
            if (cmd->items[k]->tok.pos.offset == offset)
                return cmd->items[k];
    }
    return NULL;
}

/* Plain WAT for a module form: the script's `definition` keyword dropped,
 * quoted strings joined and wrapped as a module or component when they are
 * bare fields. */
static void form_text(const char *src, const text_sexpr *form, bool component, comp_buf *out)
{
    const char *keyword = component ? "(component " : "(module ";
    uint32_t i = 1;
    bool definition = i < form->count && text_sexpr_is(form->items[i], TOK_KEYWORD, "definition");
    if (definition)
        i++;
    const text_sexpr *id = i < form->count && text_sexpr_is(form->items[i], TOK_ID, NULL)
                               ? form->items[i] : NULL;
    if (id)
        i++;
    if (i < form->count && text_sexpr_is(form->items[i], TOK_KEYWORD, "quote")) {
        comp_buf quoted = {0};
        for (uint32_t k = i + 1; k < form->count; k++) {
            comp_buf_append(&quoted, form->items[k]->tok.value, form->items[k]->tok.value_len);
            comp_buf_byte(&quoted, ' ');
        }
        size_t a = 0;
        while (a < quoted.len && (quoted.data[a] == ' ' || quoted.data[a] == '\n' ||
                                  quoted.data[a] == '\t' || quoted.data[a] == '\r'))
            a++;
        bool whole = quoted.len - a >= strlen(keyword) - 1 &&
                     memcmp(quoted.data + a, keyword, strlen(keyword) - 1) == 0;
        if (!whole)
            comp_buf_append(out, keyword, strlen(keyword));
        comp_buf_append(out, quoted.data, quoted.len);
        if (!whole)
            comp_buf_byte(out, ')');
        comp_buf_free(&quoted);
        return;
    }
    comp_buf_append(out, keyword, strlen(keyword));
    if (id) {
        comp_buf_append(out, id->tok.text, id->tok.len);
        comp_buf_byte(out, ' ');
    }
    if (i < form->count) {
        size_t from = form->items[i]->tok.pos.offset;
        comp_buf_append(out, src + from, form->end.offset - from);
    }
    comp_buf_byte(out, ')');
}

static bool write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static bool extract_one(extract_ctx *x, const char *rel, uint32_t line, const comp_buf *text,
                        const comp_wast_module *m)
{
    char path[4096];
    unsigned n = x->count++;
    snprintf(path, sizeof path, "%s/%05u.wat", x->dir, n);
    if (!write_file(path, text->data, text->len))
        return false;
    snprintf(path, sizeof path, "%s/%05u.wasm", x->dir, n);
    if (!write_file(path, m->bytes, m->len))
        return false;
    return fprintf(x->manifest, "%05u %s:%u\n", n, rel, line) > 0;
}

void extract_script(extract_ctx *x, const char *rel, const char *src, size_t len,
                    const comp_wast_script *script)
{
    comp_arena arena;
    comp_arena_init(&arena);
    text_sexpr *root;
    text_error terr;
    if (!text_sexpr_read(src, len, &arena, NULL, &root, &terr)) {
        comp_arena_free(&arena);
        return; /* the WAST reader accepted it, so this cannot happen */
    }
    for (uint32_t i = 0; i < script->count && !x->failed; i++) {
        const comp_wast_command *cmd = &script->commands[i];
        const comp_wast_module *m = cmd->module;
        if (!m || !m->parsed || m->form == COMP_WAST_BINARY || m->mode == COMP_WAST_INSTANCE ||
            cmd->kind == COMP_WAST_ASSERT_MALFORMED)
            continue;
        comp_buf text = {0};
        bool inline_module = script->count == 1 && cmd->kind == COMP_WAST_MODULE &&
                             root->count > 0 && root->items[0]->tok.pos.offset == m->pos.offset &&
                             !text_sexpr_is_form(root->items[0], "module");
        if (inline_module) {
            comp_buf_append(&text, "(module ", 8);
            comp_buf_append(&text, src, len);
            comp_buf_byte(&text, ')');
        } else {
            const text_sexpr *form = form_at(root, m->pos.offset);
            if (!form)
                continue;
            form_text(src, form, m->component, &text);
        }
        if (text.oom || !extract_one(x, rel, cmd->pos.line, &text, m))
            x->failed = true;
        comp_buf_free(&text);
    }
    comp_arena_free(&arena);
}
