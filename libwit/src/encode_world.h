#ifndef WIT_ENCODE_WORLD_H
#define WIT_ENCODE_WORLD_H

/* The type encoder behind encode.h (private): builds the component types
 * of one world or one interface, following wit-component's rules for
 * which types are defined where, how `use` becomes aliases, and in what
 * order functions are listed. */

#include "wit/encode.h"

/* The component type describing world `world` (its imports and exports). */
bool encode_world_type(const wit_resolve *r, uint32_t world, comp_arena *arena,
                       comp_type **out, comp_error *err);

/* The component type describing interface `iface` as wit-component encodes
 * a package's interfaces: imports the interfaces it uses (their types only),
 * exports itself. */
bool encode_interface_type(const wit_resolve *r, uint32_t iface, comp_arena *arena,
                           comp_type **out, comp_error *err);

#endif
