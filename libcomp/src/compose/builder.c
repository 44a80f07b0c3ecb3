/* The result component under construction: items appended in definition
 * order, grouped into sections, with the index each one defines. */
#include "compose/compose_int.h"

#include <stdlib.h>
#include <string.h>

void cg_builder_init(cg_builder *b, comp_arena *arena)
{
    memset(b, 0, sizeof *b);
    b->arena = arena;
}

void cg_builder_free(cg_builder *b)
{
    free(b->sections);
    free(b->types);
    free(b->aliases);
    free(b->imports);
    free(b->components);
    free(b->instances);
    free(b->exports);
    memset(b, 0, sizeof *b);
}

comp_sort cg_sort_of_extern(uint8_t kind)
{
    comp_sort s = {kind, 0};
    if (kind == COMP_SORT_CORE)
        s.core_sort = COMP_CORE_SORT_MODULE;
    return s;
}

/* Puts item `item` of kind `id` into the last section when it is of that
 * kind (component sections hold one item each), else into a new one. */
static bool place(cg_builder *b, uint8_t id, uint32_t item, comp_error *err)
{
    if (b->section_count && id != COMP_CSEC_COMPONENT &&
        b->sections[b->section_count - 1].id == id) {
        b->sections[b->section_count - 1].count++;
        return true;
    }
    if (!cg_grow((void **)&b->sections, &b->section_cap, b->section_count, sizeof *b->sections,
                 err))
        return false;
    comp_component_section *s = &b->sections[b->section_count++];
    memset(s, 0, sizeof *s);
    s->id = id;
    s->first = item;
    s->count = 1;
    return true;
}

static uint32_t define(cg_builder *b, comp_space space, comp_error *err)
{
    if (space >= COMP_SPACE_COUNT) {
        comp_error_set(err, 0, "not a sort of the component model");
        return CG_NONE;
    }
    return b->space[space]++;
}

uint32_t cg_add_type(cg_builder *b, const comp_type *t, comp_error *err)
{
    if (!cg_grow((void **)&b->types, &b->type_cap, b->type_count, sizeof *b->types, err) ||
        !place(b, COMP_CSEC_TYPE, b->type_count, err))
        return CG_NONE;
    b->types[b->type_count++] = *t;
    return define(b, COMP_SPACE_TYPE, err);
}

uint32_t cg_add_alias(cg_builder *b, const comp_alias *a, comp_error *err)
{
    if (!cg_grow((void **)&b->aliases, &b->alias_cap, b->alias_count, sizeof *b->aliases, err) ||
        !place(b, COMP_CSEC_ALIAS, b->alias_count, err))
        return CG_NONE;
    b->aliases[b->alias_count++] = *a;
    return define(b, comp_space_of_sort(a->sort), err);
}

uint32_t cg_add_import(cg_builder *b, const comp_cimport *im, comp_error *err)
{
    if (!cg_grow((void **)&b->imports, &b->import_cap, b->import_count, sizeof *b->imports, err) ||
        !place(b, COMP_CSEC_IMPORT, b->import_count, err))
        return CG_NONE;
    b->imports[b->import_count++] = *im;
    return define(b, comp_space_of_extern(im->type.kind), err);
}

uint32_t cg_add_component(cg_builder *b, const comp_component *c, comp_error *err)
{
    if (!cg_grow((void **)&b->components, &b->component_cap, b->component_count,
                 sizeof *b->components, err) ||
        !place(b, COMP_CSEC_COMPONENT, b->component_count, err))
        return CG_NONE;
    /* The encoder only reads the nested model. */
    b->components[b->component_count++] = (comp_component *)c;
    return define(b, COMP_SPACE_COMPONENT, err);
}

uint32_t cg_add_instance(cg_builder *b, const comp_instance *in, comp_error *err)
{
    if (!cg_grow((void **)&b->instances, &b->instance_cap, b->instance_count,
                 sizeof *b->instances, err) ||
        !place(b, COMP_CSEC_INSTANCE, b->instance_count, err))
        return CG_NONE;
    b->instances[b->instance_count++] = *in;
    return define(b, COMP_SPACE_INSTANCE, err);
}

uint32_t cg_add_export(cg_builder *b, const comp_cexport *ex, comp_error *err)
{
    if (!cg_grow((void **)&b->exports, &b->export_cap, b->export_count, sizeof *b->exports, err) ||
        !place(b, COMP_CSEC_EXPORT, b->export_count, err))
        return CG_NONE;
    b->exports[b->export_count++] = *ex;
    return define(b, comp_space_of_sort(ex->item.sort), err);
}

void cg_builder_view(const cg_builder *b, comp_component *out)
{
    memset(out, 0, sizeof *out);
    out->sections = b->sections;
    out->section_count = b->section_count;
    out->types = b->types;
    out->type_count = b->type_count;
    out->aliases = b->aliases;
    out->alias_count = b->alias_count;
    out->imports = b->imports;
    out->import_count = b->import_count;
    out->components = b->components;
    out->component_count = b->component_count;
    out->instances = b->instances;
    out->instance_count = b->instance_count;
    out->exports = b->exports;
    out->export_count = b->export_count;
}
