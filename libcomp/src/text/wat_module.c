/* Core module text format -> comp_module: sets up the parser, runs the
 * declaring and defining passes, then lays out the model's sections in
 * the standard order (with the `name` section last). */
#include "text/wat_module.h"

#include <string.h>

#include "text/wat_module_int.h"

static void init_spaces(wat_parser *p)
{
    wat_space_init(&p->types, "type");
    wat_space_init(&p->funcs, "func");
    wat_space_init(&p->tables, "table");
    wat_space_init(&p->memories, "memory");
    wat_space_init(&p->globals, "global");
    wat_space_init(&p->elems, "elem");
    wat_space_init(&p->datas, "data");
    wat_space_init(&p->tags, "tag");
}

static void fill_module(wat_parser *p)
{
    comp_module *m = p->m;
    m->types = p->type_list.data;
    m->type_count = p->type_list.count;
    m->imports = p->imports.data;
    m->import_count = p->imports.count;
    m->funcs = p->funcs_list.data;
    m->func_count = p->funcs_list.count;
    m->tables = p->table_list.data;
    m->table_count = p->table_list.count;
    m->memories = p->memory_list.data;
    m->memory_count = p->memory_list.count;
    m->globals = p->global_list.data;
    m->global_count = p->global_list.count;
    m->exports = p->export_list.data;
    m->export_count = p->export_list.count;
    m->elems = p->elem_list.data;
    m->elem_count = p->elem_list.count;
    m->tags = p->tag_list.data;
    m->tag_count = p->tag_list.count;
    m->codes = p->code_list.data;
    m->code_count = p->code_list.count;
    m->datas = p->data_list.data;
    m->data_segment_count = p->data_list.count;
    if (p->needs_data_count) {
        m->has_data_count = true;
        m->data_count = p->data_list.count;
    }
    for (uint32_t i = 0; i < m->import_count; i++) {
        switch (m->imports[i].kind) {
        case COMP_EXTERN_FUNC: m->imported_funcs++; break;
        case COMP_EXTERN_TABLE: m->imported_tables++; break;
        case COMP_EXTERN_MEMORY: m->imported_memories++; break;
        case COMP_EXTERN_GLOBAL: m->imported_globals++; break;
        default: m->imported_tags++; break;
        }
    }
}

/* Custom sections placed at `place` and `anchor` (0 unless before/after a
 * section), in source order. */
static void place_customs(comp_module *m, const wat_parser *p, uint8_t place, uint8_t anchor)
{
    const wat_custom *c = p->customs.data;
    for (uint32_t i = 0; i < p->customs.count; i++)
        if (c[i].place == place && c[i].anchor == anchor)
            m->sections[m->section_count++] =
                (comp_section){.id = COMP_SEC_CUSTOM, .custom = i};
}

/* Known sections in the standard order with the custom sections around
 * their anchors, as wasm-tools lays them out: the anchors count even when
 * their section is absent, and the data count section has none. */
static bool layout_sections(wat_parser *p)
{
    comp_module *m = p->m;
    const struct { uint8_t id; bool present; } order[] = {
        {COMP_SEC_TYPE, m->type_count > 0},        {COMP_SEC_IMPORT, m->import_count > 0},
        {COMP_SEC_FUNCTION, m->func_count > 0},    {COMP_SEC_TABLE, m->table_count > 0},
        {COMP_SEC_MEMORY, m->memory_count > 0},    {COMP_SEC_TAG, m->tag_count > 0},
        {COMP_SEC_GLOBAL, m->global_count > 0},    {COMP_SEC_EXPORT, m->export_count > 0},
        {COMP_SEC_START, m->has_start},            {COMP_SEC_ELEMENT, m->elem_count > 0},
        {COMP_SEC_DATA_COUNT, m->has_data_count},  {COMP_SEC_CODE, m->code_count > 0},
        {COMP_SEC_DATA, m->data_segment_count > 0},
    };
    size_t n = sizeof order / sizeof order[0];
    m->sections = comp_arena_array(p->arena, n + p->customs.count, sizeof *m->sections);
    m->customs = comp_arena_array(p->arena, p->customs.count, sizeof *m->customs);
    if (!m->sections || (p->customs.count && !m->customs))
        return wat_oom(p, NULL);
    const wat_custom *c = p->customs.data;
    for (uint32_t i = 0; i < p->customs.count; i++)
        m->customs[i] = c[i].section;
    m->custom_count = p->customs.count;
    place_customs(m, p, WAT_PLACE_BEFORE_FIRST, 0);
    for (size_t i = 0; i < n; i++) {
        bool anchored = order[i].id != COMP_SEC_DATA_COUNT;
        if (anchored)
            place_customs(m, p, WAT_PLACE_BEFORE, order[i].id);
        if (order[i].present)
            m->sections[m->section_count++] = (comp_section){.id = order[i].id};
        if (anchored)
            place_customs(m, p, WAT_PLACE_AFTER, order[i].id);
    }
    /* wasm-tools 1.225 (jco 1.25) writes the `name` section after all others. */
    place_customs(m, p, WAT_PLACE_AFTER_LAST, 0);
    place_customs(m, p, WAT_PLACE_NAME, 0);
    return true;
}

bool wat_module_from_sexpr(const text_sexpr *form, uint32_t first_field, comp_arena *arena,
                           comp_module **out, comp_error *err)
{
    return wat_module_from_sexpr_named(form, first_field, NULL, arena, NULL, out, err);
}

bool wat_module_from_sexpr_named(const text_sexpr *form, uint32_t first_field,
                                 const text_sexpr *name_annot, comp_arena *arena,
                                 struct wat_marks *marks, comp_module **out, comp_error *err)
{
    wat_parser p;
    memset(&p, 0, sizeof p);
    p.arena = arena;
    p.err = err;
    p.marks = marks;
    p.m = comp_arena_alloc(arena, sizeof *p.m);
    if (!p.m)
        return wat_oom(&p, form);
    init_spaces(&p);
    if (!wat_strip_annotations(&p, form, first_field, &form))
        return false;
    if (first_field > 0 && first_field <= form->count) {
        const text_sexpr *before = form->items[first_field - 1];
        const text_sexpr *name = name_annot ? name_annot : wat_annot_name(&p, before);
        if (name)
            p.module_name = &name->tok;
        else if (wat_is_id(before))
            p.module_name = &before->tok;
    }
    if (!wat_ops_init(&p) || !wat_declare_fields(&p, form, first_field) ||
        !wat_define_fields(&p, form, first_field))
        return false;
    fill_module(&p);
    if (!wat_name_section(&p) || !layout_sections(&p))
        return false;
    p.m->offset = form->tok.pos.offset;
    *out = p.m;
    return true;
}
