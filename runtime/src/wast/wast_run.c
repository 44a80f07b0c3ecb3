/* The WAST script runner: executes a parsed script command by command
 * against one store, as the spec's reference interpreter does. */
#include "wast_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/component.h"
#include "comp/module.h"

/* ---- reporting ----------------------------------------------------------- */

void wrun_fail(runner *r, uint32_t line, const char *fmt, ...)
{
    r->counts->failed++;
    if (!r->o->on_failure)
        return;
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    r->o->on_failure(r->o->user, line, message);
}

void wrun_pass(runner *r)
{
    r->counts->passed++;
}

int wrun_shown(comp_str s)
{
    return s.len > 120 ? 120 : (int)s.len;
}

/* ---- names --------------------------------------------------------------- */

bool wrun_bind(runner *r, name_table *t, comp_str name, void *object, bool component)
{
    if (!name.data)
        return true;
    if (t->count == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 16;
        binding *items = realloc(t->items, cap * sizeof *items);
        if (!items) {
            r->oom = true;
            return false;
        }
        t->items = items;
        t->cap = cap;
    }
    t->items[t->count++] = (binding){name, object, component};
    return true;
}

const binding *wrun_lookup(const name_table *t, comp_str name)
{
    for (uint32_t i = t->count; i-- > 0;) {
        const binding *b = &t->items[i];
        if (b->name.len == name.len && memcmp(b->name.data, name.data, name.len) == 0)
            return b;
    }
    return NULL;
}

/* The instance an action or register names, or the current one. NULL with
 * a failure reported when there is none. */
static const binding *instance_for(runner *r, comp_str name, uint32_t line, const char *what)
{
    const binding *b = name.data ? wrun_lookup(&r->instances, name) : &r->current;
    if (b && b->object)
        return b;
    if (name.data)
        wrun_fail(r, line, "%s: no instance named $%.*s", what, wrun_shown(name), name.data);
    else
        wrun_fail(r, line, "%s: no instance (none defined, or the last one failed)", what);
    return NULL;
}

/* ---- modules ------------------------------------------------------------- */

/* Decodes and validates a module definition into an rt_module. False with
 * the reason in `why`. */
static bool load_module(runner *r, const comp_wast_module *m, rt_module **out, char *why,
                        size_t size)
{
    if (!m->parsed) {
        snprintf(why, size, "does not parse (%u:%u: %s)", m->error.line, m->error.col,
                 m->error.message);
        return false;
    }
    comp_module *cm = NULL;
    comp_error err = {0};
    if (!comp_module_decode(m->bytes, m->len, r->arena, &cm, &err)) {
        snprintf(why, size, "does not decode (offset %zu: %s)", err.offset, err.message);
        return false;
    }
    if (r->module_count == r->module_cap) {
        uint32_t cap = r->module_cap ? r->module_cap * 2 : 16;
        rt_module **mods = realloc(r->modules, cap * sizeof *mods);
        if (!mods) {
            r->oom = true;
            snprintf(why, size, "out of memory");
            return false;
        }
        r->modules = mods;
        r->module_cap = cap;
    }
    rt_module *mod = rt_module_new(cm, r->o->features, &err);
    if (!mod) {
        snprintf(why, size, "is not valid (offset %zu: %s)", err.offset, err.message);
        return false;
    }
    r->modules[r->module_count++] = mod;
    *out = mod;
    return true;
}

/* Whether a module form is about a component: `(component ...)`, or
 * `(module instance ...)` naming a component definition. */
static bool is_component(const runner *r, const comp_wast_module *m)
{
    if (m->component || m->mode != COMP_WAST_INSTANCE)
        return m->component;
    const binding *b = m->definition.data ? wrun_lookup(&r->definitions, m->definition)
                                          : &r->latest_definition;
    return b && b->component;
}

/* The rt_module a core module form stands for: a new definition, or for
 * `(module instance ...)` the definition it names. NULL with `why`. */
