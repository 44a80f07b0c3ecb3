#ifndef WIT_COMPONENT_NEW_H
#define WIT_COMPONENT_NEW_H

/* Turning a core module into a component, the way wit-component's
 * ComponentEncoder (`wasm-tools component new`) does:
 *
 * - The world comes from the module's `component-type*` custom sections
 *   (each the embed form of a WIT world, see encode.h); they are removed
 *   from the embedded module. The worlds of all sections, and of the
 *   adapters used, are merged into one (same-named packages and interfaces
 *   unified).
 * - Each function import of the module is either a function of an
 *   interface the world imports (module = interface name such as
 *   `wasi:cli/stdout@0.2.3`, or `$root` for world functions; name = the
 *   function, or `[method]r.f`, `[static]r.f`, `[constructor]r`,
 *   `[resource-drop]r`), lowered with `canon lower` (memory, realloc and
 *   string encoding as the canonical ABI needs), or a function of an
 *   adapter module named like the import's module (e.g.
 *   `wasi_snapshot_preview1`), or (module `[export]I`) `[resource-new]r`,
 *   `[resource-rep]r` or `[resource-drop]r` of a resource of exported
 *   interface I, which the component defines (its destructor is the
 *   module's export `I#[dtor]r`). One name imported twice is renamed in
 *   the embedded module (components forbid it) and shares the function.
 * - Adapters are core modules following wit-component's conventions: they
 *   import `env` `memory` and functions of `__main_module__` from the main
 *   module, carry their own `component-type*` sections, and are reduced to
 *   the exports actually used (their unused imports disappear with them).
 *   A `__stack_pointer` global gets a stack page of its own.
 * - Exports named `iface#func` (and world functions by name) are lifted,
 *   with `cabi_post_*` post-return functions and the module's
 *   `cabi_realloc`. An exported interface with types of its own is
 *   exported through a shim component that exports those types with it.
 * - Lowerings that need the main module's memory are reached through a
 *   table (a shim module instantiated first, filled by a fixup module once
 *   the memory exists), which breaks the cycle between the main module and
 *   its adapters.
 *
 * Errors name the import, export or section at fault; `err->offset` is a
 * byte offset in the main module (or in the adapter, as the message says). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/buf.h"
#include "comp/error.h"

/* An adapter module and the import module name it implements. */
typedef struct wit_cnew_adapter {
    const char *name;           /* e.g. "wasi_snapshot_preview1" */
    const uint8_t *data;
    size_t len;
} wit_cnew_adapter;

/* Appends the component made of core module `module` and `adapters` to
 * `out`. The inputs are only read. */
bool wit_component_new(const uint8_t *module, size_t len, const wit_cnew_adapter *adapters,
                       size_t adapter_count, comp_buf *out, comp_error *err);

/* What kind of wasm32-wasip1 program a core module is, for choosing the
 * preview1 adapter: a command exports `_start` (the command adapter's
 * wasi:cli/run calls it), a reactor does not. `imports_preview1` says
 * whether it imports anything from `wasi_snapshot_preview1` at all. */
typedef enum wit_cnew_wasi_kind {
    WIT_CNEW_WASI_COMMAND,
    WIT_CNEW_WASI_REACTOR,
} wit_cnew_wasi_kind;

bool wit_cnew_wasi_detect(const uint8_t *module, size_t len, wit_cnew_wasi_kind *kind,
                          bool *imports_preview1, comp_error *err);

#endif
