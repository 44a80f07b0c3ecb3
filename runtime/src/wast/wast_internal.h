#ifndef RT_WAST_INTERNAL_H
#define RT_WAST_INTERNAL_H

/* Private pieces of the WAST runner (rt/wast_run.h): value conversion and
 * matching, and the spectest host module. */

#include <stdbool.h>
#include <stddef.h>

#include "comp/wast.h"
#include "rt/component.h"
#include "rt/core.h"
#include "rt/wast_run.h"

/* ---- spectest (spectest.c) ------------------------------------------------ */

typedef struct print_fn {
    const char *name;
    uint32_t param_count;
    comp_valtype params[2];
} print_fn;

/* What one print function reports to: the options' callback. */
typedef struct spectest_target {
    const rt_wast_options *options;
    const print_fn *fn;
} spectest_target;

#define SPECTEST_PRINT_FNS 7

/* Host data of the print functions; must live as long as the store. */
typedef struct spectest_state {
    spectest_target targets[SPECTEST_PRINT_FNS];
} spectest_state;

/* Creates the spectest host module's functions, globals, table and memory
 * in `store` and defines them in `linker` under "spectest". The print
 * functions report through options->on_print. False on allocation failure. */
bool spectest_define(rt_linker *linker, rt_store *store, spectest_state *state,
                     const rt_wast_options *options);

/* ---- the runner (wast_run.c) ------------------------------------------------ */

/* A named (or the latest) instance or definition: core (rt_instance * or
 * rt_module *) or component (rt_cinstance * or rt_component *). `object`
 * is NULL when the definition or instantiation failed. */
typedef struct binding {
    comp_str name;
    void *object;
    bool component;
} binding;

/* Names to bindings. Lookups search from the newest, so a redefined name
 * finds its latest binding. */
typedef struct name_table {
    binding *items;
    uint32_t count, cap;
} name_table;

typedef struct runner {
    const rt_wast_options *o;
    rt_wast_counts *counts;
    comp_arena *arena;          /* the script, decoded modules, names */
    rt_store *store;
    rt_linker *linker;
    spectest_state spectest;
    rt_module **modules;        /* every module made, freed after the store */
    uint32_t module_count, module_cap;
    /* Components run in their own store, made on first use. */
    rt_cstore *cstore;
    rt_clinker *clinker;
    rt_component **components;  /* every component made, freed after cstore */
    uint32_t component_count, component_cap;
    name_table instances, definitions;
    binding current;            /* the latest instance */
    binding latest_definition;
    rt_val *args, *results;     /* reused buffers for actions */
    uint32_t args_cap, results_cap;
    bool oom;
} runner;

void wrun_fail(runner *r, uint32_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void wrun_pass(runner *r);
/* Printable length of a name or message from the script. */
int wrun_shown(comp_str s);
bool wrun_bind(runner *r, name_table *t, comp_str name, void *object, bool component);
const binding *wrun_lookup(const name_table *t, comp_str name);

/* ---- components (wast_component.c) --------------------------------------------- */

/* (component ...), (component definition ...), (component instance ...). */
void wcomp_module(runner *r, const comp_wast_command *cmd);
/* (register "name" $i) of component instance `inst`. */
void wcomp_register(runner *r, const comp_wast_command *cmd, rt_cinstance *inst);
/* An action command (bare action, assert_return, assert_trap,
 * assert_exhaustion) on component instance `inst` (NULL: its
 * instantiation failed, reported already). */
void wcomp_action_command(runner *r, const comp_wast_command *cmd, rt_cinstance *inst);
/* assert_trap of a component, assert_unlinkable, assert_uninstantiable. */
void wcomp_instantiation_fails(runner *r, const comp_wast_command *cmd, bool link);
/* Frees the component store, linker and components. */
void wcomp_free(runner *r);

/* ---- values (wast_values.c) -------------------------------------------- */

/* Converts a script constant used as an argument. False, with the reason
 * in `why`, for values that cannot be arguments (patterns, component
 * values). */
bool wast_arg_value(const comp_wast_value *v, rt_val *out, char *why, size_t size);

/* Whether the result `got` matches the expected result `want` (which may
 * be a pattern). */
bool wast_result_matches(const comp_wast_value *want, const rt_val *got);

/* WAST-like text for messages: "(i32.const 42)", "(f32.const nan:canonical)". */
void wast_describe_expected(const comp_wast_value *v, char *buf, size_t size);
/* `like` (may be NULL): the expected value, whose v128 shape is used. */
void wast_describe_value(const rt_val *v, const comp_wast_value *like, char *buf, size_t size);

/* ---- component values (wast_cvalues.c) ---------------------------------- */

/* Converts a component constant to a value of parameter type `t`
 * (strings and arrays in `arena`). False with the reason in `why`. */
bool wast_cval_arg(const comp_wast_value *v, const rt_ctype *t, comp_arena *arena, rt_cval *out,
                   char *why, size_t size);

/* Whether the result `got` (of type `t`) is the expected `want`. Floats:
 * exact bits, except that an expected NaN matches any NaN (lifting
 * canonicalizes them); nan:canonical and nan:arithmetic as for core. */
bool wast_cval_matches(const comp_wast_value *want, const rt_ctype *t, const rt_cval *got);

/* Type names for messages ("u32", "record"): of a type, and of the type an
 * expected constant stands for; and whether the constant is of the type's
 * kind at the top. */
const char *wast_ctype_name(const rt_ctype *t);
const char *wast_cexpected_type_name(const comp_wast_value *v);
bool wast_cexpected_fits(const comp_wast_value *v, const rt_ctype *t);

/* WAVE text for messages: the expected constant, and a result. */
void wast_describe_cexpected(const comp_wast_value *v, char *buf, size_t size);
void wast_describe_cval(const rt_cval *v, const rt_ctype *t, char *buf, size_t size);

#endif
