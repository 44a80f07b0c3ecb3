#ifndef COMP_COMPONENT_VALIDATE_H
#define COMP_COMPONENT_VALIDATE_H

/* The component validator's shared state (private).
 *
 * Types are resolved into a store of nodes (`vnode`, named by `vid`) that no
 * longer mention index spaces, so types from different scopes compare
 * structurally. Resource types are the exception: each resource node is its
 * own identity. Every scope (a component, a component type, an instance
 * type) holds its index spaces as arrays of node ids, built incrementally.
 *
 * All work on types is bounded: each node records its nesting depth and its
 * effective size (nodes of its tree expansion, saturating), and nodes beyond
 * VAL_MAX_DEPTH / VAL_MAX_TYPE_SIZE are rejected when they are created, so
 * every recursive walk below is bounded too. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/component.h"

typedef uint32_t vid;
#define VID_NONE UINT32_MAX

enum {
    VAL_MAX_DEPTH = 100,             /* nesting of types and components */
    VAL_MAX_TYPE_SIZE = 1000000,     /* effective type size */
    VAL_MAX_FLAT = 17,               /* flattening is tracked to this many */
};

/* Node kinds beyond the COMP_TYPE_* / COMP_PRIM_* bytes. */
enum {
    VK_CORE_FUNC = 0x01,
    VK_CORE_MODULE = 0x02,
    VK_CORE_INSTANCE = 0x03,
};

/* A component value type: a primitive (prim != 0) or a defined type node. */
typedef struct vval {
    uint8_t prim;
    vid id;
} vval;

/* Record fields, variant cases, tuple members (empty label), flag and enum
 * labels (no type), function parameters. */
typedef struct vfield {
    comp_str label;
    bool has_type;
    vval type;
} vfield;

/* The type of an item of a component-level sort. */
typedef struct ventity {
    uint8_t sort;   /* COMP_SORT_*; COMP_SORT_CORE means a core module */
    vid type;       /* FUNC, COMPONENT, INSTANCE, CORE (module), TYPE (the type) */
    vval value;     /* VALUE */
} ventity;

typedef struct vnamed {
    comp_str name;
    ventity e;
} vnamed;

/* The type of a core item (imports and exports of core modules). */
typedef struct vcore_extern {
    uint8_t kind;   /* COMP_EXTERN_* */
    vid func;       /* FUNC, TAG: a VK_CORE_FUNC node */
    comp_tabletype table;
    comp_limits memory;
    comp_globaltype global;
} vcore_extern;

typedef struct vcore_named {
    comp_str module, name; /* module: imports only */
    vcore_extern e;
} vcore_named;

typedef struct vnode {
    uint8_t kind;          /* COMP_TYPE_*, COMP_PRIM_* or VK_* */
    bool has_resource;     /* transitively refers to a resource type */
    bool has_borrow;       /* transitively contains a borrow handle */
    bool needs_memory;     /* contains a list or string somewhere */
    bool has_type_import;  /* transitively refers to a type_import node */
    uint32_t res_lo, res_hi; /* has_resource: least and greatest origin of
                                the resources it refers to */
    vid named_of;          /* named copies: the type they name (the nearest
                              type_import node, else the original); resource
                              aliases: the resource itself (its identity) */
    vid copy_of;           /* named copies and aliases: the node copied */
    bool type_import;      /* a record/variant/enum/flags introduced by a type
                              import, or by a type export declared in a
                              component or instance type: instantiation
                              substitutes it (origin names the scope) */
    bool bag_export;       /* a bag of exports' name for the type passed in
                              (copy_of), which is the type it refers to */
    uint32_t depth;
    uint32_t size;

    /* Value types. */
    uint32_t count;        /* fields / cases / members / labels / params */
    vfield *fields;
    bool has_a, has_b;
    vval a, b;             /* list and fixed list elem, option, result ok/err,
                              map key/value, stream/future payload,
                              func result (a) */
    uint32_t length;       /* fixed list */
    vid resource;          /* own, borrow */
    uint64_t elem_size;    /* canonical ABI size (i64 pointers), saturating */
    uint32_t align;

    /* Resources: identity is the node itself. */
    comp_valtype rep;
    bool local;            /* defined by a resourcetype in a component */
    bool imported;         /* introduced by an import (else export/definition) */
    uint32_t origin;       /* serial of the scope that introduced it */

    /* Component and instance types. `serial` names the scope whose
     * resources they quantify over (see vscope.serial). */
    uint32_t serial;
    uint32_t serial_end;   /* declared types: serials below this and not
                              below `serial` name scopes nested in their
                              declaration (0 for other nodes) */
    uint32_t import_count, export_count;
    vnamed *imports, *exports;
    uint32_t *export_sorted; /* export indices sorted by name */
    uint32_t *import_sorted; /* component types: import indices by name */

    /* Core types. */
    comp_functype core_func;
    uint32_t core_import_count, core_export_count;
    vcore_named *core_imports, *core_exports;
    uint32_t *core_export_sorted;
    uint32_t *core_import_sorted; /* module types: imports by (module, name) */
} vnode;

