/* Merging the worlds of several component-type sections. */
#include "cnew/cnew_internal.h"

bool cn_merge_worlds(cn_world *a, const cn_world *b, comp_arena *arena, comp_error *err)
{
    if (!b->r)
        return true;
    if (!a->r) {
        *a = *b;
        return true;
    }
    /* Two resolved models would have to be unified interface by interface
     * (wit-parser's Resolve::merge); refuse rather than guess. */
    return comp_error_set(err, 0, "merging the worlds of several component-type sections is not supported yet");
}
