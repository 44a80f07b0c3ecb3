/* Section sizes, from the offsets the decoders record. */
#include "comp/describe.h"

/* From `at` to `next` (or to `end` for the last section); 0 when the
 * offsets are not increasing (a hand-built model). */
static size_t span(size_t at, size_t next)
{
    return next > at ? next - at : 0;
}

size_t comp_module_section_size(const comp_module *m, uint32_t i)
{
    if (i >= m->section_count)
        return 0;
    size_t next = i + 1 < m->section_count ? m->sections[i + 1].offset : m->offset + m->size;
    return span(m->sections[i].offset, next);
}

size_t comp_component_section_size(const comp_component *c, uint32_t i)
{
    if (i >= c->section_count)
        return 0;
    size_t next = i + 1 < c->section_count ? c->sections[i + 1].offset : c->offset + c->size;
    return span(c->sections[i].offset, next);
}
