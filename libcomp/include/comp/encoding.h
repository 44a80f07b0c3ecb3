#ifndef COMP_ENCODING_H
#define COMP_ENCODING_H

#include <stdbool.h>
#include <stdint.h>

/* A UTF-8 string that is not NUL-terminated. Decoded strings point into the
 * input buffer (which must outlive the model) or into the model's arena. */
typedef struct comp_str {
    const char *data;
    uint32_t len;
} comp_str;

/* Byte-wise equality; equality with the NUL-terminated `b`. */
bool comp_str_eq(comp_str a, comp_str b);
bool comp_str_eq_c(comp_str a, const char *b);
/* Byte-wise order, a prefix before the longer string (for sorting and
 * binary search). */
int comp_str_cmp(comp_str a, comp_str b);

/* LEB128 integers may be padded with redundant continuation bytes (wasm-ld
 * does this, and the spec allows it). To re-encode exactly what was read,
 * the reader numbers every LEB128 it reads in a section and records the
 * width of each one that was not minimal; the writer, which writes the same
 * integers in the same order, replays those widths. A section built by hand
 * simply has no hints. */
typedef struct comp_leb_hint {
    uint32_t ordinal;   /* which LEB128 of the section, counting from 0 */
    uint8_t width;      /* bytes it occupied (2..10) */
} comp_leb_hint;

typedef struct comp_encoding {
    comp_leb_hint *hints;   /* sorted by ordinal */
    uint32_t count;
    uint8_t size_width;     /* width of the section-size LEB128; 0 = minimal */
} comp_encoding;

#endif
