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

/* The canonical version (Explainer.md "canonversion") of `v`, a semver
 * "major.minor.patch...": "major" when major > 0, else "0.minor" when
 * minor > 0, else "0.0.patch". Unparsable versions stay whole. */
static comp_str canon_version(comp_str v)
{
    uint32_t ends[3], i = 0;
    for (uint32_t part = 0; part < 3; part++) {
        uint32_t start = i;
        while (i < v.len && v.data[i] >= '0' && v.data[i] <= '9')
            i++;
        if (i == start || (part < 2 && (i >= v.len || v.data[i] != '.')))
            return v;
        ends[part] = i++;
    }
    bool major0 = ends[0] == 1 && v.data[0] == '0';
    bool minor0 = ends[1] == ends[0] + 2 && v.data[ends[0] + 1] == '0';
    return (comp_str){v.data, major0 ? (minor0 ? ends[2] : ends[1]) : ends[0]};
}

/* Interface names equal after canonicalizing their versions, so that a
 * host's "wasi:cli/stdout@0.2.3" serves an import of "@0.2.0" and back. */
static bool same_canonical_interface(comp_str a, comp_str b)
{
    const char *at_a = memchr(a.data, '@', a.len), *at_b = memchr(b.data, '@', b.len);
    if (!at_a || !at_b)
        return false;
    uint32_t pa = (uint32_t)(at_a - a.data), pb = (uint32_t)(at_b - b.data);
    if (pa != pb || memcmp(a.data, b.data, pa) != 0)
        return false;
    comp_str va = canon_version((comp_str){at_a + 1, a.len - pa - 1});
    comp_str vb = canon_version((comp_str){at_b + 1, b.len - pb - 1});
    return str_eq(va, vb);
}

const cldef *clinker_find(const rt_clinker *l, comp_str interface, comp_str name, uint8_t kind)
{
    if (!l)
        return NULL;
    const cldef *compatible = NULL;
    for (uint32_t i = 0; i < l->count; i++) {
        const cldef *d = &l->defs[i];
        if (d->kind != kind || !str_eq(d->name, name))
            continue;
        if (!interface.data) {
            if (!d->interface.data)
                return d;
        } else if (d->interface.data) {
            if (str_eq(d->interface, interface))
                return d; /* an exact name wins over a compatible version */
            if (!compatible && same_canonical_interface(d->interface, interface))
                compatible = d;
        }
    }
    return compatible;
}

bool clinker_has_interface(const rt_clinker *l, comp_str interface)
{
    for (uint32_t i = 0; l && interface.data && i < l->count; i++) {
        const cldef *d = &l->defs[i];
        if (d->interface.data && (str_eq(d->interface, interface) ||
                                  same_canonical_interface(d->interface, interface)))
            return true;
    }
    return false;
}
