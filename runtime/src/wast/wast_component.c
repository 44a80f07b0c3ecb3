/* The component commands of the WAST runner: component definitions and
 * instances (in one component store per script, made on first use),
 * register, and actions whose arguments and results are component values.
 *
 * Trap messages are matched the way the component-model suite is written
 * for wasmtime: the expected text (without a leading "wasm trap: ") must
 * appear in ours. */
#include "wast_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool ensure_store(runner *r)
{
    if (!r->cstore)
        r->cstore = rt_cstore_new(r->o->limits);
    if (!r->clinker)
        r->clinker = rt_clinker_new();
    if (!r->cstore || !r->clinker)
        r->oom = true;
    return !r->oom;
}

static void give_fuel(runner *r)
{
    if (r->o->fuel)
        rt_store_set_fuel(rt_cstore_core(r->cstore), r->o->fuel);
}

/* A new component from a definition form. NULL with the reason in `why`. */
static rt_component *load_component(runner *r, const comp_wast_module *m, char *why, size_t size)
{
    if (!m->parsed) {
        snprintf(why, size, "does not parse (%u:%u: %s)", m->error.line, m->error.col,
                 m->error.message);
        return NULL;
    }
    if (r->component_count == r->component_cap) {
        uint32_t cap = r->component_cap ? r->component_cap * 2 : 16;
        rt_component **grown = realloc(r->components, cap * sizeof *grown);
        if (!grown) {
            r->oom = true;
            snprintf(why, size, "out of memory");
            return NULL;
        }
        r->components = grown;
        r->component_cap = cap;
    }
    comp_error err = {0};
    rt_component *c = rt_component_new(m->bytes, m->len, r->o->component_features, &err);
    if (!c) {
        snprintf(why, size, "is not valid (offset %zu: %s)", err.offset, err.message);
        return NULL;
    }
    r->components[r->component_count++] = c;
    return c;
}

/* The component a form stands for: a new definition, or for an instance
 * form the definition it names. */
static rt_component *component_for(runner *r, const comp_wast_module *m, char *why, size_t size)
{
    if (m->mode != COMP_WAST_INSTANCE)
        return load_component(r, m, why, size);
    const binding *b = m->definition.data ? wrun_lookup(&r->definitions, m->definition)
                                          : &r->latest_definition;
    if (!b || !b->object || !b->component) {
        if (m->definition.data)
            snprintf(why, size, "names no component definition $%.*s",
                     wrun_shown(m->definition), m->definition.data);
        else
            snprintf(why, size, "has no component definition to instantiate");
        return NULL;
    }
    return b->object;
}

static bool instantiate(runner *r, const rt_component *c, rt_cinstance **out, rt_trap *trap)
{
    give_fuel(r);
    memset(trap, 0, sizeof *trap);
    return rt_cinstantiate(r->cstore, r->clinker, c, out, trap);
}

void wcomp_module(runner *r, const comp_wast_command *cmd)
{
    const comp_wast_module *m = cmd->module;
    uint32_t line = cmd->pos.line;
    if (!ensure_store(r))
        return;
    char why[400];
    rt_component *c = component_for(r, m, why, sizeof why);
    if (m->mode != COMP_WAST_INSTANCE) {
        r->latest_definition = (binding){m->id, c, true};
        wrun_bind(r, &r->definitions, m->id, c, true);
    }
    if (!c) {
        wrun_fail(r, line, "component %s", why);
        if (m->mode != COMP_WAST_DEFINITION)
            r->current = (binding){0};
        return;
    }
    if (m->mode == COMP_WAST_DEFINITION)
        return;
    rt_cinstance *inst = NULL;
    rt_trap trap;
    if (!instantiate(r, c, &inst, &trap)) {
        wrun_fail(r, line, "component: instantiation failed (%s)", trap.message);
        r->current = (binding){0};
        return;
    }
    r->current = (binding){m->id, inst, true};
    wrun_bind(r, &r->instances, m->id, inst, true);
}

void wcomp_register(runner *r, const comp_wast_command *cmd, rt_cinstance *inst)
{
    char *name = comp_arena_strndup(r->arena, cmd->name.data ? cmd->name.data : "",
                                    cmd->name.len);
    if (!name || !rt_clinker_define_instance(r->clinker, name, inst, NULL))
        r->oom = true;
}

