/* WAST scripts: the commands (module definitions, actions, assertions). */
#include "text/wast_parts.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

comp_wast_pos wast_pos(text_pos pos)
{
    comp_wast_pos p = {pos.offset, pos.line, pos.col};
    return p;
}

bool wast_copy_str(comp_arena *arena, const text_token *t, comp_str *out)
{
    if (t->value_len > UINT32_MAX)
        return false;
    char *copy = comp_arena_strndup(arena, (const char *)t->value, t->value_len);
    if (!copy)
        return false;
    out->data = copy;
    out->len = (uint32_t)t->value_len;
    return true;
}

static bool out_of_memory(comp_error *err, const text_sexpr *at)
{
    return text_fail(err, at->tok.pos, "out of memory");
}

/* A short description of an s-expression for "found ..." messages. */
static void describe(const text_sexpr *e, char *buf, size_t size)
{
    if (e->kind == SX_LIST) {
        const text_token *head = text_sexpr_head(e);
        if (head)
            snprintf(buf, size, "`(%.*s ...)`", (int)(head->len > 40 ? 40 : head->len),
                     head->text);
        else
            snprintf(buf, size, "a list");
    } else {
        snprintf(buf, size, "%s `%.*s`", text_tok_kind_name(e->tok.kind),
                 (int)(e->tok.len > 40 ? 40 : e->tok.len), e->tok.text);
    }
}

static bool expected(comp_error *err, const text_sexpr *at, const char *what)
{
    char found[96];
    describe(at, found, sizeof found);
    return text_fail(err, at->tok.pos, "expected %s, found %s", what, found);
}

static bool is_module_form(const text_sexpr *e)
{
    return text_sexpr_is_form(e, "module") || text_sexpr_is_form(e, "component");
}

/* (invoke $id? "name" value*) or (get $id? "name") */
static bool read_action(const text_sexpr *e, comp_arena *arena, comp_wast_action **out,
                        comp_error *err)
{
    comp_wast_action *a = comp_arena_alloc(arena, sizeof *a);
    if (!a)
        return out_of_memory(err, e);
    a->kind = text_sexpr_is_form(e, "invoke") ? COMP_WAST_INVOKE : COMP_WAST_GET;
    a->pos = wast_pos(e->tok.pos);
    uint32_t i = 1;
    if (i < e->count && text_sexpr_is(e->items[i], TOK_ID, NULL)) {
        if (!wast_copy_str(arena, &e->items[i]->tok, &a->module))
            return out_of_memory(err, e);
        i++;
    }
    if (i >= e->count || !text_sexpr_is(e->items[i], TOK_STRING, NULL))
        return i < e->count ? expected(err, e->items[i], "an export name string")
                            : text_fail(err, e->end, "expected an export name string, found `)`");
    if (!wast_copy_str(arena, &e->items[i]->tok, &a->name))
        return out_of_memory(err, e);
    i++;
    if (a->kind == COMP_WAST_GET) {
        if (i < e->count)
            return expected(err, e->items[i], "`)` after the export name of `get`");
        *out = a;
        return true;
    }
    a->arg_count = e->count - i;
    a->args = comp_arena_array(arena, a->arg_count ? a->arg_count : 1, sizeof *a->args);
    if (!a->args)
        return out_of_memory(err, e);
    for (uint32_t k = 0; k < a->arg_count; k++)
        if (!wast_read_value(e->items[i + k], false, arena, &a->args[k], err))
            return false;
    *out = a;
    return true;
}

static bool is_action(const text_sexpr *e)
{
    return text_sexpr_is_form(e, "invoke") || text_sexpr_is_form(e, "get");
}

/* The operand at items[1]: an action (when `actions`) or a module form
 * (when `modules`). */
static bool read_operand(const text_sexpr *cmd, bool actions, bool modules, comp_arena *arena,
                         comp_wast_command *out, comp_error *err)
{
    const char *what = actions && modules ? "an action or a module"
                       : actions          ? "an action (`invoke` or `get`)"
                                          : "a module or component";
    if (cmd->count < 2)
        return text_fail(err, cmd->end, "expected %s, found `)`", what);
    const text_sexpr *operand = cmd->items[1];
    if (actions && is_action(operand))
        return read_action(operand, arena, &out->action, err);
    if (modules && is_module_form(operand))
        return wast_read_module(operand, arena, &out->module, err);
    return expected(err, operand, what);
}

