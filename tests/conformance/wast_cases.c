/* WAST commands: judging every module and component of a script against
 * what its command expects. */
#include "conformance.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The checks of one case (a command with a module), kept until the case is
 * complete so that a known failure is judged as a whole. */
typedef struct case_result {
    uint32_t line;
    unsigned passes, fails;
    char messages[2][600];
} case_result;

static void case_fail(case_result *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void case_fail(case_result *c, const char *fmt, ...)
{
    if (c->fails < sizeof c->messages / sizeof c->messages[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->messages[c->fails], sizeof c->messages[0], fmt, ap);
        va_end(ap);
    }
    c->fails++;
}

static void finish_case(script_run *run, const case_result *c)
{
    known_entry *k = known_find(run->known, run->rel, c->line);
    unsigned shown = c->fails < 2 ? c->fails : 2;
    if (k && c->fails) {
        run->counts->known++;
        if (run->verbose)
            for (unsigned i = 0; i < shown; i++)
                printf("%s:%u: known failure (%s): %s\n", run->file, c->line, k->reason,
                       c->messages[i]);
        return;
    }
    if (k) {
        run->counts->failed++;
        printf("%s:%u: FAIL: listed in tests/conformance/known_failures.txt (\"%s\") but "
               "passes now: delete the line `%s`\n",
               run->file, c->line, k->reason, k->key);
        return;
    }
    run->counts->passed += c->passes;
    run->counts->failed += c->fails;
    for (unsigned i = 0; i < shown; i++)
        printf("%s:%u: FAIL: %s\n", run->file, c->line, c->messages[i]);
}

void script_failed(script_run *run, const comp_error *err)
{
    case_result c = {.line = err->line};
    case_fail(&c, "script does not read (expected a WAST script, got %u:%u: %s)", err->line,
              err->col, err->message);
    finish_case(run, &c);
}

static const char *stage_name(case_stage s)
{
    switch (s) {
    case ACCEPTED: return "no error";
    case REJECTED_BY_PARSER: return "parser";
    case REJECTED_BY_DECODER: return "decoder";
    case REJECTED_BY_VALIDATOR: return "validator";
    }
    return "?";
}

static const char *what(const comp_wast_module *m)
{
    static const char *const names[2][3] = {
        {"text module", "binary module", "quoted module"},
        {"text component", "binary component", "quoted component"},
    };
    return names[m->component][m->form];
}

/* Parses (already done by the WAST reader), decodes, validates. */
static void check_module(const script_run *run, const comp_wast_module *m, bool round_trip,
                         binary_outcome *o)
{
    if (!m->parsed) {
        memset(o, 0, sizeof *o);
        o->stage = REJECTED_BY_PARSER;
        o->err = m->error;
        return;
    }
    if (m->component)
        check_component_binary(m->bytes, m->len, run->features, round_trip, o);
    else
        check_core_binary(m->bytes, m->len, run->features, round_trip, o);
}

/* "at 12:5" for text errors, "at offset 17" for binary ones. */
static void error_place(const binary_outcome *o, const comp_wast_module *m, char *buf,
                        size_t size)
{
    if (o->stage == REJECTED_BY_PARSER)
        snprintf(buf, size, "%s%u:%u", m->form == COMP_WAST_QUOTE ? "quoted text " : "",
                 o->err.line, o->err.col);
    else
        snprintf(buf, size, "offset %zu", o->err.offset);
}

/* Substring either way: suites word messages differently from us. */
static void compare_message(script_run *run, const comp_wast_command *cmd,
                            const binary_outcome *o)
{
    char want[256];
    size_t n = cmd->message.len < sizeof want - 1 ? cmd->message.len : sizeof want - 1;
    if (n)
        memcpy(want, cmd->message.data, n);
    want[n] = '\0';
    if (strstr(o->err.message, want) || (o->err.message[0] && strstr(want, o->err.message)))
        return;
    run->counts->message_mismatches++;
    if (run->verbose)
        printf("%s:%u: message mismatch: expected \"%s\", got \"%s\" (%s)\n", run->file,
               cmd->pos.line, want, o->err.message, stage_name(o->stage));
}

/* print -> parse of a well-formed module or component: its own check. */
static void print_round_trip(const comp_wast_module *m, case_result *c)
{
    char detail[300];
    if (check_print_round_trip(m->bytes, m->len, m->component, m->form != COMP_WAST_BINARY,
                               detail, sizeof detail))
        c->passes++;
    else
        case_fail(c, "%s print -> parse round trip: %s", what(m), detail);
}

static void expect_valid(script_run *run, const comp_wast_module *m, case_result *c)
{
    binary_outcome o;
    check_module(run, m, true, &o);
    char place[48];
    error_place(&o, m, place, sizeof place);
    if (o.stage == ACCEPTED)
        c->passes++;
    else
        case_fail(c, "%s rejected (expected valid, got %s error at %s: %s)", what(m),
                  stage_name(o.stage), place, o.err.message);
    if (o.round_trip_done) {
        if (o.round_trip_ok)
            c->passes++;
        else
            case_fail(c, "%s decode -> encode round trip (expected the same bytes, got %s)",
                      what(m), o.round_trip_detail);
    }
    if (o.stage == ACCEPTED)
        print_round_trip(m, c);
}

static void expect_malformed(script_run *run, const comp_wast_command *cmd, case_result *c)
{
    const comp_wast_module *m = cmd->module;
    binary_outcome o;
    check_module(run, m, false, &o);
    /* Text must fail in the parser; binary in the decoder (or, noted, the
     * validator). */
    bool binary = m->form == COMP_WAST_BINARY;
    if (o.stage == ACCEPTED || (!binary && o.stage != REJECTED_BY_PARSER)) {
        char place[48];
        error_place(&o, m, place, sizeof place);
        case_fail(c, "assert_malformed: %s %s (expected %s error \"%.*s\", got %s%s%s)",
                  what(m), binary ? "accepted" : "parsed", binary ? "a decode" : "a parse",
                  (int)(cmd->message.len > 100 ? 100 : cmd->message.len), cmd->message.data,
                  o.stage == ACCEPTED ? "no error" : stage_name(o.stage),
                  o.stage == ACCEPTED ? "" : " error: ",
                  o.stage == ACCEPTED ? "" : o.err.message);
        return;
    }
    c->passes++;
    if (o.stage == REJECTED_BY_VALIDATOR)
        run->counts->malformed_late++;
    compare_message(run, cmd, &o);
}

static void expect_invalid(script_run *run, const comp_wast_command *cmd, case_result *c)
{
    const comp_wast_module *m = cmd->module;
    binary_outcome o;
    check_module(run, m, false, &o);
    char place[48];
    error_place(&o, m, place, sizeof place);
    int want_len = (int)(cmd->message.len > 100 ? 100 : cmd->message.len);
    if (o.stage == ACCEPTED) {
        case_fail(c, "assert_invalid: %s accepted (expected a validation error \"%.*s\", got "
                  "no error)", what(m), want_len, cmd->message.data);
        return;
    }
    if (o.stage == REJECTED_BY_PARSER) {
        case_fail(c, "assert_invalid: %s does not parse (expected it to parse, then fail "
                  "validation with \"%.*s\"; got a parse error at %s: %s)",
                  what(m), want_len, cmd->message.data, place, o.err.message);
        return;
    }
    c->passes++;
    if (o.stage == REJECTED_BY_DECODER)
        run->counts->invalid_by_decoder++;
    compare_message(run, cmd, &o);
    /* Well-formed though invalid: printing must still round-trip. */
    if (o.stage == REJECTED_BY_VALIDATOR)
        print_round_trip(m, c);
}

static void run_command(script_run *run, const comp_wast_command *cmd)
{
    const comp_wast_module *m = cmd->module;
    if (!m) {
        run->counts->not_run[cmd->kind]++;
        return;
    }
    if (m->mode == COMP_WAST_INSTANCE) {
        run->counts->instances_not_run++;
        return;
    }
    case_result c = {.line = cmd->pos.line};
    switch (cmd->kind) {
    case COMP_WAST_ASSERT_MALFORMED:
        expect_malformed(run, cmd, &c);
        break;
    case COMP_WAST_ASSERT_INVALID:
        expect_invalid(run, cmd, &c);
        break;
    default:
        /* module, assert_trap / assert_unlinkable / assert_uninstantiable
         * of a module: it must be valid; running it is the runtime's job. */
        expect_valid(run, m, &c);
        if (cmd->kind != COMP_WAST_MODULE)
            run->counts->not_run[cmd->kind]++;
        break;
    }
    finish_case(run, &c);
}

void run_script(script_run *run, const comp_wast_script *script)
{
    for (uint32_t i = 0; i < script->count; i++)
        run_command(run, &script->commands[i]);
}
