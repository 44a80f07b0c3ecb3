#ifndef COMP_WAT_H
#define COMP_WAT_H

/* The WebAssembly text format (WAT): parsing into the same models the
 * binary decoders produce, so comp_module_encode / comp_component_encode
 * write the binary. Errors carry the offset, line and column of the token
 * at fault and say what was expected. Everything the results point to lives
 * in `arena`; the text itself need not outlive the call. */

#include <stdbool.h>
#include <stddef.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/component.h"
#include "comp/error.h"
#include "comp/module.h"

/* Parses one core module: `(module $id? field*)` or bare module fields. */
bool comp_wat_parse_module(const char *text, size_t len, comp_arena *arena,
                           comp_module **out, comp_error *err);

/* Parses one component: `(component $id? ...)`. */
bool comp_wat_parse_component(const char *text, size_t len, comp_arena *arena,
                              comp_component **out, comp_error *err);

/* Detects `(module ...)`, `(component ...)` or bare module fields and
 * appends the binary encoding to `out`. */
bool comp_wat_to_binary(const char *text, size_t len, comp_buf *out, comp_error *err);

#endif
