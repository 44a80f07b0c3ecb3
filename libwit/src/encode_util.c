#include "encode_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void *xvec_push(comp_arena *a, xvec *v, size_t elem, uint32_t limit)
{
    return v->count >= limit ? NULL : comp_vec_push(a, v, elem);
}

static uint32_t hash_u32(uint32_t k)
{
    k ^= k >> 16;
    k *= 0x7feb352dU;
    k ^= k >> 15;
    k *= 0x846ca68bU;
    k ^= k >> 16;
    return k;
}

uint32_t u32map_get(const u32map *m, uint32_t key)
{
    if (!m->cap)
        return UINT32_MAX;
    for (uint32_t i = hash_u32(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key)
            return m->values[i];
        if (m->keys[i] == UINT32_MAX)
            return UINT32_MAX;
    }
}

static bool grow(comp_arena *a, u32map *m)
{
    uint32_t cap = m->cap ? m->cap * 2 : 16;
    uint32_t *keys = comp_arena_array(a, cap, sizeof *keys);
    uint32_t *values = comp_arena_array(a, cap, sizeof *values);
    if (!keys || !values || cap > (1u << 28))
        return false;
    memset(keys, 0xff, (size_t)cap * sizeof *keys);
    for (uint32_t i = 0; i < m->cap; i++) {
        if (m->keys[i] == UINT32_MAX)
            continue;
        uint32_t j = hash_u32(m->keys[i]) & (cap - 1);
        while (keys[j] != UINT32_MAX)
            j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        values[j] = m->values[i];
    }
    m->keys = keys;
    m->values = values;
    m->cap = cap;
    return true;
}

bool u32map_put(comp_arena *a, u32map *m, uint32_t key, uint32_t value)
{
    if ((m->count + 1) * 2 > m->cap && !grow(a, m))
        return false;
    uint32_t i = hash_u32(key) & (m->cap - 1);
    while (m->keys[i] != UINT32_MAX && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (m->keys[i] == UINT32_MAX)
        m->count++;
    m->keys[i] = key;
    m->values[i] = value;
    return true;
}

comp_str xstr_fmt(comp_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return (comp_str){NULL, 0};
    char *s = comp_arena_alloc(a, (size_t)n + 1);
    if (!s)
        return (comp_str){NULL, 0};
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return (comp_str){s, (uint32_t)n};
}

