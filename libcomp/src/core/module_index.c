/* Index spaces of a core module: imported entities first, then defined ones. */
#include "comp/module.h"

uint32_t comp_module_total_funcs(const comp_module *m) { return m->imported_funcs + m->func_count; }
uint32_t comp_module_total_tables(const comp_module *m) { return m->imported_tables + m->table_count; }
uint32_t comp_module_total_memories(const comp_module *m) { return m->imported_memories + m->memory_count; }
uint32_t comp_module_total_globals(const comp_module *m) { return m->imported_globals + m->global_count; }
uint32_t comp_module_total_tags(const comp_module *m) { return m->imported_tags + m->tag_count; }

const char *comp_valtype_name(comp_valtype t)
{
    switch (t) {
    case COMP_I32: return "i32";
    case COMP_I64: return "i64";
    case COMP_F32: return "f32";
    case COMP_F64: return "f64";
    case COMP_V128: return "v128";
    case COMP_FUNCREF: return "funcref";
    case COMP_EXTERNREF: return "externref";
    case COMP_EXNREF: return "exnref";
    default: return NULL;
    }
}

static const comp_functype *type_at(const comp_module *m, uint32_t type)
{
    return type < m->type_count ? &m->types[type] : NULL;
}

const comp_functype *comp_module_func_type(const comp_module *m, uint32_t index)
{
    if (index < m->imported_funcs) {
        if (m->imported_func_types)
            return type_at(m, m->imported_func_types[index]);
        /* The index-th function import. */
        for (uint32_t i = 0; i < m->import_count; i++) {
            const comp_import *im = &m->imports[i];
            if (im->kind != COMP_EXTERN_FUNC)
                continue;
            if (index == 0)
                return type_at(m, im->desc.func_type);
            index--;
        }
        return NULL;
    }
    index -= m->imported_funcs;
    return index < m->func_count ? type_at(m, m->funcs[index]) : NULL;
}
