/* Memories, tables, globals and functions as host-visible objects. */
#include <stdlib.h>
#include <string.h>

#include "core/rt_internal.h"

bool rt_functype_equal(const comp_functype *a, const comp_functype *b)
{
    if (a == b)
        return true;
    return a->param_count == b->param_count && a->result_count == b->result_count &&
           (a->param_count == 0 || memcmp(a->params, b->params, a->param_count) == 0) &&
           (a->result_count == 0 || memcmp(a->results, b->results, a->result_count) == 0);
}

/* ---- memories ---------------------------------------------------------------- */

static void memory_destroy(void *p)
{
    rt_memory *m = p;
    free(m->data);
    free(m);
}

rt_memory *rt_memory_new(rt_store *store, const comp_limits *limits)
{
    uint64_t cap = store->limits.max_memory_pages;
    if (limits->min > cap || (limits->flags & COMP_LIMITS_64))
        return NULL;
    rt_memory *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->type = *limits;
    m->max_pages = (limits->flags & COMP_LIMITS_HAS_MAX) && limits->max < cap ? limits->max : cap;
    m->pages = limits->min;
    if (m->pages) {
        m->data = calloc((size_t)m->pages, RT_PAGE_SIZE);
        if (!m->data) {
            free(m);
            return NULL;
        }
    }
    if (!rt_store_own(store, m, memory_destroy))
        return NULL;
    return m;
}

bool rt_memory_grow_pages(rt_memory *m, uint64_t delta, uint64_t *old)
{
    *old = m->pages;
    if (delta == 0)
        return true;
    if (delta > m->max_pages - m->pages)
        return false;
    uint64_t pages = m->pages + delta;
    if (pages > SIZE_MAX / RT_PAGE_SIZE)
        return false;
    uint8_t *d = realloc(m->data, (size_t)pages * RT_PAGE_SIZE);
    if (!d)
        return false;
    memset(d + m->pages * RT_PAGE_SIZE, 0, (size_t)(delta * RT_PAGE_SIZE));
    m->data = d;
    m->pages = pages;
    return true;
}

comp_limits rt_memory_type(const rt_memory *m) { return m->type; }
uint64_t rt_memory_pages(const rt_memory *m) { return m->pages; }
uint64_t rt_memory_size(const rt_memory *m) { return m->pages * RT_PAGE_SIZE; }
uint8_t *rt_memory_data(rt_memory *m) { return m->data; }

uint64_t rt_memory_grow(rt_memory *m, uint64_t delta)
{
    uint64_t old;
    return rt_memory_grow_pages(m, delta, &old) ? old : UINT64_MAX;
}

bool rt_memory_read(const rt_memory *m, uint64_t offset, void *dst, size_t len)
{
    uint64_t size = m->pages * RT_PAGE_SIZE;
    if (offset > size || len > size - offset)
        return false;
    if (len)
        memcpy(dst, m->data + offset, len);
    return true;
}

bool rt_memory_write(rt_memory *m, uint64_t offset, const void *src, size_t len)
{
    uint64_t size = m->pages * RT_PAGE_SIZE;
    if (offset > size || len > size - offset)
        return false;
    if (len)
        memcpy(m->data + offset, src, len);
    return true;
}

/* ---- tables ------------------------------------------------------------------ */

static void table_destroy(void *p)
{
    rt_table *t = p;
    free(t->elems);
    free(t);
}

static void *ref_of(rt_val v) { return v.kind == RT_FUNCREF ? (void *)v.of.funcref : v.of.externref; }

rt_table *rt_table_new(rt_store *store, const comp_tabletype *type, rt_val init)
{
    uint64_t cap = store->limits.max_table_elems;
    if (init.kind != type->elem || type->limits.min > cap)
        return NULL;
    rt_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->type = *type;
    t->max = (type->limits.flags & COMP_LIMITS_HAS_MAX) && type->limits.max < cap ? type->limits.max
                                                                                 : cap;
    if (t->max > UINT32_MAX)
        t->max = UINT32_MAX;
    t->size = type->limits.min;
    t->elems = calloc(t->size ? (size_t)t->size : 1, sizeof(void *));
    if (!t->elems) {
        free(t);
        return NULL;
    }
    void *r = ref_of(init);
    for (uint64_t i = 0; i < t->size; i++)
        t->elems[i] = r;
    if (!rt_store_own(store, t, table_destroy))
        return NULL;
    return t;
}

bool rt_table_grow_elems(rt_table *t, uint64_t delta, void *init, uint64_t *old)
{
    *old = t->size;
    if (delta == 0)
        return true;
    if (delta > t->max - t->size)
        return false;
    uint64_t size = t->size + delta;
    if (size > SIZE_MAX / sizeof(void *))
        return false;
    void **e = realloc(t->elems, (size_t)size * sizeof(void *));
    if (!e)
        return false;
    for (uint64_t i = t->size; i < size; i++)
        e[i] = init;
    t->elems = e;
    t->size = size;
    return true;
}

