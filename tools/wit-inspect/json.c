/* wit-inspect --json: the summary as one JSON object, for machines. */
#include "inspect.h"
#include "jsonw.h"

/* Nested components below this depth are listed without their contents
 * (each level takes a few JSON levels; this stays below JW_MAX_DEPTH). */
enum { MAX_NESTING = 16 };

typedef struct jctx {
    jw w;
    comp_buf text;      /* a type or origin being built */
    comp_arena scratch; /* the describers' lookup tables, per value */
    comp_arena *arena;  /* index spaces of nested components */
    bool oom;
} jctx;

/* Writes j->text as a string value and resets it and the scratch arena. */
static void text_value(jctx *j)
{
    if (j->text.oom)
        j->oom = true;
    jw_string(&j->w, (const char *)j->text.data, j->text.len);
    j->text.len = 0;
    j->text.oom = false;
    comp_arena_free(&j->scratch);
}

static void str_field(jctx *j, const char *key, comp_str s)
{
    jw_key(&j->w, key);
    jw_string(&j->w, s.data, s.len);
}

static void uint_field(jctx *j, const char *key, uint64_t n)
{
    jw_key(&j->w, key);
    jw_uint(&j->w, n);
}

static void cstr_field(jctx *j, const char *key, const char *s)
{
    jw_key(&j->w, key);
    jw_cstring(&j->w, s ? s : "unknown");
}

static void section(jctx *j, uint8_t id, const char *name, const comp_str *custom,
                    size_t offset, size_t size)
{
    jw_begin(&j->w, '{');
    uint_field(j, "id", id);
    cstr_field(j, "name", name);
    if (custom)
        str_field(j, "custom_name", *custom);
    uint_field(j, "offset", offset);
    uint_field(j, "size", size);
    jw_end(&j->w);
}

static void module_sections(jctx *j, const comp_module *m)
{
    jw_key(&j->w, "sections");
    jw_begin(&j->w, '[');
    for (uint32_t i = 0; i < m->section_count; i++) {
        const comp_section *s = &m->sections[i];
        section(j, s->id, comp_module_section_name(s->id),
                s->id == COMP_SEC_CUSTOM && s->custom < m->custom_count ? &m->customs[s->custom].name
                                                                        : NULL,
                s->offset, comp_module_section_size(m, i));
    }
    jw_end(&j->w);
}

static void component_sections(jctx *j, const comp_component *c)
{
    jw_key(&j->w, "sections");
    jw_begin(&j->w, '[');
    for (uint32_t i = 0; i < c->section_count; i++) {
        const comp_component_section *s = &c->sections[i];
        section(j, s->id, comp_component_section_name(s->id),
                s->id == COMP_CSEC_CUSTOM && s->first < c->custom_count ? &c->customs[s->first].name
                                                                        : NULL,
                s->offset, comp_component_section_size(c, i));
    }
    jw_end(&j->w);
}

/* "imports" and "exports" of a core module. */
static void module_body(jctx *j, const comp_module *m)
{
    jw_key(&j->w, "imports");
    jw_begin(&j->w, '[');
    for (uint32_t i = 0; i < m->import_count; i++) {
        const comp_import *im = &m->imports[i];
        jw_begin(&j->w, '{');
        str_field(j, "module", im->module);
        str_field(j, "name", im->name);
        cstr_field(j, "kind", comp_core_extern_name(im->kind));
        jw_key(&j->w, "type");
        comp_describe_core_import(&j->text, m, im);
        text_value(j);
        jw_end(&j->w);
    }
    jw_end(&j->w);
    comp_core_view v;
    if (!comp_core_view_init(&v, m, &j->scratch, NULL))
        j->oom = true;
    jw_key(&j->w, "exports");
    jw_begin(&j->w, '[');
    for (uint32_t i = 0; i < m->export_count && !j->oom; i++) {
        const comp_export *e = &m->exports[i];
        jw_begin(&j->w, '{');
        str_field(j, "name", e->name);
        cstr_field(j, "kind", comp_core_extern_name(e->kind));
        uint_field(j, "index", e->index);
        jw_key(&j->w, "type");
        comp_describe_core_export(&j->text, &v, e);
        j->oom |= j->text.oom;
        jw_string(&j->w, (const char *)j->text.data, j->text.len);
        j->text.len = 0;
        jw_end(&j->w);
    }
    jw_end(&j->w);
    comp_arena_free(&j->scratch);
}

static void component_body(jctx *j, const comp_scope *s, int depth);

/* {"sort": "core func", "index": 3} style references, with a name. */
static void named_ref(jctx *j, comp_str name, comp_space space, uint32_t index)
{
    jw_begin(&j->w, '{');
    str_field(j, "name", name);
    cstr_field(j, "sort", comp_space_name(space));
    uint_field(j, "index", index);
    jw_end(&j->w);
}

