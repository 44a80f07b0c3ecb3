#ifndef WIT_ORDER_H
#define WIT_ORDER_H

/* The order wit-parser gives the items of a model (print_order.c, private).
 * The printer lists items in it, and the encoder encodes them in it, as
 * wit-component walks wit-parser's (already sorted) maps. */

#include <stdbool.h>
#include <stdint.h>

#include "wit/resolve.h"

/* Type ids of an interface or world (`types`, source order) in the order
 * wit-parser keeps them: `use`d names first, then definitions sorted by
 * dependency (earliest written first among the ready ones). `order` has
 * room for `n`. False if out of memory. */
bool wp_order_types(const wit_resolve *r, const uint32_t *types, uint32_t n,
                 wit_owner_kind owner_kind, uint32_t owner, uint32_t *order);
/* Interface ids of package `pkg` in wit-parser's order (dependency order
 * within the package, earliest written first among the ready ones). */
bool wp_order_interfaces(const wit_resolve *r, uint32_t pkg, uint32_t *order);
/* All package ids in the order wit-parser adds them to a Resolve: by name,
 * each after the packages it depends on (depth first). `order` has room
 * for `r->package_count`. */
bool wp_order_packages(const wit_resolve *r, uint32_t *order);
/* True when named type `id` is a `use` of a type owned elsewhere. */
bool wp_type_is_import(const wit_resolve *r, uint32_t id);

#endif
