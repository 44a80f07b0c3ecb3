#ifndef WIT_ENCODE_UTIL_H
#define WIT_ENCODE_UTIL_H

/* Helpers shared by the WIT <-> component-type encoder and decoder
 * (private): arena-backed growable arrays and a map from u32 to u32. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/encoding.h"

/* A doubling array in the arena; old storage is left behind. Hold indices,
 * not pointers, across pushes. */
typedef comp_vec xvec;

/* Appends one zeroed element and returns it, or NULL when out of memory or
 * past `limit` elements. */
void *xvec_push(comp_arena *a, xvec *v, size_t elem, uint32_t limit);

/* Open addressing map from u32 keys (never UINT32_MAX) to u32 values. */
typedef struct u32map {
    uint32_t *keys, *values;
    uint32_t cap, count;
} u32map;

/* The value of `key`, or UINT32_MAX. */
uint32_t u32map_get(const u32map *m, uint32_t key);
/* Inserts or replaces; false when out of memory. */
bool u32map_put(comp_arena *a, u32map *m, uint32_t key, uint32_t value);

/* An arena copy of a formatted string (NULL data when out of memory). */
comp_str xstr_fmt(comp_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
