/* The composition graph: components, instances, wires and exports. */
#include "compose/compose_int.h"

#include <stdlib.h>
#include <string.h>

bool cg_grow(void **array, uint32_t *cap, uint32_t count, size_t size, comp_error *err)
{
    if (count < *cap)
        return true;
    uint32_t n = *cap ? *cap * 2 : 8;
    void *p = n > *cap ? realloc(*array, (size_t)n * size) : NULL;
    if (!p)
        return comp_error_set(err, 0, "out of memory");
    *array = p;
    *cap = n;
    return true;
}

bool cg_str_eq(comp_str a, comp_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

comp_str cg_cstr(const char *s)
{
    comp_str r = {s, (uint32_t)strlen(s)};
    return r;
}

uint32_t cg_find_import(const comp_component *c, comp_str name)
{
    for (uint32_t i = 0; i < c->import_count; i++)
        if (cg_str_eq(c->imports[i].name.name, name))
            return i;
    return CG_NONE;
}

uint32_t cg_find_export(const comp_component *c, comp_str name)
{
    for (uint32_t i = 0; i < c->export_count; i++)
        if (cg_str_eq(c->exports[i].name.name, name))
            return i;
    return CG_NONE;
}

const comp_index_spaces *cg_spaces(comp_compose *g, uint32_t k, comp_error *err)
{
    cg_component *cc = &g->components[k];
    if (!cc->has_spaces) {
        if (!comp_index_spaces_build(cc->c, &g->arena, &cc->spaces, err))
            return NULL;
        cc->has_spaces = true;
    }
    return &cc->spaces;
}

comp_compose *comp_compose_new(uint32_t features)
{
    comp_compose *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->features = features;
    comp_arena_init(&g->arena);
    g->checker = comp_typecheck_new(features);
    if (!g->checker) {
        free(g);
        return NULL;
    }
    return g;
}

void comp_compose_free(comp_compose *g)
{
    if (!g)
        return;
    for (uint32_t i = 0; i < g->instance_count; i++) {
        free(g->instances[i].from);
        free(g->instances[i].export_name);
    }
    free(g->instances);
    free(g->components);
    free(g->exports);
    comp_typecheck_free(g->checker);
    comp_arena_free(&g->arena);
    free(g);
}

bool comp_compose_add_component(comp_compose *g, const char *label, const uint8_t *bytes,
                                size_t len, uint32_t *component, comp_error *err)
{
    if (!cg_grow((void **)&g->components, &g->component_cap, g->component_count,
                 sizeof *g->components, err))
        return false;
    comp_component *c;
    if (!comp_component_decode(bytes, len, &g->arena, &c, err))
        return false;
    cg_component *cc = &g->components[g->component_count];
    memset(cc, 0, sizeof *cc);
    cc->label = comp_arena_strndup(&g->arena, label, strlen(label));
    if (!cc->label)
        return comp_error_set(err, 0, "out of memory");
    cc->c = c;
    /* Validation also records the component's type for checking wires. */
    if (!comp_typecheck_add(g->checker, c, &cc->checker_id, err))
        return false;
    *component = g->component_count++;
    return true;
}

bool comp_compose_instantiate(comp_compose *g, uint32_t component, uint32_t *instance,
                              comp_error *err)
{
    if (component >= g->component_count)
        return comp_error_set(err, 0, "no component %u", component);
    if (!cg_grow((void **)&g->instances, &g->instance_cap, g->instance_count,
                 sizeof *g->instances, err))
        return false;
    uint32_t n = g->components[component].c->import_count;
    cg_instance in = {component, calloc(n ? n : 1, sizeof *in.from),
                      calloc(n ? n : 1, sizeof *in.export_name)};
    if (!in.from || !in.export_name) {
        free(in.from);
        free(in.export_name);
        return comp_error_set(err, 0, "out of memory");
    }
    for (uint32_t i = 0; i < n; i++)
        in.from[i] = CG_NONE;
    g->instances[g->instance_count] = in;
    *instance = g->instance_count++;
    return true;
}

static const char *label_of(comp_compose *g, uint32_t instance)
{
    return g->components[g->instances[instance].component].label;
}

static bool copy_name(comp_compose *g, const char *s, comp_str *out, comp_error *err)
{
    out->len = (uint32_t)strlen(s);
    out->data = comp_arena_strndup(&g->arena, s, out->len);
    return out->data || comp_error_set(err, 0, "out of memory");
}

bool comp_compose_connect(comp_compose *g, uint32_t from, const char *export_name, uint32_t to,
                          const char *import_name, comp_error *err)
{
    if (from >= g->instance_count || to >= g->instance_count)
        return comp_error_set(err, 0, "no instance %u", from >= g->instance_count ? from : to);
    const comp_component *tc = g->components[g->instances[to].component].c;
    const comp_component *fc = g->components[g->instances[from].component].c;
    uint32_t imp = cg_find_import(tc, cg_cstr(import_name));
    if (imp == CG_NONE)
        return comp_error_set(err, 0, "%s has no import named `%s`", label_of(g, to), import_name);
    uint32_t exp = cg_find_export(fc, cg_cstr(export_name));
    if (exp == CG_NONE)
        return comp_error_set(err, 0, "%s has no export named `%s`", label_of(g, from),
                              export_name);
    cg_instance *in = &g->instances[to];
    if (in->from[imp] != CG_NONE)
        return comp_error_set(err, 0, "import `%s` of %s is already fed by export `%.*s` of %s",
                              import_name, label_of(g, to), (int)in->export_name[imp].len,
                              in->export_name[imp].data, label_of(g, in->from[imp]));
    in->from[imp] = from;
    in->export_name[imp] = fc->exports[exp].name.name;
    return true;
}

bool comp_compose_export(comp_compose *g, uint32_t instance, const char *export_name,
                         const char *as_name, comp_error *err)
{
    if (instance >= g->instance_count)
        return comp_error_set(err, 0, "no instance %u", instance);
    const comp_component *c = g->components[g->instances[instance].component].c;
    if (cg_find_export(c, cg_cstr(export_name)) == CG_NONE)
        return comp_error_set(err, 0, "%s has no export named `%s`", label_of(g, instance),
                              export_name);
    comp_str as;
    if (!copy_name(g, as_name ? as_name : export_name, &as, err))
        return false;
    for (uint32_t i = 0; i < g->export_count; i++)
        if (cg_str_eq(g->exports[i].as_name, as))
            return comp_error_set(err, 0, "the result already exports `%s`", as.data);
    if (!cg_grow((void **)&g->exports, &g->export_cap, g->export_count, sizeof *g->exports, err))
        return false;
    cg_export *x = &g->exports[g->export_count++];
    x->instance = instance;
    x->export_name = c->exports[cg_find_export(c, cg_cstr(export_name))].name.name;
    x->as_name = as;
    return true;
}
