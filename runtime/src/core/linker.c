/* The linker: (module, name) -> extern, for resolving imports by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rt_internal.h"

typedef struct link_entry {
    char *module, *name;
    size_t module_len, name_len;
    rt_extern ext;
} link_entry;

struct rt_linker {
    link_entry *entries;
    size_t count, cap;
};

rt_linker *rt_linker_new(void) { return calloc(1, sizeof(rt_linker)); }

void rt_linker_free(rt_linker *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++) {
        free(l->entries[i].module);
        free(l->entries[i].name);
    }
    free(l->entries);
    free(l);
}

static link_entry *find(const rt_linker *l, const char *module, size_t mlen, const char *name,
                        size_t nlen)
{
    for (size_t i = 0; i < l->count; i++) {
        link_entry *e = &l->entries[i];
        if (e->module_len == mlen && e->name_len == nlen && memcmp(e->module, module, mlen) == 0 &&
            memcmp(e->name, name, nlen) == 0)
            return e;
    }
    return NULL;
}

static char *dup_bytes(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = 0;
    }
    return p;
}

static bool define(rt_linker *l, const char *module, size_t mlen, const char *name, size_t nlen,
                   rt_extern ext)
{
    link_entry *e = find(l, module, mlen, name, nlen);
    if (e) {
        e->ext = ext;
        return true;
    }
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        link_entry *n = realloc(l->entries, cap * sizeof *n);
        if (!n)
            return false;
        l->entries = n;
        l->cap = cap;
    }
    e = &l->entries[l->count];
    e->module = dup_bytes(module, mlen);
    e->name = dup_bytes(name, nlen);
    if (!e->module || !e->name) {
        free(e->module);
        free(e->name);
        return false;
    }
    e->module_len = mlen;
    e->name_len = nlen;
    e->ext = ext;
    l->count++;
    return true;
}

bool rt_linker_define(rt_linker *l, const char *module, const char *name, rt_extern ext)
{
    return define(l, module, strlen(module), name, strlen(name), ext);
}

bool rt_linker_define_instance(rt_linker *l, const char *module, const rt_instance *inst)
{
    uint32_t n = rt_instance_export_count(inst);
    for (uint32_t i = 0; i < n; i++) {
        comp_str name;
        rt_extern ext;
        rt_instance_export_at(inst, i, &name, &ext);
        if (!define(l, module, strlen(module), name.data, name.len, ext))
            return false;
    }
    return true;
}

bool rt_linker_get(const rt_linker *l, comp_str module, comp_str name, rt_extern *out)
{
    link_entry *e = find(l, module.data, module.len, name.data, name.len);
    if (!e)
        return false;
    *out = e->ext;
    return true;
}

bool rt_linker_instantiate(const rt_linker *l, rt_store *store, const rt_module *module,
                           rt_instance **out, rt_trap *trap)
{
    const comp_module *m = module->m;
    *out = NULL;
    rt_extern *imports = calloc(m->import_count ? m->import_count : 1, sizeof *imports);
    if (!imports) {
        rt_trap_set(trap, RT_TRAP_RESOURCE, "out of memory");
        return false;
    }
    for (uint32_t i = 0; i < m->import_count; i++) {
        const comp_import *imp = &m->imports[i];
        if (!rt_linker_get(l, imp->module, imp->name, &imports[i])) {
            rt_trap_set(trap, RT_TRAP_LINK, NULL);
            snprintf(trap->message, sizeof trap->message, "unknown import: %.*s.%.*s",
                     (int)imp->module.len, imp->module.data, (int)imp->name.len, imp->name.data);
            free(imports);
            return false;
        }
    }
    bool ok = rt_instantiate(store, module, imports, m->import_count, out, trap);
    free(imports);
    return ok;
}
