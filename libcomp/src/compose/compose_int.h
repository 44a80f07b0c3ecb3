#ifndef COMP_COMPOSE_INT_H
#define COMP_COMPOSE_INT_H

/* The composition graph's private state, shared by the files of
 * libcomp/src/compose/. */

#include "comp/arena.h"
#include "comp/compose.h"
#include "comp/describe.h"

#define CG_NONE UINT32_MAX

enum {
    /* Bound on the nesting of type dependencies followed while copying
     * types into the result (type definitions refer only to earlier ones,
     * so real chains are short). */
    CG_MAX_COPY_DEPTH = 200,
    /* Nesting of instance and component types inside each other. */
    CG_MAX_TYPE_LEVEL = 100,
};

typedef struct cg_component {
    char *label;
    const comp_component *c;
    uint32_t checker_id;      /* in comp_compose.checker */
    comp_index_spaces spaces; /* of c, built on demand (see cg_spaces) */
    bool has_spaces;
    bool checker_used; /* checker_id taken by an instance already */
    /* Imported by type instead of embedded (comp_compose_import_component):
     * the import's name and its component type. */
    comp_str import_name;
    const comp_type *import_type;
} cg_component;

typedef struct cg_instance {
    uint32_t component;
    /* Its own copy of the component's type in the checker: resource
     * bindings made while checking one instance's imports must not leak
     * into another instance of the same component. */
    uint32_t checker_id;
    /* For messages: "NAME (LABEL)" when named, else the component label. */
    const char *display;
    const char *name; /* NULL when unnamed */
    /* Per import of the component: the instance feeding it (CG_NONE: an
     * open import of the result) and that instance's export name. */
    uint32_t *from;
    comp_str *export_name;
} cg_instance;

typedef struct cg_export {
    uint32_t instance;
    comp_str export_name, as_name;
} cg_export;

/* An export of an instance, for finding providers by interface name. */
typedef struct cg_export_ref {
    comp_str base; /* the name up to `@` */
    uint32_t instance, export;
} cg_export_ref;

struct comp_compose {
    uint32_t features;
    comp_arena arena; /* labels, names, decoded components, copies */
    comp_typecheck *checker;
    cg_component *components;
    uint32_t component_count, component_cap;
    cg_instance *instances;
    uint32_t instance_count, instance_cap;
    cg_export *exports;
    uint32_t export_count, export_cap;
    /* Every export of every instance sorted by base name (autowire.c);
     * rebuilt when instances were added since. */
    cg_export_ref *provider_index;
    uint32_t provider_count, provider_instances;
};

/* Grows *array (elements of `size` bytes) to hold one more than `count`. */
bool cg_grow(void **array, uint32_t *cap, uint32_t count, size_t size, comp_error *err);

/* The index spaces of component `k`. */
const comp_index_spaces *cg_spaces(comp_compose *g, uint32_t k, comp_error *err);

/* Index of import / export `name` of `c`, or CG_NONE. */
uint32_t cg_find_import(const comp_component *c, comp_str name);
uint32_t cg_find_export(const comp_component *c, comp_str name);

/* The export of `c` an import named `name` takes: the same name, else the
 * first semver-compatible one; CG_NONE when none. */
uint32_t cg_matching_export(const comp_component *c, comp_str name);
/* The part of `name` that semver-compatible names share: `ns:pkg/i@` and
 * the canonical version prefix (`wasi:io/streams@0.2` for @0.2.3), or the
 * whole name when it has no version. */
comp_str cg_share_key(comp_str name);
/* Orders the versions of two names (-1, 0, 1): numerically by major,
 * minor, patch; a pre-release before its release. */
int cg_version_cmp(comp_str a, comp_str b);
/* How instance `i` is named in messages. */
const char *cg_display(const comp_compose *g, uint32_t i);
comp_str cg_cstr(const char *s);

/* Instances in an order where every instance comes after those feeding it
 * (malloc'd, instance_count entries). Fails naming a cycle. */
bool cg_order(comp_compose *g, uint32_t **order, comp_error *err);

/* ---- building the result (builder.c) ------------------------------------- */

/* The result under construction: items in section order, and the size of
 * each index space so far. */
typedef struct cg_builder {
    comp_arena *arena;
    comp_component_section *sections;
    uint32_t section_count, section_cap;
    comp_type *types;
    uint32_t type_count, type_cap;
    comp_alias *aliases;
    uint32_t alias_count, alias_cap;
    comp_cimport *imports;
    uint32_t import_count, import_cap;
    comp_component **components;
    uint32_t component_count, component_cap;
    comp_instance *instances;
    uint32_t instance_count, instance_cap;
    comp_cexport *exports;
    uint32_t export_count, export_cap;
    uint32_t space[COMP_SPACE_COUNT];
} cg_builder;

void cg_builder_init(cg_builder *b, comp_arena *arena);
void cg_builder_free(cg_builder *b);
/* Each adds one item and returns the index it defines in its space
 * (CG_NONE and `err` set on failure). */
