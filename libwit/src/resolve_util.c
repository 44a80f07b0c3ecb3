/* Small helpers of the resolver: arena arrays, the name map, errors. */
#include "resolve_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void *rvec_push(ctx *c, rvec *v, size_t elem)
{
    void *slot = comp_vec_push(c->arena, v, elem);
    if (!slot)
        resolve_oom(c);
    return slot;
}

void *rvec_finish(ctx *c, const rvec *v, size_t elem)
{
    if (!v->count)
        return NULL;
    void *data = comp_arena_array(c->arena, v->count, elem);
    if (!data) {
        resolve_oom(c);
        return NULL;
    }
    memcpy(data, v->data, (size_t)v->count * elem);
    return data;
}

bool walk_push(ctx *c, walk_stack *st, uint32_t id)
{
    walk_frame *f = comp_heap_reserve(st->data, &st->cap, (uint64_t)st->count + 1, sizeof *f);
    if (!f)
        return resolve_oom(c);
    st->data = f;
    f[st->count++] = (walk_frame){id, 0};
    return true;
}

bool fail(ctx *c, uint32_t file, wit_span span, const char *fmt, ...)
{
    if (!c->err)
        return false;
    const wit_rfile *f = file < c->files.count ? &FILES(c)[file] : NULL;
    char msg[sizeof c->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return wit_diag_set(c->err, f ? f->path : NULL, f ? f->src : NULL, f ? f->len : 0,
                        span, "%s", msg);
}

bool resolve_oom(ctx *c)
{
    if (c->err) {
        memset(c->err, 0, sizeof *c->err);
        snprintf(c->err->message, sizeof c->err->message, "out of memory");
    }
    return false;
}

static unsigned char lower(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch - 'A' + 'a') : ch;
}

static bool eq_nocase(comp_str a, comp_str b)
{
    if (a.len != b.len)
        return false;
    for (uint32_t i = 0; i < a.len; i++)
        if (lower((unsigned char)a.data[i]) != lower((unsigned char)b.data[i]))
            return false;
    return true;
}

comp_str str_dup(ctx *c, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    comp_str s = {0};
    if (n < 0 || (size_t)n >= sizeof buf) {
        resolve_oom(c);
        return s;
    }
    s.data = comp_arena_strndup(c->arena, buf, (size_t)n);
    if (!s.data)
        resolve_oom(c);
    s.len = (uint32_t)n;
    return s;
}

/* FNV-1a over the lower-cased key, so keys equal ignoring case collide. */
static uint32_t hash_key(comp_str key)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < key.len; i++) {
        h ^= lower((unsigned char)key.data[i]);
        h *= 16777619u;
    }
    return h;
}

name_slot *map_find(const name_map *m, comp_str key)
{
    if (!m->cap)
        return NULL;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = hash_key(key) & mask;; i = (i + 1) & mask) {
        name_slot *s = &m->slots[i];
        if (!s->key.data)
            return NULL;
        if (eq_nocase(s->key, key))
            return s;
    }
}

static bool map_grow(ctx *c, name_map *m)
{
    uint32_t cap = m->cap ? m->cap * 2 : 16;
    if (cap <= m->cap)
        return resolve_oom(c);
    name_slot *slots = comp_arena_array(c->arena, cap, sizeof *slots);
    if (!slots)
        return resolve_oom(c);
    for (uint32_t i = 0; i < m->cap; i++) {
        name_slot *old = &m->slots[i];
        if (!old->key.data)
            continue;
        uint32_t j = hash_key(old->key) & (cap - 1);
        while (slots[j].key.data)
            j = (j + 1) & (cap - 1);
        slots[j] = *old;
    }
    m->slots = slots;
    m->cap = cap;
    return true;
}

name_slot *map_insert(ctx *c, name_map *m, comp_str key, uint32_t value, uint32_t tag,
                      bool *existing)
{
    *existing = false;
    name_slot *found = map_find(m, key);
    if (found) {
        *existing = true;
        return found;
    }
    /* Keep the load under one half so probes stay short. */
    if ((m->count + 1) * 2 > m->cap && !map_grow(c, m))
        return NULL;
    uint32_t mask = m->cap - 1;
    uint32_t i = hash_key(key) & mask;
    while (m->slots[i].key.data)
        i = (i + 1) & mask;
    /* An empty key still needs a non-NULL pointer to mark the slot used. */
    m->slots[i].key = key.data ? key : (comp_str){"", 0};
    m->slots[i].value = value;
    m->slots[i].tag = tag;
    m->count++;
    return &m->slots[i];
}
