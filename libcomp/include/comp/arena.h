#ifndef COMP_ARENA_H
#define COMP_ARENA_H

#include <stddef.h>
#include <stdint.h>

/* A bump allocator: decoded modules and components live in one arena and are
 * freed together. Allocation failure returns NULL. */
typedef struct comp_arena_chunk comp_arena_chunk;
typedef struct comp_arena {
    comp_arena_chunk *head;
    size_t total;       /* bytes handed out, for statistics */
} comp_arena;

void comp_arena_init(comp_arena *a);
void comp_arena_free(comp_arena *a);
/* Empties the arena for reuse: keeps one standard-size chunk (when it has
 * one) and frees the others, so a scratch arena reused call after call
 * neither grows nor goes back to malloc. */
void comp_arena_reset(comp_arena *a);
/* Zeroed memory, aligned for any object. `size` may be 0. */
void *comp_arena_alloc(comp_arena *a, size_t size);
/* Zeroed array of `count` elements; NULL on overflow. */
void *comp_arena_array(comp_arena *a, size_t count, size_t elem_size);
/* Copies `len` bytes; the copy is NUL-terminated. */
char *comp_arena_strndup(comp_arena *a, const char *s, size_t len);

/* A growable array in an arena. Growing doubles the capacity and copies;
 * the old storage stays in the arena until the arena is freed, which suits
 * models built once. */
typedef struct comp_vec {
    void *data;
    uint32_t count, cap;
} comp_vec;

/* Appends a zeroed element of `elem_size` bytes and returns it; NULL when
 * out of memory or when the count would pass UINT32_MAX. */
void *comp_vec_push(comp_arena *a, comp_vec *v, size_t elem_size);

/* For a heap array freed on its own (a stack, a scratch list) rather than
 * with an arena: makes room for `need` elements of `elem_size` bytes in
 * `data`, whose capacity `*cap` is doubled as often as needed (from 16).
 * Returns the array, moved or not, with `*cap` updated; NULL when out of
 * memory or past UINT32_MAX elements, leaving `data` and `*cap` as they
 * were. New elements are not initialised. Reserve at least one element:
 * an array never grown is NULL. */
void *comp_heap_reserve(void *data, uint32_t *cap, uint64_t need, size_t elem_size);

#endif
