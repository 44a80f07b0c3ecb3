#ifndef COMP_TEXT_WAT_COMPONENT_PARSER_H
#define COMP_TEXT_WAT_COMPONENT_PARSER_H

/* Internals of the component text parser, shared by the wat_component*.c
 * files (private to them).
 *
 * The parser works in one pass over the definitions, in the order
 * wasm-tools' expansion and resolution passes give:
 *   - inline type expressions are defined (as separate types) right before
 *     the definition that uses them, innermost first;
 *   - inline instance bundles `(with "n" (instance (export ...)*))` become
 *     separate instances right before the instantiation;
 *   - references that need an alias (an inline export reference
 *     `(func $i "f")`, or an identifier found in an enclosing component or
 *     type) get the alias inserted right before the definition that uses
 *     them, after its inline types;
 *   - inline `(export "n")` on a definition becomes an export at the end.
 * So each definition is parsed in two steps: its syntax is read while
 * inline types are defined, and its references are recorded as fixups;
 * then the fixups are resolved in wasm-tools' order (which may emit
 * aliases) and the definition itself is emitted. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/component.h"
#include "comp/error.h"
#include "text/sexpr.h"

/* Index spaces, in the order wasm-tools writes their name subsections. */
enum {
    WC_CORE_FUNC,
    WC_CORE_TABLE,
    WC_CORE_MEMORY,
    WC_CORE_GLOBAL,
    WC_CORE_TAG,
    WC_CORE_TYPE,
    WC_CORE_MODULE,
    WC_CORE_INSTANCE,
    WC_FUNC,
    WC_VALUE,
    WC_TYPE,
    WC_COMPONENT,
    WC_INSTANCE,
    WC_NS_COUNT,
};

typedef struct wc_name_entry {
    const uint8_t *name; /* NULL: empty slot */
    uint32_t len;
    uint8_t ns;
    uint32_t index;
} wc_name_entry;

typedef struct wc_naming {
    uint32_t index;
    comp_str name;
} wc_naming;

enum {
    WC_SCOPE_COMPONENT,
    WC_SCOPE_COMPONENT_TYPE,
    WC_SCOPE_INSTANCE_TYPE,
    WC_SCOPE_MODULE_TYPE,
};

typedef struct wc_scope wc_scope;
struct wc_scope {
    wc_scope *parent;
    uint8_t kind;                 /* WC_SCOPE_* */
    const text_sexpr *id;         /* the scope's $id atom, or NULL */
    uint32_t count[WC_NS_COUNT];  /* items in each index space */
    wc_name_entry *table;         /* $id -> index, open addressing */
    uint32_t table_cap, table_len;
    /* COMPONENT: the items by kind and the sections in order. */
    comp_vec sections, customs, modules, core_instances, core_types, components,
        instances, aliases, types, canons, starts, imports, exports, values;
    comp_vec names[WC_NS_COUNT];    /* COMPONENT: wc_naming for the name section */
    comp_vec appended;              /* COMPONENT: comp_cexport from inline exports */
    /* COMPONENT: per type index, the `const comp_type *` of a type defined
     * here (or reached by an outer alias), NULL for imported or aliased
     * types: value definitions encode by it. */
    comp_vec type_defs;
    /* COMPONENT_TYPE, INSTANCE_TYPE: comp_decl; MODULE_TYPE: comp_moduledecl */
    comp_vec decls;
};

struct wat_parser;

typedef struct wc_ctx {
    comp_arena *arena;
    comp_error *err;
    wc_scope *scope; /* innermost */
    unsigned depth;  /* nesting of components and types */
    /* The `(@name ...)` annotations, recorded by the module parser's
     * annotation stripper (NULL: none). */
    struct wat_parser *annots;
    /* Instruction positions of nested core modules, or NULL. */
    struct wat_marks *marks;
} wc_ctx;

enum { WC_MAX_DEPTH = 100 };

/* A reference waiting to be resolved: list->items[at] is the index or $id,
 * followed by `names` export names (inline export alias sugar). The result
 * goes to *slot. */
typedef struct wc_fixup {
    uint32_t *slot;
    const text_sexpr *list;
    uint32_t at, names;
    uint8_t ns;
} wc_fixup;

typedef struct wc_fixups {
    comp_vec items; /* wc_fixup */
} wc_fixups;

