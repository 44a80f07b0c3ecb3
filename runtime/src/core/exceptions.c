/* Tags and exceptions as host-visible objects (the interpreter's throw,
 * catch and unwinding are in interp.c). */
#include <stdlib.h>
#include <string.h>

#include "core/rt_internal.h"

rt_tag *rt_tag_new(rt_store *store, const comp_functype *type)
{
    if (type->result_count != 0)
        return NULL;
    rt_tag *t = rt_store_calloc(store, 1, sizeof *t + type->param_count);
    if (!t)
        return NULL;
    uint8_t *params = (uint8_t *)(t + 1);
    if (type->param_count)
        memcpy(params, type->params, type->param_count);
    t->own_type.param_count = type->param_count;
    t->own_type.params = params;
    t->type = &t->own_type;
    return t;
}

const comp_functype *rt_tag_type(const rt_tag *tag) { return tag->type; }

bool rt_exn_own(rt_store *s, rt_exn *exn)
{
    if (exn->owned)
        return true;
    exn->owned = true;
    return rt_store_own(s, exn, free);
}

rt_exn *rt_exn_new(rt_store *store, rt_tag *tag, const rt_val *values, uint32_t count)
{
    const comp_functype *ft = tag->type;
    if (count != ft->param_count)
        return NULL;
    for (uint32_t i = 0; i < count; i++)
        if (values[i].kind != ft->params[i])
            return NULL;
    rt_exn *e = malloc(sizeof *e + (size_t)count * sizeof(slot));
    if (!e)
        return NULL;
    e->tag = tag;
    e->owned = false;
    e->count = count;
    for (uint32_t i = 0; i < count; i++)
        rt_val_to_slot(&values[i], &e->values[i]);
    return rt_exn_own(store, e) ? e : NULL;
}

rt_tag *rt_exn_tag(const rt_exn *exn) { return exn->tag; }
uint32_t rt_exn_value_count(const rt_exn *exn) { return exn->count; }

rt_val rt_exn_value(const rt_exn *exn, uint32_t i)
{
    if (i >= exn->count) {
        rt_val none = {0};
        return none;
    }
    return rt_slot_to_val(&exn->values[i], exn->tag->type->params[i]);
}

void rt_trap_throw(rt_trap *trap, rt_exn *exn)
{
    rt_trap_set(trap, RT_TRAP_EXCEPTION, NULL);
    trap->exception = exn;
}
