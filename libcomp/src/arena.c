#include "comp/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct comp_arena_chunk {
    comp_arena_chunk *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
};

enum { CHUNK_SIZE = 64 * 1024 };

void comp_arena_init(comp_arena *a)
{
    a->head = NULL;
    a->total = 0;
}

void comp_arena_free(comp_arena *a)
{
    comp_arena_chunk *c = a->head;
    while (c) {
        comp_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}

void comp_arena_reset(comp_arena *a)
{
    comp_arena_chunk *keep = NULL, *c = a->head;
    while (c) {
        comp_arena_chunk *next = c->next;
        if (!keep && c->size == CHUNK_SIZE)
            keep = c;
        else
            free(c);
        c = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
    a->total = 0;
}

void *comp_arena_alloc(comp_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX - align)
        return NULL;
    size = (size + align - 1) & ~(align - 1);
    comp_arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        /* Large requests get a chunk of their own behind the current one, so
         * the space left in the current chunk is not wasted. */
        size_t chunk = size > CHUNK_SIZE / 4 ? size : CHUNK_SIZE;
        comp_arena_chunk *n = malloc(sizeof *n + chunk);
        if (!n)
            return NULL;
        n->used = 0;
        n->size = chunk;
        if (c && chunk != CHUNK_SIZE) {
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            a->head = n;
        }
        c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

void *comp_arena_array(comp_arena *a, size_t count, size_t elem_size)
{
    if (elem_size && count > SIZE_MAX / elem_size)
        return NULL;
    return comp_arena_alloc(a, count * elem_size);
}

char *comp_arena_strndup(comp_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = comp_arena_alloc(a, len + 1);
    if (p && len)
        memcpy(p, s, len);
    return p;
}

void *comp_vec_push(comp_arena *a, comp_vec *v, size_t elem_size)
{
    if (v->count == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 8;
        if (cap <= v->cap)
            return NULL;
        void *data = comp_arena_array(a, cap, elem_size);
        if (!data)
            return NULL;
        if (v->count)
            memcpy(data, v->data, (size_t)v->count * elem_size);
        v->data = data;
        v->cap = cap;
    }
    /* Zeroed here: a slot given back by lowering `count` is reused. */
    void *slot = (char *)v->data + (size_t)v->count++ * elem_size;
    memset(slot, 0, elem_size);
    return slot;
}

void *comp_heap_reserve(void *data, uint32_t *cap, uint64_t need, size_t elem_size)
{
    if (need <= *cap)
        return data;
    if (need > UINT32_MAX)
        return NULL;
    uint64_t grown = *cap ? *cap : 16;
    while (grown < need)
        grown *= 2;
    if (grown > UINT32_MAX)
        grown = UINT32_MAX;
    if (elem_size && grown > SIZE_MAX / elem_size)
        return NULL;
    void *p = realloc(data, (size_t)grown * elem_size);
    if (!p)
        return NULL;
    *cap = (uint32_t)grown;
    return p;
}