/* ---- errors and syntax helpers (wat_component_syntax.c) ----------------- */

bool wc_fail(wc_ctx *cx, const text_sexpr *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool wc_oom(wc_ctx *cx, const text_sexpr *at);
bool wc_is_kw(const text_sexpr *e, const char *kw);
bool wc_is_form(const text_sexpr *e, const char *kw);
/* `(core KW ...)` */
bool wc_is_core_form(const text_sexpr *e, const char *kw);
bool wc_is_id(const text_sexpr *e);
bool wc_is_index(const text_sexpr *e); /* an $id or an integer */
bool wc_is_string(const text_sexpr *e);
/* A string atom as a UTF-8 name (checked). */
bool wc_name(wc_ctx *cx, const text_sexpr *e, comp_str *out);
bool wc_u32(wc_ctx *cx, const text_sexpr *e, uint32_t *out);
/* Fails unless list `e` has exactly `n` items. */
bool wc_expect_end(wc_ctx *cx, const text_sexpr *e, uint32_t n);
/* The item after the last one, for "expected ... at the end" messages. */
const text_sexpr *wc_item_or_self(const text_sexpr *e, uint32_t i);

/* ---- scopes, index spaces, resolution (wat_component_scope.c) ---------- */

void wc_scope_init(wc_scope *s, wc_scope *parent, uint8_t kind, const text_sexpr *id);
/* Adds an item to index space `ns` of the current scope, binding `id` (an
 * $id atom or NULL). Records the name for the name section. */
bool wc_define(wc_ctx *cx, uint8_t ns, const text_sexpr *id, uint32_t *index);
/* wc_define for the definition `form`: without a $id, an `(@name "...")`
 * after its keyword (`(type (@name "t") ...)`, `(import "i" (func
 * (@name "f") ...))`) still names the item in the component-name section. */
bool wc_define_in(wc_ctx *cx, uint8_t ns, const text_sexpr *id, const text_sexpr *form,
                  uint32_t *index);
/* The `(@name "...")` string atom that follows `key` (an $id or a
 * keyword), or NULL. */
const text_sexpr *wc_annot_name(const wc_ctx *cx, const text_sexpr *key);
/* Looks up `$id` in one scope. */
bool wc_lookup(const wc_scope *s, uint8_t ns, const text_sexpr *id, uint32_t *index);

void wc_fixup_add(wc_ctx *cx, wc_fixups *f, uint32_t *slot, uint8_t ns,
                  const text_sexpr *list, uint32_t at, uint32_t names);
/* Resolves every fixup in order (emitting aliases as needed). */
bool wc_fixups_resolve(wc_ctx *cx, wc_fixups *f);
/* Resolves one index (with outer alias injection). */
bool wc_resolve(wc_ctx *cx, uint8_t ns, const text_sexpr *ref, uint32_t *out);

/* Emits an alias into the current scope and registers it (binding `id`). */
/* `form` (or NULL): the `(alias ...)` written, whose target may carry an
 * `(@name ...)` in place of a $id. */
bool wc_emit_alias(wc_ctx *cx, const comp_alias *a, const text_sexpr *id,
                   const text_sexpr *form, uint32_t *index);
/* The index space an alias of sort `s` adds to. */
uint8_t wc_ns_of_sort(comp_sort s);
comp_sort wc_sort_of_ns(uint8_t ns);

/* ---- the component builder (wat_component.c) --------------------------- */

/* Appends an item of section kind `id` to the current component scope,
 * grouping consecutive items of one kind into a section. Returns a pointer
 * to the zeroed item (valid until the next append of that kind). */
void *wc_append(wc_ctx *cx, uint8_t id, const text_sexpr *at);
/* Emits a type into the current scope (component or type scope). */
bool wc_emit_type(wc_ctx *cx, const comp_type *t, const text_sexpr *id, const text_sexpr *at,
                  uint32_t *index);
bool wc_emit_core_type(wc_ctx *cx, const comp_core_type *t, const text_sexpr *id,
                       const text_sexpr *at, uint32_t *index);
bool wc_components_fields(wc_ctx *cx, const text_sexpr *form, uint32_t first);

/* ---- types (wat_component_types.c) -------------------------------------- */

/* A value type: primitive, reference (fixup) or inline (defined now). */
bool wc_valtype(wc_ctx *cx, const text_sexpr *list, uint32_t at, comp_cvaltype *out,
                wc_fixups *f);
/* A complete type definition `e` (a deftype) into *out. */
bool wc_deftype(wc_ctx *cx, const text_sexpr *e, comp_type *out);
/* Parses `(type $id? (export "n")* deftype)` in the current scope. */
bool wc_type_field(wc_ctx *cx, const text_sexpr *e);
bool wc_core_type_field(wc_ctx *cx, const text_sexpr *e);
/* An externtype with a bindable id: `(func $id? typeuse)`, ... `e` is the
 * list; on return *id is its $id (or NULL). Inline types are defined now. */
bool wc_externtype(wc_ctx *cx, const text_sexpr *e, comp_externtype *out,
                   const text_sexpr **id, wc_fixups *f);
/* The index space an externtype kind adds to. */
uint8_t wc_ns_of_extern(const comp_externtype *t);
/* The type use or bound of an extern type whose kind is set, from
 * e->items[at...]. */
bool wc_externtype_at(wc_ctx *cx, const text_sexpr *e, uint32_t at, comp_externtype *out,
                      wc_fixups *f);
bool wc_core_valtype(wc_ctx *cx, const text_sexpr *e, comp_valtype *out);

/* ---- items (wat_component_items.c) --------------------------------------- */

bool wc_extern_name(wc_ctx *cx, const text_sexpr *list, uint32_t *at, comp_extern_name *out);
bool wc_import_field(wc_ctx *cx, const text_sexpr *e);
bool wc_export_field(wc_ctx *cx, const text_sexpr *e);
bool wc_alias_field(wc_ctx *cx, const text_sexpr *e);
bool wc_instance_field(wc_ctx *cx, const text_sexpr *e);
bool wc_core_instance_field(wc_ctx *cx, const text_sexpr *e);
bool wc_start_field(wc_ctx *cx, const text_sexpr *e);

/* ---- value definitions (wat_component_values.c) ------------------------ */

/* `(value $id? valtype val)` in a component. */
bool wc_value_field(wc_ctx *cx, const text_sexpr *e);
/* The definition of type `index` of the current component (NULL when the
 * type is imported, aliased from an instance, or out of range). */
const comp_type *wc_type_def(const wc_ctx *cx, uint32_t index);
/* `(alias ...)` inside a component or instance type. */
bool wc_alias_parse(wc_ctx *cx, const text_sexpr *e, comp_alias *out, const text_sexpr **id);
/* A reference `(SORT idx name*)` or `(core SORT idx name?)` or a bare index
 * when `bare_ns` is not WC_NS_COUNT. */
bool wc_sortidx(wc_ctx *cx, const text_sexpr *e, comp_sortidx *out, wc_fixups *f);
/* Records inline `(export "n")` forms starting at items[*at]. */
bool wc_inline_exports(wc_ctx *cx, const text_sexpr *e, uint32_t *at, comp_vec *names);
/* The `$id` at items[*at], stepping past it; NULL when there is none. */
const text_sexpr *wc_take_id(const text_sexpr *e, uint32_t *at);
/* The head of a definition from items[*at]: an optional `$id`, then inline
 * `(export "n")` forms; false (error set) on a malformed export. */
bool wc_def_head(wc_ctx *cx, const text_sexpr *e, uint32_t *at, const text_sexpr **id,
                 comp_vec *exports);
bool wc_is_inline_import(const text_sexpr *x);
void wc_append_exports(wc_ctx *cx, const comp_vec *names, comp_sort sort, uint32_t index);

/* ---- canonical definitions (wat_component_canon.c) ---------------------- */

/* `(canon ...)`; `sugar_id`/`sugar_type`: from `(core func $id (canon ...))`
 * or `(func $id type (canon lift ...))` (NULL otherwise). */
bool wc_canon_field(wc_ctx *cx, const text_sexpr *canon, const text_sexpr *outer);
/* A core-prefixed index: `$x`, `N`, `(core KW $x)`, `(core KW $i "n")` or
 * the legacy `(KW $x)`. */
bool wc_core_ref(wc_ctx *cx, const text_sexpr *e, uint8_t ns, const char *kw, uint32_t *slot,
                 wc_fixups *f);

#endif
