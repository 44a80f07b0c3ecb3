#ifndef WIT_CNEW_EMIT_H
#define WIT_CNEW_EMIT_H

/* The plan of a component (plan.c) and its writer (emit.c), private. */

#include "cnew/cnew_internal.h"

typedef enum cn_lower_kind {
    CN_LOWER_ADAPTER,       /* an adapter's export */
    CN_LOWER_MAIN,          /* an adapter's import of the main module's export */
    CN_LOWER_IFACE,         /* a function or resource drop of an imported interface */
    CN_LOWER_DTOR,          /* not an import: the destructor of an exported
                             * resource, the main module's export `dtor` */
} cn_lower_kind;

/* How one function import of a module is satisfied. */
typedef struct cn_lower {
    cn_lower_kind kind;
    const comp_import *im;
    uint32_t adapter;       /* ADAPTER: index into the plan's units */
    cn_target target;       /* IFACE */
    unsigned opts;          /* IFACE: CN_OPT_* */
    const struct cn_lower *first; /* an earlier import of the same module and
                             * name (renamed in the embedded module, which a
                             * component may not import one name twice), or NULL */
    comp_str rename;        /* its new name when `first` is set */
    comp_str dtor;          /* DTOR: the core export */
    uint32_t slot;          /* shim slot when indirect, else UINT32_MAX */
    uint32_t core_func;     /* set while writing */
} cn_lower;

/* The main module (unit 0) or an adapter. */
typedef struct cn_unit {
    const char *name;       /* the import module name an adapter implements */
    char who[128];          /* "module" or "adapter `NAME`" for messages */
    const uint8_t *data;
    size_t len;
    comp_module *m;         /* adapters: after reduction */
    comp_module *encode;    /* what goes into the component */
    cn_world world;
    bool used;
    comp_vec required;      /* comp_str: adapter exports the main module uses */
    comp_vec lowers;        /* cn_lower, one per function import */
    uint32_t instance;      /* core instance, set while writing */
    uint32_t realloc;       /* core func of its realloc, UINT32_MAX until aliased */
} cn_unit;

/* A function of a world export and the module that implements it. */
typedef struct cn_export {
    cn_target target;
    uint32_t unit;
    comp_str core_name;
} cn_export;

/* A resource the component defines (exported interfaces' own resources):
 * its type is defined before the main module is instantiated, its
 * destructor reached through the shim. */
typedef struct cn_resource {
    uint32_t type;          /* wit type id */
    cn_lower *dtor;         /* NULL without `I#[dtor]R` */
} cn_resource;

typedef struct cn_plan {
    comp_arena *arena;
    cn_unit *units;
    uint32_t unit_count;
    cn_world world;         /* the one world all imports come from */
    comp_vec exports;       /* cn_export */
    cn_imports imports;
    comp_vec resources;     /* cn_resource: resources of exported interfaces */
    uint32_t slots;         /* shim table size */
    comp_functype *slot_types;
    cn_lower **slot_lowers;
} cn_plan;

/* ---- type definitions in one component (scope.c) ------------------------- */

enum { CN_MAX_TYPE_DEPTH = 512 };

/* Where type definitions go and how named types are found: `named` gives
 * the index of a named type not yet in `type_of` (an alias of an imported
 * instance's export, an import, or cn_scope_structure). */
typedef struct cn_scope cn_scope;
struct cn_scope {
    const wit_resolve *r;
    comp_buf *out;              /* the sections of this component */
    uint32_t *types;            /* its type index counter */
    uint32_t *type_of;          /* wit type id -> type index, UINT32_MAX unknown */
    bool (*named)(cn_scope *s, uint32_t id, uint32_t *index);
    void *ctx;
    comp_error *err;
    unsigned depth;
};

/* A type section defining `t` (one deftype's bytes); its index. */
uint32_t cn_scope_define(cn_scope *s, const comp_buf *t);
/* The type index of wit type `id`, defined if needed. */
bool cn_scope_type_id(cn_scope *s, uint32_t id, uint32_t *index);
/* Type `id` defined by its structure (aliases followed). */
bool cn_scope_structure(cn_scope *s, uint32_t id, uint32_t *index);
/* Appends the valtype encoding of `t` to `b`. */
bool cn_scope_valtype(cn_scope *s, wit_tref t, comp_buf *b);
/* Defines the component function type of `f`. */
bool cn_scope_functype(cn_scope *s, const wit_rfunc *f, uint32_t *index);
/* A type_of array with every entry unknown. */
uint32_t *cn_scope_map(comp_arena *arena, const wit_resolve *r);

/* ---- exported interfaces with types (export_shim.c) ------------------------ */

/* The instantiation arguments of a shim: name, sort and outer index. */
typedef struct cn_shim_args {
    comp_vec names;     /* comp_str */
    comp_vec sorts;     /* uint8_t */
    comp_vec indices;   /* uint32_t */
} cn_shim_args;

/* Appends to `out` the component section of the shim that exports
 * interface `iface` with functions `funcs` (lifted as outer functions
 * `lifted`), using `outer` for the outer component's types; `args` gets
 * what to instantiate it with. */
bool cn_export_shim(const wit_resolve *r, uint32_t iface, const wit_rfunc *const *funcs, const uint32_t *lifted,
                    uint32_t count, cn_scope *outer, comp_arena *arena, comp_buf *out, cn_shim_args *args,
                    comp_error *err);

bool cn_plan_build(cn_plan *p, const uint8_t *module, size_t len, const wit_cnew_adapter *adapters,
                   size_t adapter_count, comp_arena *arena, comp_error *err);

bool cn_emit(const cn_plan *p, comp_buf *out, comp_error *err);

/* The core export `name` of a unit's module, or NULL. */
const comp_export *cn_module_export(const comp_module *m, const char *name, uint8_t kind);

#endif
