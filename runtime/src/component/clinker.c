/* The component linker: host functions, host resource types and other
 * instances, by (interface, name). */
#include "component/cinternal.h"
#include "component/clinker.h"

#include <stdlib.h>
#include <string.h>

rt_clinker *rt_clinker_new(void)
{
    rt_clinker *l = calloc(1, sizeof *l);
    if (l)
        comp_arena_init(&l->arena);
    return l;
}

void rt_clinker_free(rt_clinker *l)
{
    if (!l)
        return;
    free(l->defs);
    comp_arena_free(&l->arena);
    free(l);
}

static comp_str copy_str(comp_arena *a, const char *s, bool *ok)
{
    comp_str r = {NULL, 0};
    if (!s)
        return r;
    size_t n = strlen(s);
    char *c = comp_arena_strndup(a, s, n);
    if (!c)
        *ok = false;
    r.data = c, r.len = (uint32_t)n;
    return r;
}

static cldef *add_def(rt_clinker *l, const char *interface, const char *name, uint8_t kind)
{
    if (l->count == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 16;
        cldef *p = realloc(l->defs, (size_t)cap * sizeof *p);
        if (!p)
            return NULL;
        l->defs = p, l->cap = cap;
    }
    bool ok = true;
    cldef d = {.kind = kind};
    d.interface = copy_str(&l->arena, interface, &ok);
    d.name = copy_str(&l->arena, name, &ok);
    if (!ok)
        return NULL;
    /* Redefining replaces. */
    for (uint32_t i = 0; i < l->count; i++) {
        cldef *e = &l->defs[i];
        if (e->kind == kind && !e->interface.data == !interface &&
            e->interface.len == d.interface.len &&
            (!interface || memcmp(e->interface.data, d.interface.data, d.interface.len) == 0) &&
            e->name.len == d.name.len && memcmp(e->name.data, d.name.data, d.name.len) == 0) {
            *e = d;
            return e;
        }
    }
    l->defs[l->count] = d;
    return &l->defs[l->count++];
}

bool rt_clinker_define_func(rt_clinker *l, const char *interface, const char *name,
                            const rt_cfunctype *type, rt_chost_fn fn, void *user)
{
    cldef *d = add_def(l, interface, name, CLDEF_FUNC);
    if (!d)
        return false;
    d->type = type, d->fn = fn, d->user = user;
    return true;
}

bool rt_clinker_define_resource(rt_clinker *l, const char *interface, const char *name,
                                rt_resource_type *r)
{
    cldef *d = add_def(l, interface, name, CLDEF_RESOURCE);
    if (!d)
        return false;
    d->resource = r;
    return true;
}

bool rt_clinker_define_instance(rt_clinker *l, const char *name, rt_cinstance *inst,
                                const char *export_name)
{
    cldef *d = add_def(l, NULL, name, CLDEF_INSTANCE);
    if (!d)
        return false;
    bool ok = true;
    d->inst = inst;
    d->export_name = copy_str(&l->arena, export_name, &ok);
    return ok;
}

static bool str_eq(comp_str a, comp_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

const cldef *clinker_find(const rt_clinker *l, comp_str interface, comp_str name, uint8_t kind)
{
    if (!l)
        return NULL;
    for (uint32_t i = 0; i < l->count; i++) {
        const cldef *d = &l->defs[i];
        if (d->kind != kind || !str_eq(d->name, name))
            continue;
        if (interface.data ? (d->interface.data && str_eq(d->interface, interface)) : !d->interface.data)
            return d;
    }
    return NULL;
}
