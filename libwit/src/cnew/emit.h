#ifndef WIT_CNEW_EMIT_H
#define WIT_CNEW_EMIT_H

/* The plan of a component (plan.c) and its writer (emit.c), private. */

#include "cnew/cnew_internal.h"

typedef enum cn_lower_kind {
    CN_LOWER_ADAPTER,       /* an adapter's export */
    CN_LOWER_MAIN,          /* an adapter's import of the main module's export */
    CN_LOWER_IFACE,         /* a function or resource drop of an imported interface */
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

typedef struct cn_plan {
    comp_arena *arena;
    cn_unit *units;
    uint32_t unit_count;
    cn_world world;         /* the one world all imports come from */
    comp_vec exports;       /* cn_export */
    cn_imports imports;
    uint32_t slots;         /* shim table size */
    comp_functype *slot_types;
    cn_lower **slot_lowers;
} cn_plan;

bool cn_plan_build(cn_plan *p, const uint8_t *module, size_t len, const wit_cnew_adapter *adapters,
                   size_t adapter_count, comp_arena *arena, comp_error *err);

bool cn_emit(const cn_plan *p, comp_buf *out, comp_error *err);

/* The core export `name` of a unit's module, or NULL. */
const comp_export *cn_module_export(const comp_module *m, const char *name, uint8_t kind);

#endif
