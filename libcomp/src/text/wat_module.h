#ifndef COMP_TEXT_WAT_MODULE_H
#define COMP_TEXT_WAT_MODULE_H

/* Core module text format -> comp_module (private). */

#include <stdbool.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/error.h"
#include "comp/module.h"
#include "text/sexpr.h"

/* Parses a core module from list `form` whose module fields start at
 * form->items[first_field]: the caller has skipped `module` (or `core
 * module`) and the optional $id. The caller handles `binary` and `quote`
 * forms. When form->items[first_field - 1] is an $id, it is the module's
 * name and goes into the `name` custom section, as wasm-tools does. Bodies,
 * expressions, names and strings are allocated in `arena`. */
bool wat_module_from_sexpr(const text_sexpr *form, uint32_t first_field,
                           comp_arena *arena, comp_module **out, comp_error *err);

/* The same for a component's `(core module $id? (@name "n")? ...)`, whose
 * head annotation the component parser has already taken: `name_annot`
 * (the string atom, or NULL) names the module instead of its $id. With
 * `marks` non-NULL, instruction positions are recorded there. */
struct wat_marks;
bool wat_module_from_sexpr_named(const text_sexpr *form, uint32_t first_field,
                                 const text_sexpr *name_annot, comp_arena *arena,
                                 struct wat_marks *marks, comp_module **out, comp_error *err);

#endif
