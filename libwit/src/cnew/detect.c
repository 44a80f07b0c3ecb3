/* Command or reactor: what a wasm32-wasip1 module looks like from its
 * imports and exports (wit/component_new.h). */
#include "cnew/cnew_internal.h"

bool wit_cnew_wasi_detect(const uint8_t *module, size_t len, wit_cnew_wasi_kind *kind,
                          bool *imports_preview1, comp_error *err)
{
    comp_arena arena;
    comp_arena_init(&arena);
    comp_module *m;
    bool ok = comp_module_decode(module, len, &arena, &m, err);
    if (ok) {
        *imports_preview1 = false;
        for (uint32_t i = 0; i < m->import_count; i++)
            *imports_preview1 |= cn_str_eq(m->imports[i].module, "wasi_snapshot_preview1");
        bool start = false;
        for (uint32_t i = 0; i < m->export_count; i++)
            start |= m->exports[i].kind == COMP_EXTERN_FUNC && cn_str_eq(m->exports[i].name, "_start");
        *kind = start ? WIT_CNEW_WASI_COMMAND : WIT_CNEW_WASI_REACTOR;
    }
    comp_arena_free(&arena);
    return ok;
}
