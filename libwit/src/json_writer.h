#ifndef WIT_JSON_WRITER_H
#define WIT_JSON_WRITER_H

/* A small pretty-printing JSON writer in serde_json's layout: two-space
 * indentation, `"key": value`, empty containers as `{}` and `[]`. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/buf.h"
#include "comp/encoding.h"

enum { WJ_MAX_DEPTH = 32 };

typedef struct wj {
    comp_buf *out;
    unsigned depth;
    bool first[WJ_MAX_DEPTH];
    bool after_key;
} wj;

void wj_begin(wj *w, char open);        /* '{' or '[' */
void wj_end(wj *w, char close);         /* '}' or ']' */
void wj_key(wj *w, const char *key);
void wj_key_str(wj *w, comp_str key);
void wj_string(wj *w, comp_str s);
void wj_cstring(wj *w, const char *s);
void wj_uint(wj *w, uint64_t v);
void wj_null(wj *w);

#endif