static rt_module *module_for(runner *r, const comp_wast_module *m, char *why, size_t size)
{
    if (m->mode != COMP_WAST_INSTANCE) {
        rt_module *mod = NULL;
        return load_module(r, m, &mod, why, size) ? mod : NULL;
    }
    const binding *b = m->definition.data ? wrun_lookup(&r->definitions, m->definition)
                                          : &r->latest_definition;
    if (!b || !b->object) {
        if (m->definition.data)
            snprintf(why, size, "names no module definition $%.*s", wrun_shown(m->definition),
                     m->definition.data);
        else
            snprintf(why, size, "has no module definition to instantiate");
        return NULL;
    }
    return b->object;
}

static void give_fuel(runner *r)
{
    if (r->o->fuel)
        rt_store_set_fuel(r->store, r->o->fuel);
}

static bool instantiate(runner *r, rt_module *mod, rt_instance **out, rt_trap *trap)
{
    give_fuel(r);
    memset(trap, 0, sizeof *trap);
    return rt_linker_instantiate(r->linker, r->store, mod, out, trap);
}

/* (module ...), (module definition ...), (module instance ...). */
static void run_module(runner *r, const comp_wast_command *cmd)
{
    const comp_wast_module *m = cmd->module;
    uint32_t line = cmd->pos.line;
    if (is_component(r, m)) {
        wcomp_module(r, cmd);
        return;
    }
    char why[400];
    rt_module *mod = module_for(r, m, why, sizeof why);
    if (!mod) {
        wrun_fail(r, line, "module %s", why);
        if (m->mode != COMP_WAST_DEFINITION)
            r->current = (binding){0};
        return;
    }
    if (m->mode != COMP_WAST_INSTANCE) {
        r->latest_definition = (binding){m->id, mod, false};
        wrun_bind(r, &r->definitions, m->id, mod, false);
    }
    if (m->mode == COMP_WAST_DEFINITION)
        return;
    rt_instance *inst = NULL;
    rt_trap trap;
    if (!instantiate(r, mod, &inst, &trap)) {
        wrun_fail(r, line, "module: instantiation failed (%s)", trap.message);
        r->current = (binding){0};
        return;
    }
    r->current = (binding){m->id, inst, false};
    wrun_bind(r, &r->instances, m->id, inst, false);
}

static void run_register(runner *r, const comp_wast_command *cmd)
{
    uint32_t line = cmd->pos.line;
    const binding *b = instance_for(r, cmd->instance, line, "register");
    if (!b)
        return;
    if (b->component) {
        wcomp_register(r, cmd, b->object);
        return;
    }
    char *name = comp_arena_strndup(r->arena, cmd->name.data ? cmd->name.data : "",
                                    cmd->name.len);
    if (!name || !rt_linker_define_instance(r->linker, name, b->object))
        r->oom = true;
}

/* ---- actions ------------------------------------------------------------- */

typedef enum outcome {
    DONE,        /* results in r->results */
    TRAPPED,     /* trap set */
    NOT_RUN,     /* reported already: failure or skip */
} outcome;

static bool reserve(runner *r, rt_val **buf, uint32_t *cap, uint32_t count)
{
    if (count <= *cap)
        return true;
    rt_val *grown = realloc(*buf, (size_t)count * sizeof *grown);
    if (!grown) {
        r->oom = true;
        return false;
    }
    *buf = grown;
    *cap = count;
    return true;
}

/* Runs an invoke or get; on DONE, *count results are in r->results. */
static outcome run_action(runner *r, const comp_wast_action *a, uint32_t line, const char *what,
                          uint32_t *count, rt_trap *trap)
{
    const binding *b = instance_for(r, a->module, line, what);
    if (!b)
        return NOT_RUN;

    rt_extern ext;
    bool found = rt_instance_export(b->object, a->name.data ? a->name.data : "", a->name.len, &ext);
    if (a->kind == COMP_WAST_GET) {
        if (!found || ext.kind != COMP_EXTERN_GLOBAL) {
            wrun_fail(r, line, "%s: no exported global \"%.*s\"", what, wrun_shown(a->name), a->name.data);
            return NOT_RUN;
        }
        if (!reserve(r, &r->results, &r->results_cap, 1))
            return NOT_RUN;
        r->results[0] = rt_global_get(ext.of.global);
        *count = 1;
        return DONE;
    }
    if (!found || ext.kind != COMP_EXTERN_FUNC) {
        wrun_fail(r, line, "%s: no exported function \"%.*s\"", what, wrun_shown(a->name), a->name.data);
        return NOT_RUN;
    }
    const comp_functype *type = rt_func_type(ext.of.func);
    if (!reserve(r, &r->args, &r->args_cap, a->arg_count) ||
        !reserve(r, &r->results, &r->results_cap, type->result_count))
        return NOT_RUN;
    for (uint32_t i = 0; i < a->arg_count; i++) {
        char why[200];
        if (!wast_arg_value(&a->args[i], &r->args[i], why, sizeof why)) {
            wrun_fail(r, line, "%s \"%.*s\": argument %u: %s", what, wrun_shown(a->name), a->name.data,
                 i, why);
            return NOT_RUN;
        }
    }
    give_fuel(r);
    memset(trap, 0, sizeof *trap);
    if (!rt_call(ext.of.func, r->args, a->arg_count, r->results, type->result_count, trap)) {
        if (trap->kind == RT_TRAP_BAD_ARGS) {
            wrun_fail(r, line, "%s \"%.*s\": cannot call it with these arguments (%s)", what,
                 wrun_shown(a->name), a->name.data, trap->message);
            return NOT_RUN;
        }
        return TRAPPED;
    }
    *count = type->result_count;
    return DONE;
}