comp_tabletype rt_table_type(const rt_table *t) { return t->type; }
uint64_t rt_table_size(const rt_table *t) { return t->size; }

bool rt_table_get(const rt_table *t, uint64_t index, rt_val *out)
{
    if (index >= t->size)
        return false;
    memset(out, 0, sizeof *out);
    out->kind = t->type.elem;
    if (out->kind == RT_FUNCREF)
        out->of.funcref = t->elems[index];
    else
        out->of.externref = t->elems[index];
    return true;
}

bool rt_table_set(rt_table *t, uint64_t index, rt_val value)
{
    if (index >= t->size || value.kind != t->type.elem)
        return false;
    t->elems[index] = ref_of(value);
    return true;
}

uint64_t rt_table_grow(rt_table *t, uint64_t delta, rt_val init)
{
    uint64_t old;
    if (init.kind != t->type.elem)
        return UINT64_MAX;
    return rt_table_grow_elems(t, delta, ref_of(init), &old) ? old : UINT64_MAX;
}

/* ---- globals ----------------------------------------------------------------- */

rt_global *rt_global_new(rt_store *store, const comp_globaltype *type, rt_val value)
{
    if (value.kind != type->type)
        return NULL;
    rt_global *g = rt_store_calloc(store, 1, sizeof *g);
    if (!g)
        return NULL;
    g->type = *type;
    rt_val_to_slot(&value, &g->value);
    return g;
}

comp_globaltype rt_global_type(const rt_global *g) { return g->type; }
rt_val rt_global_get(const rt_global *g) { return rt_slot_to_val(&g->value, g->type.type); }

bool rt_global_set(rt_global *g, rt_val value)
{
    if (!g->type.mutability || value.kind != g->type.type)
        return false;
    rt_val_to_slot(&value, &g->value);
    return true;
}

/* ---- functions --------------------------------------------------------------- */

rt_func *rt_func_new_host(rt_store *store, const comp_functype *type, rt_host_fn fn, void *user)
{
    size_t n = (size_t)type->param_count + type->result_count;
    rt_func *f = rt_store_calloc(store, 1, sizeof *f + n);
    if (!f)
        return NULL;
    uint8_t *types = (uint8_t *)(f + 1);
    if (type->param_count)
        memcpy(types, type->params, type->param_count);
    if (type->result_count)
        memcpy(types + type->param_count, type->results, type->result_count);
    f->flavor = RT_FUNC_HOST;
    f->own_type.param_count = type->param_count;
    f->own_type.result_count = type->result_count;
    f->own_type.params = types;
    f->own_type.results = types + type->param_count;
    f->type = &f->own_type;
    f->fn = fn;
    f->user = user;
    f->index = UINT32_MAX;
    return f;
}

const comp_functype *rt_func_type(const rt_func *f) { return f->type; }

bool rt_call(rt_func *f, const rt_val *args, uint32_t arg_count, rt_val *results,
             uint32_t result_count, rt_trap *trap)
{
    const comp_functype *ft = f->type;
    rt_trap_clear(trap);
    if (arg_count != ft->param_count || result_count != ft->result_count) {
        rt_trap_at(trap, RT_TRAP_BAD_ARGS, "argument or result count does not match the type");
        return false;
    }
    for (uint32_t i = 0; i < arg_count; i++)
        if (args[i].kind != ft->params[i]) {
            rt_trap_at(trap, RT_TRAP_BAD_ARGS, "argument kind does not match the type");
            return false;
        }
    rt_store *s = f->flavor == RT_FUNC_HOST ? NULL : f->inst->store;
    slot small[32];
    uint32_t n = arg_count > result_count ? arg_count : result_count;
    slot *buf = n <= 32 ? small : malloc((size_t)n * sizeof(slot));
    if (!buf) {
        rt_trap_at(trap, RT_TRAP_RESOURCE, "out of memory");
        return false;
    }
    for (uint32_t i = 0; i < arg_count; i++)
        rt_val_to_slot(&args[i], &buf[i]);
    bool ok;
    if (!s) {
        /* A host function called directly: no store stacks are needed. */
        rt_val *vals = calloc(result_count ? result_count : 1, sizeof(rt_val));
        ok = vals != NULL;
        if (!ok)
            rt_trap_at(trap, RT_TRAP_RESOURCE, "out of memory");
        for (uint32_t i = 0; ok && i < result_count; i++)
            vals[i].kind = ft->results[i];
        if (ok) {
            trap->kind = RT_TRAP_NONE;
            ok = f->fn(f->user, NULL, args, vals, trap);
            if (!ok && trap->kind == RT_TRAP_NONE)
                rt_trap_at(trap, RT_TRAP_HOST, NULL);
            for (uint32_t i = 0; ok && i < result_count; i++)
                results[i] = vals[i];
        }
        free(vals);
    } else {
        ok = rt_exec(s, f, buf, buf, trap);
        for (uint32_t i = 0; ok && i < result_count; i++)
            results[i] = rt_slot_to_val(&buf[i], ft->results[i]);
    }
    if (buf != small)
        free(buf);
    return ok;
}
