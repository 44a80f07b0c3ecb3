/* rt_component: a decoded, validated component whose core modules (at any
 * nesting depth) are translated once for the interpreter. */
#include "component/cinternal.h"

#include <stdlib.h>

static bool add_modules(rt_component *rc, const comp_component *c, uint32_t depth, comp_error *err)
{
    if (depth > CT_MAX_DEPTH)
        return comp_error_set(err, c->offset, "components nested too deeply");
    for (uint32_t i = 0; i < c->module_count; i++) {
        if (rc->module_count == rc->module_cap) {
            uint32_t cap = rc->module_cap ? rc->module_cap * 2 : 8;
            const comp_module **s = realloc(rc->sources, (size_t)cap * sizeof *s);
            if (!s)
                return comp_error_set(err, 0, "out of memory");
            rc->sources = s;
            rt_module **m = realloc(rc->modules, (size_t)cap * sizeof *m);
            if (!m)
                return comp_error_set(err, 0, "out of memory");
            rc->modules = m, rc->module_cap = cap;
        }
        rt_module *m = rt_module_new(c->modules[i], rc->features, err);
        if (!m)
            return false;
        rc->sources[rc->module_count] = c->modules[i];
        rc->modules[rc->module_count++] = m;
    }
    for (uint32_t i = 0; i < c->component_count; i++)
        if (!add_modules(rc, c->components[i], depth + 1, err))
            return false;
    return true;
}

rt_component *rt_component_new(const uint8_t *bytes, size_t len, uint32_t features,
                               comp_error *err)
{
    rt_component *rc = calloc(1, sizeof *rc);
    if (!rc) {
        comp_error_set(err, 0, "out of memory");
        return NULL;
    }
    comp_arena_init(&rc->arena);
    rc->features = features;
    comp_component *c = NULL;
    if (!comp_component_decode(bytes, len, &rc->arena, &c, err) ||
        !comp_component_validate(c, features, err) || !(rc->c = c, add_modules(rc, c, 0, err))) {
        rt_component_free(rc);
        return NULL;
    }
    return rc;
}

void rt_component_free(rt_component *rc)
{
    if (!rc)
        return;
    for (uint32_t i = 0; i < rc->module_count; i++)
        rt_module_free(rc->modules[i]);
    free(rc->modules);
    free(rc->sources);
    comp_arena_free(&rc->arena);
    free(rc);
}

uint32_t rt_component_import_count(const rt_component *c) { return c->c->import_count; }

comp_str rt_component_import_name(const rt_component *c, uint32_t i)
{
    comp_str none = {"", 0};
    return i < c->c->import_count ? c->c->imports[i].name.name : none;
}
