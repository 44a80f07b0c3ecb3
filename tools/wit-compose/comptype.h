#ifndef WIT_COMPOSE_COMPTYPE_H
#define WIT_COMPOSE_COMPTYPE_H

/* The component type of a component, for importing it by type instead of
 * embedding it: libwit decodes the component's world and encodes that world
 * back as a component type (the same round trip `wasm-tools component wit`
 * makes), so the type holds exactly what WIT can say about it. */

#include <stdbool.h>

#include "comp/arena.h"
#include "comp/component.h"
#include "comp/error.h"

/* `*out` (in `arena`) is a self-contained COMP_TYPE_COMPONENT type. */
bool comptype_of_component(const comp_component *c, comp_arena *arena, const comp_type **out,
                           comp_error *err);

#endif
