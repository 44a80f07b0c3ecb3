#ifndef RT_WAST_INTERNAL_H
#define RT_WAST_INTERNAL_H

/* Private pieces of the WAST runner (rt/wast_run.h): value conversion and
 * matching, and the spectest host module. */

#include <stdbool.h>
#include <stddef.h>

#include "comp/wast.h"
#include "rt/core.h"
#include "rt/wast_run.h"

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

#endif
