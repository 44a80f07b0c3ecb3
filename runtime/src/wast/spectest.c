/* The `spectest` host module that the spec test suite imports from: print
 * functions, four constant globals, a table and a memory. */
#include "wast_internal.h"

#include <stdio.h>
#include <string.h>

static const print_fn print_fns[SPECTEST_PRINT_FNS] = {
    {"print", 0, {0}},
    {"print_i32", 1, {COMP_I32}},
    {"print_i64", 1, {COMP_I64}},
    {"print_f32", 1, {COMP_F32}},
    {"print_f64", 1, {COMP_F64}},
    {"print_i32_f32", 2, {COMP_I32, COMP_F32}},
    {"print_f64_f64", 2, {COMP_F64, COMP_F64}},
};

static void format_arg(const rt_val *v, char *buf, size_t size)
{
    switch (v->kind) {
    case RT_I32:
        snprintf(buf, size, "%d : i32", (int32_t)v->of.i32);
        return;
    case RT_I64:
        snprintf(buf, size, "%lld : i64", (long long)(int64_t)v->of.i64);
        return;
    case RT_F32: {
        float f;
        memcpy(&f, &v->of.f32, sizeof f);
        snprintf(buf, size, "%.9g : f32", (double)f);
        return;
    }
    default: {
        double d;
        memcpy(&d, &v->of.f64, sizeof d);
        snprintf(buf, size, "%.17g : f64", d);
        return;
    }
    }
}

/* Prints each argument as "VALUE : TYPE", as the reference interpreter does. */
static bool spectest_print(void *user, rt_instance *caller, const rt_val *args,
                           rt_val *results, rt_trap *trap)
{
    const spectest_target *target = user;
    const rt_wast_options *o = target->options;
    if (!o->on_print)
        return true;
    if (target->fn->param_count == 0)
        o->on_print(o->user, "");
    for (uint32_t i = 0; i < target->fn->param_count; i++) {
        char line[64];
        format_arg(&args[i], line, sizeof line);
        o->on_print(o->user, line);
    }
    return true;
}

static bool define(rt_linker *linker, const char *name, uint8_t kind, void *object)
{
    if (!object)
        return false;
    rt_extern ext = {.kind = kind};
    switch (kind) {
    case COMP_EXTERN_FUNC: ext.of.func = object; break;
    case COMP_EXTERN_TABLE: ext.of.table = object; break;
    case COMP_EXTERN_MEMORY: ext.of.memory = object; break;
    default: ext.of.global = object; break;
    }
    return rt_linker_define(linker, "spectest", name, ext);
}

static bool define_global(rt_linker *linker, rt_store *store, const char *name, rt_val value)
{
    comp_globaltype type = {.type = value.kind, .mutability = 0};
    return define(linker, name, COMP_EXTERN_GLOBAL, rt_global_new(store, &type, value));
}

bool spectest_define(rt_linker *linker, rt_store *store, spectest_state *state,
                     const rt_wast_options *options)
{
    for (size_t i = 0; i < SPECTEST_PRINT_FNS; i++) {
        const print_fn *fn = &print_fns[i];
        state->targets[i] = (spectest_target){.options = options, .fn = fn};
        comp_valtype params[2];
        memcpy(params, fn->params, sizeof params);
        comp_functype type = {.param_count = fn->param_count, .params = params};
        if (!define(linker, fn->name, COMP_EXTERN_FUNC,
                    rt_func_new_host(store, &type, spectest_print, &state->targets[i])))
            return false;
    }

    /* 666.6 rounded to each format, as the reference interpreter defines them. */
    float f32 = 666.6f;
    double f64 = 666.6;
    uint32_t f32_bits;
    uint64_t f64_bits;
    memcpy(&f32_bits, &f32, sizeof f32_bits);
    memcpy(&f64_bits, &f64, sizeof f64_bits);
    if (!define_global(linker, store, "global_i32", rt_val_i32(666)) ||
        !define_global(linker, store, "global_i64", rt_val_i64(666)) ||
        !define_global(linker, store, "global_f32", rt_val_f32_bits(f32_bits)) ||
        !define_global(linker, store, "global_f64", rt_val_f64_bits(f64_bits)))
        return false;

    comp_tabletype table = {.elem = COMP_FUNCREF,
                            .limits = {.flags = COMP_LIMITS_HAS_MAX, .min = 10, .max = 20}};
    comp_limits memory = {.flags = COMP_LIMITS_HAS_MAX, .min = 1, .max = 2};
    return define(linker, "table", COMP_EXTERN_TABLE,
                  rt_table_new(store, &table, rt_val_funcref(NULL))) &&
           define(linker, "memory", COMP_EXTERN_MEMORY, rt_memory_new(store, &memory));
}
