/* The wasm backtrace of a trap, printed under the trap's message by every
 * mode of wasi-run. */
#include "wasi_run.h"

#include <stdio.h>

void print_trap_backtrace(FILE *out, const rt_trap *trap)
{
    if (trap->backtrace_count == 0)
        return;
    fprintf(out, "wasm backtrace:\n");
    for (uint32_t i = 0; i < trap->backtrace_count; i++) {
        const rt_trap_frame *f = &trap->backtrace[i];
        fprintf(out, "  %2u: %s (function %u) at offset %zu\n", i,
                f->func_name[0] ? f->func_name : "?", f->func_index, f->offset);
    }
    if (trap->backtrace_omitted)
        fprintf(out, "  ... %u more frame%s\n", trap->backtrace_omitted,
                trap->backtrace_omitted == 1 ? "" : "s");
}
