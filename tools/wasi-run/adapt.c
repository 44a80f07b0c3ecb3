/* wasi-run MODULE.wasm: a wasm32-wasip1 core module is made into a
 * component on the fly with the bundled preview1 command adapter
 * (wit/component_new.h), as `wasi-adapt p1-to-p2` would. */
#include "wasi_run.h"

#include <stdio.h>
#include <stdlib.h>

#include "comp/buf.h"
#include "preview1/adapter_preview1.h"
#include "wit/component_new.h"

int adapt_core_module(loaded *l)
{
    wit_cnew_wasi_kind kind;
    bool imports_p1;
    comp_error err = {0};
    if (!wit_cnew_wasi_detect(l->binary, l->binary_len, &kind, &imports_p1, &err)) {
        loaded_report(l, &err, false);
        return EXIT_FAILED;
    }
    if (!imports_p1) {
        /* The adapter would be left out: no wasi:cli/run to call. */
        fprintf(stderr, "wasi-run: %s: a core module, not a component, and no wasm32-wasip1 program "
                "(it imports nothing from wasi_snapshot_preview1): nothing to adapt and run\n", l->path);
        return EXIT_FAILED;
    }
    if (kind != WIT_CNEW_WASI_COMMAND) {
        fprintf(stderr, "wasi-run: %s: a core module without a `_start` export: only wasm32-wasip1 "
                "commands run (a reactor has no entry point)\n", l->path);
        return EXIT_FAILED;
    }
    wit_cnew_adapter adapter = {"wasi_snapshot_preview1", adapter_preview1_command, adapter_preview1_command_len};
    comp_buf out = {0};
    if (!wit_component_new(l->binary, l->binary_len, &adapter, 1, &out, &err)) {
        /* Offsets of adapter messages are in the adapter, not the file. */
        fprintf(stderr, "wasi-run: %s: cannot adapt this wasm32-wasip1 module: %s\n", l->path, err.message);
        comp_buf_free(&out);
        return EXIT_FAILED;
    }
    if (out.oom) {
        comp_buf_free(&out);
        fprintf(stderr, "wasi-run: %s: out of memory\n", l->path);
        return EXIT_FAILED;
    }
    if (l->binary != l->file)
        free(l->binary);
    l->binary = out.data;
    l->binary_len = out.len;
    l->component = true;
    /* Offsets in later messages are the component's, not the text's. */
    l->text = false;
    return -1;
}
