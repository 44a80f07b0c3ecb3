#ifndef COMP_TEXT_WAST_PARTS_H
#define COMP_TEXT_WAST_PARTS_H

/* Pieces of the WAST script reader (private): wast_script.c reads the
 * commands, wast_module.c the module and component forms, wast_value.c
 * the constants. All of them work on the s-expression tree of the script;
 * its depth is bounded by the reader, so recursion over it is too. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/wast.h"
#include "text/literals.h"
#include "text/sexpr.h"

comp_wast_pos wast_pos(text_pos pos);

/* Copies a token's decoded value (string contents, id without '$') into
 * the arena; false when out of memory. */
bool wast_copy_str(comp_arena *arena, const text_token *t, comp_str *out);

/* Reads a `(module ...)` or `(component ...)` form, parsing text forms
 * with the WAT parser. Fails only for what makes the form unreadable as a
 * script form (or out of memory); text that does not parse is recorded in
 * the module's `error`. */
bool wast_read_module(const text_sexpr *form, comp_arena *arena, comp_wast_module **out,
                      comp_error *err);

/* Reads a script made of bare module fields (an inline module). */
bool wast_read_inline_module(const text_sexpr *root, comp_arena *arena,
                             comp_wast_module **out, comp_error *err);

/* Reads a constant such as `(i32.const 1)` or `(str.const "a")`. Result
 * patterns (nan:canonical, `(either ...)`...) are accepted only when
 * `result` is set. */
bool wast_read_value(const text_sexpr *e, bool result, comp_arena *arena,
                     comp_wast_value *out, comp_error *err);

#endif