/* Whether our trap message starts with the script's expected text. */
static bool message_matches(const rt_trap *trap, comp_str want)
{
    size_t have = strlen(trap->message);
    return want.len <= have && (want.len == 0 || memcmp(trap->message, want.data, want.len) == 0);
}

static void run_bare_action(runner *r, const comp_wast_command *cmd)
{
    uint32_t count;
    rt_trap trap;
    const comp_wast_action *a = cmd->action;
    const char *what = a->kind == COMP_WAST_GET ? "get" : "invoke";
    if (run_action(r, a, cmd->pos.line, what, &count, &trap) == TRAPPED)
        wrun_fail(r, cmd->pos.line, "%s \"%.*s\": trapped (%s)", what, wrun_shown(a->name), a->name.data,
             trap.message);
}

static void assert_return(runner *r, const comp_wast_command *cmd)
{
    uint32_t line = cmd->pos.line, count = 0;
    rt_trap trap;
    const comp_wast_action *a = cmd->action;
    outcome out = run_action(r, a, line, "assert_return", &count, &trap);
    if (out == NOT_RUN)
        return;
    if (out == TRAPPED) {
        wrun_fail(r, line, "assert_return \"%.*s\": expected %u result(s), got trap (%s)",
             wrun_shown(a->name), a->name.data, cmd->result_count, trap.message);
        return;
    }
    if (count != cmd->result_count) {
        wrun_fail(r, line, "assert_return \"%.*s\": expected %u result(s), got %u", wrun_shown(a->name),
             a->name.data, cmd->result_count, count);
        return;
    }
    for (uint32_t i = 0; i < count; i++) {
        if (wast_result_matches(&cmd->results[i], &r->results[i]))
            continue;
        char want[400], got[300];
        wast_describe_expected(&cmd->results[i], want, sizeof want);
        wast_describe_value(&r->results[i], &cmd->results[i], got, sizeof got);
        wrun_fail(r, line, "assert_return \"%.*s\": result %u: expected %s, got %s", wrun_shown(a->name),
             a->name.data, i, want, got);
        return;
    }
    wrun_pass(r);
}

/* assert_trap and assert_exhaustion of an action. */
static void assert_action_traps(runner *r, const comp_wast_command *cmd, bool exhaustion)
{
    uint32_t line = cmd->pos.line, count = 0;
    rt_trap trap;
    const comp_wast_action *a = cmd->action;
    const char *what = comp_wast_command_name(cmd->kind);
    outcome out = run_action(r, a, line, what, &count, &trap);
    if (out == NOT_RUN)
        return;
    if (out == DONE) {
        wrun_fail(r, line, "%s \"%.*s\": expected trap \"%.*s\", got %u result(s)", what,
             wrun_shown(a->name), a->name.data, wrun_shown(cmd->message), cmd->message.data, count);
        return;
    }
    if ((exhaustion && trap.kind != RT_TRAP_STACK_EXHAUSTED) || !message_matches(&trap, cmd->message)) {
        wrun_fail(r, line, "%s \"%.*s\": expected trap \"%.*s\", got trap \"%s\"", what,
             wrun_shown(a->name), a->name.data, wrun_shown(cmd->message), cmd->message.data, trap.message);
        return;
    }
    wrun_pass(r);
}

