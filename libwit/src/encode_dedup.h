#ifndef WIT_ENCODE_DEDUP_H
#define WIT_ENCODE_DEDUP_H

/* Structural identity of encoded component types (private): wit-parser
 * shares one type id between equal anonymous types of a package, so
 * wit-component defines `list<u8>` once per instance type however often it
 * is written; the encoder gets the same effect by looking encoded types up
 * here. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/component.h"

typedef struct dedup_slot {
    const comp_type *type;      /* NULL: empty */
    uint32_t index;             /* its index in the type index space */
} dedup_slot;

typedef struct dedup_table {
    dedup_slot *slots;
    uint32_t cap, count;
} dedup_table;

/* The index of a type equal to `t`, or UINT32_MAX. */
uint32_t dedup_find(const dedup_table *d, const comp_type *t);
/* Records `t` at `index`; false when out of memory. */
bool dedup_add(comp_arena *a, dedup_table *d, const comp_type *t, uint32_t index);

#endif
