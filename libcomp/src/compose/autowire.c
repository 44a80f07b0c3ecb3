/* Automatic wiring: an open import is fed by the one instance that exports
 * its interface, or by the provider the caller chose among several. */
#include "compose/compose_int.h"

#include <stdlib.h>
#include <string.h>

static comp_str base_of(comp_str name)
{
    const char *at = name.len ? memchr(name.data, '@', name.len) : NULL;
    if (at)
        name.len = (uint32_t)(at - name.data);
    return name;
}

static int ref_cmp(const void *pa, const void *pb)
{
    const cg_export_ref *a = pa, *b = pb;
    int c = comp_str_cmp(a->base, b->base);
    if (c)
        return c;
    if (a->instance != b->instance)
        return a->instance < b->instance ? -1 : 1;
    return a->export < b->export ? -1 : a->export > b->export;
}

/* Sorts every instance's exports by base name, so finding the instances
 * that export an interface costs a binary search, not a scan of all. */
static bool build_index(comp_compose *g, comp_error *err)
{
    if (g->provider_index && g->provider_instances == g->instance_count)
        return true;
    size_t total = 0;
    for (uint32_t i = 0; i < g->instance_count; i++)
        total += g->components[g->instances[i].component].c->export_count;
    if (total >= UINT32_MAX)
        return comp_error_set(err, 0, "too many exports");
    cg_export_ref *refs = malloc((total ? total : 1) * sizeof *refs);
    if (!refs)
        return comp_error_set(err, 0, "out of memory");
    uint32_t n = 0;
    for (uint32_t i = 0; i < g->instance_count; i++) {
        const comp_component *c = g->components[g->instances[i].component].c;
        for (uint32_t x = 0; x < c->export_count; x++) {
            cg_export_ref r = {base_of(c->exports[x].name.name), i, x};
            refs[n++] = r;
        }
    }
    qsort(refs, n, sizeof *refs, ref_cmp);
    free(g->provider_index);
    g->provider_index = refs;
    g->provider_count = n;
    g->provider_instances = g->instance_count;
    return true;
}

/* The first index entry whose base name is `base`. */
static uint32_t first_with_base(const comp_compose *g, comp_str base)
{
    uint32_t lo = 0, hi = g->provider_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (comp_str_cmp(g->provider_index[mid].base, base) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether provider name `p` covers import `name`: the same name, a
 * semver-compatible version, or (no version in `p`) any version of it. */
static bool provider_covers(comp_str p, comp_str name)
{
    if (comp_interface_name_matches(name, p))
        return true;
    if (memchr(p.data, '@', p.len))
        return false;
    const char *at = name.len ? memchr(name.data, '@', name.len) : NULL;
    return at && (uint32_t)(at - name.data) == p.len && memcmp(p.data, name.data, p.len) == 0;
}

static bool wire(comp_compose *g, uint32_t from, uint32_t export, uint32_t to, uint32_t imp)
{
    cg_instance *in = &g->instances[to];
    in->from[imp] = from;
    in->export_name[imp] = g->components[g->instances[from].component].c->exports[export].name.name;
    return true;
}

/* Feeds import `imp` of `to`, or leaves it open when nobody exports it. */
static bool autowire_one(comp_compose *g, uint32_t to, uint32_t imp,
                         const comp_compose_provider *providers, uint32_t provider_count,
                         comp_error *err)
{
    comp_str name = g->components[g->instances[to].component].c->imports[imp].name.name;
    for (uint32_t p = 0; p < provider_count; p++) {
        if (!provider_covers(cg_cstr(providers[p].name), name))
            continue;
        uint32_t from = providers[p].instance;
        if (from >= g->instance_count || from == to)
            return comp_error_set(err, 0, "the provider of `%s` for %s must be another instance",
                                  providers[p].name, cg_display(g, to));
        uint32_t x = cg_matching_export(g->components[g->instances[from].component].c, name);
        if (x == CG_NONE)
            return comp_error_set(err, 0, "%s, the provider chosen for `%.*s`, exports nothing "
                                  "matching it", cg_display(g, from), (int)name.len, name.data);
        return wire(g, from, x, to, imp);
    }
    uint32_t found = CG_NONE, found_export = CG_NONE;
    comp_str base = base_of(name);
    for (uint32_t k = first_with_base(g, base);
         k < g->provider_count && comp_str_eq(g->provider_index[k].base, base); k++) {
        uint32_t i = g->provider_index[k].instance;
        /* Entries of one instance are adjacent: judge the instance once. */
        if (i == to || i == found || (k > 0 && g->provider_index[k - 1].instance == i &&
                                      comp_str_eq(g->provider_index[k - 1].base, base)))
            continue;
        uint32_t x = cg_matching_export(g->components[g->instances[i].component].c, name);
        if (x == CG_NONE)
            continue;
        if (found != CG_NONE)
            return comp_error_set(err, 0, "import `%.*s` of %s is ambiguous: both %s and %s "
                                  "export it (wire it explicitly or choose a provider)",
                                  (int)name.len, name.data, cg_display(g, to),
                                  cg_display(g, found), cg_display(g, i));
        found = i;
        found_export = x;
    }
    return found == CG_NONE || wire(g, found, found_export, to, imp);
}

bool comp_compose_autowire(comp_compose *g, uint32_t instance,
                           const comp_compose_provider *providers, uint32_t provider_count,
                           comp_error *err)
{
    if (instance >= g->instance_count)
        return comp_error_set(err, 0, "no instance %u", instance);
    if (!build_index(g, err))
        return false;
    const cg_instance *in = &g->instances[instance];
    uint32_t n = g->components[in->component].c->import_count;
    for (uint32_t j = 0; j < n; j++)
        if (in->from[j] == CG_NONE &&
            !autowire_one(g, instance, j, providers, provider_count, err))
            return false;
    return true;
}