/* assert_exception: the action throws a wasm exception that nothing
 * catches. */
static void assert_exception(runner *r, const comp_wast_command *cmd)
{
    uint32_t line = cmd->pos.line, count = 0;
    rt_trap trap;
    const comp_wast_action *a = cmd->action;
    outcome out = run_action(r, a, line, "assert_exception", &count, &trap);
    if (out == NOT_RUN)
        return;
    if (out == DONE) {
        wrun_fail(r, line, "assert_exception \"%.*s\": expected an exception, got %u result(s)",
                  wrun_shown(a->name), a->name.data, count);
        return;
    }
    if (trap.kind != RT_TRAP_EXCEPTION) {
        wrun_fail(r, line, "assert_exception \"%.*s\": expected an exception, got trap \"%s\"",
                  wrun_shown(a->name), a->name.data, trap.message);
        return;
    }
    wrun_pass(r);
}

/* assert_trap of a module, assert_uninstantiable, assert_unlinkable: the
 * module is valid and its instantiation fails in the expected way. */
static void assert_instantiation_fails(runner *r, const comp_wast_command *cmd, bool link)
{
    uint32_t line = cmd->pos.line;
    const char *what = comp_wast_command_name(cmd->kind);
    if (is_component(r, cmd->module)) {
        wcomp_instantiation_fails(r, cmd, link);
        return;
    }
    char why[400];
    rt_module *mod = module_for(r, cmd->module, why, sizeof why);
    if (!mod) {
        wrun_fail(r, line, "%s: module %s", what, why);
        return;
    }
    rt_instance *inst = NULL;
    rt_trap trap;
    if (instantiate(r, mod, &inst, &trap)) {
        wrun_fail(r, line, "%s: expected instantiation to fail with \"%.*s\", got an instance", what,
             wrun_shown(cmd->message), cmd->message.data);
        return;
    }
    bool right_kind = link ? trap.kind == RT_TRAP_LINK
                           : trap.kind != RT_TRAP_LINK && trap.kind != RT_TRAP_RESOURCE;
    if (!right_kind || !message_matches(&trap, cmd->message)) {
        wrun_fail(r, line, "%s: expected %s \"%.*s\", got %s \"%s\"", what,
             link ? "link error" : "trap", wrun_shown(cmd->message), cmd->message.data,
             trap.kind == RT_TRAP_LINK ? "link error" : "trap", trap.message);
        return;
    }
    wrun_pass(r);
}

/* ---- assert_invalid, assert_malformed --------------------------------------- */

/* How far a module gets: 0 does not parse, 1 does not decode, 2 not
 * valid, 3 valid. `why` says what stopped it. */
static int module_stage(runner *r, const comp_wast_module *m, char *why, size_t size)
{
    if (!m->parsed) {
        snprintf(why, size, "parse error %u:%u: %s", m->error.line, m->error.col,
                 m->error.message);
        return 0;
    }
    comp_arena arena;
    comp_arena_init(&arena);
    comp_error err = {0};
    int stage = 3;
    if (m->component) {
        comp_component *c = NULL;
        if (!comp_component_decode(m->bytes, m->len, &arena, &c, &err))
            stage = 1;
        else if (!comp_component_validate(c, r->o->component_features, &err))
            stage = 2;
    } else {
        comp_module *cm = NULL;
        if (!comp_module_decode(m->bytes, m->len, &arena, &cm, &err))
            stage = 1;
        else if (!comp_module_validate(cm, r->o->features, &err))
            stage = 2;
    }
    if (stage < 3)
        snprintf(why, size, "%s error at offset %zu: %s", stage == 1 ? "decode" : "validation",
                 err.offset, err.message);
    else
        snprintf(why, size, "no error");
    comp_arena_free(&arena);
    return stage;
}