/* Whether our trap message contains the expected text. */
static bool message_matches(const char *have, comp_str want)
{
    static const char prefix[] = "wasm trap: ";
    size_t plen = sizeof prefix - 1;
    if (want.len >= plen && memcmp(want.data, prefix, plen) == 0) {
        want.data += plen;
        want.len -= (uint32_t)plen;
    }
    /* wasmtime's wording of the core `unreachable` trap. */
    static const char unreachable_text[] = "wasm `unreachable` instruction executed";
    if (want.len == sizeof unreachable_text - 1 &&
        memcmp(want.data, unreachable_text, want.len) == 0)
        want = (comp_str){"unreachable", 11};
    size_t n = strlen(have);
    if (want.len == 0)
        return true;
    for (size_t i = 0; i + want.len <= n; i++)
        if (memcmp(have + i, want.data, want.len) == 0)
            return true;
    return false;
}

typedef enum outcome { DONE, TRAPPED, NOT_RUN } outcome;

/* Calls the action's export with the script's arguments. DONE: *result
 * holds the result when the type has one. */
static outcome call(runner *r, const comp_wast_command *cmd, rt_cinstance *inst,
                    comp_arena *arena, const rt_ctype **result_type, rt_cval *result,
                    rt_trap *trap)
{
    const comp_wast_action *a = cmd->action;
    uint32_t line = cmd->pos.line;
    const char *what = comp_wast_command_name(cmd->kind);
    if (a->kind == COMP_WAST_GET) {
        wrun_fail(r, line, "%s: get of \"%.*s\": component instances export no globals", what,
                  wrun_shown(a->name), a->name.data);
        return NOT_RUN;
    }
    char *name = comp_arena_strndup(arena, a->name.data ? a->name.data : "", a->name.len);
    if (!name) {
        r->oom = true;
        return NOT_RUN;
    }
    rt_cfunc *f = rt_cinstance_func(inst, name);
    if (!f) {
        wrun_fail(r, line, "%s: no exported function \"%s\"", what, name);
        return NOT_RUN;
    }
    const rt_cfunctype *ft = rt_cfunc_type(f);
    uint32_t params = rt_cfunctype_param_count(ft);
    if (params != a->arg_count) {
        wrun_fail(r, line, "%s \"%s\": takes %u argument(s), got %u", what, name, params,
                  a->arg_count);
        return NOT_RUN;
    }
    rt_cval *args = comp_arena_array(arena, params ? params : 1, sizeof *args);
    if (!args) {
        r->oom = true;
        return NOT_RUN;
    }
    for (uint32_t i = 0; i < params; i++) {
        char why[200];
        if (!wast_cval_arg(&a->args[i], rt_cfunctype_param(ft, i), arena, &args[i], why,
                           sizeof why)) {
            wrun_fail(r, line, "%s \"%s\": argument %u: %s", what, name, i, why);
            return NOT_RUN;
        }
    }
    *result_type = rt_cfunctype_result(ft);
    memset(result, 0, sizeof *result);
    give_fuel(r);
    memset(trap, 0, sizeof *trap);
    if (rt_cfunc_call(f, args, params, result, arena, trap))
        return DONE;
    if (trap->kind == RT_TRAP_BAD_ARGS) {
        wrun_fail(r, line, "%s \"%s\": cannot call it with these arguments (%s)", what, name,
                  trap->message);
        return NOT_RUN;
    }
    return TRAPPED;
}

static void check_return(runner *r, const comp_wast_command *cmd, const rt_ctype *type,
                         const rt_cval *result)
{
    uint32_t line = cmd->pos.line;
    const comp_wast_action *a = cmd->action;
    uint32_t have = type != NULL;
    if (have != cmd->result_count) {
        wrun_fail(r, line, "assert_return \"%.*s\": expected %u result(s), got %u",
                  wrun_shown(a->name), a->name.data, cmd->result_count, have);
        return;
    }
    if (have && !wast_cval_matches(&cmd->results[0], type, result)) {
        char want[400], got[400];
        wast_describe_cexpected(&cmd->results[0], want, sizeof want);
        wast_describe_cval(result, type, got, sizeof got);
        if (wast_cexpected_fits(&cmd->results[0], type))
            wrun_fail(r, line, "assert_return \"%.*s\": expected %s, got %s",
                      wrun_shown(a->name), a->name.data, want, got);
        else
            wrun_fail(r, line, "assert_return \"%.*s\": expected a %s (%s), got a %s (%s)",
                      wrun_shown(a->name), a->name.data,
                      wast_cexpected_type_name(&cmd->results[0]), want, wast_ctype_name(type),
                      got);
        return;
    }
    wrun_pass(r);
}

