/* rt_module: validation and one-time translation of every function body. */
#include <stdlib.h>
#include <string.h>

#include "core/rt_internal.h"

rt_module *rt_module_new(const comp_module *m, uint32_t features, comp_error *err)
{
    if (!comp_module_validate(m, features, err))
        return NULL;
    /* Operand moves at branches and calls cost one copy per value: bound
     * the arities so translation stays linear in the module size. */
    for (uint32_t i = 0; i < m->type_count; i++)
        if (m->types[i].param_count > RT_MAX_ARITY || m->types[i].result_count > RT_MAX_ARITY) {
            comp_error_set(err, m->offset,
                           "type %u: more than %u parameters or results (interpreter limit)", i,
                           RT_MAX_ARITY);
            return NULL;
        }
    rt_module *mod = calloc(1, sizeof *mod);
    if (!mod) {
        comp_error_set(err, m->offset, "out of memory");
        return NULL;
    }
    mod->m = m;
    mod->codes = calloc(m->func_count ? m->func_count : 1, sizeof(rt_code));
    if (!mod->codes) {
        free(mod);
        comp_error_set(err, m->offset, "out of memory");
        return NULL;
    }
    bool v128_globals = false;
    for (uint32_t i = 0; i < m->global_count; i++)
        v128_globals |= m->globals[i].type.type == COMP_V128;
    for (uint32_t i = 0; i < m->import_count; i++)
        v128_globals |= m->imports[i].kind == COMP_EXTERN_GLOBAL &&
                        m->imports[i].desc.global.type == COMP_V128;
    /* The type of each tag, for translating throw. */
    uint32_t *tag_types = malloc(((size_t)m->imported_tags + m->tag_count + 1) * sizeof *tag_types);
    if (!tag_types) {
        rt_module_free(mod);
        comp_error_set(err, m->offset, "out of memory");
        return NULL;
    }
    uint32_t ntag = 0;
    for (uint32_t i = 0; i < m->import_count; i++)
        if (m->imports[i].kind == COMP_EXTERN_TAG)
            tag_types[ntag++] = m->imports[i].desc.tag.type;
    for (uint32_t i = 0; i < m->tag_count; i++)
        tag_types[ntag++] = m->tags[i].type;
    for (uint32_t i = 0; i < m->func_count; i++) {
        if (!rt_translate(m, i, v128_globals, mod->codes, tag_types, &mod->codes[i], err)) {
            free(tag_types);
            rt_module_free(mod);
            return NULL;
        }
        mod->code_count = i + 1;
    }
    free(tag_types);
    return mod;
}

void rt_module_free(rt_module *mod)
{
    if (!mod)
        return;
    for (uint32_t i = 0; i < mod->code_count; i++)
        rt_code_release(&mod->codes[i]);
    free(mod->codes);
    free(mod);
}

const comp_module *rt_module_source(const rt_module *mod) { return mod->m; }
