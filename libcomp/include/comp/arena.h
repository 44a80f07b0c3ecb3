#ifndef COMP_ARENA_H
#define COMP_ARENA_H

#include <stddef.h>

/* A bump allocator: decoded modules and components live in one arena and are
 * freed together. Allocation failure returns NULL. */
typedef struct comp_arena_chunk comp_arena_chunk;
typedef struct comp_arena {
    comp_arena_chunk *head;
    size_t total;       /* bytes handed out, for statistics */
} comp_arena;

void comp_arena_init(comp_arena *a);
void comp_arena_free(comp_arena *a);
/* Zeroed memory, aligned for any object. `size` may be 0. */
void *comp_arena_alloc(comp_arena *a, size_t size);
/* Zeroed array of `count` elements; NULL on overflow. */
void *comp_arena_array(comp_arena *a, size_t count, size_t elem_size);
/* Copies `len` bytes; the copy is NUL-terminated. */
char *comp_arena_strndup(comp_arena *a, const char *s, size_t len);

#endif