void wcomp_action_command(runner *r, const comp_wast_command *cmd, rt_cinstance *inst)
{
    uint32_t line = cmd->pos.line;
    const comp_wast_action *a = cmd->action;
    const char *what = comp_wast_command_name(cmd->kind);
    comp_arena arena;
    comp_arena_init(&arena);
    const rt_ctype *type = NULL;
    rt_cval result;
    rt_trap trap;
    outcome out = call(r, cmd, inst, &arena, &type, &result, &trap);
    if (out == NOT_RUN)
        goto done;
    switch (cmd->kind) {
    case COMP_WAST_ASSERT_RETURN:
        if (out == TRAPPED)
            wrun_fail(r, line, "assert_return \"%.*s\": expected %u result(s), got trap (%s)",
                      wrun_shown(a->name), a->name.data, cmd->result_count, trap.message);
        else
            check_return(r, cmd, type, &result);
        break;
    case COMP_WAST_ASSERT_TRAP:
    case COMP_WAST_ASSERT_EXHAUSTION:
        if (out == DONE)
            wrun_fail(r, line, "%s \"%.*s\": expected trap \"%.*s\", got %s", what,
                      wrun_shown(a->name), a->name.data, wrun_shown(cmd->message),
                      cmd->message.data, type ? "a result" : "a return");
        else if ((cmd->kind == COMP_WAST_ASSERT_EXHAUSTION &&
                  trap.kind != RT_TRAP_STACK_EXHAUSTED) ||
                 !message_matches(trap.message, cmd->message))
            wrun_fail(r, line, "%s \"%.*s\": expected trap \"%.*s\", got trap \"%s\"", what,
                      wrun_shown(a->name), a->name.data, wrun_shown(cmd->message),
                      cmd->message.data, trap.message);
        else
            wrun_pass(r);
        break;
    default: /* a bare action */
        if (out == TRAPPED)
            wrun_fail(r, line, "invoke \"%.*s\": trapped (%s)", wrun_shown(a->name),
                      a->name.data, trap.message);
        break;
    }
done:
    comp_arena_free(&arena);
}

void wcomp_instantiation_fails(runner *r, const comp_wast_command *cmd, bool link)
{
    uint32_t line = cmd->pos.line;
    const char *what = comp_wast_command_name(cmd->kind);
    if (!ensure_store(r))
        return;
    char why[400];
    rt_component *c = component_for(r, cmd->module, why, sizeof why);
    if (!c) {
        wrun_fail(r, line, "%s: component %s", what, why);
        return;
    }
    rt_cinstance *inst = NULL;
    rt_trap trap;
    if (instantiate(r, c, &inst, &trap)) {
        wrun_fail(r, line, "%s: expected instantiation to fail with \"%.*s\", got an instance",
                  what, wrun_shown(cmd->message), cmd->message.data);
        return;
    }
    bool right_kind = link ? trap.kind == RT_TRAP_LINK
                           : trap.kind != RT_TRAP_LINK && trap.kind != RT_TRAP_RESOURCE;
    if (!right_kind || !message_matches(trap.message, cmd->message)) {
        wrun_fail(r, line, "%s: expected %s \"%.*s\", got %s \"%s\"", what,
                  link ? "link error" : "trap", wrun_shown(cmd->message), cmd->message.data,
                  trap.kind == RT_TRAP_LINK ? "link error" : "trap", trap.message);
        return;
    }
    wrun_pass(r);
}

void wcomp_free(runner *r)
{
    /* The store first: its instances point into the components. */
    if (r->cstore)
        rt_cstore_free(r->cstore);
    if (r->clinker)
        rt_clinker_free(r->clinker);
    for (uint32_t i = 0; i < r->component_count; i++)
        rt_component_free(r->components[i]);
    free(r->components);
}
