/* WAST commands: finding the binary modules and components in a script and
 * judging each against what the command expects. */
#include "conformance.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum expectation { EXPECT_VALID, EXPECT_MALFORMED, EXPECT_INVALID } expectation;

/* A `(module ...)` or `(component ...)` form. */
typedef enum form_kind { FORM_TEXT, FORM_BINARY, FORM_BAD } form_kind;

typedef struct binary_form {
    bool component;
    uint8_t *bytes;     /* malloc'd: the strings concatenated */
    size_t len;
    const text_sexpr *where;
} binary_form;

static bool is_module_form(const text_sexpr *e)
{
    return text_sexpr_is_form(e, "module") || text_sexpr_is_form(e, "component");
}

/* (module [definition] [$id] binary "..."*): concatenates the strings.
 * Anything else (text fields, `quote`, `instance`) is text format. */
static form_kind read_binary_form(const text_sexpr *e, binary_form *out)
{
    memset(out, 0, sizeof *out);
    out->component = text_sexpr_is_form(e, "component");
    out->where = e;
    uint32_t i = 1;
    if (i < e->count && text_sexpr_is(e->items[i], TOK_KEYWORD, "definition"))
        i++;
    if (i < e->count && text_sexpr_is(e->items[i], TOK_ID, NULL))
        i++;
    if (i >= e->count || !text_sexpr_is(e->items[i], TOK_KEYWORD, "binary"))
        return FORM_TEXT;
    size_t total = 0;
    for (uint32_t k = i + 1; k < e->count; k++) {
        if (!text_sexpr_is(e->items[k], TOK_STRING, NULL))
            return FORM_BAD;
        total += e->items[k]->tok.value_len;
    }
    out->bytes = malloc(total ? total : 1);
    if (!out->bytes)
        return FORM_BAD;
    for (uint32_t k = i + 1; k < e->count; k++) {
        memcpy(out->bytes + out->len, e->items[k]->tok.value, e->items[k]->tok.value_len);
        out->len += e->items[k]->tok.value_len;
    }
    return FORM_BINARY;
}

