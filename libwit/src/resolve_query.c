/* Lookups over a finished model. Linear scans: these serve tools and
 * tests, not the resolver's own hot paths (which use hash maps). */
#include "wit/resolve.h"

#include <string.h>

static bool eq(comp_str s, const char *name)
{
    size_t n = strlen(name);
    return s.data && s.len == n && memcmp(s.data, name, n) == 0;
}

uint32_t wit_resolve_deref(const wit_resolve *r, uint32_t id)
{
    for (uint32_t steps = 0; id < r->type_count && steps <= r->type_count; steps++) {
        const wit_rtype *t = &r->types[id];
        if (t->kind != WIT_DEF_KIND_ALIAS || t->a.kind != WIT_TREF_ID)
            return id;
        id = t->a.id;
    }
    return WIT_NO_ID;
}

uint32_t wit_resolve_find_interface(const wit_resolve *r, uint32_t pkg, const char *name)
{
    if (pkg >= r->package_count)
        return WIT_NO_ID;
    const wit_rpackage *p = &r->packages[pkg];
    for (uint32_t i = 0; i < p->interface_count; i++)
        if (eq(r->interfaces[p->interfaces[i]].name, name))
            return p->interfaces[i];
    return WIT_NO_ID;
}

uint32_t wit_resolve_find_world(const wit_resolve *r, uint32_t pkg, const char *name)
{
    if (pkg >= r->package_count)
        return WIT_NO_ID;
    const wit_rpackage *p = &r->packages[pkg];
    for (uint32_t i = 0; i < p->world_count; i++)
        if (eq(r->worlds[p->worlds[i]].name, name))
            return p->worlds[i];
    return WIT_NO_ID;
}

uint32_t wit_resolve_find_package(const wit_resolve *r, const char *full_name)
{
    for (uint32_t i = 0; i < r->package_count; i++)
        if (eq(r->packages[i].full_name, full_name))
            return i;
    return WIT_NO_ID;
}

uint32_t wit_resolve_find_type(const wit_resolve *r, uint32_t iface, const char *name)
{
    if (iface >= r->interface_count)
        return WIT_NO_ID;
    const wit_rinterface *f = &r->interfaces[iface];
    for (uint32_t i = 0; i < f->type_count; i++)
        if (eq(r->types[f->types[i]].name, name))
            return f->types[i];
    return WIT_NO_ID;
}