static void assert_rejected(runner *r, const comp_wast_command *cmd)
{
    const comp_wast_module *m = cmd->module;
    uint32_t line = cmd->pos.line;
    const char *what = comp_wast_command_name(cmd->kind);
    if (m->mode == COMP_WAST_INSTANCE) {
        wrun_fail(r, line, "%s: expected a module definition, got (module instance ...)", what);
        return;
    }
    char why[400];
    int stage = module_stage(r, m, why, sizeof why);
    bool ok;
    if (cmd->kind == COMP_WAST_ASSERT_MALFORMED)
        /* Text must fail to parse; a binary to decode (or, being read by
         * a decoder that leaves some checks to the validator, validate). */
        ok = m->form == COMP_WAST_BINARY ? stage < 3 : stage == 0;
    else
        ok = stage == 1 || stage == 2;
    if (ok) {
        wrun_pass(r);
        return;
    }
    wrun_fail(r, line, "%s: expected %s \"%.*s\", got %s", what,
         cmd->kind == COMP_WAST_ASSERT_MALFORMED
             ? (m->form == COMP_WAST_BINARY ? "a decode error" : "a parse error")
             : "a validation error",
         wrun_shown(cmd->message), cmd->message.data, why);
}

/* ---- commands ------------------------------------------------------------ */

/* Sends an action command on a component instance to wast_component.c. */
static bool component_action(runner *r, const comp_wast_command *cmd)
{
    const comp_wast_action *a = cmd->action;
    if (!a)
        return false;
    const binding *b = a->module.data ? wrun_lookup(&r->instances, a->module) : &r->current;
    if (!b || !b->component || !b->object)
        return false;
    wcomp_action_command(r, cmd, b->object);
    return true;
}

static void run_command(runner *r, const comp_wast_command *cmd)
{
    if (cmd->kind != COMP_WAST_ASSERT_EXCEPTION && component_action(r, cmd))
        return;
    switch (cmd->kind) {
    case COMP_WAST_MODULE:
        run_module(r, cmd);
        return;
    case COMP_WAST_REGISTER:
        run_register(r, cmd);
        return;
    case COMP_WAST_ACTION:
        run_bare_action(r, cmd);
        return;
    case COMP_WAST_ASSERT_RETURN:
        assert_return(r, cmd);
        return;
    case COMP_WAST_ASSERT_TRAP:
        if (cmd->action)
            assert_action_traps(r, cmd, false);
        else
            assert_instantiation_fails(r, cmd, false);
        return;
    case COMP_WAST_ASSERT_EXHAUSTION:
        assert_action_traps(r, cmd, true);
        return;
    case COMP_WAST_ASSERT_EXCEPTION:
        assert_exception(r, cmd);
        return;
    case COMP_WAST_ASSERT_INVALID:
    case COMP_WAST_ASSERT_MALFORMED:
        assert_rejected(r, cmd);
        return;
    case COMP_WAST_ASSERT_UNLINKABLE:
        assert_instantiation_fails(r, cmd, true);
        return;
    case COMP_WAST_ASSERT_UNINSTANTIABLE:
        assert_instantiation_fails(r, cmd, false);
        return;
    }
    wrun_fail(r, cmd->pos.line, "unknown command");
}

static void runner_free(runner *r)
{
    wcomp_free(r);
    /* The store first: its instances point into the modules. */
    if (r->store)
        rt_store_free(r->store);
    if (r->linker)
        rt_linker_free(r->linker);
    for (uint32_t i = 0; i < r->module_count; i++)
        rt_module_free(r->modules[i]);
    free(r->modules);
    free(r->instances.items);
    free(r->definitions.items);
    free(r->args);
    free(r->results);
}

bool rt_wast_run(const char *text, size_t len, const rt_wast_options *options,
                 rt_wast_counts *counts, comp_error *err)
{
    comp_arena arena;
    comp_arena_init(&arena);
    comp_wast_script *script = NULL;
    if (!comp_wast_parse(text, len, &arena, &script, err)) {
        comp_arena_free(&arena);
        return false;
    }
    runner r = {.o = options, .counts = counts, .arena = &arena};
    r.store = rt_store_new(options->limits);
    r.linker = rt_linker_new();
    bool ok = r.store && r.linker && spectest_define(r.linker, r.store, &r.spectest, options);
    for (uint32_t i = 0; ok && i < script->count && !r.oom; i++)
        run_command(&r, &script->commands[i]);
    if (!ok || r.oom) {
        comp_error_set(err, 0, "out of memory");
        ok = false;
    }
    runner_free(&r);
    comp_arena_free(&arena);
    return ok;
}
