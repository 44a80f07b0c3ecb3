#ifndef COMP_COMPONENT_CREAD_ITEMS_H
#define COMP_COMPONENT_CREAD_ITEMS_H

/* The items of vector sections, for the section loop (private). */

#include "cread.h"

/* True for the sections holding vec(item). */
static inline bool cr_is_vec_section(uint8_t id)
{
    return id == COMP_CSEC_CORE_INSTANCE || id == COMP_CSEC_CORE_TYPE ||
           (id >= COMP_CSEC_INSTANCE && id <= COMP_CSEC_CANON) ||
           id == COMP_CSEC_IMPORT || id == COMP_CSEC_EXPORT || id == COMP_CSEC_VALUE;
}
size_t cr_min_item_bytes(uint8_t id);
/* Reads one item of vector section `id` into its array at index `at`. */
bool cr_vec_item(rd *r, comp_component *c, uint8_t id, uint32_t at);
bool cr_start(rd *r, comp_start *s);

#endif
