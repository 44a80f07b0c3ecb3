#ifndef WIT_CNEW_INTERNAL_H
#define WIT_CNEW_INTERNAL_H

/* The pieces behind wit/component_new.h (private). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/component.h"
#include "comp/error.h"
#include "comp/module.h"
#include "wit/component_new.h"
#include "wit/resolve.h"

/* ---- metadata: component-type custom sections (metadata.c) --------------- */

/* The world a module's metadata describes: `r` and `world`, or no metadata
 * at all (`r` NULL). */
typedef struct cn_world {
    wit_resolve *r;
    uint32_t world;
} cn_world;

/* Decodes every `component-type*` custom section of `m` (whose bytes start
 * at `base`) and merges their worlds into `out`. `who` names the module in
 * messages ("module" or "adapter `NAME`"). */
bool cn_read_metadata(const comp_module *m, const uint8_t *base, const char *who,
                      comp_arena *arena, cn_world *out, comp_error *err);

/* Merges world `b` into world `a` (packages and interfaces of the same name
 * become one; the merged world imports and exports what either does). */
bool cn_merge_worlds(cn_world *a, const cn_world *b, comp_arena *arena, comp_error *err);

/* A copy of `m` without its component-type custom sections. */
comp_module *cn_strip_metadata(const comp_module *m, comp_arena *arena);

/* ---- import and export names (names.c) ------------------------------------ */

typedef enum cn_func_form {
    CN_FORM_FUNC,               /* a function of the interface or world */
    CN_FORM_RESOURCE_DROP,      /* [resource-drop]R */
    CN_FORM_RESOURCE_NEW,       /* [resource-new]R (exported resources) */
    CN_FORM_RESOURCE_REP,       /* [resource-rep]R (exported resources) */
} cn_func_form;

/* What an import or export name refers to in a world. */
typedef struct cn_target {
    cn_func_form form;
    uint32_t iface;             /* interface id, WIT_NO_ID for world items */
    const wit_rfunc *func;      /* CN_FORM_FUNC */
    uint32_t resource;          /* the resource type id otherwise */
    const wit_rworld_item *item; /* the world import or export */
    bool exported;              /* `[export]I` imports: a resource the component exports */
} cn_target;

/* The resource named `name` in interface `iface` (or among the world's own
 * types when `iface` is WIT_NO_ID), following `use`; WIT_NO_ID if none. */
uint32_t cn_find_resource(const wit_resolve *r, uint32_t world, uint32_t iface, comp_str name);

/* Looks up the core import `module` `name` among the imports of `w`
 * (module `$root` for world functions). False (without error) when the
 * world does not import it; `*why` then says what was missing. */
bool cn_find_import(const cn_world *w, comp_str module, comp_str name, cn_target *out,
                    const char **why);

/* The world export `export` as named by a core export `name`: `iface#func`
 * or a world function `func`. */
bool cn_find_export(const cn_world *w, comp_str name, cn_target *out);

/* `iface#func` in `buf`, for the core export that implements `f` of
 * exported interface `iface` (or just the function's name for world
 * functions). */
comp_str cn_export_name(const wit_resolve *r, uint32_t iface, const wit_rfunc *f, comp_arena *arena);

/* ---- the imported part of the world (trim.c) ------------------------------ */

/* What the component imports: the interfaces of `w` whose functions are in
 * `used` (plus those whose types they need), each with only those
 * functions and the types they reach, as a component type. `instance_of`
 * maps an interface id to its instance index in that type (UINT32_MAX if
 * not imported). */
typedef struct cn_imports {
    comp_type *type;            /* COMP_TYPE_COMPONENT */
    uint32_t *instance_of;      /* per interface id */
} cn_imports;

bool cn_trim_imports(const cn_world *w, const cn_target *used, uint32_t used_count,
                     const cn_target *exported, uint32_t exported_count, comp_arena *arena,
                     cn_imports *out, comp_error *err);

/* ---- canonical ABI (abi.c) ---------------------------------------------- */

enum {
    CN_OPT_MEMORY = 1u << 0,
    CN_OPT_REALLOC = 1u << 1,
    CN_OPT_STRING = 1u << 2,
};

/* The core signature of `f` lowered (an import) or lifted (an export). */
bool cn_core_signature(const wit_resolve *r, const wit_rfunc *f, bool is_import,
                       comp_arena *arena, comp_functype *out, comp_error *err);

/* The canonical options (CN_OPT_*) `f` needs as an import or export. */
unsigned cn_required_options(const wit_resolve *r, const wit_rfunc *f, bool is_import);

bool cn_functype_eq(const comp_functype *a, const comp_functype *b);
/* "(func (param i32) (result i32))" for messages. */
void cn_functype_text(const comp_functype *t, char *buf, size_t size);

/* ---- adapter reduction (gc.c) ------------------------------------------- */

/* Reduces adapter `m` (bytes `data`) to the exports named in `required`
 * (plus `cabi_import_realloc`/`cabi_realloc` when present), drops what
 * they do not reach, and gives its `__stack_pointer` a stack page of its
 * own (via the main module's `main_realloc` export when it has one and
 * the adapter tracks `allocation_state`, else by growing memory). The new
 * module's bytes go to `out`. */
bool cn_gc_adapter(const comp_module *m, const uint8_t *data, const comp_str *required,
                   uint32_t required_count, const char *main_realloc, const char *who,
                   comp_arena *arena, comp_buf *out, comp_error *err);

/* ---- shim and fixup modules (shim.c) ------------------------------------ */

/* The shim module: a table of `count` functions and one exported
 * trampoline per slot ("0", "1"...) calling through it; the table is
 * exported as "$imports". */
bool cn_shim_module(const comp_functype *types, uint32_t count, comp_buf *out);
/* The fixup module: imports "" "0".. and the table "" "$imports" and fills
 * the table with an active element segment. */
bool cn_fixup_module(const comp_functype *types, uint32_t count, comp_buf *out);

/* ---- small helpers (util.c) ------------------------------------------------ */

bool cn_oom(comp_error *err);
bool cn_str_eq(comp_str a, const char *b);
/* The semver-compatible track of a name ending in @VERSION, written to
 * `buf`: "…@1" for 1.x.y, "…@0.2" for 0.2.z; the name itself when other
 * versions are not compatible with it (0.0.z, pre-releases, no version). */
comp_str cn_semver_track(comp_str id, char *buf, size_t size);
void cn_leb_u32(comp_buf *b, uint32_t v);
void cn_name(comp_buf *b, const char *s, size_t len);
/* Appends section `id` with `content`. */
void cn_section(comp_buf *out, uint8_t id, const comp_buf *content);
void cn_functype_bytes(comp_buf *b, const comp_functype *t);

#endif