/* The expected failure message at items[2]; `required` for most asserts. */
static bool read_message(const text_sexpr *cmd, bool required, comp_arena *arena,
                         comp_wast_command *out, comp_error *err)
{
    if (cmd->count < 3) {
        if (required)
            return text_fail(err, cmd->end, "expected a failure message string, found `)`");
        return true;
    }
    const text_sexpr *m = cmd->items[2];
    if (!text_sexpr_is(m, TOK_STRING, NULL))
        return expected(err, m, "a failure message string");
    if (cmd->count > 3)
        return expected(err, cmd->items[3], "`)` after the failure message");
    if (!wast_copy_str(arena, &m->tok, &out->message))
        return out_of_memory(err, m);
    return true;
}

static bool read_results(const text_sexpr *cmd, comp_arena *arena, comp_wast_command *out,
                         comp_error *err)
{
    out->result_count = cmd->count - 2;
    out->results = comp_arena_array(arena, out->result_count ? out->result_count : 1,
                                    sizeof *out->results);
    if (!out->results)
        return out_of_memory(err, cmd);
    for (uint32_t k = 0; k < out->result_count; k++)
        if (!wast_read_value(cmd->items[2 + k], true, arena, &out->results[k], err))
            return false;
    return true;
}

/* (register "name" $id?) */
static bool read_register(const text_sexpr *cmd, comp_arena *arena, comp_wast_command *out,
                          comp_error *err)
{
    if (cmd->count < 2 || !text_sexpr_is(cmd->items[1], TOK_STRING, NULL))
        return cmd->count < 2 ? text_fail(err, cmd->end, "expected a name string, found `)`")
                              : expected(err, cmd->items[1], "a name string");
    if (!wast_copy_str(arena, &cmd->items[1]->tok, &out->name))
        return out_of_memory(err, cmd);
    if (cmd->count > 2) {
        if (!text_sexpr_is(cmd->items[2], TOK_ID, NULL))
            return expected(err, cmd->items[2], "an instance $id");
        if (!wast_copy_str(arena, &cmd->items[2]->tok, &out->instance))
            return out_of_memory(err, cmd);
    }
    if (cmd->count > 3)
        return expected(err, cmd->items[3], "`)` after `register`'s operands");
    return true;
}

/* Assertions over a module: keyword, kind. */
static const struct {
    const char *keyword;
    comp_wast_command_kind kind;
} module_asserts[] = {
    {"assert_invalid", COMP_WAST_ASSERT_INVALID},
    {"assert_malformed", COMP_WAST_ASSERT_MALFORMED},
    {"assert_unlinkable", COMP_WAST_ASSERT_UNLINKABLE},
    {"assert_uninstantiable", COMP_WAST_ASSERT_UNINSTANTIABLE},
};

static bool read_command(const text_sexpr *cmd, comp_arena *arena, comp_wast_command *out,
                         comp_error *err)
{
    memset(out, 0, sizeof *out);
    out->pos = wast_pos(cmd->tok.pos);
    if (is_module_form(cmd)) {
        out->kind = COMP_WAST_MODULE;
        return wast_read_module(cmd, arena, &out->module, err);
    }
    if (is_action(cmd)) {
        out->kind = COMP_WAST_ACTION;
        return read_action(cmd, arena, &out->action, err);
    }
    if (text_sexpr_is_form(cmd, "register")) {
        out->kind = COMP_WAST_REGISTER;
        return read_register(cmd, arena, out, err);
    }
    if (text_sexpr_is_form(cmd, "assert_return")) {
        out->kind = COMP_WAST_ASSERT_RETURN;
        return read_operand(cmd, true, false, arena, out, err) &&
               read_results(cmd, arena, out, err);
    }
    if (text_sexpr_is_form(cmd, "assert_trap")) {
        out->kind = COMP_WAST_ASSERT_TRAP;
        return read_operand(cmd, true, true, arena, out, err) &&
               read_message(cmd, true, arena, out, err);
    }
    if (text_sexpr_is_form(cmd, "assert_exhaustion")) {
        out->kind = COMP_WAST_ASSERT_EXHAUSTION;
        return read_operand(cmd, true, false, arena, out, err) &&
               read_message(cmd, true, arena, out, err);
    }
    if (text_sexpr_is_form(cmd, "assert_exception")) {
        out->kind = COMP_WAST_ASSERT_EXCEPTION;
        return read_operand(cmd, true, false, arena, out, err) &&
               read_message(cmd, false, arena, out, err);
    }
    for (size_t k = 0; k < sizeof module_asserts / sizeof module_asserts[0]; k++) {
        if (text_sexpr_is_form(cmd, module_asserts[k].keyword)) {
            out->kind = module_asserts[k].kind;
            return read_operand(cmd, false, true, arena, out, err) &&
                   read_message(cmd, true, arena, out, err);
        }
    }
    return expected(err, cmd, "a script command (module, component, register, invoke, get "
                              "or an assertion)");
}

