/* The composition graph: components, instances, wires and exports. */
#include "compose/compose_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cg_grow(void **array, uint32_t *cap, uint32_t count, size_t size, comp_error *err)
{
    void *p = comp_heap_reserve(*array, cap, (uint64_t)count + 1, size);
    if (!p)
        return comp_error_set(err, 0, "out of memory");
    *array = p;
    return true;
}

comp_str cg_cstr(const char *s)
{
    comp_str r = {s, (uint32_t)strlen(s)};
    return r;
}

uint32_t cg_find_import(const comp_component *c, comp_str name)
{
    for (uint32_t i = 0; i < c->import_count; i++)
        if (comp_str_eq(c->imports[i].name.name, name))
            return i;
    return CG_NONE;
}

uint32_t cg_find_export(const comp_component *c, comp_str name)
{
    for (uint32_t i = 0; i < c->export_count; i++)
        if (comp_str_eq(c->exports[i].name.name, name))
            return i;
    return CG_NONE;
}

uint32_t cg_matching_export(const comp_component *c, comp_str name)
{
    uint32_t exact = cg_find_export(c, name);
    if (exact != CG_NONE)
        return exact;
    for (uint32_t i = 0; i < c->export_count; i++)
        if (comp_interface_name_matches(name, c->exports[i].name.name))
            return i;
    return CG_NONE;
}

const char *cg_display(const comp_compose *g, uint32_t i)
{
    const cg_instance *in = &g->instances[i];
    return in->display ? in->display : g->components[in->component].label;
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
    free(g->provider_index);
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
    cg_component *cc = &g->components[component];
    uint32_t n = cc->c->import_count;
    cg_instance in = {0};
    in.component = component;
    in.checker_id = cc->checker_id;
    /* A second instance gets fresh types (see cg_instance.checker_id). */
    if (cc->checker_used && !comp_typecheck_add(g->checker, cc->c, &in.checker_id, err))
        return false;
    cc->checker_used = true;
    in.from = calloc(n ? n : 1, sizeof *in.from);
    in.export_name = calloc(n ? n : 1, sizeof *in.export_name);
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
    return cg_display(g, instance);
}

bool comp_compose_import_component(comp_compose *g, uint32_t component, const char *import_name,
                                   const comp_type *type, comp_error *err)
{
    if (component >= g->component_count)
        return comp_error_set(err, 0, "no component %u", component);
    if (!type || type->kind != COMP_TYPE_COMPONENT)
        return comp_error_set(err, 0, "importing %s needs a component type",
                              g->components[component].label);
    comp_str name = cg_cstr(import_name);
    for (uint32_t k = 0; k < g->component_count; k++)
        if (g->components[k].import_type && comp_str_eq(g->components[k].import_name, name))
            return comp_error_set(err, 0, "%s and %s are both imported as `%s`",
                                  g->components[k].label, g->components[component].label,
                                  import_name);
    g->components[component].import_name = name;
    g->components[component].import_type = type;
    return true;
}

bool comp_compose_name_instance(comp_compose *g, uint32_t instance, const char *name,
                                comp_error *err)
{
    if (instance >= g->instance_count)
        return comp_error_set(err, 0, "no instance %u", instance);
    cg_instance *in = &g->instances[instance];
    const char *label = g->components[in->component].label;
    size_t n = strlen(name), m = strlen(label);
    char *d = comp_arena_alloc(&g->arena, n + m + 4);
    in->name = comp_arena_strndup(&g->arena, name, n);
    if (!d || !in->name)
        return comp_error_set(err, 0, "out of memory");
    /* An instance named like its component needs no repetition. */
    if (n == m && memcmp(name, label, n) == 0)
        memcpy(d, name, n + 1);
    else
        snprintf(d, n + m + 4, "%s (%s)", name, label);
    in->display = d;
    return true;
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
    uint32_t exp = export_name ? cg_find_export(fc, cg_cstr(export_name))
                               : cg_matching_export(fc, cg_cstr(import_name));
    if (exp == CG_NONE && export_name)
        return comp_error_set(err, 0, "%s has no export named `%s`", label_of(g, from),
                              export_name);
    if (exp == CG_NONE)
        return comp_error_set(err, 0, "%s exports nothing matching import `%s` of %s",
                              label_of(g, from), import_name, label_of(g, to));
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
    if (!export_name && !as_name)
        return comp_error_set(err, 0, "an export needs a name");
    uint32_t exp = export_name ? cg_find_export(c, cg_cstr(export_name))
                               : cg_matching_export(c, cg_cstr(as_name));
    if (exp == CG_NONE)
        return comp_error_set(err, 0, "%s has no export named `%s`", label_of(g, instance),
                              export_name ? export_name : as_name);
    comp_str as;
    if (!copy_name(g, as_name ? as_name : export_name, &as, err))
        return false;
    for (uint32_t i = 0; i < g->export_count; i++)
        if (comp_str_eq(g->exports[i].as_name, as))
            return comp_error_set(err, 0, "the result already exports `%s`", as.data);
    if (!cg_grow((void **)&g->exports, &g->export_cap, g->export_count, sizeof *g->exports, err))
        return false;
    cg_export *x = &g->exports[g->export_count++];
    x->instance = instance;
    x->export_name = c->exports[exp].name.name;
    x->as_name = as;
    return true;
}
