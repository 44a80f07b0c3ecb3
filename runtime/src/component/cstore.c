/* Component stores and instances: index spaces and exports. */
#include "component/cinternal.h"
#include "async/async_internal.h"

#include <stdlib.h>
#include <string.h>

rt_cstore *rt_cstore_new(const rt_limits *limits)
{
    rt_cstore *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->core = rt_store_new(limits);
    if (!s->core) {
        free(s);
        return NULL;
    }
    comp_arena_init(&s->arena);
    return s;
}

void rt_cstore_free(rt_cstore *s)
{
    if (!s)
        return;
    asched_free(s);
    for (uint32_t i = 0; i < s->instance_count; i++) {
        rt_cinstance *inst = s->instances[i];
        for (uint32_t j = 1; j < inst->table.len; j++)
            if (inst->table.v[j].used && inst->table.v[j].kind != HK_RESOURCE)
                async_free_handle(&inst->table.v[j]);
        ctable_free(&inst->table);
        ctable_free(&inst->threads);
        for (int k = 0; k < 6; k++)
            free(inst->items[k]);
        for (int k = 0; k <= COMP_EXTERN_TAG; k++)
            free(inst->core_items[k]);
        for (uint32_t j = 0; j < inst->core_instance_count; j++) {
            free(inst->core_instances[j].names);
            free(inst->core_instances[j].items);
        }
        free(inst->core_instances);
        free(inst->modules);
        free(inst->exports);
    }
    free(s->instances);
    rt_store_free(s->core);
    cscratch_free_idle(s);
    comp_arena_free(&s->arena);
    free(s);
}

rt_store *rt_cstore_core(rt_cstore *s) { return s->core; }

rt_cinstance *cinstance_new(rt_cstore *s, rt_cinstance *parent, bool bag)
{
    if (s->instance_count == s->instance_cap) {
        uint32_t cap = s->instance_cap ? s->instance_cap * 2 : 16;
        rt_cinstance **p = realloc(s->instances, (size_t)cap * sizeof *p);
        if (!p)
            return NULL;
        s->instances = p, s->instance_cap = cap;
    }
    rt_cinstance *inst = comp_arena_alloc(&s->arena, sizeof *inst);
    if (!inst)
        return NULL;
    inst->store = s;
    inst->parent = parent;
    inst->is_bag = bag;
    inst->owner = bag && parent ? parent->owner : inst;
    s->instances[s->instance_count++] = inst;
    return inst;
}

static bool grow(void **v, uint32_t *cap, uint32_t count, size_t elem)
{
    if (count < *cap)
        return true;
    uint32_t n = *cap ? *cap * 2 : 8;
    void *p = realloc(*v, (size_t)n * elem);
    if (!p)
        return false;
    *v = p, *cap = n;
    return true;
}

bool cinstance_push(rt_cinstance *inst, const citem *item)
{
    uint8_t k = item->sort;
    if (k > COMP_SORT_INSTANCE || k == COMP_SORT_VALUE)
        return false;
    if (!grow((void **)&inst->items[k], &inst->caps[k], inst->counts[k], sizeof(citem)))
        return false;
    inst->items[k][inst->counts[k]++] = *item;
    return true;
}

bool cinstance_export(rt_cinstance *inst, comp_str name, const citem *item)
{
    if (!grow((void **)&inst->exports, &inst->export_cap, inst->export_count, sizeof(cnamed)))
        return false;
    inst->exports[inst->export_count++] = (cnamed){name, *item};
    return true;
}

const cnamed *cinstance_find(const rt_cinstance *inst, comp_str name)
{
    for (uint32_t i = 0; i < inst->export_count; i++)
        if (inst->exports[i].name.len == name.len &&
            memcmp(inst->exports[i].name.data, name.data, name.len) == 0)
            return &inst->exports[i];
    return NULL;
}

uint32_t rt_cinstance_export_count(const rt_cinstance *inst) { return inst->export_count; }

bool rt_cinstance_export_at(const rt_cinstance *inst, uint32_t i, comp_str *name, uint8_t *sort)
{
    if (i >= inst->export_count)
        return false;
    *name = inst->exports[i].name;
    *sort = inst->exports[i].item.sort;
    return true;
}

static const cnamed *find_cstr(const rt_cinstance *inst, const char *name)
{
    comp_str s = {name, (uint32_t)strlen(name)};
    return cinstance_find(inst, s);
}

rt_cfunc *rt_cinstance_func(const rt_cinstance *inst, const char *name)
{
    const cnamed *e = find_cstr(inst, name);
    return e && e->item.sort == COMP_SORT_FUNC ? e->item.func : NULL;
}

rt_cinstance *rt_cinstance_instance(const rt_cinstance *inst, const char *name)
{
    const cnamed *e = find_cstr(inst, name);
    return e && e->item.sort == COMP_SORT_INSTANCE ? e->item.instance : NULL;
}
