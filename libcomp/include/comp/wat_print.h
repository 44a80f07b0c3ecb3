#ifndef COMP_WAT_PRINT_H
#define COMP_WAT_PRINT_H

/* Printing decoded modules and components in the WebAssembly text format.
 *
 * The output follows the layout of `wasm-tools print`: one field per line,
 * flat instructions indented by block depth, `$name` identifiers taken from
 * the `name` / `component-name` custom sections (other custom sections print
 * as `(@custom "name" ...)` annotations), and every float printed exactly.
 * Parsing the printed text gives back the same binary. Printing is bounded:
 * nesting of components and types deeper than the decoder allows fails with
 * an error instead of recursing without limit. */

#include <stdbool.h>

#include "comp/buf.h"
#include "comp/component.h"
#include "comp/error.h"
#include "comp/module.h"

/* Appends the text of `m` (a `(module ...)` form and a final newline). */
bool comp_module_print_wat(const comp_module *m, comp_buf *out, comp_error *err);

/* Appends the text of `c` (a `(component ...)` form and a final newline). */
bool comp_component_print_wat(const comp_component *c, comp_buf *out, comp_error *err);

#endif