/* What an instance section entry instantiates, structured. */
static void instance_detail(jctx *j, const comp_scope *s, const comp_space_entry *e)
{
    const comp_component *c = s->component;
    if (e->section == COMP_CSEC_CORE_INSTANCE) {
        const comp_core_instance *ci = &c->core_instances[e->item];
        if (ci->kind == COMP_INSTANCE_INSTANTIATE) {
            uint_field(j, "instantiate_module", ci->module);
            jw_key(&j->w, "args");
            jw_begin(&j->w, '[');
            for (uint32_t i = 0; i < ci->arg_count; i++)
                named_ref(j, ci->args[i].name, COMP_SPACE_CORE_INSTANCE, ci->args[i].instance);
        } else {
            jw_key(&j->w, "exports");
            jw_begin(&j->w, '[');
            for (uint32_t i = 0; i < ci->export_count; i++) {
                comp_sort sort = {COMP_SORT_CORE, ci->exports[i].item.sort};
                named_ref(j, ci->exports[i].name, comp_space_of_sort(sort), ci->exports[i].item.index);
            }
        }
        jw_end(&j->w);
    } else if (e->section == COMP_CSEC_INSTANCE) {
        const comp_instance *in = &c->instances[e->item];
        if (in->kind == COMP_INSTANCE_INSTANTIATE) {
            uint_field(j, "instantiate_component", in->component);
            jw_key(&j->w, "args");
            jw_begin(&j->w, '[');
            for (uint32_t i = 0; i < in->arg_count; i++)
                named_ref(j, in->args[i].name, comp_space_of_sort(in->args[i].item.sort),
                          in->args[i].item.index);
        } else {
            jw_key(&j->w, "exports");
            jw_begin(&j->w, '[');
            for (uint32_t i = 0; i < in->export_count; i++)
                named_ref(j, in->exports[i].name.name, comp_space_of_sort(in->exports[i].item.sort),
                          in->exports[i].item.index);
        }
        jw_end(&j->w);
    }
}

static void space_tree(jctx *j, const comp_scope *s, comp_space space, const char *key, int depth)
{
    const comp_component *c = s->component;
    jw_key(&j->w, key);
    jw_begin(&j->w, '[');
    for (uint32_t i = 0; i < s->spaces->counts[space]; i++) {
        const comp_space_entry *e = &s->spaces->entries[space][i];
        jw_begin(&j->w, '{');
        uint_field(j, "index", i);
        jw_key(&j->w, "origin");
        describe_origin(&j->text, s, space, i);
        text_value(j);
        instance_detail(j, s, e);
        if (e->section == COMP_CSEC_CORE_MODULE) {
            uint_field(j, "size", c->modules[e->item]->size);
            module_body(j, c->modules[e->item]);
        } else if (e->section == COMP_CSEC_COMPONENT) {
            const comp_component *inner = c->components[e->item];
            uint_field(j, "size", inner->size);
            const comp_scope *ns = depth < MAX_NESTING ? nested_scope(s, inner, j->arena) : NULL;
            if (ns)
                component_body(j, ns, depth + 1);
            else
                j->oom |= depth < MAX_NESTING;
        }
        jw_end(&j->w);
    }
    jw_end(&j->w);
}

static void component_body(jctx *j, const comp_scope *s, int depth)
{
    const comp_component *c = s->component;
    jw_key(&j->w, "imports");
    jw_begin(&j->w, '[');
    for (uint32_t i = 0; i < c->import_count; i++) {
        const comp_cimport *im = &c->imports[i];
        jw_begin(&j->w, '{');
        str_field(j, "name", im->name.name);
        cstr_field(j, "kind", comp_space_name(comp_space_of_extern(im->type.kind)));
        jw_key(&j->w, "type");
        comp_describe_externtype(&j->text, s, &im->type, &j->scratch);
        text_value(j);
        jw_end(&j->w);
    }
    jw_end(&j->w);
    jw_key(&j->w, "exports");
    jw_begin(&j->w, '[');
    for (uint32_t i = 0; i < c->export_count; i++) {
        const comp_cexport *e = &c->exports[i];
        jw_begin(&j->w, '{');
        str_field(j, "name", e->name.name);
        cstr_field(j, "kind", comp_space_name(comp_space_of_sort(e->item.sort)));
        uint_field(j, "index", e->item.index);
        jw_key(&j->w, "type");
        describe_export_type(&j->text, s, e, &j->scratch);
        text_value(j);
        jw_end(&j->w);
    }
    jw_end(&j->w);
    space_tree(j, s, COMP_SPACE_CORE_MODULE, "core_modules", depth);
    space_tree(j, s, COMP_SPACE_CORE_INSTANCE, "core_instances", depth);
    space_tree(j, s, COMP_SPACE_COMPONENT, "components", depth);
    space_tree(j, s, COMP_SPACE_INSTANCE, "instances", depth);
}

bool json_print(FILE *f, const inspection *in)
{
    jctx j = {.arena = in->arena};
    jw_init(&j.w, f);
    comp_arena_init(&j.scratch);
    jw_begin(&j.w, '{');
    cstr_field(&j, "file", in->name);
    cstr_field(&j, "kind", in->module ? "module" : "component");
    uint_field(&j, "size", in->size);
    if (in->module) {
        module_sections(&j, in->module);
        module_body(&j, in->module);
    } else {
        component_sections(&j, in->component);
        component_body(&j, &in->scope, 0);
    }
    jw_end(&j.w);
    comp_buf_free(&j.text);
    comp_arena_free(&j.scratch);
    return !j.oom;
}
