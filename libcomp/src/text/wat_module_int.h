#ifndef COMP_TEXT_WAT_MODULE_INT_H
#define COMP_TEXT_WAT_MODULE_INT_H

/* Shared state of the core module text parser (private to wat_module*.c;
 * the component parser uses its annotation functions too).
 *
 * The parser makes two passes over the module fields: the first gives
 * every definition its index (so $names can be used before they are
 * defined), the second parses types, bodies and segments and fills the
 * comp_module. Arrays grow in the arena (doubling, so the waste is
 * bounded). */

#include <stdbool.h>
#include <stdint.h>

#include "comp/buf.h"
#include "comp/module.h"
#include "text/literals.h"
#include "text/sexpr.h"

/* One $name bound to an index. */
typedef struct wat_name {
    const uint8_t *id;
    uint32_t len;
    uint32_t index;
} wat_name;

/* An index space with its $names (hashed, for lookups without scans). */
typedef struct wat_space {
    const char *what;       /* "func", "table"... for messages */
    uint32_t count;         /* entries so far */
    comp_vec names;          /* wat_name, in definition order */
    comp_vec renames;        /* wat_name from (@name ...), by increasing index */
    uint32_t *slots;        /* hash table: 1 + position in names, 0 = empty */
    uint32_t slot_cap;
} wat_space;

/* Local and label names of one function, for the name section. */
typedef struct wat_func_names {
    uint32_t func;
    comp_vec locals;         /* wat_name */
    comp_vec labels;         /* wat_name */
} wat_func_names;

/* Where an `(@custom ...)` section goes, as wasm-tools places it. */
enum {
    WAT_PLACE_BEFORE_FIRST,
    WAT_PLACE_BEFORE,       /* before the section `anchor` (a COMP_SEC_* id) */
    WAT_PLACE_AFTER,        /* after the section `anchor` */
    WAT_PLACE_AFTER_LAST,   /* the default: after all known sections */
    WAT_PLACE_NAME,         /* the `name` section: the very last */
};

typedef struct wat_custom {
    comp_custom section;
    uint8_t place, anchor;
} wat_custom;

/* An `(@name "...")` annotation and the item just before it (the $id or
 * keyword it names). */
typedef struct wat_name_annot {
    const text_sexpr *key;
    const text_sexpr *value;    /* the string atom */
} wat_name_annot;

typedef struct wat_opname {
    const char *name;
    uint32_t op;
} wat_opname;

typedef struct wat_parser {
    comp_arena *arena;
    comp_error *err;
    comp_module *m;
    const text_token *module_name;  /* NULL when the module has no $id */

    wat_space types, funcs, tables, memories, globals, elems, datas, tags;
    uint32_t explicit_types;        /* `(type ...)` fields; implicit ones follow */

    comp_vec type_list, imports, funcs_list, table_list, memory_list, global_list, export_list,
        elem_list, data_list, code_list, tag_list; /* comp_* elements */
    comp_vec func_names;             /* wat_func_names, functions with named locals/labels */
    comp_vec customs;                /* wat_custom, in source order (`name` last) */
    comp_vec name_annots;            /* wat_name_annot, sorted by key */
    uint32_t *type_slots;           /* hash of type_list signatures: 1 + first index, 0 = empty */
    uint32_t type_slot_cap;
    comp_vec memory64;               /* uint8_t per memory index: 1 when its index type is i64 */
    bool needs_data_count;          /* memory.init or data.drop appear */

    struct wat_marks *marks;        /* instruction positions for a source map, or NULL */

    wat_opname *ops;                /* sorted by name */
    uint32_t op_count;

    /* The function body being parsed. */
    wat_space locals;
    const comp_valtype *local_types;
    uint32_t local_count;
    comp_vec labels;                 /* const text_token * (NULL: unnamed), innermost last */
    uint32_t label_ordinal;         /* blocks so far in this body (label name indices) */
    comp_vec label_names;            /* wat_name */
} wat_parser;

