#ifndef WIT_INSPECT_JSONW_H
#define WIT_INSPECT_JSONW_H

/* A small streaming JSON writer: indented output, commas placed for the
 * caller, strings escaped (invalid UTF-8 becomes U+FFFD, so the output is
 * always well-formed). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Callers bound their nesting below this (json.c: MAX_NESTING). */
enum { JW_MAX_DEPTH = 128 };

typedef struct jw {
    FILE *f;
    int depth;
    bool has_items[JW_MAX_DEPTH];
    char close[JW_MAX_DEPTH];
    bool after_key;
    int skipped; /* levels beyond JW_MAX_DEPTH, written as one null */
} jw;

void jw_init(jw *w, FILE *f);
/* '{' or '[' as a value; jw_end closes the innermost one. A value nested
 * deeper than JW_MAX_DEPTH is written as null (the output stays valid). */
void jw_begin(jw *w, char open);
void jw_end(jw *w);
/* An object key; the next call writes its value. */
void jw_key(jw *w, const char *key);
void jw_string(jw *w, const char *s, size_t len);
void jw_cstring(jw *w, const char *s);
void jw_uint(jw *w, uint64_t n);

#endif
