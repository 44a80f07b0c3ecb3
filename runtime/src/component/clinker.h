#ifndef RT_COMPONENT_CLINKER_H
#define RT_COMPONENT_CLINKER_H

/* The linker's definitions (private). */

#include "component/cinternal.h"

enum { CLDEF_FUNC, CLDEF_RESOURCE, CLDEF_INSTANCE };

typedef struct cldef {
    uint8_t kind;
    comp_str interface;     /* data NULL: at the root */
    comp_str name;
    const rt_cfunctype *type;
    rt_chost_fn fn;
    void *user;
    rt_resource_type *resource;
    rt_cinstance *inst;
    comp_str export_name;   /* data NULL: the whole instance */
} cldef;

struct rt_clinker {
    comp_arena arena;
    cldef *defs;
    uint32_t count, cap;
};

/* The definition of `name` in `interface` (data NULL: at the root). */
const cldef *clinker_find(const rt_clinker *l, comp_str interface, comp_str name, uint8_t kind);
/* Whether anything is defined under `interface` or a semver-compatible
 * version of it (to tell a missing interface from a missing member). */
bool clinker_has_interface(const rt_clinker *l, comp_str interface);

#endif
