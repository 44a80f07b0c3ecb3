#ifndef COMP_TEXT_PRINT_H
#define COMP_TEXT_PRINT_H

/* The WAT printer's internals (private to libcomp/src/text/print*.c):
 * output with indentation, identifiers from name sections, floats, and the
 * entry points for module fields, instructions and component definitions. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/component.h"
#include "comp/error.h"
#include "comp/module.h"

/* Nested components/modules and nested type declarations deeper than this
 * are refused (the decoder bounds nesting too; this keeps recursion bounded
 * for hand-built models). */
enum { PR_MAX_DEPTH = 128 };

typedef struct pr {
    comp_buf *out;
    uint32_t indent;
    uint32_t depth;      /* recursion depth of nested definitions */
    comp_arena *arena;   /* scratch, freed when printing ends */
    comp_error *err;
} pr;

/* ---- output (print_out.c) ---------------------------------------------- */

void pr_str(pr *p, const char *s);
void pr_mem(pr *p, const char *s, size_t len);
void pr_fmt(pr *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A newline, then two spaces per indentation level. */
void pr_newline(pr *p);
/* Ends a list printed one item a line: one level out, `)` on its own line. */
void pr_close(pr *p);
/* Ends a module or component whose fields began at output length
 * `fields_start`: with no fields the form stays on one line. */
void pr_close_fields(pr *p, size_t fields_start);
/* A UTF-8 name as a string literal: printable ASCII as is, \t \n \r \" \'
 * \\ escaped, everything else as \u{hex}. */
void pr_name_str(pr *p, comp_str s);
/* Raw bytes as a string literal: printable ASCII as is, the rest as \hh. */
void pr_bytes_str(pr *p, const uint8_t *data, size_t len);
/* "(;N;)" after a space. */
void pr_index_comment(pr *p, uint32_t index);
/* True for the characters of a plain `$id` (the text format's idchar). */
bool pr_is_idchar(uint8_t c);

/* ---- names (print_names.c) -------------------------------------------- */

/* One entry of a name map. `synthetic` means the name cannot be used as
 * the identifier itself (empty, starting with '#', or a duplicate within its
 * map): it prints as $"#GROUPN name" with an (@name "name") annotation. */
typedef struct pr_name {
    uint32_t index;
    comp_str name;
    bool synthetic;
} pr_name;

typedef struct pr_namemap {
    pr_name *items; /* sorted by index */
    uint32_t count;
} pr_namemap;

/* An indirect name map (locals or labels per function). */
typedef struct pr_indirect {
    uint32_t index;
    pr_namemap names;
} pr_indirect;

typedef struct pr_indirectmap {
    pr_indirect *items; /* sorted by index */
    uint32_t count;
} pr_indirectmap;

/* Name maps of a core module's `name` section, by subsection. */
enum {
    PR_CORE_FUNC, PR_CORE_TYPE, PR_CORE_TABLE, PR_CORE_MEMORY, PR_CORE_GLOBAL,
    PR_CORE_ELEM, PR_CORE_DATA, PR_CORE_TAG, PR_CORE_MAPS
};

typedef struct pr_core_names {
    bool has_module_name;
    comp_str module_name;
    pr_namemap maps[PR_CORE_MAPS];
    pr_indirectmap locals, labels;
    int32_t section;     /* custom index of the name section used, or -1 */
} pr_core_names;

/* Reads the module's first `name` custom section. A section that does not
 * decode is ignored (section stays -1 and it prints as @custom). Fails
 * only when out of memory. */
bool pr_core_names_load(pr *p, const comp_module *m, pr_core_names *names);

/* Component index spaces named by `component-name` (sort order). */
enum {
    PR_C_CORE_FUNC, PR_C_CORE_TABLE, PR_C_CORE_MEMORY, PR_C_CORE_GLOBAL,
    PR_C_CORE_TAG, PR_C_CORE_TYPE, PR_C_CORE_MODULE, PR_C_CORE_INSTANCE,
    PR_C_FUNC, PR_C_VALUE, PR_C_TYPE, PR_C_COMPONENT, PR_C_INSTANCE,
    PR_C_SPACES
};

typedef struct pr_comp_names {
    bool has_component_name;
    comp_str component_name;
    pr_namemap maps[PR_C_SPACES];
    int32_t section;
} pr_comp_names;

bool pr_comp_names_load(pr *p, const comp_component *c, pr_comp_names *names);

/* The space of a sort (PR_C_SPACES when the bytes are no sort). */
uint32_t pr_comp_space(comp_sort sort);
/* The group used in synthetic identifiers ("core-func", "type"...). */
const char *pr_comp_space_group(uint32_t space);

/* The entry for `index`, or NULL (binary search). */
const pr_name *pr_namemap_find(const pr_namemap *map, uint32_t index);
const pr_namemap *pr_indirect_find(const pr_indirectmap *map, uint32_t index);

/* Prints the identifier of a named item: $id, $"quoted" or $"#groupN name". */
void pr_identifier(pr *p, const pr_name *n, const char *group);
/* For a definition: " $id" (plus " (@name ...)" when synthetic) if named,
 * then " (;index;)". */
void pr_def_name(pr *p, const pr_namemap *map, const char *group, uint32_t index);
/* For a reference: " $id" if named, else " index". */
void pr_ref(pr *p, const pr_namemap *map, const char *group, uint32_t index);

/* ---- floats (print_float.c) -------------------------------------------- */

/* The exact value as the text format writes it (hex float, inf, nan,
 * nan:0x payload), then a " (;=decimal;)" comment with the shortest decimal
 * that reads back to the same value. */
void pr_f32(pr *p, uint32_t bits);
void pr_f64(pr *p, uint64_t bits);

/* ---- core modules (print_module.c, print_insn.c) ------------------------ */

const char *pr_valtype_name(comp_valtype t);
/* (param ...) (result ...): named parameters one by one, the unnamed ones
 * grouped. `locals` is NULL for types (then no names). */
void pr_signature(pr *p, const comp_functype *ft, const pr_namemap *locals);
/* Prints a whole (module ...) form at the current indentation. `head`
 * (may be NULL) is printed after the keyword instead of the module's own
 * name (a component names its nested modules). */
bool pr_module(pr *p, const comp_module *m, const char *keyword, const char *head);

typedef struct pr_module_ctx {
    const comp_module *m;
    const pr_core_names *names;
} pr_module_ctx;

/* Prints a constant expression (without its final `end`) on the current
 * line, instructions separated by spaces; `count` (may be NULL) gets the
 * number of instructions. */
bool pr_const_expr(pr *p, const pr_module_ctx *mc, const comp_expr *e, uint32_t *count);
/* Prints the instructions of body `code` (function `func_index`) from
 * `at`, one per line, indented by block depth. */
bool pr_func_body(pr *p, const pr_module_ctx *mc, uint32_t func_index,
                  const uint8_t *code, size_t len, size_t offset);

/* ---- components (print_component.c, print_ctype.c) -------------------- */

struct pr_comp_ctx;
/* A whole (component ...) form; `outer` is the enclosing scope. */
bool pr_component(pr *p, const comp_component *c, struct pr_comp_ctx *outer, const char *head);



/* A scope of component index spaces: a component, or the declarations of
 * a component or instance type. Outer aliases resolve through `outer`. */
typedef struct pr_comp_ctx {
    const struct pr_comp_ctx *outer;
    const pr_comp_names *names; /* NULL inside type declarations */
    uint32_t next[PR_C_SPACES]; /* next index in each space */
} pr_comp_ctx;

/* Reference to item `index` of space `space`: " $name" or " N". */
void pr_cref(pr *p, const pr_comp_ctx *cc, uint32_t space, uint32_t index);
/* Definition naming for the next index of `space`: " $name (;N;)". */
void pr_cdef(pr *p, pr_comp_ctx *cc, uint32_t space);
void pr_cvaltype(pr *p, const pr_comp_ctx *cc, comp_cvaltype t);
/* "func", "core func", "type"...: the sort keyword. */
const char *pr_sort_keyword(comp_sort s);
void pr_extern_name(pr *p, const comp_extern_name *n);
void pr_alias(pr *p, pr_comp_ctx *cc, const comp_alias *a);
/* `(type $n (;N;) ...)` for a component type definition. */
bool pr_ctype_def(pr *p, pr_comp_ctx *cc, const comp_type *t);
/* `(core type $n (;N;) ...)`. */
bool pr_core_type_def(pr *p, pr_comp_ctx *cc, const comp_core_type *t);
/* An import's or export's type: (func $n (;N;) (type 3)), (instance ...).
 * With `define`, the item gets the next index of its space. */
void pr_externtype(pr *p, pr_comp_ctx *cc, const comp_externtype *et, bool define);
/* `(value $v (;N;) valtype val)` (print_value.c). */
bool pr_value_def(pr *p, pr_comp_ctx *cc, const comp_value *v);

#endif