/* A growable array of 32-bit items (node ids, mostly). */
typedef struct vvec {
    uint32_t *v;
    uint32_t len, cap;
} vvec;

/* A hash map from u32 keys to u32 values (UINT32_MAX: absent). */
typedef struct vmap {
    uint32_t *keys, *vals;
    uint32_t cap, count;
} vmap;

/* A hash set of names compared case-insensitively (strong uniqueness of
 * labels and extern names); each key is a substring of its name. */
typedef struct nameslot {
    uint32_t gen, hash;
    comp_str key;   /* the canonical part */
    comp_str name;  /* the whole name, for messages */
    uint32_t value;
} nameslot;

typedef struct nameset {
    nameslot *slots;
    uint32_t cap, used, gen;
} nameset;

enum {
    SCOPE_COMPONENT,
    SCOPE_COMPONENT_TYPE,
    SCOPE_INSTANCE_TYPE,
};

typedef struct vscope vscope;
struct vscope {
    vscope *parent;
    uint8_t kind;
    uint32_t serial;  /* unique per scope; resources record it as origin */
    size_t offset;

    /* Component-level index spaces. */
    vvec types, funcs, components, instances;
    vvec values;          /* vval packed: see scope_value_* */
    vvec value_prims;
    uint8_t *consumed;    /* one byte per value */
    uint32_t consumed_cap;

    /* Core index spaces: tables, memories and globals index into the
     * core_items array of vcore_extern. */
    vvec core_types, core_funcs, core_tags, core_modules, core_instances;
    vvec core_tables, core_memories, core_globals;
    vcore_extern *core_items;
    uint32_t core_item_count, core_item_cap;

    /* Imports and exports: names (strong uniqueness) and their types. */
    nameset import_names, export_names;
    nameset import_resources, export_resources; /* label -> resource vid */
    vmap import_resource_names, export_resource_names; /* vid -> name index */
    vnamed *imports, *exports;
    uint32_t import_count, import_cap, export_count, export_cap;

    uint8_t context_type; /* context.get/set core type used, 0 if none */
    bool bag;             /* the exports of an inline instance (no type indices) */

    /* Types with an externally-visible name here: node id -> NAMED_* bits
     * (Explainer.md "External Visibility of Types"). */
    vmap named;
};

enum { NAMED_BY_IMPORT = 1, NAMED_BY_EXPORT = 2 };

typedef struct vstate {
    uint32_t features;
    comp_error *err;
    comp_arena arena;     /* nodes' arrays and copied names */
    vnode *nodes;
    uint32_t node_count, node_cap;
    uint32_t next_serial;
    uint32_t depth;       /* nested components and types being validated */
    nameset scratch;      /* label uniqueness inside one type */
    const comp_component *root;
    /* Subtype messages in composition wording (`record field 'x': expected
     * u32, found u64`) instead of the reference suite's wording. */
    bool plain_wording;
} vstate;

/* ---- errors and memory (validate_component.c) ---------------------------- */