uint32_t cg_add_type(cg_builder *b, const comp_type *t, comp_error *err);
uint32_t cg_add_alias(cg_builder *b, const comp_alias *a, comp_error *err);
uint32_t cg_add_import(cg_builder *b, const comp_cimport *im, comp_error *err);
uint32_t cg_add_component(cg_builder *b, const comp_component *c, comp_error *err);
uint32_t cg_add_instance(cg_builder *b, const comp_instance *in, comp_error *err);
uint32_t cg_add_export(cg_builder *b, const comp_cexport *ex, comp_error *err);
/* A component model over the builder's arrays (valid while `b` is). */
void cg_builder_view(const cg_builder *b, comp_component *out);

/* The sort an externtype kind names (COMP_SORT_CORE: core module). */
comp_sort cg_sort_of_extern(uint8_t kind);

/* ---- copying types of open imports (copy.c) ------------------------------ */

/* One instance's open import, as a member of the result's import that
 * shares it. */
typedef struct cg_member {
    uint32_t instance, import;
} cg_member;

/* An export of a member's instance type, when a shared import merges the
 * instance types of its members (share.c). */
typedef struct cg_share_export {
    comp_str name;
    uint32_t rank;         /* 0: the source; else 1 + the member's place */
    uint32_t member;       /* in cg_emit.members */
    uint32_t decl;         /* its export declaration in the member's type */
    uint32_t merged_local; /* type exports: its type index in the merged
                              instance type, once placed (else CG_NONE) */
} cg_share_export;

/* An open import of the result: shared by every instance that leaves an
 * import of that interface open at a semver-compatible version (or, without
 * a version, of that name). Its name and base type come from `source`, the
 * member of the highest version (the first such in instantiation order). */
typedef struct cg_open {
    comp_str name;
    uint32_t source_instance, source_import;
    uint32_t first_member, member_count; /* in cg_emit.members */
    /* Instance imports: every member's exports sorted by (name, rank), and
     * whether members add exports the source lacks (the type is a union). */
    cg_share_export *plan;
    uint32_t plan_count;
    bool merged;
    uint8_t state; /* CG_OPEN_* */
    uint32_t index; /* in the result's space for its sort, once emitted */
} cg_open;

enum { CG_OPEN_PENDING, CG_OPEN_EMITTING, CG_OPEN_DONE };

/* Which open import an instance's import of a given name is a member of. */
typedef struct cg_open_name {
    comp_str name;
    uint32_t open;
} cg_open_name;

typedef struct cg_emit {
    comp_compose *g;
    cg_builder b;
    cg_open *opens;
    uint32_t open_count;
    cg_member *members; /* grouped by open import, in instantiation order */
    cg_open_name *names; /* sorted by name */
    uint32_t name_count;
    /* Per instance, per index space of its component: the result's index
     * for each of the component's indices copied so far (CG_NONE). */
    uint32_t **map[COMP_SPACE_COUNT];
    uint32_t *instance_index; /* result instance per graph instance */
    uint32_t *component_index; /* result component per graph component */
    /* While copying declarations of one instance type into another
     * (share.c): the new type index of each of its type indices. */
    const uint32_t *local_map;
    uint32_t local_count;
} cg_emit;

/* The open import of the result named `name`, or NULL. */
cg_open *cg_open_find(cg_emit *e, comp_str name);

/* Emits the result's import `o` with the types it needs. */
bool cg_emit_open_import(cg_emit *e, cg_open *o, uint32_t depth, comp_error *err);

/* Copies deftype `in` of instance `inst`'s component into `out` for the
 * result: its type indices renumbered by e->local_map when set, else as
 * indices of the component's type space (copied as needed). */
bool cg_copy_type(cg_emit *e, uint32_t inst, const comp_type *in, uint32_t depth, comp_type *out,
                  comp_error *err);
/* The result's index for type `idx` of instance `inst`'s component. */
uint32_t cg_map_type(cg_emit *e, uint32_t inst, uint32_t idx, uint32_t depth, comp_error *err);
/* The instance type member `m` imports, or NULL when it is not an
 * instance type defined in its component's type section. */
const comp_type *cg_member_instance_type(cg_emit *e, const cg_member *m, comp_error *err);

/* ---- shared imports of several instances (share.c) ----------------------- */

/* Plans the union of the members' instance types of `o`. */
bool cg_share_plan(cg_emit *e, cg_open *o, comp_error *err);
/* Checks member `m` of `o` (not its source): each of its exports against
 * the same export of the member that provides it to the shared import. */
bool cg_share_check(cg_emit *e, const cg_open *o, const cg_member *m, comp_error *err);
/* The merged instance type of `o` (o->merged): the source's, then what
 * other members add. */
bool cg_share_type(cg_emit *e, cg_open *o, uint32_t depth, comp_type *out, comp_error *err);

#endif
