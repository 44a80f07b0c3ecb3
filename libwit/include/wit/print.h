#ifndef WIT_PRINT_H
#define WIT_PRINT_H

/* WIT text of a resolved model, identical to what wasm-tools' printer
 * (`wasm-tools component wit`, `jco wit`) writes for the same packages:
 * two-space indentation, `use` statements first, then type definitions in
 * dependency order, then functions; worlds printed elaborated (includes
 * merged, implicit imports listed); docs as `///` lines; gates as
 * `@since(version = ...)` / `@unstable(feature = ...)` lines; keywords used
 * as names escaped with `%`. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/buf.h"
#include "wit/resolve.h"

/* Appends package `pkg` in the main-package form (`package a:b;` header).
 * Returns false if out of memory (`out->oom`) or if the model holds
 * something WIT cannot spell (then `why`, if non-NULL, says what). */
bool wit_print_package(const wit_resolve *r, uint32_t pkg, comp_buf *out,
                       char *why, size_t why_size);

/* Appends `r->main_package`, then every other package of the model as a
 * nested `package a:b { ... }` block, in the model's (topological) order:
 * the output of `wasm-tools component wit DIR`. */
bool wit_print_all(const wit_resolve *r, comp_buf *out, char *why, size_t why_size);

#endif
