/* The store's idle scratch arenas for lowered calls (see cinternal.h). */
#include "component/cinternal.h"

#include <stdlib.h>

/* Enough for the usual nesting depth; deeper bursts free their extras. */
enum { MAX_IDLE_SCRATCH = 8 };

cscratch *cscratch_take(rt_cstore *s)
{
    cscratch *c = s->scratch;
    if (c) {
        s->scratch = c->next;
        s->scratch_idle--;
        c->next = NULL;
        return c;
    }
    c = malloc(sizeof *c);
    if (!c)
        return NULL;
    comp_arena_init(&c->arena);
    c->next = NULL;
    return c;
}

void cscratch_give(rt_cstore *s, cscratch *c)
{
    if (s->scratch_idle >= MAX_IDLE_SCRATCH) {
        comp_arena_free(&c->arena);
        free(c);
        return;
    }
    comp_arena_reset(&c->arena);
    c->next = s->scratch;
    s->scratch = c;
    s->scratch_idle++;
}

void cscratch_free_idle(rt_cstore *s)
{
    while (s->scratch) {
        cscratch *c = s->scratch;
        s->scratch = c->next;
        comp_arena_free(&c->arena);
        free(c);
    }
    s->scratch_idle = 0;
}