/* The spec's scripts may instead be one module written as bare fields. */
static bool is_inline_module(const text_sexpr *root)
{
    static const char *const fields[] = {"type", "import", "func", "table", "memory",
                                         "global", "export", "start", "elem", "data"};
    if (root->count == 0)
        return false;
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
        if (text_sexpr_is_form(root->items[0], fields[k]))
            return true;
    return false;
}

bool comp_wast_parse(const char *text, size_t len, comp_arena *arena, comp_wast_script **out,
                     comp_error *err)
{
    /* The tree is scratch: commands copy what they keep into `arena`. */
    comp_arena tree_arena;
    comp_arena_init(&tree_arena);
    text_sexpr *root;
    text_error terr;
    bool ok = false;
    if (!text_sexpr_read(text, len, &tree_arena, NULL, &root, &terr)) {
        text_fail(err, terr.pos, "%s", terr.message);
        goto done;
    }
    comp_wast_script *s = comp_arena_alloc(arena, sizeof *s);
    if (!s) {
        out_of_memory(err, root);
        goto done;
    }
    if (is_inline_module(root)) {
        s->commands = comp_arena_alloc(arena, sizeof *s->commands);
        if (!s->commands) {
            out_of_memory(err, root);
            goto done;
        }
        s->count = 1;
        s->commands->kind = COMP_WAST_MODULE;
        s->commands->pos = wast_pos(root->items[0]->tok.pos);
        ok = wast_read_inline_module(root, arena, &s->commands->module, err);
    } else {
        s->commands = comp_arena_array(arena, root->count ? root->count : 1,
                                       sizeof *s->commands);
        if (!s->commands) {
            out_of_memory(err, root);
            goto done;
        }
        ok = true;
        for (uint32_t i = 0; ok && i < root->count; i++) {
            const text_sexpr *cmd = root->items[i];
            ok = cmd->kind == SX_LIST ? read_command(cmd, arena, &s->commands[i], err)
                                      : expected(err, cmd, "a script command");
        }
        s->count = root->count;
    }
    if (ok)
        *out = s;
done:
    comp_arena_free(&tree_arena);
    return ok;
}

const char *comp_wast_command_name(comp_wast_command_kind kind)
{
    switch (kind) {
    case COMP_WAST_MODULE: return "module";
    case COMP_WAST_REGISTER: return "register";
    case COMP_WAST_ACTION: return "action";
    case COMP_WAST_ASSERT_RETURN: return "assert_return";
    case COMP_WAST_ASSERT_TRAP: return "assert_trap";
    case COMP_WAST_ASSERT_EXHAUSTION: return "assert_exhaustion";
    case COMP_WAST_ASSERT_EXCEPTION: return "assert_exception";
    case COMP_WAST_ASSERT_INVALID: return "assert_invalid";
    case COMP_WAST_ASSERT_MALFORMED: return "assert_malformed";
    case COMP_WAST_ASSERT_UNLINKABLE: return "assert_unlinkable";
    case COMP_WAST_ASSERT_UNINSTANTIABLE: return "assert_uninstantiable";
    }
    return "command";
}
