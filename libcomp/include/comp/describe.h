#ifndef COMP_DESCRIBE_H
#define COMP_DESCRIBE_H

/* Describing decoded modules and components for people: section names,
 * component index spaces (which definition each index names), and types
 * printed in a readable one-line form close to the WAT text format, with
 * type indices resolved to their definitions:
 *
 *   core:       (func (param i32 i32) (result i32))   (memory 1 16)
 *   component:  func (param "x" u32) (result string)
 *               instance { export "f" (func (result (list u8))) }
 *
 * Types imported or exported as abstract resources, and types aliased from
 * an instance's exports, print as their name. Describing never fails on bad
 * indices (it prints the raw index instead) and does bounded work per call:
 * after COMP_DESCRIBE_BUDGET printed type nodes, or below
 * COMP_DESCRIBE_MAX_DEPTH levels of nesting, it prints "..." instead. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/component.h"
#include "comp/error.h"
#include "comp/module.h"

enum {
    COMP_DESCRIBE_BUDGET = 4096,
    COMP_DESCRIBE_MAX_DEPTH = 32,
};

/* ---- names -------------------------------------------------------------- */

/* "type", "import"... for core module section ids; NULL when unknown. */
const char *comp_module_section_name(uint8_t id);
/* "core module", "canon"... for component section ids; NULL when unknown. */
const char *comp_component_section_name(uint8_t id);
/* Appends `name` in double quotes, escaping quotes, backslashes and control
 * characters as the WAT text format does ("a\"b", "\u{1b}"). */
void comp_describe_quoted(comp_buf *out, comp_str name);

/* "func", "table", "memory", "global", "tag" (core extern kinds). */
const char *comp_core_extern_name(uint8_t kind);

/* Bytes taken by section `i` of a module or component, header included
 * (from its id byte to the next section or the end), so the sizes of all
 * sections add up to the size minus the 8-byte preamble. */
size_t comp_module_section_size(const comp_module *m, uint32_t i);
size_t comp_component_section_size(const comp_component *c, uint32_t i);

/* ---- index spaces of a component ---------------------------------------- */

typedef enum comp_space {
    COMP_SPACE_CORE_FUNC,
    COMP_SPACE_CORE_TABLE,
    COMP_SPACE_CORE_MEMORY,
    COMP_SPACE_CORE_GLOBAL,
    COMP_SPACE_CORE_TAG,
    COMP_SPACE_CORE_TYPE,
    COMP_SPACE_CORE_MODULE,
    COMP_SPACE_CORE_INSTANCE,
    COMP_SPACE_FUNC,
    COMP_SPACE_VALUE,
    COMP_SPACE_TYPE,
    COMP_SPACE_COMPONENT,
    COMP_SPACE_INSTANCE,
    COMP_SPACE_COUNT /* also "no such space" */
} comp_space;

/* The space a sort (or an externtype kind: COMP_SORT_CORE there means a
 * core module) indexes; COMP_SPACE_COUNT for bytes that are no sort. */
comp_space comp_space_of_sort(comp_sort sort);
comp_space comp_space_of_extern(uint8_t externtype_kind);
/* "core func", "func", "instance"... */
const char *comp_space_name(comp_space space);

/* Where one index came from: the section kind that defined it (COMP_CSEC_*)
 * and the item's position in the component's array for that kind
 * (imports[], aliases[], types[], canons[], exports[], starts[]...). */
typedef struct comp_space_entry {
    uint8_t section;
    uint32_t item;
} comp_space_entry;

typedef struct comp_index_spaces {
    comp_space_entry *entries[COMP_SPACE_COUNT];
    uint32_t counts[COMP_SPACE_COUNT];
} comp_index_spaces;

/* Builds the index spaces of `c` (not of its nested components) in the
 * arena, following the definitions in section order. Fails only when out
 * of memory. */
bool comp_index_spaces_build(const comp_component *c, comp_arena *arena,
                             comp_index_spaces *out, comp_error *err);

/* The entry of `index` in `space`, or NULL when out of range. */
const comp_space_entry *comp_index_space_at(const comp_index_spaces *s, comp_space space,
                                            uint32_t index);

/* A component with its index spaces, inside its enclosing component (NULL
 * at the top), for resolving outer aliases. */
typedef struct comp_scope {
    const struct comp_scope *outer;
    const comp_component *component;
    const comp_index_spaces *spaces;
} comp_scope;

/* ---- core types --------------------------------------------------------- */

/* (func (param i32) (result i32)) */
void comp_describe_core_functype(comp_buf *out, const comp_functype *ft);
/* The descriptor of a core import: (func ...), (table 1 funcref),
 * (memory 1 2), (global (mut i32)), (tag (param i32)). */
void comp_describe_core_import(comp_buf *out, const comp_module *m, const comp_import *imp);

/* A core module's imports sorted by kind, for finding the type of an
 * exported table, memory, global or tag in constant time. */
typedef struct comp_core_view {
    const comp_module *module;
    const comp_import **imports[COMP_EXTERN_TAG + 1];
    uint32_t counts[COMP_EXTERN_TAG + 1];
} comp_core_view;

bool comp_core_view_init(comp_core_view *v, const comp_module *m, comp_arena *arena,
                         comp_error *err);
/* The type of what a core export names, e.g. (func (param i32)) or
 * (memory 2); (func 7) style raw references when out of range. */
void comp_describe_core_export(comp_buf *out, const comp_core_view *v, const comp_export *e);

/* ---- component types ---------------------------------------------------- */

/* The type of an import or export: func (param "x" u32) (result string),
 * instance { ... }, component { ... }, core module { ... }, value u32,
 * type (sub resource), type (eq T). `scratch` holds temporary lookup
 * tables (freed with the arena). */
void comp_describe_externtype(comp_buf *out, const comp_scope *scope,
                              const comp_externtype *et, comp_arena *scratch);

/* The type of the definition `item` names in `scope`, as far as it can be
 * derived without validation (lifted, imported and aliased functions,
 * imported and inline-export instances, instantiated components...);
 * otherwise its sort and where it came from. */
void comp_describe_item(comp_buf *out, const comp_scope *scope, comp_sortidx item,
                        comp_arena *scratch);

/* A component value type: u32, (list string), a resolved type index... */
void comp_describe_valtype(comp_buf *out, const comp_scope *scope, comp_cvaltype t,
                           comp_arena *scratch);

#endif
