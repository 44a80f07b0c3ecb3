#ifndef WIT_JSON_READ_H
#define WIT_JSON_READ_H

/* A small JSON reader (private) for the metadata wasm-tools stores as JSON
 * in custom sections. Builds a tree in an arena; nesting is bounded
 * (JR_MAX_DEPTH) and every node is backed by input bytes, so the work is
 * linear in the input. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/encoding.h"
#include "comp/error.h"

enum { JR_MAX_DEPTH = 32 };

typedef enum jr_kind {
    JR_NULL, JR_BOOL, JR_NUMBER, JR_STRING, JR_ARRAY, JR_OBJECT,
} jr_kind;

typedef struct jr_value {
    jr_kind kind;
    comp_str str;               /* STRING: decoded UTF-8; NUMBER: as written */
    bool boolean;
    comp_str *keys;             /* OBJECT */
    struct jr_value *items;     /* ARRAY elements, OBJECT values */
    uint32_t count;
} jr_value;

/* Parses all of `text` as one JSON value. On failure `err` gets the byte
 * offset and what was expected. */
bool jr_parse(const uint8_t *text, size_t len, comp_arena *arena, jr_value *out, comp_error *err);

/* The member `key` of an object, or NULL (also when `v` is not an object). */
const jr_value *jr_get(const jr_value *v, const char *key);

#endif