static void fail_at(script_run *run, const text_sexpr *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_at(script_run *run, const text_sexpr *where, const char *fmt, ...)
{
    printf("%s:%u: FAIL: ", run->file, where->tok.pos.line);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    run->counts->failed++;
}

static const char *stage_name(case_stage s)
{
    return s == REJECTED_BY_DECODER ? "decoder" : "validator";
}

/* The expected message of an assertion as a C string ("" if none). */
static void message_text(const text_sexpr *message, char *buf, size_t size)
{
    size_t n = 0;
    if (message && text_sexpr_is(message, TOK_STRING, NULL))
        n = message->tok.value_len < size - 1 ? message->tok.value_len : size - 1;
    if (n)
        memcpy(buf, message->tok.value, n);
    buf[n] = '\0';
}

/* Substring either way: suites word messages differently from us. */
static void compare_message(script_run *run, const text_sexpr *where, const text_sexpr *expected,
                            const binary_outcome *o)
{
    char want[256];
    message_text(expected, want, sizeof want);
    if (strstr(o->err.message, want) ||
        (o->err.message[0] && strstr(want, o->err.message)))
        return;
    run->counts->message_mismatches++;
    if (run->verbose)
        printf("%s:%u: message mismatch: expected \"%s\", got \"%s\" (%s, offset %zu)\n",
               run->file, where->tok.pos.line, want, o->err.message, stage_name(o->stage),
               o->err.offset);
}

static void judge(script_run *run, const binary_form *f, expectation expect,
                  const text_sexpr *message)
{
    binary_outcome o;
    bool round_trip = expect == EXPECT_VALID;
    if (f->component)
        check_component_binary(f->bytes, f->len, run->features, round_trip, &o);
    else
        check_core_binary(f->bytes, f->len, run->features, round_trip, &o);
    const char *what = f->component ? "component" : "module";
    const text_sexpr *at = f->where;

    switch (expect) {
    case EXPECT_VALID:
        if (o.stage == ACCEPTED)
            run->counts->passed++;
        else
            fail_at(run, at, "%s rejected (expected valid, got %s error at offset %zu: %s)",
                    what, stage_name(o.stage), o.err.offset, o.err.message);
        if (o.round_trip_done) {
            if (o.round_trip_ok)
                run->counts->passed++;
            else
                fail_at(run, at, "%s decode -> encode round trip (expected the same bytes, got %s)",
                        what, o.round_trip_detail);
        }
        return;
    case EXPECT_MALFORMED:
    case EXPECT_INVALID: {
        const char *cmd = expect == EXPECT_MALFORMED ? "assert_malformed" : "assert_invalid";
        if (o.stage == ACCEPTED) {
            char want[128];
            message_text(message, want, sizeof want);
            fail_at(run, at, "%s: %s accepted (expected %s \"%s\", got no error)", cmd, what,
                    expect == EXPECT_MALFORMED ? "decode error" : "validation error", want);
            return;
        }
        run->counts->passed++;
        if (expect == EXPECT_MALFORMED && o.stage == REJECTED_BY_VALIDATOR)
            run->counts->malformed_by_validator++;
        if (expect == EXPECT_INVALID && o.stage == REJECTED_BY_DECODER)
            run->counts->invalid_by_decoder++;
        compare_message(run, at, message, &o);
        return;
    }
    }
}

/* Checks one module form; false when it is text format (not run). */
static bool run_module_form(script_run *run, const text_sexpr *e, expectation expect,
                            const text_sexpr *message)
{
    binary_form f;
    form_kind k = read_binary_form(e, &f);
    if (k == FORM_BINARY)
        judge(run, &f, expect, message);
    else if (k == FORM_BAD)
        fail_at(run, e, "binary %s form (expected only strings after `binary`, got something else)",
                f.component ? "component" : "module");
    free(f.bytes);
    return k != FORM_TEXT;
}

/* Other commands (assert_trap, assert_unlinkable, thread blocks...) may
 * wrap module forms that must be valid; searches them out. Returns how
 * many binary forms were checked. The tree depth is bounded by the
 * reader, so the recursion is too. */
static unsigned run_wrapped_forms(script_run *run, const text_sexpr *e)
{
    unsigned found = 0;
    for (uint32_t i = 1; i < e->count; i++) {
        const text_sexpr *item = e->items[i];
        if (item->kind != SX_LIST)
            continue;
        if (is_module_form(item))
            found += run_module_form(run, item, EXPECT_VALID, NULL);
        else
            found += run_wrapped_forms(run, item);
    }
    return found;
}

static bool run_command(script_run *run, const text_sexpr *cmd)
{
    if (cmd->kind != SX_LIST || !text_sexpr_head(cmd)) {
        fail_at(run, cmd, "script command (expected a list starting with a keyword, got %s)",
                cmd->kind == SX_LIST ? "another list" : text_tok_kind_name(cmd->tok.kind));
        return true;
    }
    if (is_module_form(cmd))
        return run_module_form(run, cmd, EXPECT_VALID, NULL);
    bool malformed = text_sexpr_is_form(cmd, "assert_malformed");
    if (malformed || text_sexpr_is_form(cmd, "assert_invalid")) {
        if (cmd->count < 2 || !is_module_form(cmd->items[1]))
            return false;
        const text_sexpr *message = cmd->count > 2 ? cmd->items[2] : NULL;
        return run_module_form(run, cmd->items[1], malformed ? EXPECT_MALFORMED : EXPECT_INVALID,
                               message);
    }
    return run_wrapped_forms(run, cmd) > 0;
}

void run_script(script_run *run, const text_sexpr *root)
{
    for (uint32_t i = 0; i < root->count; i++)
        if (!run_command(run, root->items[i]))
            run->counts->text_not_run++;
}