/* ---- helpers (wat_module_util.c) ---- */
bool wat_oom(wat_parser *p, const text_sexpr *at);
bool wat_fail(wat_parser *p, const text_sexpr *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "unexpected token" style failure naming what was expected. */
bool wat_expected(wat_parser *p, const text_sexpr *at, const char *what);
bool wat_is_keyword(const text_sexpr *e, const char *kw);
bool wat_is_id(const text_sexpr *e);
bool wat_tok_is(const text_token *t, const char *kw);
comp_str wat_arena_str(wat_parser *p, const uint8_t *s, size_t len);
/* A string atom's bytes as a UTF-8 name ("malformed UTF-8 encoding"). */
bool wat_name_string(wat_parser *p, const text_sexpr *e, comp_str *out);

void wat_space_init(wat_space *s, const char *what);
/* Gives the next index of `s`, binding `id` (an ID atom, or NULL). */
bool wat_space_add(wat_parser *p, wat_space *s, const text_sexpr *id, uint32_t *index);
/* Like wat_space_add, with the (@name ...) annotation following `key`
 * (the $id, or the field's keyword when it has none) giving the name. */
bool wat_space_add_named(wat_parser *p, wat_space *s, const text_sexpr *id,
                         const text_sexpr *key, uint32_t *index);
bool wat_space_find(const wat_space *s, const uint8_t *id, size_t len, uint32_t *index);
/* An index: a u32 or a $name of `s` ("unknown func $f"). */
bool wat_index(wat_parser *p, wat_space *s, const text_sexpr *e, uint32_t *out);
/* True when `e` can be an index (a number without sign, or an $id). */
bool wat_is_index(const text_sexpr *e);

/* ---- types (wat_module_types.c) ---- */
bool wat_valtype(wat_parser *p, const text_sexpr *e, comp_valtype *out);
bool wat_reftype(wat_parser *p, const text_sexpr *e, comp_valtype *out);
/* A function type's `(param ...)*` `(result ...)*` starting at items[*at]
 * of `list`; advances *at. When `param_names` is non-NULL it gets one
 * `const text_sexpr *` per parameter: its $id atom, else the `param`
 * keyword of a one-type list (an (@name ...) may follow it), else NULL. */
bool wat_functype_items(wat_parser *p, const text_sexpr *list, uint32_t *at, comp_functype *out,
                        comp_vec *param_names);
/* A type use `(type x)? (param ...)* (result ...)*` at items[*at]: the
 * index of its type, adding an implicit type at the end when needed. */
bool wat_typeuse(wat_parser *p, const text_sexpr *list, uint32_t *at, uint32_t *type,
                 comp_vec *param_names);
/* Records type_list[index] for wat_type_for (explicit types, in order). */
bool wat_type_note(wat_parser *p, uint32_t index);
/* Index of the first type equal to `ft`, appending it when none exists. */
bool wat_type_for(wat_parser *p, const comp_functype *ft, const text_sexpr *at, uint32_t *index);
/* True for the `i64` index type of memory64 / table64. */
bool wat_index_type_is64(const text_sexpr *e);
/* Limits `(i32|i64)? min max? shared?` at items[*at] (u64 values with
 * i64, else u32); advances *at. */
bool wat_limits(wat_parser *p, const text_sexpr *list, uint32_t *at, comp_limits *out);

/* ---- instructions (wat_module_insn.c) ---- */
bool wat_ops_init(wat_parser *p);
/* Encodes instructions items[from..] of `list` into `out`, then `end`. */
bool wat_expr(wat_parser *p, const text_sexpr *list, uint32_t from, comp_buf *out);
/* Copies the bytes of `b` into the arena as a comp_expr (frees `b`). */
bool wat_finish_expr(wat_parser *p, comp_buf *b, const text_sexpr *at, comp_expr *out);

/* ---- fields (wat_module_fields.c, wat_module_segments.c) ---- */
bool wat_declare_fields(wat_parser *p, const text_sexpr *form, uint32_t first);
bool wat_define_fields(wat_parser *p, const text_sexpr *form, uint32_t first);
bool wat_elem_field(wat_parser *p, const text_sexpr *f);
bool wat_data_field(wat_parser *p, const text_sexpr *f);
/* `(elem ...)` inside a table / `(data ...)` inside a memory. */
bool wat_inline_elem(wat_parser *p, const text_sexpr *elem, uint32_t table, comp_valtype type,
                     uint32_t *count);
bool wat_inline_data(wat_parser *p, const text_sexpr *data, uint32_t memory, bool is64,
                     uint64_t *bytes);
/* True when memory `index` has the i64 index type (declared in pass one). */
bool wat_memory_is64(const wat_parser *p, uint32_t index);
/* Concatenated data strings items[from..] of `list`. */
bool wat_data_strings(wat_parser *p, const text_sexpr *list, uint32_t from, const uint8_t **bytes,
                      uint32_t *len);

/* ---- annotations (wat_module_annot.c) ---- */
/* The module form without its annotations: `(@name ...)` are recorded
 * for wat_annot_name, module-level `(@custom ...)` become p->customs,
 * others are ignored. Lists holding no annotation are shared, not copied. */
bool wat_strip_annotations(wat_parser *p, const text_sexpr *form, uint32_t first,
                           const text_sexpr **out);
/* The same for a component form (the component parser keeps a wat_parser
 * for its annotations only): component-level `(@custom ...)` stay in place,
 * since a component's custom sections go where they are written, and the
 * fields of a `(core module ...)` keep theirs for the module parser (the
 * `(@name ...)` in its head is taken). */
bool wat_strip_component_annotations(wat_parser *p, const text_sexpr *form, uint32_t first,
                                     const text_sexpr **out);
/* Reads annotation `(@custom "name" (before|after place)? "bytes"*)`. */
bool wat_custom_annotation(wat_parser *p, const text_sexpr *a, wat_custom *out);
/* The `(@name "...")` string atom that follows `key`, or NULL. */
const text_sexpr *wat_annot_name(const wat_parser *p, const text_sexpr *key);

/* ---- name section (wat_module_names.c) ---- */
bool wat_name_section(wat_parser *p);

#endif
