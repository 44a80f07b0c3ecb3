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

/* A source map: from byte offsets in the binary comp_wat_to_binary_mapped
 * wrote (counted from where its output starts) back to byte offsets in the
 * text, so errors found in the binary (by the validator) can name the
 * instruction or definition the user wrote. Entries are sorted by `binary`. */
typedef struct comp_wat_srcpos {
    size_t binary, text;
} comp_wat_srcpos;

typedef struct comp_wat_srcmap {
    comp_wat_srcpos *entries; /* malloc'd: comp_wat_srcmap_free */
    size_t count;
} comp_wat_srcmap;

/* comp_wat_to_binary, filling `map` (which the caller frees with
 * comp_wat_srcmap_free, also after a failure). Instructions of function
 * bodies and constant expressions map to their own text; definitions
 * (imports, exports, globals, segments, component items) to their form. */
bool comp_wat_to_binary_mapped(const char *text, size_t len, comp_buf *out,
                               comp_wat_srcmap *map, comp_error *err);

/* The text offset for binary offset `binary`: that of the nearest entry at
 * or before it. False when no entry is at or before it. */
bool comp_wat_srcmap_find(const comp_wat_srcmap *map, size_t binary, size_t *text);

void comp_wat_srcmap_free(comp_wat_srcmap *map);

#endif
