#ifndef WIT_ENCODE_H
#define WIT_ENCODE_H

/* Resolved WIT as component types, in the forms wasm-tools' wit-component
 * writes:
 *
 * - A world as the component that bindings generators embed in a core
 *   module's `component-type:NAME` custom section (`wasm-tools component
 *   embed`): a `wit-component-encoding` custom section (version 4, utf8),
 *   then one type, a component type that exports the world's component type
 *   as `ns:pkg/world@version`, exported under the world's name.
 * - A whole package (`wasm-tools component wit --wasm`): one exported type
 *   per interface (a component type importing the instances it uses, types
 *   only, and exporting the interface as `ns:pkg/iface@version`), then one
 *   per world (wrapped as above).
 *
 * The produced components pass comp_component_validate. Everything is
 * allocated in `arena`; `err` gets offset 0 and a message. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/component.h"
#include "comp/error.h"
#include "wit/resolve.h"

/* Bound on how deeply type definitions may nest while encoding. */
enum { WIT_ENCODE_MAX_DEPTH = 200 };

/* The component model of world `world` (the embed form). */
bool wit_encode_world_component(const wit_resolve *r, uint32_t world, comp_arena *arena,
                                comp_component **out, comp_error *err);

/* The component model of package `pkg` (the --wasm form). */
bool wit_encode_package_component(const wit_resolve *r, uint32_t pkg, comp_arena *arena,
                                  comp_component **out, comp_error *err);

/* The same, appended to `out` as binary. */
bool wit_encode_world(const wit_resolve *r, uint32_t world, comp_buf *out, comp_error *err);
bool wit_encode_package(const wit_resolve *r, uint32_t pkg, comp_buf *out, comp_error *err);

/* Appends a whole core-module custom section named `component-type:NAME`
 * (id 0, size, name, then the embed form of `world`) to `out`, ready to be
 * appended to a core module. */
bool wit_encode_custom_section(const wit_resolve *r, uint32_t world, const char *name,
                               comp_buf *out, comp_error *err);

/* `ns:pkg/name@version` for an item `name` of package `pkg` (arena copy). */
comp_str wit_encode_item_id(const wit_resolve *r, uint32_t pkg, comp_str name, comp_arena *arena);

#endif