bool v_fail(vstate *s, size_t offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool v_oom(vstate *s, size_t offset);
bool vvec_push(vstate *s, vvec *v, uint32_t item, size_t offset);
void vvec_free(vvec *v);
bool vmap_put(vstate *s, vmap *m, uint32_t key, uint32_t value, size_t offset);
uint32_t vmap_get(const vmap *m, uint32_t key);
void vmap_free(vmap *m);
void *v_array(vstate *s, size_t count, size_t elem_size, size_t offset);

/* ---- the type store (validate_types.c) ---------------------------------- */

/* A new zeroed node; VID_NONE (error set) on OOM. */
vid node_new(vstate *s, uint8_t kind, size_t offset);
static inline vnode *node_at(vstate *s, vid id) { return &s->nodes[id]; }
/* The identity of resource `r`: exports and `eq` imports of a resource
 * introduce an alias node (a new name, Explainer.md "External Visibility
 * of Types") that is the same type as the resource it names. */
static inline vid resource_base(vstate *s, vid r)
{
    const vnode *n = node_at(s, r);
    return n->kind == COMP_TYPE_RESOURCE && n->named_of != VID_NONE ? n->named_of : r;
}

/* Resolves component valtype `t` in scope `sc`: the index must name a
 * defined value type. */
bool resolve_valtype(vstate *s, vscope *sc, const comp_cvaltype *t, size_t offset, vval *out);
/* Validates and adds deftype `t` to `sc`'s type index space. */
bool define_type(vstate *s, vscope *sc, const comp_type *t);
/* The type a type import or export introduces for `id`: record, variant,
 * enum and flags types get a new node with the same contents, resources a
 * new alias node (so the new type index, not the one passed in, is the
 * named one); others are `id`. */
vid type_named_copy(vstate *s, vscope *sc, vid id, bool is_import, size_t offset);
/* A fresh abstract resource introduced by `sc` (a `sub resource` bound). */
vid resource_fresh(vstate *s, vscope *sc, bool imported, size_t offset);
/* Fills derived facts (depth, size, flags, elem_size) of node `id` from its
 * children; fails when the type gets too large. */
bool node_finish(vstate *s, vid id, size_t offset);
bool val_has_borrow(vstate *s, vval v);
bool val_has_resource(vstate *s, vval v);
/* True when values of `v` need linear memory to lift or lower (a list or a
 * string somewhere inside). */
bool val_needs_memory(vstate *s, vval v);
/* Core value types of flatten_type(v), appended to out[*n] (at most
 * VAL_MAX_FLAT; *n saturates at VAL_MAX_FLAT). */
void val_flatten(vstate *s, vval v, comp_valtype *out, uint32_t *n);
const char *val_kind_name(vstate *s, vval v);
const char *sort_name(uint8_t sort, uint8_t core_sort);

/* Sorts idx[0..n) by cmp (a stable merge sort; false on OOM). */
bool sort_indices(vstate *s, uint32_t *idx, uint32_t n,
                  int (*cmp)(const void *ctx, uint32_t a, uint32_t b), const void *ctx,
                  size_t offset);
/* Binary search through `sorted`, `count` indices into `items` (elements of
 * `stride` bytes whose comp_str at byte `name_at` orders them): the element
 * named `name`, or NULL. */
const void *sorted_find(const void *items, size_t stride, size_t name_at, const uint32_t *sorted,
                        uint32_t count, comp_str name);

/* Builds the lookup order of a component/instance type's exports. */
bool node_sort_exports(vstate *s, vid id, size_t offset);
/* The export named `name` of instance type `inst`, or NULL. */
const vnamed *instance_export(vstate *s, vid inst, comp_str name);
const vcore_named *core_instance_export(vstate *s, vid inst, comp_str name);
/* The import named `name` of component type `c` (sorted by
 * node_sort_exports), or NULL. */
const vnamed *component_import(vstate *s, vid c, comp_str name);
/* The import `mod`/`name` of core module type `module`, or NULL. */
const vcore_named *core_module_import(vstate *s, vid module, comp_str mod, comp_str name);

/* ---- subtyping and substitution (validate_subtype.c) --------------------- */

/* A resource substitution while comparing or copying types. Resources
 * whose origin is one of the bind serials and that are not yet mapped get
 * bound when a type import or export naming them is compared. */
typedef struct vsubst {
    vmap map;
    vmap memo;  /* copies made by entity_subst with this substitution */
    uint32_t bind_serial_a, bind_serial_b;
    bool bind_unimported_only; /* bind no resource introduced by an import */
} vsubst;

void subst_init(vsubst *m);
void subst_free(vsubst *m);

/* Checks that `actual` is a subtype of `expected`; on failure the error
 * says why ("expected func, found component", "missing expected export
 * `f`"...). Resources of `expected` whose origin is one of m's bind
 * serials and that are not yet bound are bound to the actual ones. */
bool entity_subtype(vstate *s, vsubst *m, const ventity *actual, const ventity *expected,
                    size_t offset);
bool type_subtype(vstate *s, vsubst *m, vid actual, vid expected, size_t offset);
bool val_equal(vstate *s, vsubst *m, vval a, vval b);
/* A copy of `e` with resources replaced per `m` (nodes without resources
 * are shared); resources listed as "fresh" (origin == fresh_serial and not
 * imported) become new resources owned by `owner`. */
bool entity_subst(vstate *s, vsubst *m, uint32_t fresh_serial, bool fresh_imported,
                  vscope *owner, const ventity *e, ventity *out, size_t offset);
bool core_functype_equal(const comp_functype *a, const comp_functype *b);

/* ---- names (validate_names.c) ------------------------------------------ */

enum {
    NAME_PLAIN,
    NAME_CONSTRUCTOR,
    NAME_METHOD,
    NAME_STATIC,
    NAME_INTERFACE,
};

typedef struct vname {
    uint8_t kind;      /* NAME_* */
    comp_str resource; /* CONSTRUCTOR, METHOD, STATIC: the first label */
    comp_str item;     /* METHOD, STATIC: the second label */
    comp_str key;      /* canonical part for strong uniqueness */
} vname;

/* Checks `label` is kebab case; `what` starts the message ("record field
 * name"); NULL gives "`x` is not in kebab case". */
bool check_label(vstate *s, comp_str label, const char *what, size_t offset);
/* Parses an extern name. */
bool parse_extern_name(vstate *s, comp_str name, vname *out, size_t offset);
/* Checks an interface name (for the `implements` attribute). */
bool check_interface_name(vstate *s, comp_str name, size_t offset);

void nameset_free(nameset *ns);
void nameset_clear(nameset *ns);
/* Inserts key (case-insensitive); if present returns false with *prev set
 * to the earlier slot (no error set). OOM sets the error and returns false
 * with *prev NULL. */
bool nameset_insert(vstate *s, nameset *ns, comp_str key, comp_str name, uint32_t value,
                    const nameslot **prev, size_t offset);
const nameslot *nameset_find(const nameset *ns, comp_str key);
/* Checks labels of one type are kebab case and strongly unique. */
bool check_labels(vstate *s, const comp_str *labels, uint32_t count, size_t stride,
                  const char *what, const char *prev_what, size_t offset);

/* Validates an import or export name with its attributes and the
 * annotation rules against entity `e`, and records it in `sc`. */
bool add_extern_name(vstate *s, vscope *sc, const comp_extern_name *n, const ventity *e,
                     bool is_import, size_t offset);

/* ---- external visibility (validate_visible.c) ---------------------------- */

/* Checks that every record, variant, enum, flags and resource type the
 * import or export `e` refers to has an externally-visible name in `sc`
 * (exports may use imported and exported names, imports only imported
 * ones), then records the names `e` itself introduces. */
bool visible_check_and_name(vstate *s, vscope *sc, const ventity *e, bool is_import,
                            size_t offset);

/* ---- core (validate_core.c) --------------------------------------------- */

bool core_define_type(vstate *s, vscope *sc, const comp_core_type *t);
bool core_add_module(vstate *s, vscope *sc, const comp_module *m);
bool core_add_instance(vstate *s, vscope *sc, const comp_core_instance *ci);
/* The type of core item `sort`/`index` of `sc`; false if out of bounds. */
bool core_item(vstate *s, vscope *sc, uint8_t sort, uint32_t index, vcore_extern *out,
               size_t offset);
bool core_push_item(vstate *s, vscope *sc, const vcore_extern *e, size_t offset);
vid core_func_node(vstate *s, const comp_functype *ft, size_t offset);
bool core_extern_matches(vstate *s, const vcore_extern *actual, const vcore_extern *expected,
                         size_t offset);
const char *core_extern_name(uint8_t kind);

/* ---- canonical definitions (validate_canon.c) ---------------------------- */

bool canon_define(vstate *s, vscope *sc, const comp_canon *c);

/* ---- scopes and definitions (validate_component.c, validate_decls.c) ---- */

bool scope_push_entity(vstate *s, vscope *sc, const ventity *e, size_t offset);
bool scope_alias(vstate *s, vscope *sc, const comp_alias *a, bool in_type);
/* Resolves externtype `t` in `sc` to an entity (types are created fresh
 * for `sub resource` bounds). */
bool scope_externtype(vstate *s, vscope *sc, const comp_externtype *t, bool is_import,
                      size_t offset, ventity *out);
void scope_free(vscope *sc);
void scope_init(vstate *s, vscope *sc, vscope *parent, uint8_t kind, size_t offset);
/* Validates a component type (0x41) or instance type (0x42) definition. */
bool define_decl_type(vstate *s, vscope *sc, const comp_type *t, vid *out);
bool validate_component_scope(vstate *s, vscope *parent, const comp_component *c, vid *type_out);

#endif
