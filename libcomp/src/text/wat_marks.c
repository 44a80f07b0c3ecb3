/* Instruction marks of the text parser (see wat_marks.h). */
#include "text/wat_marks.h"

#include <stdlib.h>

#include "comp/arena.h"

void wat_marks_add(wat_marks *m, size_t rel, size_t text)
{
    if (!m || m->oom || rel > UINT32_MAX)
        return;
    if (m->count == m->cap) { /* the test keeps the common path inline */
        wat_mark *items = comp_heap_reserve(m->items, &m->cap, m->count + 1, sizeof *items);
        if (!items) {
            m->oom = true;
            return;
        }
        m->items = items;
    }
    m->items[m->count++] = (wat_mark){NULL, (uint32_t)rel, text};
}

void wat_marks_claim(wat_marks *m, const uint8_t *code)
{
    if (!m)
        return;
    for (size_t i = m->count; i > 0 && !m->items[i - 1].code; i--)
        m->items[i - 1].code = code;
}

void wat_marks_free(wat_marks *m)
{
    free(m->items);
    *m = (wat_marks){0};
}
