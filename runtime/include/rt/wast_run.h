#ifndef RT_WAST_RUN_H
#define RT_WAST_RUN_H

/* Runs WAST spec scripts (comp/wast.h) on the core interpreter, with the
 * script semantics of the spec's reference interpreter:
 *
 * - `(module $m ...)` defines and instantiates a module, which becomes the
 *   current one; `(module definition $d ...)` only defines; `(module
 *   instance $i $d)` instantiates a definition. Imports are resolved by
 *   name through `register`ed instances and the `spectest` host module.
 * - `invoke` / `get` act on the current (or a named) instance.
 * - Every assertion (assert_return, assert_trap, assert_exhaustion,
 *   assert_invalid, assert_malformed, assert_unlinkable,
 *   assert_uninstantiable, assert_exception) is one check: passed or failed.
 *   Other commands are not counted when they succeed; when they fail (a
 *   module that does not load or instantiate, an action that traps, a
 *   register of an unknown instance) they count as one failed check.
 * - Components (rt/component.h) run in one component store per script,
 *   made on first use: `(component ...)`, `(component definition ...)`,
 *   `(component instance $i $d)`, `register` of a component instance (its
 *   name then satisfies imports of later components), and actions with
 *   component values as arguments and results. A component's float result
 *   equal to an expected NaN may be any NaN (lifting canonicalizes them).
 *   For components the expected trap or link message (a leading "wasm
 *   trap: " dropped) must appear anywhere in ours, as wasmtime's runner
 *   checks the component-model suite.
 *
 * Judgements:
 * - assert_return: exact bits for integers and floats; nan:canonical and
 *   nan:arithmetic per float or float lane; v128 compared lane by lane in
 *   the shape written; ref.null by heap type; ref.extern N as the host
 *   reference made for N; ref.func as any non-null funcref; (either ...)
 *   as any one alternative.
 * - assert_trap, assert_exhaustion, assert_uninstantiable,
 *   assert_unlinkable: the failure must be of the right kind (a trap; call
 *   stack exhausted; a trap during instantiation; a link error) and our
 *   message must start with the expected text.
 * - assert_malformed: text must fail to parse, a binary must fail to decode
 *   or validate. assert_invalid: the module (or component) must parse, then
 *   fail to decode or validate. Their messages are not compared (libcomp words its errors
 *   differently from the reference interpreter).
 *
 * The runner never prints: failures, skips and spectest prints go to the
 * callbacks. No global state: scripts can run in parallel, one per call. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/error.h"
#include "rt/core.h"

typedef struct rt_wast_counts {
    uint32_t passed, failed, skipped;
} rt_wast_counts;

typedef struct rt_wast_options {
    /* Validator features (comp/module.h): COMP_FEATURES_WASM2 for the
     * core spec suite. */
    uint32_t features;
    /* Features for components and the core modules inside them
     * (COMP_FEATURES_DEFAULT for the component-model suite). */
    uint32_t component_features;
    /* Store limits; NULL: the defaults. */
    const rt_limits *limits;
    /* Fuel given to every action and instantiation (0: unlimited), so
     * that a runaway guest fails one check instead of hanging the run. */
    uint64_t fuel;
    /* One failed check: the 1-based script line of its command and what
     * was expected and got. NULL: not reported. */
    void (*on_failure)(void *user, uint32_t line, const char *message);
    /* One skipped command, with the reason (no command is skipped today;
     * kept for runners that skip). NULL: not reported. */
    void (*on_skip)(void *user, uint32_t line, const char *message);
    /* A line printed by a spectest print function ("42 : i32"). NULL:
     * dropped. */
    void (*on_print)(void *user, const char *text);
    void *user;
} rt_wast_options;

/* Runs the script `text` (`len` bytes) and adds its results to `counts`.
 * Returns false, with `err` set, only when the script cannot be run at
 * all: it does not read (err has its line and column) or host memory ran
 * out. Failed checks are not errors: they are counted. */
bool rt_wast_run(const char *text, size_t len, const rt_wast_options *options,
                 rt_wast_counts *counts, comp_error *err);

#endif
