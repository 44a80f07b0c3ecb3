/* wit_component_new: the driver. It reads the modules and their worlds,
 * decides how each import is satisfied, reduces the adapters, then writes
 * the component in the order wit-component does: the imported instance
 * types, the core modules, the shim instance, the main module's
 * instantiation, each adapter's, the lowerings that needed memory (filled
 * into the shim's table by the fixup module), and last the lifted exports. */
#include "cnew/cnew_internal.h"

#include <stdio.h>
#include <string.h>

#include "emit.h"

bool wit_component_new(const uint8_t *module, size_t len, const wit_cnew_adapter *adapters,
                       size_t adapter_count, comp_buf *out, comp_error *err)
{
    comp_arena arena;
    comp_arena_init(&arena);
    cn_plan plan;
    bool ok = cn_plan_build(&plan, module, len, adapters, adapter_count, &arena, err) &&
              cn_emit(&plan, out, err);
    comp_arena_free(&arena);
    return ok;
}
