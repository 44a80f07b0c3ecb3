#ifndef COMP_TEXT_WAT_COMPONENT_H
#define COMP_TEXT_WAT_COMPONENT_H

/* The component text format (private): builds a comp_component from an
 * s-expression tree, following the text grammar of docs/spec/Explainer.md
 * with the abbreviations wasm-tools accepts. The model it produces encodes
 * (comp_component_encode) to the bytes `wasm-tools parse` writes, including
 * the `component-name` custom section for $identifiers. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/component.h"
#include "comp/error.h"
#include "text/sexpr.h"

/* Parses a component from the list `form` whose fields start at
 * items[first_field]: for `(component $id? field*)` the caller skips the
 * keyword and the optional $id. Names point into the source text (which
 * must outlive the model) or into `arena`. On error returns false with
 * `err` set (offset, line and col of the offending token). */
bool wat_component_from_sexpr(const text_sexpr *form, uint32_t first_field,
                              comp_arena *arena, comp_component **out,
                              comp_error *err);

/* The same, recording the instruction positions of nested core modules in
 * `marks` (see wat_marks.h; NULL: none). */
struct wat_marks;
bool wat_component_from_sexpr_marked(const text_sexpr *form, uint32_t first_field,
                                     comp_arena *arena, struct wat_marks *marks,
                                     comp_component **out, comp_error *err);

#endif
