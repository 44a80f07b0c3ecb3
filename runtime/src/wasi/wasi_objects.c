/* The table of host objects behind guest handles: one slot per stream,
 * pollable, error or terminal, reused through a free list so a guest that
 * makes and drops objects in a loop does not grow it. */
#include "wasi/wasi_host.h"

#include <string.h>
#include <unistd.h>

static wasi_obj *slots(const rt_wasi *w) { return (wasi_obj *)w->objs.data; }

wasi_obj *wasi_obj_new(rt_wasi *w, wasi_obj_kind kind, uint32_t *rep)
{
    wasi_obj *o;
    uint32_t index;
    if (w->free_head) {
        index = w->free_head - 1;
        o = &slots(w)[index];
        w->free_head = o->next_free;
    } else {
        if (w->objs.count >= WASI_MAX_OBJECTS)
            return NULL;
        o = comp_vec_push(&w->arena, &w->objs, sizeof *o);
        if (!o)
            return NULL;
        index = w->objs.count - 1;
    }
    uint32_t gen = o->gen;
    memset(o, 0, sizeof *o);
    o->gen = gen;
    o->kind = (uint8_t)kind;
    w->live++;
    *rep = index + 1;
    return o;
}

wasi_obj *wasi_obj_get(const rt_wasi *w, uint32_t rep, wasi_obj_kind kind)
{
    if (rep == 0 || rep > w->objs.count)
        return NULL;
    wasi_obj *o = &slots(w)[rep - 1];
    return o->kind == kind ? o : NULL;
}

bool wasi_obj_free(rt_wasi *w, uint32_t rep, wasi_obj_kind kind)
{
    wasi_obj *o = wasi_obj_get(w, rep, kind);
    if (!o)
        return false;
    if ((kind == WOBJ_INPUT || kind == WOBJ_OUTPUT) && o->u.stream.fd >= 0)
        close(o->u.stream.fd);
    o->kind = WOBJ_FREE;
    o->gen++;
    o->next_free = w->free_head;
    w->free_head = rep;
    w->live--;
    return true;
}
